package io.jrunc.internal.rootfs;

import static io.jrunc.internal.rootfs.Errors.quote;
import static io.jrunc.internal.rootfs.Errors.reason;

import io.jrunc.rootfs.Compression;
import io.jrunc.rootfs.RootfsException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The archive side of an extraction: the source, its decompression and the tar reader, stacked as
 * {@code source → counter → buffer → decompressor → buffer → tap → tar}. Every read failure becomes
 * a {@link RootfsException} that names the archive, the step that failed (the source itself, the
 * decompression, or the tar structure), where, and the entry being read, for example
 * {@code busybox.tar.gz: truncated gzip stream after 517736 bytes (in entry "bin/busybox")} or
 * {@code /etc/passwd: not a tar archive (no tar header at offset 0)}. Used by one thread.
 */
final class ArchiveReader {
    private static final int INPUT_BUFFER = 1 << 18;
    private static final int DECOMPRESSED_BUFFER = 1 << 16;
    private static final int RECORD = 512;

    private final String label;
    private final CountingInputStream source;
    private Compression compression = Compression.NONE;
    /** The tar bytes, buffered (marks work): the decompressor's output, or the source's buffer. */
    private InputStream tarBytes;
    private Tap tap;
    private TarReader tar;
    /** The last entry returned, and whether its content is being read. */
    private String entry;
    private boolean inEntry;

    private ArchiveReader(String label, InputStream in) {
        this.label = label;
        this.source = new CountingInputStream(in);
    }

    /**
     * Opens an archive: recognises its compression, starts decompressing, and checks that it
     * starts with a tar header, so that what is not a tar archive is refused before anything is
     * written.
     *
     * @param label how messages name the archive (its path as given, or {@code "archive stream"})
     * @param in the archive, not closed
     * @return the reader, positioned at the first entry
     * @throws RootfsException if the archive cannot be read, is corrupt or is not a tar archive
     */
    static ArchiveReader open(String label, InputStream in) throws RootfsException {
        ArchiveReader r = new ArchiveReader(label, in);
        BufferedInputStream buffered = new BufferedInputStream(r.source, INPUT_BUFFER);
        try {
            r.compression = Compression.detect(buffered);
            r.tarBytes = decompress(r.compression, buffered);
        } catch (IOException | RuntimeException e) {
            throw r.failure(e, "");
        }
        r.checkFirstHeader();
        r.tap = new Tap(r.tarBytes);
        r.tar = new TarReader(r.tap);
        return r;
    }

    /** @return the compression recognised from the magic bytes */
    Compression compression() {
        return compression;
    }

    /** @return the bytes read from the archive so far (compressed bytes, for progress) */
    long position() {
        return source.count();
    }

    /**
     * Reads the next entry header.
     *
     * @return the entry, or null at the end of the archive
     * @throws RootfsException if reading fails or the header is corrupt
     */
    TarArchiveEntry next() throws RootfsException {
        inEntry = false;
        TarArchiveEntry e;
        try {
            e = tar.getNextEntry();
        } catch (IOException | RuntimeException x) {
            throw failure(x, " at offset " + tap.recordStart());
        }
        if (e == null) {
            if (tap.ended() && tap.count() % RECORD != 0) {
                throw new RootfsException(null, label + ": truncated tar archive: it ends inside a header, after "
                        + tap.count() + " bytes" + decompressedSuffix() + context(), null);
            }
            return null;
        }
        if (!e.isCheckSumOK()) {
            throw new RootfsException(null, label + ": corrupt tar header at offset " + tap.recordStart()
                    + ": checksum mismatch" + context(), null);
        }
        entry = e.getName();
        inEntry = true;
        return e;
    }

    /**
     * Returns the extended attributes of the current entry exactly as the archive stores them.
     *
     * @return PAX keyword (like {@code SCHILY.xattr.security.capability}) to raw value
     */
    Map<String, byte[]> rawXattrs() {
        return tar.rawXattrs();
    }

    /**
     * Tells whether the tar reader can read the current entry's data.
     *
     * @param e the current entry
     * @return whether its data can be read
     */
    boolean canReadEntryData(TarArchiveEntry e) {
        return tar.canReadEntryData(e);
    }

    /**
     * Reads content of the current entry.
     *
     * @param b where to read
     * @param off offset in {@code b}
     * @param len how many bytes at most
     * @return bytes read, less than {@code len} only at the end of the entry
     * @throws RootfsException if reading fails
     */
    int readContent(byte[] b, int off, int len) throws RootfsException {
        try {
            return tar.readNBytes(b, off, len);
        } catch (IOException | RuntimeException x) {
            throw failure(x, "");
        }
    }

    /**
     * After the last entry, reads a compressed archive to its end, so that a truncated or corrupt
     * compressed stream (a bad checksum in its trailer) is noticed.
     *
     * @throws RootfsException if the rest of the stream is truncated or corrupt
     */
    void finish() throws RootfsException {
        inEntry = false;
        if (compression == Compression.NONE) {
            return;
        }
        try {
            tap.skipToEnd();
        } catch (IOException | RuntimeException x) {
            throw failure(x, "");
        }
    }

    // ---- messages ---------------------------------------------------------------------------

