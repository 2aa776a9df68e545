package io.jrunc.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jrunc.rootfs.RootfsExtractor.OwnershipMode;
import io.jrunc.testing.Requirements;
import io.jrunc.testing.TarBuilder;
import io.jrunc.testing.TreeSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What extraction produces from well-formed archives, and how it publishes or cleans up. */
class RootfsExtractorTest {
    private static final RootfsExtractor DEFAULT = RootfsExtractor.builder().build();

    @TempDir
    Path tmp;

    // ---- the busybox image ------------------------------------------------------------------

    @Test
    void busyboxTarballExtractsWithRealHardLinks() throws IOException {
        Path tar = busyboxTar();
        Path target = tmp.resolve("rootfs");
        ExtractionResult r = DEFAULT.extract(tar, target);

        assertThat(r.target()).isEqualTo(target.toRealPath());
        assertThat(r.compression()).isEqualTo(Compression.NONE);
        assertThat(r.entries()).isGreaterThan(270);
        assertThat(r.skipped()).isEmpty();
        Map<String, TreeSnapshot.Info> tree = TreeSnapshot.of(target);
        long busyboxInode = tree.get("bin/busybox").inode();
        List<String> applets = tree.entrySet().stream()
                .filter(e -> e.getKey().startsWith("bin/") && e.getValue().type() == 'f')
                .map(Map.Entry::getKey).collect(Collectors.toList());
        assertThat(applets).hasSizeGreaterThan(260).contains("bin/sh", "bin/ls", "bin/[");
        assertThat(applets).allSatisfy(a -> assertThat(tree.get(a).inode()).isEqualTo(busyboxInode));
        assertThat(tree.get("bin/sh").nlink()).isEqualTo(applets.size());
        assertThat(tree.get("bin/sh").mode()).isEqualTo(0755);
        assertThat(tree.get("tmp").mode()).isEqualTo(01777);
        assertThat(tree.get("root").mode()).isEqualTo(0700);
        assertThat(tree.get("etc/passwd").mode()).isEqualTo(0644);
        assertThat(tree.values()).allSatisfy(i -> assertThat(i.mtime()).isEqualTo(TarBuilder.DEFAULT_MTIME));
        assertThat(r.bytes()).isEqualTo(Files.size(target.resolve("bin/busybox")) + Files.size(target.resolve("etc/passwd"))
                + Files.size(target.resolve("etc/group")));
        assertThat(Files.getAttribute(target, "unix:mode")).isEqualTo(040755);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD"})
    void compressedArchivesAreDetectedByMagicBytesAndExtractIdentically(Compression compression) throws IOException {
        byte[] plain = sampleArchive();
        Path plainTarget = tmp.resolve("plain");
        DEFAULT.extract(new ByteArrayInputStream(plain), plainTarget);

        Path misnamed = tmp.resolve("archive.tar"); // the name says plain: it must not matter
        Files.write(misnamed, compress(compression, plain));
        assertThat(Compression.detect(misnamed)).isEqualTo(compression);
        Path target = tmp.resolve(compression.name());
        ExtractionResult r = DEFAULT.extract(misnamed, target);

        assertThat(r.compression()).isEqualTo(compression);
        assertThat(portable(TreeSnapshot.of(target))).isEqualTo(portable(TreeSnapshot.of(plainTarget)));
    }

    @Test
    void plainArchiveNamedLikeACompressedOneIsReadAsPlain() throws IOException {
        Path file = Files.write(tmp.resolve("archive.tar.gz"), sampleArchive());
        assertThat(Compression.detect(file)).isEqualTo(Compression.NONE);
        assertThat(DEFAULT.extract(file, tmp.resolve("t")).compression()).isEqualTo(Compression.NONE);
    }

    @Test
    void detectNeedsMarkAndDoesNotConsume() throws IOException {
        byte[] gz = compress(Compression.GZIP, sampleArchive());
        InputStream noMark = new FilterInputStream(new ByteArrayInputStream(gz)) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };
        assertThatThrownBy(() -> Compression.detect(noMark)).isInstanceOf(IllegalArgumentException.class);
        ByteArrayInputStream in = new ByteArrayInputStream(gz);
        assertThat(Compression.detect(in)).isEqualTo(Compression.GZIP);
        assertThat(in.available()).isEqualTo(gz.length);
        assertThat(Compression.detect(new ByteArrayInputStream(new byte[] {0x1f}))).isEqualTo(Compression.NONE);
    }

    // ---- entries ----------------------------------------------------------------------------

