package io.jrunc.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jrunc.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The messages of failed extractions name the archive (or the target), the step that failed and
 * the entry being read; and a failure leaves nothing behind, not even the target's parents.
 */
class RootfsErrorsTest {
    private static final RootfsExtractor DEFAULT = RootfsExtractor.builder().build();

    @TempDir
    Path tmp;

    // ---- the archive ------------------------------------------------------------------------

    @Test
    void missingArchive() throws IOException {
        Path archive = tmp.resolve("nope.tar");
        RootfsException e = fail(archive, tmp.resolve("new/rootfs"));
        assertThat(e).hasMessage(archive + ": No such file or directory");
        assertThat(e.entry()).isNull();
        assertThat(contents()).isEmpty();
    }

    @Test
    void archiveThatIsADirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir.tar"));
        assertThat(fail(dir, tmp.resolve("t"))).hasMessage(dir + ": Is a directory");
        assertThat(contents()).containsExactly("dir.tar");
    }

    @Test
    void textFileIsNotATarArchiveAndNothingIsCreated() throws IOException {
        Path passwd = Files.writeString(tmp.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\n".repeat(40));
        assertThat(fail(passwd, tmp.resolve("a/b/rootfs")))
                .hasMessage(passwd + ": not a tar archive (no tar header at offset 0)");
        assertThat(contents()).containsExactly("passwd");
    }

    @Test
    void shortAndEmptyFilesAreNotTarArchives() throws IOException {
        Path shortFile = Files.writeString(tmp.resolve("short"), "hello\n");
        assertThat(fail(shortFile, tmp.resolve("t")))
                .hasMessage(shortFile + ": not a tar archive (6 bytes, less than a tar header)");
        Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
        assertThat(fail(empty, tmp.resolve("t"))).hasMessage(empty + ": not a tar archive (empty)");
        assertThat(contents()).containsExactly("empty", "short");
    }

    @Test
    void compressedTextIsNotATarArchive() throws IOException {
        Path gz = Files.write(tmp.resolve("text.gz"), RootfsExtractorTest.compress(Compression.GZIP,
                "just text\n".repeat(100).getBytes(StandardCharsets.UTF_8)));
        assertThat(fail(gz, tmp.resolve("t")))
                .hasMessage(gz + ": not a tar archive (gzip-compressed, no tar header at offset 0)");
    }

    @Test
    void anArchiveOfZerosIsAnEmptyArchive() throws IOException {
        Path zeros = Files.write(tmp.resolve("zeros.tar"), new byte[10240]);
        assertThat(DEFAULT.extract(zeros, tmp.resolve("t")).entries()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD"})
    void truncatedCompressedStreamNamesTheFormatTheSizeAndTheEntry(Compression c) throws IOException {
        byte[] whole = RootfsExtractorTest.compress(c, bigArchive());
        Path archive = Files.write(tmp.resolve("busybox.tar." + c.name().toLowerCase(Locale.ROOT)),
                Arrays.copyOf(whole, whole.length / 2));
        RootfsException e = fail(archive, tmp.resolve("x/y/rootfs"));
        assertThat(e).hasMessage(archive + ": truncated " + c.name().toLowerCase(Locale.ROOT) + " stream after "
                + whole.length / 2 + " bytes (in entry \"big\")");
        assertThat(e.entry()).isEqualTo("big");
        assertThat(contents()).containsExactly(archive.getFileName().toString());
    }

    @Test
    void gzipWithoutItsTrailerIsTruncated() throws IOException {
        byte[] whole = RootfsExtractorTest.compress(Compression.GZIP, bigArchive());
        Path archive = Files.write(tmp.resolve("a.tar.gz"), Arrays.copyOf(whole, whole.length - 4));
        assertThat(fail(archive, tmp.resolve("t")).getMessage())
                .startsWith(archive + ": truncated gzip stream after " + (whole.length - 4) + " bytes (");
        assertThat(contents()).containsExactly("a.tar.gz");
    }

    @Test
    void gzipTrailerIsCheckedEvenWhenTheTarEndsEarlier() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").build();
        byte[] withTail = Arrays.copyOf(tar, tar.length + (1 << 20)); // zeros the tar reader never needs
        byte[] gz = RootfsExtractorTest.compress(Compression.GZIP, withTail);
        Path archive = Files.write(tmp.resolve("a.tar.gz"), Arrays.copyOf(gz, gz.length - 4));
        RootfsException e = fail(archive, tmp.resolve("t"));
        assertThat(e).hasMessage(archive + ": truncated gzip stream after " + (gz.length - 4)
                + " bytes (after entry \"a\")");
        assertThat(e.entry()).isNull();
        assertThat(contents()).containsExactly("a.tar.gz");
    }

    @Test
    void corruptGzipDataIsReported() throws IOException {
        byte[] gz = RootfsExtractorTest.compress(Compression.GZIP, new TarBuilder()
                .file("a", "hello ".repeat(20_000)).build());
        gz[gz.length - 6] ^= 0x55; // the CRC32 in the trailer
        Path archive = Files.write(tmp.resolve("a.tar.gz"), gz);
        assertThat(fail(archive, tmp.resolve("t")).getMessage())
                .startsWith(archive + ": corrupt gzip stream: Gzip-compressed data is corrupt (CRC32 error) (");
        assertThat(contents()).containsExactly("a.tar.gz");
    }

    @Test
    void truncatedTarInsideACompleteGzipStream() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x".repeat(5000)).build();
        Path archive = Files.write(tmp.resolve("a.tar.gz"),
                RootfsExtractorTest.compress(Compression.GZIP, Arrays.copyOf(tar, 2048)));
        assertThat(fail(archive, tmp.resolve("t"))).hasMessage(archive
                + ": truncated tar archive after 2048 bytes of gzip-decompressed data (in entry \"a\")");
    }

    @Test
    void truncationInsideAHeaderIsReported() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").file("b", "y").build();
        Path archive = Files.write(tmp.resolve("a.tar"), Arrays.copyOf(tar, 1024 + 100));
        assertThat(fail(archive, tmp.resolve("t"))).hasMessage(archive
                + ": truncated tar archive: it ends inside a header, after 1124 bytes (after entry \"a\")");
    }

    @Test
    void headerWithABadChecksumNamesItsOffsetAndThePreviousEntry() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").file("b", "y").build();
        tar[1024] = 'c'; // the second header's name, not its checksum
        Path archive = Files.write(tmp.resolve("a.tar"), tar);
        RootfsException e = fail(archive, tmp.resolve("t"));
        assertThat(e).hasMessage(archive + ": corrupt tar header at offset 1024: checksum mismatch (after entry \"a\")");
        assertThat(contents()).containsExactly("a.tar");
    }

    @Test
    void unparsableHeaderNamesItsOffsetAndWhy() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").file("b", "y").build();
        Arrays.fill(tar, 1024 + 124, 1024 + 136, (byte) 'z'); // the size field
        Path archive = Files.write(tmp.resolve("a.tar"), tar);
        assertThat(fail(archive, tmp.resolve("t")).getMessage())
                .startsWith(archive + ": corrupt tar header at offset 1024: ")
                .endsWith(" (after entry \"a\")");
    }

    @Test
    void streamsAreCalledArchiveStream() {
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> DEFAULT.extract(
                new ByteArrayInputStream("not a tar".repeat(100).getBytes(StandardCharsets.UTF_8)), tmp.resolve("t")));
        assertThat(e).hasMessage("archive stream: not a tar archive (no tar header at offset 0)");
    }

    // ---- the target ---------------------------------------------------------------------------

    @Test
    void nonEmptyTargetIsRefused() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("t"));
        Files.writeString(target.resolve("mine"), "x");
        Path archive = new TarBuilder().file("a", "x").write(tmp.resolve("a.tar"));
        assertThat(fail(archive, target))
                .hasMessage(target.toRealPath() + ": exists and is not empty (extracting over it needs overwrite)");
    }

    @Test
    void createdParentsAreRemovedAfterAFailure() throws IOException {
        Path archive = new TarBuilder().file("a", "x").hardLink("h", "missing").write(tmp.resolve("a.tar"));
        Files.createDirectory(tmp.resolve("existing"));
        RootfsException e = fail(archive, tmp.resolve("existing/new1/new2/rootfs"));
        assertThat(e).hasMessage("h: hard link target \"missing\" does not exist");
        assertThat(contents()).containsExactly("a.tar", "existing");
        assertThat(tmp.resolve("existing")).isEmptyDirectory();
    }

    @Test
    void createdParentsThatGotOtherContentStay() throws IOException {
        Path archive = new TarBuilder().file("a", "x").hardLink("h", "missing").write(tmp.resolve("a.tar"));
        Path other = tmp.resolve("new1/other");
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> RootfsExtractor.builder()
                .listener((entry, n, read, total) -> {
                    try {
                        Files.writeString(other, "someone else's");
                    } catch (IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }).build().extract(archive, tmp.resolve("new1/new2/rootfs")));
        assertThat(e).hasMessage("h: hard link target \"missing\" does not exist");
        assertThat(other).hasContent("someone else's");
        try (Stream<Path> s = Files.list(tmp.resolve("new1"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("other");
        }
    }

    @Test
    void parentsAreKeptAfterSuccess() throws IOException {
        Path archive = new TarBuilder().file("a", "x").write(tmp.resolve("a.tar"));
        DEFAULT.extract(archive, tmp.resolve("p/q/rootfs"));
        assertThat(tmp.resolve("p/q/rootfs/a")).hasContent("x");
    }

    // ---- binary PAX values ------------------------------------------------------------------

    @Test
    void binaryXattrValuesSurviveExactly() throws IOException {
        byte[] binary = {(byte) 0x80, 0, (byte) 0xff, '\n', (byte) 0xc3, '=', (byte) 0xfe, 0x01};
        byte[] text = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] pax = concat(TarBuilder.paxRecord("SCHILY.xattr.user.bin", binary),
                TarBuilder.paxRecord("SCHILY.xattr.user.text", text),
                TarBuilder.paxRecord("mtime", "1700000000.5".getBytes(StandardCharsets.US_ASCII)));
        byte[] archive = new TarBuilder().rawPax(pax).file("f", "x")
                .rawPax(TarBuilder.paxRecord("SCHILY.xattr.user.other", new byte[] {(byte) 0xc0, (byte) 0xaf}))
                .file("g", "y").file("h", "z").build();
        Path target = tmp.resolve("t");
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(archive), target);
        assertThat(r.skipped()).isEmpty();
        assertThat(xattr(target.resolve("f"), "bin")).isEqualTo(binary);
        assertThat(xattr(target.resolve("f"), "text")).isEqualTo(text);
        assertThat(xattr(target.resolve("g"), "other")).isEqualTo(new byte[] {(byte) 0xc0, (byte) 0xaf});
        assertThat(xattrNames(target.resolve("g"))).containsExactly("other");
        assertThat(xattrNames(target.resolve("h"))).isEmpty();
    }

    @Test
    void globalBinaryXattrsApplyToLaterEntriesUnlessDeleted() throws IOException {
        byte[] value = {(byte) 0x9c, 0x00, 0x7f};
        byte[] global = TarBuilder.paxRecord("SCHILY.xattr.user.g", value);
        // TarArchiveOutputStream writes no raw global headers: put one in front by hand
        TarArchiveEntry head = new TarArchiveEntry("GlobalHead", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
        head.setSize(global.length);
        byte[] record = new byte[512];
        head.writeEntryHeader(record);
        byte[] archive = concat(record, Arrays.copyOf(global, 512), new TarBuilder().file("f", "x")
                .rawPax(TarBuilder.paxRecord("SCHILY.xattr.user.g", new byte[0])).file("g", "y").build());
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(archive), target);
        assertThat(xattr(target.resolve("f"), "g")).isEqualTo(value);
        assertThat(xattrNames(target.resolve("g"))).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static RootfsException fail(Path archive, Path target) {
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> DEFAULT.extract(archive, target));
        assertThat(e).as("extraction of " + archive + " should fail").isNotNull();
        return e;
    }

    /** An archive with one large file of random (incompressible) bytes between two small ones. */
    private static byte[] bigArchive() {
        byte[] data = new byte[2 << 20];
        new Random(7).nextBytes(data);
        return new TarBuilder().file("first", "1").file("big", data, 0644, e -> { }).file("last", "2").build();
    }

    private List<String> contents() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] xattr(Path file, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer b = ByteBuffer.allocate(view.size(name));
        view.read(name, b);
        return b.array();
    }

    private static List<String> xattrNames(Path file) throws IOException {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class).list();
    }
}
