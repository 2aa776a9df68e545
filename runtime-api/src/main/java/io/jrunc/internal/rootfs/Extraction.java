package io.jrunc.internal.rootfs;

import static io.jrunc.internal.rootfs.Errors.reason;

import io.jrunc.rootfs.Compression;
import io.jrunc.rootfs.ExtractionListener;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsException;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.rootfs.RootfsExtractor.OwnershipMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One extraction, from opening the archive to publishing the tree. */
public final class Extraction {
    /** How messages name an archive given as a stream. */
    public static final String STREAM = "archive stream";

    /**
     * What the caller configured.
     *
     * @param overwrite whether a non-empty target may be extracted over
     * @param listener the progress listener
     * @param ownership what to do with owners
     */
    public record Options(boolean overwrite, ExtractionListener listener, OwnershipMode ownership) { }

    /**
     * What an extraction did (wrapped into an {@link ExtractionResult} by the API).
     *
     * @param target the target directory, absolute and real
     * @param compression the detected compression
     * @param entries entries handled
     * @param bytes content bytes written
     * @param skipped what was skipped and why
     * @param ownership ownership recorded instead of applied
     */
    public record Outcome(Path target, Compression compression, long entries, long bytes,
            List<ExtractionResult.Skipped> skipped, Map<String, ExtractionResult.Ownership> ownership) { }

    private static final class Provider {
        static final NativeFs FS = NativeFs.load();
    }

    private Extraction() {
    }

    /**
     * Returns the file-system support in use: the native one when registered and available.
     *
     * @return the {@link NativeFs}
     */
    public static NativeFs nativeFs() {
        return Provider.FS;
    }

    /**
     * Extracts an archive file.
     *
     * @param archive the archive
     * @param target the target directory
     * @param options the configuration
     * @return the outcome
     * @throws RootfsException on any failure, after cleaning up
     */
    public static Outcome extract(Path archive, Path target, Options options) throws RootfsException {
        String label = archive.toString();
        InputStream in;
        long size;
        try {
            in = Files.newInputStream(archive);
        } catch (IOException e) {
            throw new RootfsException(null, label + ": " + reason(e), e);
        }
        try (in) {
            size = Files.size(archive);
            return extract(in, size, label, target, options, nativeFs());
        } catch (RootfsException e) {
            throw e;
        } catch (IOException e) {
            throw new RootfsException(null, label + ": " + reason(e), e);
        }
    }

    /**
     * Extracts an archive stream, which is not closed.
     *
     * @param archive the archive
     * @param target the target directory
     * @param options the configuration
     * @return the outcome
     * @throws RootfsException on any failure, after cleaning up
     */
    public static Outcome extract(InputStream archive, Path target, Options options) throws RootfsException {
        return extract(archive, -1, STREAM, target, options, nativeFs());
    }

    /**
     * Extracts an archive stream with the given file-system support (tests use the portable one).
     *
     * @param archive the archive, not closed
     * @param totalBytes the archive size for progress, or -1
     * @param label how messages name the archive
     * @param target the target directory
     * @param options the configuration
     * @param fs the file-system support
     * @return the outcome
     * @throws RootfsException on any failure, after cleaning up
     */
    public static Outcome extract(InputStream archive, long totalBytes, String label, Path target, Options options,
            NativeFs fs) throws RootfsException {
        // before touching the target: what is not a tar archive creates nothing
        ArchiveReader reader = ArchiveReader.open(label, archive);
        boolean preserve;
        switch (options.ownership()) {
            case PRESERVE:
                preserve = true;
                break;
            case RECORD:
                preserve = false;
                break;
            default:
                preserve = fs.canChown();
        }
        Target target0 = Target.prepare(target, options.overwrite());
        Unpacker unpacker = new Unpacker(target0, fs, preserve, options.ownership() == OwnershipMode.PRESERVE,
                options.listener(), totalBytes);
        Map<String, ExtractionResult.Ownership> recorded;
        try {
            new Pipeline(unpacker).run(reader);
            unpacker.finish();
            recorded = unpacker.recordedOwnership();
            target0.commit();
        } catch (Error e) {
            target0.abort(e);
            throw e;
        } catch (Exception e) {
            RootfsException failure = e instanceof RootfsException ? (RootfsException) e
                    : new RootfsException(null, target0.destination + ": " + reason(e), e);
            if (target0.inPlace) {
                failure = new RootfsException(failure.entry(), failure.getMessage() + " (" + target0.destination
                        + " is left incomplete, marked by " + RootfsExtractor.INCOMPLETE_MARKER + ")", failure.getCause());
            }
            target0.abort(failure);
            throw failure;
        }
        return new Outcome(target0.destination, reader.compression(), unpacker.entries(), unpacker.bytes(),
                unpacker.skipped(), recorded);
    }

}