    @Test
    void laterEntriesReplaceEarlierOnesExceptDirectoryOverDirectory() throws IOException {
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .file("f", "old").file("f", "new")
                .file("fd", "file").dir("fd").file("fd/x", "x")
                .dir("df").file("df/child", "c").file("df", "now a file")
                .dir("dd", 0700, e -> { }).file("dd/kept", "k").dir("dd", 0751, e -> { })
                .symlink("sd", "fd").dir("sd")
                .file("l", "file").symlink("l", "f")
                .build()), target);
        assertThat(target.resolve("f")).hasContent("new");
        assertThat(target.resolve("fd/x")).hasContent("x");
        assertThat(target.resolve("df")).isRegularFile().hasContent("now a file");
        assertThat(target.resolve("dd/kept")).hasContent("k");
        assertThat(Files.getAttribute(target.resolve("dd"), "unix:mode")).isEqualTo(040751);
        assertThat(Files.isSymbolicLink(target.resolve("sd"))).isFalse();
        assertThat(Files.readSymbolicLink(target.resolve("l"))).hasToString("f");
    }

    @Test
    void directoryTimesAndModesAreSetAfterTheirContents() throws IOException {
        FileTime t = FileTime.from(Instant.parse("2001-02-03T04:05:06.5Z"));
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .dir("ro", 0555, e -> e.setModTime(t)).dir("ro/sub", 0500, e -> e.setModTime(t))
                .file("ro/sub/f", "x".getBytes(StandardCharsets.UTF_8), 0400, e -> e.setModTime(t))
                .file("ro/g", "y").build()), target);
        assertThat(Files.getLastModifiedTime(target.resolve("ro"))).isEqualTo(t);
        assertThat(Files.getLastModifiedTime(target.resolve("ro/sub"))).isEqualTo(t);
        assertThat(Files.getLastModifiedTime(target.resolve("ro/sub/f"))).isEqualTo(t);
        assertThat(Files.getAttribute(target.resolve("ro"), "unix:mode")).isEqualTo(040555);
        assertThat(Files.getAttribute(target.resolve("ro/sub"), "unix:mode")).isEqualTo(040500);
        assertThat(Files.getAttribute(target.resolve("ro/sub/f"), "unix:mode")).isEqualTo(0100400);
    }

    @Test
    void missingParentsAreCreated() throws IOException {
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(new TarBuilder().file("a/b/c", "x").build()), target);
        assertThat(target.resolve("a/b/c")).hasContent("x");
        assertThat(Files.getAttribute(target.resolve("a/b"), "unix:mode")).isEqualTo(040755);
    }

    @Test
    void longNamesAndLinkTargetsSurvive() throws IOException {
        String longDir = "d".repeat(120) + "/" + "e".repeat(150);
        String longTarget = "../".repeat(2) + "t".repeat(140);
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .file(longDir + "/file", "pax").symlink(longDir + "/link", longTarget)
                .gnuLongNameFile("g".repeat(130) + "/gnu", "short", "gnu")
                .file("h\u00e9llo/w\u00f6rld", "unicode").build()), target);
        assertThat(target.resolve(longDir + "/file")).hasContent("pax");
        assertThat(Files.readSymbolicLink(target.resolve(longDir + "/link"))).hasToString(longTarget);
        assertThat(target.resolve("g".repeat(130) + "/gnu")).hasContent("gnu");
        assertThat(target.resolve("h\u00e9llo/w\u00f6rld")).hasContent("unicode");
    }

    @Test
    void manyAndLargeFilesSurviveTheReaderWriterHandOff() throws IOException {
        java.util.Random random = new java.util.Random(42);
        TarBuilder b = new TarBuilder();
        Map<String, byte[]> contents = new java.util.TreeMap<>();
        for (int i = 0; i < 400; i++) {
            int size = i % 50 == 0 ? (3 << 20) + random.nextInt(1000) : random.nextInt(40_000);
            byte[] data = new byte[size];
            random.nextBytes(data);
            String name = "d" + (i % 7) + "/f" + i;
            contents.put(name, data);
            b.file(name, data, 0644, e -> { });
        }
        Path target = tmp.resolve("t");
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(b.build()), target);
        assertThat(r.bytes()).isEqualTo(contents.values().stream().mapToLong(d -> d.length).sum());
        for (Map.Entry<String, byte[]> c : contents.entrySet()) {
            assertThat(Files.readAllBytes(target.resolve(c.getKey()))).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    @Test
    void aFailureEarlyInALargeArchiveStopsPromptlyAndCleansUp() throws IOException {
        TarBuilder b = new TarBuilder().hardLink("early", "missing");
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < 40; i++) {
            b.file("big" + i, data, 0644, e -> { });
        }
        RootfsException e = catchThrowableOfType(RootfsException.class,
                () -> DEFAULT.extract(new ByteArrayInputStream(b.build()), tmp.resolve("t")));
        assertThat(e).hasMessage("early: hard link target \"missing\" does not exist");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void aReadFailureInsideALargeFileNamesItAndCleansUp() throws IOException {
        byte[] data = new byte[5 << 20];
        byte[] archive = new TarBuilder().file("small", "x").file("big", data, 0644, e -> { }).build();
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> DEFAULT.extract(
                new ByteArrayInputStream(Arrays.copyOf(archive, 3 << 20)), tmp.resolve("t")));
        assertThat(e).hasMessage("archive stream: truncated tar archive after 3145728 bytes (in entry \"big\")");
        assertThat(e.entry()).isEqualTo("big");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void emptyArchiveGivesAnEmptyDirectory() throws IOException {
        Path target = tmp.resolve("t");
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(new TarBuilder().build()), target);
        assertThat(r.entries()).isZero();
        assertThat(target).isEmptyDirectory();
    }

    // ---- ownership, special files, xattrs ---------------------------------------------------

    @Test
    void ownersArePreservedWhenRootIncludingSymlinksWithoutFollowingThem() throws IOException {
        Requirements.requireRoot("chown to owners other than oneself");
        Path target = tmp.resolve("t");
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .file("f", "x".getBytes(StandardCharsets.UTF_8), 04755, e -> e.setIds(1234, 5678))
                .symlink("l", "f", e -> e.setIds(4321, 8765)).build()), target);
        assertThat(r.ownership()).isEmpty();
        TreeSnapshot.Info f = TreeSnapshot.info(target.resolve("f"));
        assertThat(f.uid()).isEqualTo(1234);
        assertThat(f.gid()).isEqualTo(5678);
        assertThat(f.mode()).isEqualTo(04755);
        TreeSnapshot.Info l = TreeSnapshot.info(target.resolve("l"));
        assertThat(l.uid()).isEqualTo(4321);
        assertThat(l.gid()).isEqualTo(8765);
    }

    @Test
    void recordModeRecordsOwnersAndModesOfEveryName() throws IOException {
        Path target = tmp.resolve("t");
        ExtractionResult r = RootfsExtractor.builder().ownership(OwnershipMode.RECORD).build()
                .extract(new ByteArrayInputStream(new TarBuilder()
                        .dir("./", 0755, e -> e.setIds(0, 0))
                        .file("bin/su", "x".getBytes(StandardCharsets.UTF_8), 04755, e -> e.setIds(0, 0))
                        .hardLink("bin/su2", "bin/su")
                        .dir("home/u", 0700, e -> e.setIds(1000, 1000))
                        .symlink("home/u/l", "x", e -> e.setIds(1000, 100)).build()), target);
        assertThat(r.ownership()).containsOnlyKeys(".", "bin/su", "bin/su2", "home/u", "home/u/l");
        assertThat(r.ownership().get("bin/su2")).isEqualTo(new ExtractionResult.Ownership(0, 0, 04755));
        assertThat(r.ownership().get("home/u")).isEqualTo(new ExtractionResult.Ownership(1000, 1000, 0700));
        assertThat(r.ownership().get("home/u/l")).isEqualTo(new ExtractionResult.Ownership(1000, 100, 0777));
        assertThat(Files.getAttribute(target.resolve("bin/su"), "unix:mode")).isEqualTo(0100755);
        assertThat(Files.getAttribute(target.resolve("home/u"), "unix:uid")).isNotEqualTo(1000);
    }

    @Test
    void specialFilesAreSkippedAndReportedWithoutNativeSupport() throws IOException {
        Path target = tmp.resolve("t");
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .charDevice("dev/null", 1, 3).blockDevice("dev/sda", 8, 0).fifo("run/fifo")
                .hardLink("dev/null2", "dev/null").file("ok", "x").build()), target);
        assertThat(r.skipped()).extracting(ExtractionResult.Skipped::entry)
                .containsExactly("dev/null", "dev/sda", "run/fifo", "dev/null2");
        assertThat(r.skipped().get(0).reason()).startsWith("character device 1:3 not created");
        assertThat(r.skipped().get(3).reason()).isEqualTo("hard link to \"dev/null\", which was skipped");
        assertThat(target.resolve("dev/null")).doesNotExist();
        assertThat(target.resolve("ok")).hasContent("x");
    }

    @Test
    void userXattrsAreSetOthersReported() throws IOException {
        Path target = tmp.resolve("t");
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        ExtractionResult r = DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .file("f", "x".getBytes(StandardCharsets.UTF_8), 0644, e -> {
                    e.addPaxHeader("SCHILY.xattr.user.plain", "value");
                    e.addPaxHeader("LIBARCHIVE.xattr.user.bin%61ry", Base64.getEncoder().encodeToString(binary));
                    e.addPaxHeader("SCHILY.xattr.trusted.t", "v");
                }).build()), target);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(target.resolve("f"),
                UserDefinedFileAttributeView.class);
        assertThat(read(view, "plain")).isEqualTo("value".getBytes(StandardCharsets.UTF_8));
        assertThat(read(view, "binary")).isEqualTo(binary);
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.entry()).isEqualTo("f");
            assertThat(s.reason()).startsWith("xattr trusted.t not set: ");
        });
    }

    // ---- targets, atomicity, progress -------------------------------------------------------

    @Test
    void nonEmptyTargetIsRefusedUnlessOverwriting() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("t"));
        Files.writeString(target.resolve("keep"), "mine");
        Map<String, TreeSnapshot.Info> before = TreeSnapshot.of(tmp);
        byte[] archive = new TarBuilder().file("new", "x").file("keep2", "y").build();
        assertThatThrownBy(() -> DEFAULT.extract(new ByteArrayInputStream(archive), target))
                .isInstanceOf(RootfsException.class).hasMessage(target.toRealPath() + ": exists and is not empty (extracting over it needs overwrite)");
        assertThat(TreeSnapshot.of(tmp)).isEqualTo(before);

        AtomicBoolean markerSeen = new AtomicBoolean();
        RootfsExtractor.builder().overwrite(true)
                .listener((entry, n, read, total) -> markerSeen.set(
                        Files.exists(target.resolve(RootfsExtractor.INCOMPLETE_MARKER))))
                .build().extract(new ByteArrayInputStream(archive), target);
        assertThat(markerSeen).isTrue();
        assertThat(target.resolve(RootfsExtractor.INCOMPLETE_MARKER)).doesNotExist();
        assertThat(target.resolve("keep")).hasContent("mine");
        assertThat(target.resolve("new")).hasContent("x");
    }

    @Test
    void emptyTargetDirectoryIsReplacedAtomically() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("t"));
        AtomicBoolean targetStayedEmpty = new AtomicBoolean(true);
        DEFAULT.toString();
        RootfsExtractor.builder().listener((entry, n, read, total) -> {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    targetStayedEmpty.set(false);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).build().extract(new ByteArrayInputStream(sampleArchive()), target);
        assertThat(targetStayedEmpty).isTrue();
        assertThat(target.resolve("etc/hostname")).hasContent("box\n");
        assertThat(siblings()).containsExactly("t");
    }

    @Test
    void targetThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> DEFAULT.extract(new ByteArrayInputStream(sampleArchive()), file))
                .isInstanceOf(RootfsException.class).hasMessage(file + ": exists and is not a directory");
    }

    @Test
    void failureDeletesThePartialTreeAndTargetNeverAppears() throws IOException {
        Path target = tmp.resolve("t");
        byte[] archive = new TarBuilder().file("a", "x").dir("d").file("d/b", "y").hardLink("h", "missing").build();
        RootfsException e = catchThrowableOfType(RootfsException.class,
                () -> DEFAULT.extract(new ByteArrayInputStream(archive), target));
        assertThat(e).hasMessage("h: hard link target \"missing\" does not exist");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void failureOverAnExistingDirectoryLeavesItMarked() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("t"));
        Files.writeString(target.resolve("keep"), "mine");
        byte[] archive = new TarBuilder().file("a", "x").hardLink("h", "missing").build();
        RootfsException e = catchThrowableOfType(RootfsException.class,
                () -> RootfsExtractor.builder().overwrite(true).build()
                        .extract(new ByteArrayInputStream(archive), target));
        assertThat(e.getMessage()).startsWith("h: hard link target \"missing\" does not exist (")
                .contains("left incomplete", RootfsExtractor.INCOMPLETE_MARKER);
        assertThat(target.resolve(RootfsExtractor.INCOMPLETE_MARKER)).exists();
        assertThat(target.resolve("keep")).hasContent("mine");
    }

    @Test
    void truncatedArchiveFailsCleanly() throws IOException {
        byte[] archive = new TarBuilder().file("a", "x".repeat(5000)).file("b", "y").build();
        Path target = tmp.resolve("t");
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> DEFAULT.extract(
                new ByteArrayInputStream(Arrays.copyOf(archive, 2048)), target));
        assertThat(e).hasMessage("archive stream: truncated tar archive after 2048 bytes (in entry \"a\")");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void progressIsReportedAgainstTheFileSize() throws IOException {
        Path tar = busyboxTar();
        List<long[]> calls = new ArrayList<>();
        ExtractionResult r = RootfsExtractor.builder()
                .listener((entry, n, read, total) -> calls.add(new long[] {n, read, total}))
                .build().extract(tar, tmp.resolve("t"));
        long size = Files.size(tar);
        assertThat(calls).hasSize((int) r.entries());
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isEqualTo(i + 1);
            assertThat(calls.get(i)[2]).isEqualTo(size);
            assertThat(calls.get(i)[1]).isBetween(i == 0 ? 0 : calls.get(i - 1)[1], size);
        }
    }

    @Test
    void streamTotalIsUnknown() throws IOException {
        List<Long> totals = new ArrayList<>();
        RootfsExtractor.builder().listener((entry, n, read, total) -> totals.add(total)).build()
                .extract(new ByteArrayInputStream(sampleArchive()), tmp.resolve("t"));
        assertThat(totals).isNotEmpty().containsOnly(-1L);
    }

    @Test
    void listenerCanCancel() throws IOException {
        RootfsException e = catchThrowableOfType(RootfsException.class, () -> RootfsExtractor.builder()
                .listener((entry, n, read, total) -> {
                    throw new IllegalStateException("stop");
                }).build().extract(new ByteArrayInputStream(sampleArchive()), tmp.resolve("t")));
        assertThat(e.getMessage()).contains("cancelled by the listener");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void interruptionStopsTheExtraction() throws IOException {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> DEFAULT.extract(new ByteArrayInputStream(sampleArchive()), tmp.resolve("t")))
                    .isInstanceOf(RootfsException.class).hasMessageEndingWith(": interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(siblings()).isEmpty();
    }

    @Test
    void fractionalMtimesArePreserved() throws IOException {
        FileTime t = FileTime.from(Instant.parse("2020-05-06T07:08:09.123456789Z"));
        Path target = tmp.resolve("t");
        DEFAULT.extract(new ByteArrayInputStream(new TarBuilder()
                .file("f", "x".getBytes(StandardCharsets.UTF_8), 0644, e -> e.setLastModifiedTime(t)).build()), target);
        assertThat(Files.getLastModifiedTime(target.resolve("f")).toInstant())
                .isBetween(Instant.parse("2020-05-06T07:08:09.123456Z"), t.toInstant());
    }

    @Test
    void theStreamIsNotClosed() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new FilterInputStream(new ByteArrayInputStream(sampleArchive())) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        DEFAULT.extract(in, tmp.resolve("t"));
        assertThat(closed).isFalse();
    }

    @Test
    void builderIsImmutableOnceBuilt() {
        RootfsExtractor.Builder b = RootfsExtractor.builder();
        RootfsExtractor x = b.build();
        b.overwrite(true).ownership(OwnershipMode.RECORD);
        assertThat(x.overwrite()).isFalse();
        assertThat(x.ownership()).isEqualTo(OwnershipMode.AUTO);
        assertThat(x.listener()).isSameAs(ExtractionListener.NONE);
    }

    // ---- helpers ----------------------------------------------------------------------------

    static Path busyboxTar() {
        String path = System.getProperty("jrunc.busybox.tar");
        Requirements.require(path != null && Files.isRegularFile(Path.of(path)),
                "the busybox tarball (built by test-rootfs) at " + path);
        return Path.of(path);
    }

    static byte[] sampleArchive() {
        return new TarBuilder().dir("bin").file("bin/tool", "#!/bin/sh\necho hi\n".repeat(300).getBytes(StandardCharsets.UTF_8),
                0755, e -> { }).hardLink("bin/tool2", "bin/tool").symlink("bin/sh", "tool")
                .dir("etc").file("etc/hostname", "box\n").dir("tmp", 01777, e -> { }).build();
    }

    static byte[] compress(Compression c, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = switch (c) {
            case GZIP -> new GzipCompressorOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out);
            case ZSTD -> new ZstdCompressorOutputStream(out);
            case NONE -> out;
        }) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static Map<String, String> portable(Map<String, TreeSnapshot.Info> tree) {
        return tree.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().portable(),
                (a, b) -> a, java.util.TreeMap::new));
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid",
                    LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] read(UserDefinedFileAttributeView view, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(view.size(name));
        view.read(name, b);
        return b.array();
    }
}
