package io.jrunc.internal.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that also keeps the extended attributes of PAX headers as raw bytes.
 *
 * <p>commons-compress decodes every PAX value as UTF-8 ({@code TarUtils.parsePaxHeaders}), so a
 * binary value such as {@code SCHILY.xattr.security.capability} (written raw by GNU tar
 * {@code --xattrs}) loses its non-UTF-8 bytes, and no option or charset changes that. It parses a
 * PAX header by reading the header entry's data through the tar stream itself, so this subclass
 * copies what is read while the current entry is a PAX header ({@code x} or {@code g}), and parses
 * the {@code SCHILY.xattr.*} records of the copy again, byte for byte. Callers check that a raw
 * value decodes to the string commons-compress reports before using it (see
 * {@link Unpacker}), so that should commons-compress read PAX data differently one day, they fall
 * back to the decoded values instead of applying wrong ones.
 */
final class TarReader extends TarArchiveInputStream {
    static final String SCHILY_XATTR = "SCHILY.xattr.";
    private static final int RECORD = 512;

    private final InputStream source;
    private final byte[] padding = new byte[RECORD];
    /** Content bytes read of the current entry. */
    private long entryRead;

    private final ByteArrayOutputStream capture = new ByteArrayOutputStream();
    /** The PAX header entry whose data {@link #capture} holds. */
    private TarArchiveEntry captureOwner;
    private Map<String, byte[]> global = Map.of();
    private Map<String, byte[]> local;
    private Map<String, byte[]> current = Map.of();
    private int depth;

    TarReader(InputStream in) {
        super(in, "UTF-8");
        this.source = in;
    }

    /**
     * Returns the {@code SCHILY.xattr.*} PAX records that apply to the entry last returned by
     * {@link #getNextEntry()}, global ones included.
     *
     * @return keyword to raw value; empty when there are none
     */
    Map<String, byte[]> rawXattrs() {
        return current;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // commons-compress calls this again from inside, after parsing a PAX header
        if (depth == 0) {
            local = null;
            current = Map.of();
            skipPadding();
        }
        endCapture();
        depth++;
        TarArchiveEntry e;
        try {
            e = super.getNextEntry();
        } finally {
            depth--;
        }
        if (depth == 0) {
            entryRead = 0;
        }
        if (depth == 0 && e != null) {
            if (local == null) {
                current = global;
            } else {
                Map<String, byte[]> merged = new HashMap<>(global);
                for (Map.Entry<String, byte[]> x : local.entrySet()) {
                    if (x.getValue() == null) {
                        merged.remove(x.getKey());
                    } else {
                        merged.put(x.getKey(), x.getValue());
                    }
                }
                current = merged.isEmpty() ? Map.of() : Collections.unmodifiableMap(merged);
            }
        }
        return e;
    }

    @Override
    public int read(byte[] buf, int offset, int numToRead) throws IOException {
        int n = super.read(buf, offset, numToRead);
        if (n > 0) {
            TarArchiveEntry e = getCurrentEntry();
            if (e != null && (e.isPaxHeader() || e.isGlobalPaxHeader())) {
                if (e != captureOwner) {
                    capture.reset();
                    captureOwner = e;
                }
                capture.write(buf, offset, n);
            } else {
                entryRead += n;
            }
        }
        return n;
    }

    /**
     * When the current entry's content has been read to its end, skips the padding to the next
     * header here, as {@code getNextEntry} would: commons-compress skips the rest of the entry and
     * then the padding with {@code IOUtils.skip}, which allocates a new 8 KiB buffer on every call,
     * twice per entry (some 370 MB of garbage for 22,000 entries). Anything else (content left,
     * sparse files, directories) is left to commons-compress.
     */
    private void skipPadding() throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e == null || isAtEOF() || e.isDirectory() || e.isSparse() || e.isPaxHeader()
                || e.isGlobalPaxHeader() || entryRead != e.getSize()) {
            return;
        }
        int pad = (int) ((RECORD - e.getSize() % RECORD) % RECORD);
        int done = 0;
        while (done < pad) {
            int n = source.read(padding, done, pad - done);
            if (n < 0) {
                throw new IOException("Truncated TAR archive");
            }
            done += n;
        }
        count(pad);
        setCurrentEntry(null); // nothing left for commons-compress to skip
    }

    /** A PAX header's data has been parsed: keep its xattr records. */
    private void endCapture() {
        TarArchiveEntry owner = captureOwner;
        if (owner == null || owner != getCurrentEntry()) {
            return;
        }
        captureOwner = null;
        if (owner.isGlobalPaxHeader()) {
            Map<String, byte[]> g = new HashMap<>(global);
            for (Map.Entry<String, byte[]> x : parse(capture.toByteArray()).entrySet()) {
                if (x.getValue() == null) {
                    g.remove(x.getKey());
                } else {
                    g.put(x.getKey(), x.getValue());
                }
            }
            global = g.isEmpty() ? Map.of() : Collections.unmodifiableMap(g);
        } else {
            Map<String, byte[]> records = parse(capture.toByteArray());
            if (local == null) {
                local = records;
            } else {
                local.putAll(records);
            }
        }
        capture.reset();
    }

    /**
     * Parses the {@code SCHILY.xattr.*} records ({@code "LEN KEYWORD=VALUE\n"}) of PAX header data.
     * An empty value deletes the keyword (mapped to null here). Parsing stops at the first
     * malformed record, which commons-compress reports.
     *
     * @param data the header entry's data
     * @return keyword to raw value, or to null for a deletion
     */
    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int len = 0;
            int i = pos;
            while (i < data.length && data[i] >= '0' && data[i] <= '9' && len < data.length) {
                len = len * 10 + (data[i] - '0');
                i++;
            }
            if (i == pos || i >= data.length || data[i] != ' ' || len <= i - pos + 1
                    || pos + len > data.length || data[pos + len - 1] != '\n') {
                break;
            }
            int end = pos + len - 1; // the newline
            int keyStart = i + 1;
            int eq = keyStart;
            while (eq < end && data[eq] != '=') {
                eq++;
            }
            if (eq >= end) {
                break;
            }
            String keyword = new String(data, keyStart, eq - keyStart, StandardCharsets.UTF_8);
            if (keyword.startsWith(SCHILY_XATTR)) {
                records.put(keyword, eq + 1 == end ? null : Arrays.copyOfRange(data, eq + 1, end));
            }
            pos += len;
        }
        return records;
    }
}
