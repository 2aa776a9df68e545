package io.jrunc.rootfs;

import io.jrunc.internal.rootfs.Extraction;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Extracts a {@code docker export} tarball (plain, gzip, bzip2, xz or zstd, recognised by its
 * magic bytes) into a root filesystem directory, safely and atomically. Immutable and thread-safe;
 * one instance can run several extractions at once (into different targets). Each extraction reads
 * the archive on the calling thread and writes the tree on one extra thread of its own, which ends
 * with the call.
 *
 * <pre>{@code
 * ExtractionResult r = RootfsExtractor.builder().build()
 *         .extract(Path.of("busybox.tar"), Path.of("bundle/rootfs"));
 * }</pre>
 *
 * <p><b>Safety.</b> Whatever the archive says, extraction never creates, changes or follows
 * anything outside the target; see the {@linkplain io.jrunc.rootfs package documentation} for the
 * rules. An archive that tries is refused with a {@link RootfsException} naming the entry.
 *
 * <p><b>Atomicity.</b> When the target does not exist, or is an empty directory, the archive is
 * extracted into a private sibling directory ({@code .NAME.jrunc-partial-XXXX}, mode 0700) that is
 * renamed to the target at the end, so the target appears complete or not at all; on failure the
 * partial tree is deleted, and so are the missing parents of the target that were created for it
 * (while they are empty). A non-empty target is refused unless {@link Builder#overwrite(boolean)
 * overwrite} is set; then the archive is extracted in place (entries replace what is there,
 * everything else is kept, as {@code tar -x} does) and the file {@value #INCOMPLETE_MARKER} in
 * the target marks it incomplete until the extraction has finished. A failed overwrite leaves the
 * marker in place.
 *
 * <p><b>Metadata.</b> Modes (setuid, setgid and sticky included), owners, modification times (on
 * directories too, set last) and extended attributes are restored like GNU {@code tar -xp
 * --same-owner --numeric-owner --xattrs}, within what the process may do; what it may not do is
 * reported in the {@link ExtractionResult} rather than failing (see {@link OwnershipMode}).
 * Creating device nodes and FIFOs and setting non-{@code user.*} extended attributes needs the
 * native support of the Linux runtime module on the class path; without it those are skipped and
 * reported.
 */
public final class RootfsExtractor {

    /**
     * The name of the file, in the target directory, that marks an extraction over an existing
     * directory as incomplete. It exists only while such an extraction runs, or after one failed.
     * Archive entries of this name at the top of the archive are skipped and reported.
     */
    public static final String INCOMPLETE_MARKER = ".jrunc-extracting";

    /** What to do with the owners (uid and gid) recorded in the archive. */
    public enum OwnershipMode {
        /**
         * {@link #PRESERVE} when the process may change owners ({@code CAP_CHOWN}, normally when
         * running as root), else {@link #RECORD}; when preserving, an entry whose owner cannot be
         * applied (for example an id not mapped in a user namespace) is recorded instead.
         */
        AUTO,
        /** Apply the archive's owners; fail if that is not possible. */
        PRESERVE,
        /**
         * Leave files owned by the caller, drop setuid and setgid, and record the archive's owner
         * and mode in {@link ExtractionResult#ownership()}.
         */
        RECORD
    }

    private final boolean overwrite;
    private final ExtractionListener listener;
    private final OwnershipMode ownership;

    private RootfsExtractor(Builder b) {
        this.overwrite = b.overwrite;
        this.listener = b.listener;
        this.ownership = b.ownership;
    }

    /**
     * Returns a builder with the defaults: no overwrite, no listener, {@link OwnershipMode#AUTO}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Extracts an archive file. Progress is reported against the file size.
     *
     * @param archive a tar file, possibly compressed
     * @param target the directory to create (or to extract over, see {@link Builder#overwrite})
     * @return what was extracted
     * @throws RootfsException if the archive cannot be read, is refused, or the target cannot be
     *     written; the message names the entry and the reason
     */
    public ExtractionResult extract(Path archive, Path target) throws RootfsException {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(target, "target");
        return wrap(Extraction.extract(archive, target, options()));
    }

    /**
     * Extracts an archive from a stream, which is read to the end of the archive but not closed.
     *
     * @param archive a tar stream, possibly compressed
     * @param target the directory to create (or to extract over, see {@link Builder#overwrite})
     * @return what was extracted
     * @throws RootfsException if the archive cannot be read, is refused, or the target cannot be
     *     written; the message names the entry and the reason
     */
    public ExtractionResult extract(InputStream archive, Path target) throws RootfsException {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(target, "target");
        return wrap(Extraction.extract(archive, target, options()));
    }

    /**
     * Returns whether a non-empty target may be extracted over.
     *
     * @return the overwrite setting
     */
    public boolean overwrite() {
        return overwrite;
    }

    /**
     * Returns the progress listener.
     *
     * @return the listener, {@link ExtractionListener#NONE} if none was set
     */
    public ExtractionListener listener() {
        return listener;
    }

    /**
     * Returns what is done with the owners recorded in the archive.
     *
     * @return the ownership mode
     */
    public OwnershipMode ownership() {
        return ownership;
    }

    @Override
    public String toString() {
        return "RootfsExtractor[overwrite=" + overwrite + ", ownership=" + ownership + "]";
    }

    private Extraction.Options options() {
        return new Extraction.Options(overwrite, listener, ownership);
    }

    private static ExtractionResult wrap(Extraction.Outcome o) {
        return ExtractionResult.of(o.target(), o.compression(), o.entries(), o.bytes(),
                o.skipped(), o.ownership());
    }

    /** Configures a {@link RootfsExtractor}. Not thread-safe; {@link #build()} copies it. */
    public static final class Builder {
        private boolean overwrite;
        private ExtractionListener listener = ExtractionListener.NONE;
        private OwnershipMode ownership = OwnershipMode.AUTO;

        private Builder() {
        }

        /**
         * Allows extracting over a non-empty directory, in place (see the class documentation).
         * Off by default: a non-empty target is refused.
         *
         * @param overwrite whether a non-empty target may be extracted over
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ExtractionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets what is done with the owners recorded in the archive; {@link OwnershipMode#AUTO}
         * by default.
         *
         * @param ownership the ownership mode
         * @return this builder
         */
        public Builder ownership(OwnershipMode ownership) {
            this.ownership = Objects.requireNonNull(ownership, "ownership");
            return this;
        }

        /**
         * Creates the extractor.
         *
         * @return a new immutable extractor
         */
        public RootfsExtractor build() {
            return new RootfsExtractor(this);
        }
    }
}