    /** Checks the first record without consuming it. */
    private void checkFirstHeader() throws RootfsException {
        byte[] header = new byte[RECORD];
        int n;
        try {
            tarBytes.mark(RECORD);
            n = tarBytes.readNBytes(header, 0, RECORD);
            tarBytes.reset();
        } catch (IOException | RuntimeException e) {
            throw failure(e, "");
        }
        String compressed = compression == Compression.NONE ? ""
                : name(compression) + "-compressed, ";
        if (n == 0) {
            throw new RootfsException(null, label + ": not a tar archive (" + compressed + "empty)", null);
        }
        if (n < RECORD) {
            throw new RootfsException(null, label + ": not a tar archive (" + compressed + n
                    + " bytes, less than a tar header)", null);
        }
        if (!allZero(header) && !checksumOk(header)) {
            throw new RootfsException(null, label + ": not a tar archive (" + compressed
                    + "no tar header at offset 0)", null);
        }
    }

    /**
     * Turns a read failure into a message naming the layer that failed.
     *
     * @param x the failure
     * @param where for a tar header failure, where the header is ({@code " at offset N"})
     * @return the exception to throw
     */
    private RootfsException failure(Throwable x, String where) {
        if (x instanceof RootfsException) {
            return (RootfsException) x;
        }
        String entryName = inEntry ? entry : null;
        IOException sourceFailure = source.failure();
        if (x instanceof InterruptedIOException || sourceFailure instanceof ClosedByInterruptException) {
            return new RootfsException(entryName, label + ": interrupted" + context(), x);
        }
        if (sourceFailure != null) {
            return new RootfsException(entryName, label + ": " + reason(sourceFailure) + context(), x);
        }
        if (tap == null || tap.failure() != null) {
            if (compression == Compression.NONE) {
                return new RootfsException(entryName, label + ": " + detail(x) + context(), x);
            }
            String format = name(compression);
            if (source.ended() && truncation(x)) {
                return new RootfsException(entryName, label + ": truncated " + format + " stream after "
                        + source.count() + " bytes" + context(), x);
            }
            return new RootfsException(entryName, label + ": corrupt " + format + " stream: " + detail(x)
                    + context(), x);
        }
        if (tap != null && tap.ended() && truncation(x)) {
            return new RootfsException(entryName, label + ": truncated tar archive after " + tap.count()
                    + " bytes" + decompressedSuffix() + context(), x);
        }
        if (inEntry) {
            return new RootfsException(entryName, label + ": cannot read the content: " + detail(x) + context(), x);
        }
        return new RootfsException(null, label + ": corrupt tar header" + where + ": " + detail(x) + context(), x);
    }

    private String decompressedSuffix() {
        return compression == Compression.NONE ? "" : " of " + name(compression) + "-decompressed data";
    }

    /** Where in the archive: the entry being read, or the last one read. */
    private String context() {
        if (entry == null) {
            return "";
        }
        return (inEntry ? " (in entry " : " (after entry ") + quote(entry) + ")";
    }

    /** Whether a failure says that data ended too early. */
    private static boolean truncation(Throwable x) {
        if (x instanceof EOFException) {
            return true;
        }
        String m = String.valueOf(x.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("truncated") || m.contains("unexpected end") || m.contains("premature end");
    }

    /** The most telling message of a failure and its causes. */
    private static String detail(Throwable x) {
        String m = x.getMessage();
        Throwable cause = x.getCause();
        if (cause != null && cause.getMessage() != null
                && (m == null || m.startsWith("Corrupted TAR archive") || m.startsWith("Error detected parsing"))) {
            return cause.getMessage();
        }
        if (m == null || m.isEmpty()) {
            return x.getClass().getSimpleName();
        }
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static String name(Compression c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    private static boolean checksumOk(byte[] header) {
        try {
            return TarUtils.verifyCheckSum(header);
        } catch (IllegalArgumentException e) { // the checksum field is not a number
            return false;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static InputStream decompress(Compression compression, InputStream in) throws IOException {
        switch (compression) {
            case GZIP:
                return new BufferedInputStream(GzipCompressorInputStream.builder().setInputStream(in)
                        .setDecompressConcatenated(true).get(), DECOMPRESSED_BUFFER);
            case BZIP2:
                return new BufferedInputStream(new BZip2CompressorInputStream(in, true), DECOMPRESSED_BUFFER);
            case XZ:
                return new BufferedInputStream(XZCompressorInputStream.builder().setInputStream(in)
                        .setDecompressConcatenated(true).get(), DECOMPRESSED_BUFFER);
            case ZSTD:
                return new BufferedInputStream(new ZstdCompressorInputStream(in), DECOMPRESSED_BUFFER);
            default:
                return in;
        }
    }

    /**
     * Counts the tar bytes and notes where the last header record started: the tar reader reads
     * each header as one 512-byte record at a record boundary.
     */
    private static final class Tap extends CountingInputStream {
        private final byte[] skipBuffer = new byte[8192];
        private long recordStart;

        Tap(InputStream in) {
            super(in);
        }

        long recordStart() {
            return recordStart;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == RECORD && off == 0 && b.length == RECORD && count() % RECORD == 0) {
                recordStart = count();
            }
            return super.read(b, off, len);
        }

        void skipToEnd() throws IOException {
            while (read(skipBuffer, 0, skipBuffer.length) >= 0) {
                // discard
            }
        }
    }
}
