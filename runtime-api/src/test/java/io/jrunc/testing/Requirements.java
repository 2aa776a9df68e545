package io.jrunc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose environment is missing, unless the build requires every test to run
 * ({@code -Djrunc.it.required=true}, as CI sets it), in which case the test fails.
 */
public final class Requirements {
    private Requirements() {
    }

    /**
     * Requires a condition of the environment.
     *
     * @param ok whether the environment has what the test needs
     * @param why what is missing, for the skip or failure message
     */
    public static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if (Boolean.getBoolean("jrunc.it.required")) {
            fail("required but not possible here: " + why);
        }
        Assumptions.assumeTrue(false, why);
    }
}
