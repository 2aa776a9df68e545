package io.jrunc.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.testing.TarBuilder;
import io.jrunc.testing.TreeSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives: each one tries to create, change or follow something outside the target. Next
 * to the target lie a marker file and a directory; after each extraction they must be exactly as
 * before (content, mode, owner, mtime, ctime, link count) and nothing new may appear beside the
 * target.
 */
class HostileArchiveTest {
    private static final FileTime OLD = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    @TempDir
    Path tmp;

    private Path marker;
    private Path outside;
    private Path target;
    private String abs;
    private Map<String, TreeSnapshot.Info> before;

    @BeforeEach
    void setUp() throws IOException {
        marker = Files.writeString(tmp.resolve("marker"), "precious");
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        for (Path p : new Path[] {marker, outside.resolve("secret"), outside}) {
            Files.setLastModifiedTime(p, OLD);
        }
        target = tmp.resolve("rootfs");
        abs = tmp.toAbsolutePath().toString();
        before = outsideTarget();
    }

    // ---- names ------------------------------------------------------------------------------

    @Test
    void dotDotNameIsRefused() throws IOException {
        RootfsException e = refused(new TarBuilder().file("../marker", "pwned"));
        assertThat(e).hasMessage("../marker: path escapes the root");
        assertThat(e.entry()).isEqualTo("../marker");
    }

