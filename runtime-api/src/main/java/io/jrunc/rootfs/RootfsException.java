package io.jrunc.rootfs;

import java.io.IOException;

/**
 * Extraction of a root filesystem failed. The message names what failed and why: the archive
 * entry ({@code bin/sh: hard link target "bin/../../etc/passwd" escapes the root},
 * {@code usr/lib/x.so: No space left on device}); or, when the archive cannot be read, the
 * archive (its path as given, or {@code archive stream}), the step, where, and the entry being
 * read ({@code busybox.tar.gz: truncated gzip stream after 517736 bytes (in entry "bin/[")},
 * {@code /etc/passwd: not a tar archive (no tar header at offset 0)},
 * {@code x.tar: corrupt tar header at offset 1024: checksum mismatch (after entry "a")}); or the
 * target ({@code /tmp/x: exists and is not empty (extracting over it needs overwrite)}).
 *
 * <p>When this is thrown, the file system is as it was before the call: a fresh extraction
 * leaves nothing behind, not even the missing parent directories of the target it created
 * (unless something else was put in them meanwhile); what is not a tar archive is refused before
 * anything is created. The exception is a failed extraction over an existing directory, which is
 * left marked with {@link RootfsExtractor#INCOMPLETE_MARKER}.
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
