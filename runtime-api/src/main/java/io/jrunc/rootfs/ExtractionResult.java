package io.jrunc.rootfs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an extraction did: how much it extracted, what it skipped and why, and the ownership it
 * could not apply. Immutable.
 */
public final class ExtractionResult {

    /**
     * An entry, or a part of one, that was not extracted, for example a device node when the
     * process may not create one, or an extended attribute the file system refused.
     *
     * @param entry the entry name as written in the archive
     * @param reason why it was skipped, for example {@code "character device 1:3 not created:
     *     Operation not permitted"}
     */
    public record Skipped(String entry, String reason) {
        /**
         * Checks the components.
         *
         * @param entry the entry name
         * @param reason the reason
         */
        public Skipped {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The owner and mode an archive asked for on a path, recorded because they were not applied
     * (see {@link #ownership()}).
     *
     * @param uid the numeric user id in the archive
     * @param gid the numeric group id in the archive
     * @param mode the permission bits in the archive, setuid, setgid and sticky included
     *     ({@code 07777} at most)
     */
    public record Ownership(long uid, long gid, int mode) { }

    private final Path target;
    private final Compression compression;
    private final long entries;
    private final long bytes;
    private final List<Skipped> skipped;
    private final SortedMap<String, Ownership> ownership;

    ExtractionResult(Path target, Compression compression, long entries, long bytes,
            List<Skipped> skipped, SortedMap<String, Ownership> ownership) {
        this.target = target;
        this.compression = compression;
        this.entries = entries;
        this.bytes = bytes;
        this.skipped = List.copyOf(skipped);
        this.ownership = Collections.unmodifiableSortedMap(new TreeMap<>(ownership));
    }

    /**
     * Returns the directory the archive was extracted to.
     *
     * @return the absolute, real path of the target directory
     */
    public Path target() {
        return target;
    }

    /**
     * Returns the compression detected on the archive.
     *
     * @return the compression
     */
    public Compression compression() {
        return compression;
    }

    /**
     * Returns the number of archive entries handled, skipped ones included.
     *
     * @return the entry count
     */
    public long entries() {
        return entries;
    }

    /**
     * Returns the number of bytes of file content written.
     *
     * @return the uncompressed content size
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the entries, or parts of entries, that were not extracted, in archive order.
     *
     * @return an unmodifiable list, empty when everything was extracted
     */
    public List<Skipped> skipped() {
        return skipped;
    }

    /**
     * Returns the owner and mode the archive asked for on every extracted path whose ownership was
     * not applied: all of them when ownership was not preserved (the process could not change
     * owners, or {@link RootfsExtractor.OwnershipMode#RECORD} was chosen), otherwise those whose
     * {@code lchown} failed in {@link RootfsExtractor.OwnershipMode#AUTO AUTO} mode. On those paths
     * the files belong to the caller and setuid and setgid were dropped; the recorded mode keeps
     * them, so that a user-namespace mapping can be applied later. Keys are paths relative to the
     * target, {@code "."} for the target itself, sorted; hard links appear under each of their
     * names.
     *
     * @return an unmodifiable sorted map, empty when all ownership was applied
     */
    public SortedMap<String, Ownership> ownership() {
        return ownership;
    }

    @Override
    public String toString() {
        return "ExtractionResult[target=" + target + ", compression=" + compression
                + ", entries=" + entries + ", bytes=" + bytes + ", skipped=" + skipped.size()
                + ", ownershipNotApplied=" + ownership.size() + "]";
    }

    static ExtractionResult of(Path target, Compression compression, long entries, long bytes,
            List<Skipped> skipped, Map<String, Ownership> ownership) {
        return new ExtractionResult(target, compression, entries, bytes, skipped,
                new TreeMap<>(ownership));
    }
}
