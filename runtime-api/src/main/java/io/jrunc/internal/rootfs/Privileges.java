package io.jrunc.internal.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective capabilities of this process, read from {@code /proc/self/status}. On systems
 * without it, the process is taken to have none.
 */
public final class Privileges {
    /** {@code CAP_CHOWN}: change file owners. */
    public static final int CAP_CHOWN = 0;
    /** {@code CAP_MKNOD}: create device nodes. */
    public static final int CAP_MKNOD = 27;

    private static final Path STATUS = Path.of("/proc/self/status");

    private final long effective;

    private Privileges(long effective) {
        this.effective = effective;
    }

    /**
     * Reads the current effective capability set.
     *
     * @return the privileges of this process now
     */
    public static Privileges current() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("CapEff:")) {
                    return new Privileges(Long.parseUnsignedLong(line.substring(7).trim(), 16));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: assume no privileges
        }
        return new Privileges(0);
    }

    /**
     * Tells whether a capability is in the effective set.
     *
     * @param capability the capability number, e.g. {@link #CAP_CHOWN}
     * @return whether the process has it
     */
    public boolean has(int capability) {
        return ((effective >>> capability) & 1) != 0;
    }
}
