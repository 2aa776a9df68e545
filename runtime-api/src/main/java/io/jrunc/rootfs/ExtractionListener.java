package io.jrunc.rootfs;

/**
 * Receives progress while an archive is extracted. It is called after each archive entry has been
 * applied, in archive order, one call at a time, from the thread that writes the tree (not the
 * caller's thread), so it should return quickly. Throwing from it cancels the extraction, which
 * then fails with a {@link RootfsException} and cleans up as on any failure.
 */
@FunctionalInterface
public interface ExtractionListener {

    /** A listener that ignores progress. */
    ExtractionListener NONE = (entry, entries, bytesRead, totalBytes) -> { };

    /**
     * Reports that an entry was handled (extracted or skipped).
     *
     * @param entry the entry name as written in the archive
     * @param entries how many entries were handled so far, this one included
     * @param bytesRead how many bytes of the archive were read so far (compressed bytes for a
     *     compressed archive)
     * @param totalBytes the size of the archive in the same unit, or {@code -1} when unknown (when
     *     extracting from a stream)
     */
    void entryDone(String entry, long entries, long bytesRead, long totalBytes);
}
