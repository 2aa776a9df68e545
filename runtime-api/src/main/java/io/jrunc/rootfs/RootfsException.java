package io.jrunc.rootfs;

import java.io.IOException;

/**
 * Extraction of a root filesystem failed. The message names the archive entry and the reason, for
 * example {@code bin/sh: hard link target "bin/../../etc/passwd" escapes the root} or
 * {@code usr/lib/x.so: No space left on device}. When this is thrown, the target is as it was
 * before the call (a fresh extraction leaves nothing behind), except after a failed extraction
 * over an existing directory, which is left marked with {@link RootfsExtractor#INCOMPLETE_MARKER}.
 */
public class RootfsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The archive entry the failure is about, or {@code null}. */
    private final String entry;

    /**
     * Creates an exception about the extraction as a whole.
     *
     * @param message what failed and why
     * @param cause the underlying failure, or {@code null}
     */
    public RootfsException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * Creates an exception about one archive entry.
     *
     * @param entry the entry name as written in the archive, or {@code null}
     * @param message what failed and why; should start with the entry name
     * @param cause the underlying failure, or {@code null}
     */
    public RootfsException(String entry, String message, Throwable cause) {
        super(message, cause);
        this.entry = entry;
    }

    /**
     * Returns the name of the archive entry the failure is about.
     *
     * @return the entry name as written in the archive, or {@code null} when the failure is not
     *     about one entry
     */
    public String entry() {
        return entry;
    }
}
