package io.jrunc.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds tar archives in tests, hostile ones included: names are written exactly as given
 * (absolute, with {@code ..}), and raw PAX and GNU long-name records can be injected. Entries are
 * owned by 0:0 with a fixed mtime unless customized.
 *
 * <pre>{@code
 * byte[] tar = new TarBuilder().symlink("evil", "/etc").file("evil/passwd", "x").build();
 * }</pre>
 */
public final class TarBuilder {
    /** The mtime entries get by default: 2024-01-01T00:00:00Z. */
    public static final FileTime DEFAULT_MTIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    /** Creates an empty archive (POSIX long names and big numbers). */
    public TarBuilder() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Adds a directory ({@code 0755}).
     *
     * @param name the entry name
     * @return this
     */
    public TarBuilder dir(String name) {
        return dir(name, 0755, e -> { });
    }

    /**
     * Adds a directory.
     *
     * @param name the entry name
     * @param mode the mode
     * @param customizer changes the entry before it is written
     * @return this
     */
    public TarBuilder dir(String name, int mode, Consumer<TarArchiveEntry> customizer) {
        return entry(name, TarConstants.LF_DIR, mode, null, customizer);
    }

    /**
     * Adds a regular file ({@code 0644}).
     *
     * @param name the entry name
     * @param content the content, UTF-8
     * @return this
     */
    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, e -> { });
    }

    /**
     * Adds a regular file.
     *
     * @param name the entry name
     * @param content the content
     * @param mode the mode
     * @param customizer changes the entry before it is written
     * @return this
     */
    public TarBuilder file(String name, byte[] content, int mode, Consumer<TarArchiveEntry> customizer) {
        return entry(name, TarConstants.LF_NORMAL, mode, content, customizer);
    }

    /**
     * Adds a symlink.
     *
     * @param name the entry name
     * @param target the link target text
     * @return this
     */
    public TarBuilder symlink(String name, String target) {
        return symlink(name, target, e -> { });
    }

    /**
     * Adds a symlink.
     *
     * @param name the entry name
     * @param target the link target text
     * @param customizer changes the entry before it is written
     * @return this
     */
    public TarBuilder symlink(String name, String target, Consumer<TarArchiveEntry> customizer) {
        return entry(name, TarConstants.LF_SYMLINK, 0777, null, e -> {
            e.setLinkName(target);
            customizer.accept(e);
        });
    }

    /**
     * Adds a hard link.
     *
     * @param name the entry name
     * @param target the name of the entry it links to
     * @return this
     */
    public TarBuilder hardLink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, 0644, null, e -> e.setLinkName(target));
    }

    /**
     * Adds a FIFO ({@code 0644}).
     *
     * @param name the entry name
     * @return this
     */
    public TarBuilder fifo(String name) {
        return entry(name, TarConstants.LF_FIFO, 0644, null, e -> { });
    }

    /**
     * Adds a character device ({@code 0666}).
     *
     * @param name the entry name
     * @param major the major number
     * @param minor the minor number
     * @return this
     */
    public TarBuilder charDevice(String name, int major, int minor) {
        return entry(name, TarConstants.LF_CHR, 0666, null, e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
        });
    }

    /**
     * Adds a block device ({@code 0660}).
     *
     * @param name the entry name
     * @param major the major number
     * @param minor the minor number
     * @return this
     */
    public TarBuilder blockDevice(String name, int major, int minor) {
        return entry(name, TarConstants.LF_BLK, 0660, null, e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
        });
    }

    /**
     * Adds any entry. The name is kept exactly (no leading-slash stripping).
     *
     * @param name the entry name
     * @param type the type flag, e.g. {@link TarConstants#LF_NORMAL}
     * @param mode the mode
     * @param content the content, or null
     * @param customizer changes the entry before it is written
     * @return this
     */
    public TarBuilder entry(String name, byte type, int mode, byte[] content, Consumer<TarArchiveEntry> customizer) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setIds(0, 0);
        e.setModTime(DEFAULT_MTIME);
        e.setSize(content == null ? 0 : content.length);
        customizer.accept(e);
        if (content != null) {
            e.setSize(content.length);
        }
        write(e, content);
        return this;
    }

    /**
     * Adds a PAX extended header record ({@code x}) with the given keywords, applying to the next
     * entry, which this method adds as a regular file with an innocent-looking ustar name.
     *
     * @param ustarName the name in the ustar header, which the PAX {@code path} overrides
     * @param content the file content
     * @param keywordsAndValues PAX keywords and values, alternating, e.g. {@code "path", "../x"}
     * @return this
     */
    public TarBuilder paxFile(String ustarName, String content, String... keywordsAndValues) {
        rawPax(keywordsAndValues);
        return file(ustarName, content);
    }

    /**
     * Adds a raw PAX extended header record ({@code x}) applying to the next entry.
     *
     * @param keywordsAndValues PAX keywords and values, alternating
     * @return this
     */
    public TarBuilder rawPax(String... keywordsAndValues) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < keywordsAndValues.length; i += 2) {
            records.append(paxRecord(keywordsAndValues[i], keywordsAndValues[i + 1]));
        }
        byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/next", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        pax.setSize(data.length);
        pax.setModTime(DEFAULT_MTIME);
        write(pax, data);
        return this;
    }

    /**
     * Adds a PAX extended header record ({@code x}) with the given data, byte for byte, applying
     * to the next entry; with {@link #paxRecord(String, byte[])}, it carries binary values.
     *
     * @param data the header's data: records {@code "LEN KEYWORD=VALUE\n"}
     * @return this
     */
    public TarBuilder rawPax(byte[] data) {
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/next", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        pax.setSize(data.length);
        pax.setModTime(DEFAULT_MTIME);
        write(pax, data);
        return this;
    }

    /**
     * Encodes one PAX record with a binary value, as GNU tar writes {@code SCHILY.xattr.*}.
     *
     * @param keyword the keyword, UTF-8
     * @param value the value, any bytes
     * @return the record {@code "LEN KEYWORD=VALUE\n"}
     */
    public static byte[] paxRecord(String keyword, byte[] value) {
        byte[] key = (" " + keyword + "=").getBytes(StandardCharsets.UTF_8);
        int bodyLength = key.length + value.length + 1;
        int length = bodyLength + String.valueOf(bodyLength).length();
        if (String.valueOf(length).length() != String.valueOf(bodyLength).length()) {
            length++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(key);
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Adds a raw GNU long-name record ({@code L}) followed by a regular file whose ustar name it
     * overrides.
     *
     * @param longName the name in the long-name record
     * @param ustarName the name in the ustar header
     * @param content the file content
     * @return this
     */
    public TarBuilder gnuLongNameFile(String longName, String ustarName, String content) {
        byte[] data = (longName + "\0").getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry gnu = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME, true);
        gnu.setSize(data.length);
        write(gnu, data);
        return file(ustarName, content);
    }

    /**
     * Finishes the archive.
     *
     * @return the tar bytes
     */
    public byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Finishes the archive and writes it to a file.
     *
     * @param file where to write
     * @return the file
     */
    public Path write(Path file) {
        try {
            return Files.write(file, build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static String paxRecord(String keyword, String value) {
        String body = " " + keyword + "=" + value + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + String.valueOf(bodyLength).length();
        if (String.valueOf(length).length() != String.valueOf(bodyLength).length()) {
            length++;
        }
        return length + body;
    }
}
