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
 * Requirements.requireRoot("mknod of device nodes");
 * </pre>
 *
 * <p>A test that needs root is marked with {@link #requireRoot(String)}: for a user who is not
 * root it is skipped, even in CI, with a message that starts with {@value #ROOT_ONLY} and says
 * why; scripts/test.sh accepts (and lists) exactly those skips in its run as an ordinary user.
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

    /** The start of the message of every {@link #requireRoot(String)} skip. */
    public static final String ROOT_ONLY = "needs root: ";

    /** @return whether this process runs as root (effective uid 0, the owner of /proc/self) */
    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Continues only as root; otherwise skips the test, also in CI, with the message
     * {@value #ROOT_ONLY}{@code why}. For what no user without privileges can do at all (not for
     * what rootless containers do differently: test that as a user).
     *
     * @param why what needs root, like {@code "chown to other owners"}
     */
    public static void requireRoot(String why) {
        if (!isRoot()) {
            Assumptions.abort(ROOT_ONLY + why);
        }
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