    @Test
    void dotDotInsideANameThatClimbsOutIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().dir("a").file("a/../../marker", "pwned")))
                .hasMessage("a/../../marker: path escapes the root");
    }

    @Test
    void dotDotThatStaysInsideIsAllowed() throws IOException {
        extract(new TarBuilder().dir("a").file("a/../b", "ok"));
        assertThat(target.resolve("b")).hasContent("ok");
    }

    @Test
    void siblingPrefixNameIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().file("../rootfs-evil/x", "pwned")))
                .hasMessage("../rootfs-evil/x: path escapes the root");
        assertThat(tmp.resolve("rootfs-evil")).doesNotExist();
    }

    @Test
    void absoluteNamesAreTakenRelativeToTheRoot() throws IOException {
        extract(new TarBuilder().file("/marker", "inside").file(abs + "/marker", "inside too")
                .dir("/outside/").file("//outside/secret", "inside"));
        assertThat(target.resolve("marker")).hasContent("inside");
        assertThat(target.resolve(abs.substring(1)).resolve("marker")).hasContent("inside too");
        assertThat(target.resolve("outside/secret")).hasContent("inside");
    }

    @Test
    void paxPathOverrideGoesThroughTheSameChecks() throws IOException {
        assertThat(refused(new TarBuilder().paxFile("innocent", "pwned", "path", "../marker")))
                .hasMessage("../marker: path escapes the root");
    }

    @Test
    void paxPathOverrideWithAbsolutePathStaysInside() throws IOException {
        extract(new TarBuilder().paxFile("innocent", "inside", "path", abs + "/marker"));
        assertThat(target.resolve(abs.substring(1)).resolve("marker")).hasContent("inside");
        assertThat(target.resolve("innocent")).doesNotExist();
    }

    @Test
    void paxLinkpathOverrideOnAHardLinkIsChecked() throws IOException {
        TarBuilder b = new TarBuilder().file("f", "x").rawPax("linkpath", "../marker");
        b.hardLink("h", "f");
        assertThat(refused(b)).hasMessage("h: hard link target \"../marker\" escapes the root");
    }

    @Test
    void gnuLongNameGoesThroughTheSameChecks() throws IOException {
        assertThat(refused(new TarBuilder().gnuLongNameFile("../../marker", "innocent", "pwned")))
                .hasMessage("../../marker: path escapes the root");
    }

    @Test
    void longPaxNameThatClimbsOutIsRefused() throws IOException {
        String name = "a/".repeat(60) + "../".repeat(61) + "marker";
        assertThat(refused(new TarBuilder().file(name, "pwned"))).hasMessageEndingWith(": path escapes the root");
    }

    // ---- the root ---------------------------------------------------------------------------

    @Test
    void rootEntryTurnedIntoASymlinkIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().symlink("./", abs)))
                .hasMessage("./: cannot replace the root directory with a symbolic link");
    }

    @Test
    void rootEntryTurnedIntoAFileIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().file(".", "pwned")))
                .hasMessage(".: cannot replace the root directory with a regular file");
        assertThat(refused(new TarBuilder().fifo("/")))
                .hasMessage("/: cannot replace the root directory with a FIFO");
    }

    @Test
    void rootEntryTurnedIntoAHardLinkIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().file("f", "x").hardLink(".", "f")))
                .hasMessage(".: cannot replace the root directory with a hard link");
    }

    @Test
    void hardLinkToTheRootIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().hardLink("h", "./")))
                .hasMessage("h: hard link target \"./\" is the root directory");
    }

    @Test
    void rootDirectoryEntryOnlyUpdatesMetadata() throws IOException {
        extract(new TarBuilder().dir("./", 0750, e -> { }).file("f", "x"));
        assertThat(Files.getAttribute(target, "unix:mode")).isEqualTo(040750);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(TarBuilder.DEFAULT_MTIME);
    }

    // ---- symlinks ---------------------------------------------------------------------------

    @Test
    void symlinkPointingOutsideIsKeptAsIs() throws IOException {
        extract(new TarBuilder().symlink("evil", abs + "/marker", e -> {
            e.setIds(4321, 4321);
            e.setModTime(FileTime.from(Instant.parse("1990-01-01T00:00:00Z")));
        }));
        Path link = target.resolve("evil");
        assertThat(Files.readSymbolicLink(link)).hasToString(abs + "/marker");
        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(FileTime.from(Instant.parse("1990-01-01T00:00:00Z")));
    }

    @Test
    void writingThroughAnAbsoluteSymlinkStaysInside() throws IOException {
        extract(new TarBuilder().symlink("evil", abs).file("evil/marker", "inside"));
        assertThat(target.resolve(abs.substring(1)).resolve("marker")).hasContent("inside");
        assertThat(Files.isSymbolicLink(target.resolve("evil"))).isTrue();
    }

    @Test
    void writingThroughARelativeSymlinkThatClimbsOutStaysInside() throws IOException {
        extract(new TarBuilder().dir("d").symlink("d/up", "../../../../../..").file("d/up/marker", "inside")
                .file("d/up/outside/secret", "inside"));
        assertThat(target.resolve("marker")).hasContent("inside");
        assertThat(target.resolve("outside/secret")).hasContent("inside");
    }

    @Test
    void writingThroughAChainOfSymlinksStaysInside() throws IOException {
        extract(new TarBuilder().symlink("a", "b/c").symlink("b", "/x/..//y/../z").dir("z")
                .symlink("z/c", "../../../" + abs.substring(1) + "/outside").file("a/secret", "inside"));
        assertThat(target.resolve(abs.substring(1)).resolve("outside/secret")).hasContent("inside");
    }

    @Test
    void symlinkReplacedByAFileIsReplacedNotWrittenThrough() throws IOException {
        extract(new TarBuilder().symlink("passwd", abs + "/marker").file("passwd", "inside"));
        assertThat(Files.isSymbolicLink(target.resolve("passwd"))).isFalse();
        assertThat(target.resolve("passwd")).hasContent("inside");
    }

    @Test
    void danglingSymlinkReplacedByAFileCreatesNothingOutside() throws IOException {
        extract(new TarBuilder().symlink("new", abs + "/new").file("new", "inside"));
        assertThat(target.resolve("new")).hasContent("inside");
    }

    @Test
    void symlinkReplacedByADirectoryIsReplacedNotFollowed() throws IOException {
        extract(new TarBuilder().symlink("d", abs + "/outside").dir("d/", 0777, e -> { }).file("d/secret", "inside"));
        assertThat(Files.isSymbolicLink(target.resolve("d"))).isFalse();
        assertThat(target.resolve("d/secret")).hasContent("inside");
    }

    @Test
    void directoryReplacedByASymlinkThenWrittenThroughStaysInside() throws IOException {
        extract(new TarBuilder().dir("etc").file("etc/passwd", "old").symlink("etc", abs + "/outside")
                .file("etc/secret", "inside").file("etc/../marker", "inside"));
        assertThat(target.resolve(abs.substring(1)).resolve("outside/secret")).hasContent("inside");
        assertThat(target.resolve("marker")).hasContent("inside");
    }

    @Test
    void fileReplacedByASymlinkThenWrittenThroughStaysInside() throws IOException {
        extract(new TarBuilder().file("f", "x").symlink("f", "/..").file("f/marker", "inside"));
        assertThat(target.resolve("marker")).hasContent("inside");
    }

    @Test
    void symlinkLoopIsAnErrorNotAHang() throws IOException {
        assertThat(refused(new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "x")))
                .hasMessage("a/x: too many levels of symbolic links");
    }

    @Test
    void selfLoopIsAnError() throws IOException {
        assertThat(refused(new TarBuilder().symlink("a", "a").file("a/x", "x")))
                .hasMessage("a/x: too many levels of symbolic links");
    }

    @Test
    void growingLoopIsAnError() throws IOException {
        assertThat(refused(new TarBuilder().symlink("a", "/a/b").file("a/x", "x")))
                .hasMessage("a/x: too many levels of symbolic links");
    }

    @Test
    void fortySymlinksResolveButFortyOneDoNot() throws IOException {
        TarBuilder ok = new TarBuilder().dir("d");
        ok.symlink("l0", "d");
        for (int i = 1; i < 40; i++) {
            ok.symlink("l" + i, "l" + (i - 1));
        }
        extract(ok.file("l39/x", "x"));
        assertThat(target.resolve("d/x")).hasContent("x");

        FileTrees.delete(target);
        TarBuilder tooMany = new TarBuilder().dir("d");
        tooMany.symlink("l0", "d");
        for (int i = 1; i <= 40; i++) {
            tooMany.symlink("l" + i, "l" + (i - 1));
        }
        assertThat(refused(tooMany.file("l40/x", "x"))).hasMessage("l40/x: too many levels of symbolic links");
    }

    @Test
    void pathThroughARegularFileIsAnError() throws IOException {
        assertThat(refused(new TarBuilder().file("f", "x").file("f/x", "x")))
                .hasMessage("f/x: \"f\" is not a directory");
    }

    // ---- hard links -------------------------------------------------------------------------

    @Test
    void hardLinkOutsideIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().hardLink("bin/sh", "bin/../../etc/passwd")))
                .hasMessage("bin/sh: hard link target \"bin/../../etc/passwd\" escapes the root");
    }

    @Test
    void hardLinkWithAbsoluteTargetIsResolvedInside() throws IOException {
        assertThat(refused(new TarBuilder().hardLink("h", abs + "/marker")))
                .hasMessage("h: hard link target \"" + abs + "/marker\" does not exist");
        extract(new TarBuilder().file("marker", "inside").hardLink("h", "/marker"));
        assertThat(Files.isSameFile(target.resolve("h"), target.resolve("marker"))).isTrue();
    }

    @Test
    void hardLinkThroughASymlinkPointingOutsideIsResolvedInside() throws IOException {
        assertThat(refused(new TarBuilder().symlink("evil", abs).hardLink("h", "evil/marker")))
                .hasMessage("h: hard link target \"evil/marker\" does not exist");
        extract(new TarBuilder().dir("etc").file("etc/passwd", "inside").symlink("evil", "/")
                .hardLink("h", "evil/etc/passwd"));
        assertThat(Files.isSameFile(target.resolve("h"), target.resolve("etc/passwd"))).isTrue();
    }

    @Test
    void hardLinkToASymlinkLinksTheSymlinkItself() throws IOException {
        extract(new TarBuilder().symlink("s", abs + "/marker").hardLink("h", "s"));
        Path h = target.resolve("h");
        assertThat(Files.isSymbolicLink(h)).isTrue();
        assertThat(Files.readSymbolicLink(h)).hasToString(abs + "/marker");
        assertThat(Files.getAttribute(h, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(2);
    }

    @Test
    void hardLinkReplacingASymlinkDoesNotFollowIt() throws IOException {
        extract(new TarBuilder().symlink("h", abs + "/marker").file("f", "inside").hardLink("h", "f"));
        assertThat(Files.isSameFile(target.resolve("h"), target.resolve("f"))).isTrue();
    }

    @Test
    void hardLinkToADirectoryIsRefused() throws IOException {
        assertThat(refused(new TarBuilder().dir("d").hardLink("h", "d")))
                .hasMessage("h: hard link target \"d\" is a directory");
    }

    @Test
    void hardLinkThroughASymlinkLoopIsAnError() throws IOException {
        assertThat(refused(new TarBuilder().symlink("a", "a").hardLink("h", "a/x")))
                .hasMessage("h: hard link target \"a/x\": too many levels of symbolic links");
    }

    // ---- extracting over an existing directory ----------------------------------------------

    @Test
    void existingSymlinksInTheTargetAreResolvedInsideToo() throws IOException {
        Files.createDirectory(target);
        Files.createSymbolicLink(target.resolve("evil"), Path.of(abs, "outside"));
        Files.createSymbolicLink(target.resolve("up"), Path.of("../.."));
        before = outsideTarget();
        RootfsExtractor.builder().overwrite(true).build().extract(
                new ByteArrayInputStream(new TarBuilder().file("evil/secret", "inside").file("up/marker", "inside")
                        .hardLink("h", "evil/secret").build()), target);
        assertOutsideUntouched();
        assertThat(target.resolve(abs.substring(1)).resolve("outside/secret")).hasContent("inside");
        assertThat(target.resolve("marker")).hasContent("inside");
        assertThat(target.resolve(RootfsExtractor.INCOMPLETE_MARKER)).doesNotExist();
    }

    @Test
    void existingTargetThatIsASymlinkToADirectoryIsUsedAsTheCallerMeantIt() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.createSymbolicLink(target, real);
        RootfsExtractor.builder().build().extract(new ByteArrayInputStream(new TarBuilder().file("f", "x").build()),
                target);
        assertThat(real.resolve("f")).hasContent("x");
    }

    // ---- special files and setuid ------------------------------------------------------------

    @Test
    void setuidIsDroppedWhenOwnershipIsOnlyRecorded() throws IOException {
        ExtractionResult r = RootfsExtractor.builder().ownership(RootfsExtractor.OwnershipMode.RECORD).build()
                .extract(new ByteArrayInputStream(new TarBuilder()
                        .file("su", "x".getBytes(StandardCharsets.UTF_8), 06755, e -> e.setIds(0, 0))
                        .dir("shared", 03777, e -> e.setIds(5, 5)).build()), target);
        assertThat(Files.getAttribute(target.resolve("su"), "unix:mode")).isEqualTo(0100755);
        assertThat(Files.getAttribute(target.resolve("shared"), "unix:mode")).isEqualTo(041777);
        assertThat(r.ownership()).containsEntry("su", new ExtractionResult.Ownership(0, 0, 06755))
                .containsEntry("shared", new ExtractionResult.Ownership(5, 5, 03777));
    }

    @Test
    void unsupportedEntryTypesAreSkipped() throws IOException {
        ExtractionResult r = extract(new TarBuilder().entry("vol", (byte) 'V', 0644, null, e -> { }));
        assertThat(r.skipped()).containsExactly(new ExtractionResult.Skipped("vol", "unsupported entry type 'V'"));
    }

    @Test
    void reservedMarkerNameIsSkipped() throws IOException {
        ExtractionResult r = extract(new TarBuilder().file(RootfsExtractor.INCOMPLETE_MARKER, "x"));
        assertThat(r.skipped()).extracting(ExtractionResult.Skipped::reason).containsExactly("reserved name");
        assertThat(target.resolve(RootfsExtractor.INCOMPLETE_MARKER)).doesNotExist();
    }

    @Test
    void typeFlagsAreNotConfusedByTrailingSlashes() throws IOException {
        extract(new TarBuilder().entry("evil/", TarConstants.LF_SYMLINK, 0777, null, e -> e.setLinkName(abs))
                .file("evil/marker", "inside"));
        assertThat(outsideTarget()).isEqualTo(before);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Map<String, TreeSnapshot.Info> outsideTarget() {
        return TreeSnapshot.of(tmp, rel -> !rel.equals("rootfs") && !rel.startsWith("rootfs/"));
    }

    private void assertOutsideUntouched() throws IOException {
        assertThat(marker).hasContent("precious");
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(OLD);
        assertThat(outsideTarget()).isEqualTo(before);
    }

    private ExtractionResult extract(TarBuilder archive) throws IOException {
        ExtractionResult r = RootfsExtractor.builder().build()
                .extract(new ByteArrayInputStream(archive.build()), target);
        assertOutsideUntouched();
        return r;
    }

    private RootfsException refused(TarBuilder archive) throws IOException {
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> RootfsExtractor.builder().build()
                .extract(new ByteArrayInputStream(archive.build()), target));
        assertThat(t).isInstanceOf(RootfsException.class);
        assertOutsideUntouched();
        if (!existed) {
            assertThat(target).doesNotExist();
        }
        return (RootfsException) t;
    }

    static final class FileTrees {
        static void delete(Path p) throws IOException {
            TreeSnapshot.of(p).keySet().stream().sorted(java.util.Comparator.reverseOrder())
                    .forEach(rel -> {
                        try {
                            Files.delete(p.resolve(rel));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            Files.delete(p);
        }
    }
}
