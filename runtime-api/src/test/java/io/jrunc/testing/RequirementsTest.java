package io.jrunc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementsTest {

    private final String saved = System.getProperty(Requirements.REQUIRED_PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Requirements.REQUIRED_PROPERTY);
        } else {
            System.setProperty(Requirements.REQUIRED_PROPERTY, saved);
        }
    }

    @Test
    void metRequirementDoesNothing() {
        System.setProperty(Requirements.REQUIRED_PROPERTY, "true");
        Requirements.require(true, "anything");
    }

    @Test
    void missingRequirementSkipsByDefault() {
        System.clearProperty(Requirements.REQUIRED_PROPERTY);
        assertThatThrownBy(() -> Requirements.require(false, "a unicorn"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("requirement not met: a unicorn");
    }

    @Test
    void missingRequirementFailsWhenRequired() {
        System.setProperty(Requirements.REQUIRED_PROPERTY, "true");
        assertThatThrownBy(() -> Requirements.require(false, "a unicorn"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("requirement not met: a unicorn (jrunc.it.required=true, so this test"
                        + " fails instead of being skipped)");
    }

    @Test
    void findsProgramsOnPath() {
        assertThat(Requirements.findProgram("sh")).isPresent();
        assertThat(Requirements.findProgram("no-such-program-jrunc")).isEmpty();
    }

    @Test
    void requireProgramSkipsWhenMissing() {
        System.setProperty(Requirements.REQUIRED_PROPERTY, "false");
        assertThatThrownBy(() -> Requirements.requireProgram("no-such-program-jrunc"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-program-jrunc on PATH");
    }
}
