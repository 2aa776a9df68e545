package io.jrunc.cli;

import static io.jrunc.cli.Launcher.jrunc;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.cli.Launcher.Result;
import io.jrunc.testing.Requirements;
import io.jrunc.testing.TarBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrunc extract} through the built launcher: the busybox walkthrough and its errors. */
class ExtractCommandIT {

    @TempDir
    Path tmp;

    @Test
    void busyboxTarballGivesARootfsWhoseShellRuns() throws IOException {
        Path tar = busyboxTar();
        Result r = jrunc(tmp, "extract", tar.toString(), "rootfs");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("skipped");

        Path rootfs = tmp.resolve("rootfs");
        Result echo = Launcher.run(tmp, List.of("rootfs/bin/busybox", "echo", "ok"));
        assertThat(echo).isEqualTo(new Result(0, "ok\n", ""));
        Result sh = Launcher.run(tmp, List.of("rootfs/bin/sh", "-c", "echo $((6 * 7))"));
        assertThat(sh).isEqualTo(new Result(0, "42\n", ""));

        Object inode = Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:ino");
        int nlink = (Integer) Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:nlink");
        List<Path> sharing;
        try (Stream<Path> files = Files.walk(rootfs)) {
            sharing = files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> inode.equals(attribute(p, "unix:ino"))).collect(Collectors.toList());
        }
        assertThat(sharing).hasSize(nlink).contains(rootfs.resolve("bin/sh"), rootfs.resolve("bin/ls"));
        assertThat(nlink).isGreaterThan(260);
    }

    @Test
    void gzippedBusyboxExtractsAndATruncatedOneNamesTheEntryAndLeavesNothing() throws IOException {
        Path gz = tmp.resolve("busybox.tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gz))) {
            Files.copy(busyboxTar(), out);
        }
        Result ok = jrunc(tmp, "extract", "busybox.tar.gz", "rootfs");
        assertThat(ok.exit()).as("%s", ok).isZero();
        assertThat(Launcher.run(tmp, List.of("rootfs/bin/busybox", "true")).exit()).isZero();

        byte[] whole = Files.readAllBytes(gz);
        Files.write(tmp.resolve("half.tar.gz"), Arrays.copyOf(whole, whole.length / 2));
        Result r = jrunc(tmp, "extract", "half.tar.gz", "new/dir/rootfs");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).matches("jrunc: half\\.tar\\.gz: truncated gzip stream after " + whole.length / 2
                + " bytes \\(in entry \"bin/[^\"]+\"\\)\n");
        assertThat(contents()).containsExactly("busybox.tar.gz", "half.tar.gz", "rootfs");
    }

    @Test
    void notATarArchiveCreatesNothing() throws IOException {
        Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n".repeat(40));
        Result r = jrunc(tmp, "extract", "passwd", "a/b/rootfs");
        assertThat(r).isEqualTo(new Result(1, "", "jrunc: passwd: not a tar archive (no tar header at offset 0)\n"));
        assertThat(contents()).containsExactly("passwd");
    }

    @Test
    void missingArchiveIsNamed() throws IOException {
        Path missing = tmp.resolve("nope.tar");
        Result r = jrunc(tmp, "extract", missing.toString(), "rootfs");
        assertThat(r).isEqualTo(new Result(1, "", "jrunc: " + missing + ": No such file or directory\n"));
        assertThat(contents()).isEmpty();
    }

    @Test
    void nonEmptyTargetIsRefusedUntouchedUnlessOverwriting() throws IOException {
        new TarBuilder().file("etc/hostname", "box\n").write(tmp.resolve("a.tar"));
        Path target = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(target.resolve("hostname"), "mine\n");
        Result r = jrunc(tmp, "extract", "a.tar", "rootfs");
        assertThat(r).isEqualTo(new Result(1, "",
                "jrunc: rootfs: exists and is not empty (use --overwrite to extract over it)\n"));
        assertThat(target.resolve("hostname")).hasContent("mine");

        Result over = jrunc(tmp, "extract", "--overwrite", "a.tar", "rootfs");
        assertThat(over.exit()).as("%s", over).isZero();
        assertThat(target.resolve("hostname")).hasContent("box");
    }

    @Test
    void aRefusedEntryFailsTheWholeExtractionAndLeavesNothing() throws IOException {
        new TarBuilder().file("a", "x").hardLink("h", "../../outside").write(tmp.resolve("link.tar"));
        Result r = jrunc(tmp, "extract", "link.tar", "new/dir/rootfs");
        assertThat(r).isEqualTo(new Result(1, "",
                "jrunc: h: hard link target \"../../outside\" escapes the root\n"));
        assertThat(contents()).containsExactly("link.tar");
    }

    @Test
    void binaryFileCapabilitiesFromGnuTarSurvive() throws IOException {
        Requirements.requireRoot("setcap to set file capabilities (CAP_SETFCAP)");
        Path setcap = Requirements.requireProgram("setcap");
        Path getcap = Requirements.requireProgram("getcap");
        Path gnuTar = Requirements.requireProgram("tar");
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.write(src.resolve("ping"), new byte[] {0x7f, 'E', 'L', 'F'});
        // cap_setuid is bit 7: the value holds a byte 0x80, which is not UTF-8
        Result set = Launcher.run(src, List.of(setcap.toString(), "cap_setuid,cap_net_raw+ep", "ping"));
        Requirements.require(set.exit() == 0, "setcap works on " + src + ": " + set.err());
        String expected = Launcher.run(src, List.of(getcap.toString(), "ping")).out();
        assertThat(expected).contains("cap_setuid", "cap_net_raw");
        Result tar = Launcher.run(tmp, List.of(gnuTar.toString(), "--xattrs", "--xattrs-include=*",
                "-cf", "caps.tar", "-C", "src", "."));
        assertThat(tar.exit()).as("%s", tar).isZero();

        Result r = jrunc(tmp, "extract", "caps.tar", "out");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).doesNotContain("skipped");
        assertThat(Launcher.run(tmp.resolve("out"), List.of(getcap.toString(), "ping")).out()).isEqualTo(expected);
    }

    private static Path busyboxTar() {
        String path = System.getProperty("jrunc.busybox.tar");
        Requirements.require(path != null && Files.isRegularFile(Path.of(path)),
                "the busybox tarball (built by test-rootfs) at " + path);
        return Path.of(path);
    }

    private static Object attribute(Path p, String name) {
        try {
            return Files.getAttribute(p, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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

    private List<String> contents() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
