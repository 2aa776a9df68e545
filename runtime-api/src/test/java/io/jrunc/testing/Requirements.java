package io.jrunc.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skip-or-fail for tests that need something from the machine (a program, root, a kernel
 * feature). Locally such a test is skipped when its requirement is missing; when the system
 * property {@value #REQUIRED_PROPERTY} is {@code true} (CI sets it, through Failsafe) it fails
 * instead, so that a suite that could not run never passes silently.
 *
 * <pre>
 * Path runc = Requirements.requireProgram("runc");
 * Requirements.require(isRoot, "root privileges");
 * </pre>
 */
public final class Requirements {

    /** The system property that turns skips into failures. */
    public static final String REQUIRED_PROPERTY = "jrunc.it.required";

    private Requirements() {
    }

    /** @return whether missing requirements fail tests instead of skipping them */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, "false"));
    }

    /**
     * Continues only if {@code condition} holds; otherwise skips the test (a JUnit assumption),
     * or fails it when {@link #required()}.
     *
     * @param condition whether the requirement is met
     * @param what the requirement, for the message, like {@code "runc on PATH"}
     */
    public static void require(boolean condition, String what) {
        if (condition) {
            return;
        }
        if (required()) {
            Assertions.fail("requirement not met: " + what + " (" + REQUIRED_PROPERTY
                    + "=true, so this test fails instead of being skipped)");
        }
        Assumptions.abort("requirement not met: " + what);
    }

    /**
     * Finds an executable on {@code PATH}.
     *
     * @param name the program name, like {@code runc}
     * @return its path, if found
     */
    public static Optional<Path> findProgram(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #require(boolean, String)} for a program on {@code PATH}.
     *
     * @param name the program name
     * @return its path
     */
    public static Path requireProgram(String name) {
        Optional<Path> program = findProgram(name);
        require(program.isPresent(), name + " on PATH");
        return program.orElseThrow();
    }
}
