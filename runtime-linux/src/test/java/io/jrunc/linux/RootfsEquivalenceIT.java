package io.jrunc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jrunc.internal.linux.LinuxNativeFs;
import io.jrunc.internal.rootfs.Extraction;
import io.jrunc.rootfs.Compression;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.testing.Requirements;
import io.jrunc.testing.TarBuilder;
import io.jrunc.testing.TreeSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jrunc's extraction, with the Linux native support, produces what GNU tar produces as root
 * ({@code tar -xp --same-owner --numeric-owner --xattrs}): names, types, modes, owners, link
 * targets, device numbers, hard-link groups, mtimes and extended attributes.
 */
class RootfsEquivalenceIT {
    private static final RootfsExtractor EXTRACTOR = RootfsExtractor.builder().build();

    @TempDir
    Path tmp;

    @BeforeEach
    void requireRoot() throws IOException {
        io.jrunc.testing.Requirements.requireRoot("chown, to compare owners with tar --same-owner");
        Requirements.require(Extraction.nativeFs() instanceof LinuxNativeFs, "the Linux native file-system support");
    }

    @Test
    void busyboxTarballMatchesGnuTar() throws Exception {
        Path tar = busyboxTar();
        ExtractionResult r = EXTRACTOR.extract(tar, tmp.resolve("jrunc"));
        assertThat(r.skipped()).isEmpty();
        assertThat(r.ownership()).isEmpty();
        assertSameTree(tmp.resolve("jrunc"), gnuTar(tar));
        Set<List<String>> groups = hardLinkGroups(tmp.resolve("jrunc"));
        assertThat(groups).hasSize(1);
        assertThat(groups.iterator().next()).hasSizeGreaterThan(260).contains("bin/busybox", "bin/sh");
    }

    @ParameterizedTest
    @CsvSource({"gzip,GZIP", "bzip2,BZIP2", "xz,XZ", "zstd,ZSTD"})
    void compressedBusyboxMatchesGnuTar(String tool, Compression expected) throws Exception {
        Path tar = busyboxTar();
        Path compressed = tmp.resolve("busybox"); // no suffix: detection is by content
        run(List.of(tool, "-c", tar.toString()), compressed);
        assertThat(Compression.detect(compressed)).isEqualTo(expected);
        ExtractionResult r = EXTRACTOR.extract(compressed, tmp.resolve("jrunc"));
        assertThat(r.compression()).isEqualTo(expected);
        assertSameTree(tmp.resolve("jrunc"), gnuTar(tar));
    }

    @Test
    void devicesFifosSetuidOwnersAndXattrsMatchGnuTar() throws Exception {
        FileTime fractional = FileTime.from(Instant.parse("2021-03-04T05:06:07.891Z"));
        FileTime old = FileTime.from(Instant.parse("1999-12-31T23:59:59Z"));
        // In tree order, as tar writes archives: GNU tar sets a directory's time when it leaves it.
        Path tar = new TarBuilder()
                .dir("bin")
                .file("bin/ping", "ping".getBytes(StandardCharsets.UTF_8), 0755, e -> {
                    e.addPaxHeader("SCHILY.xattr.user.note", "hello");
                    e.addPaxHeader("SCHILY.xattr.trusted.overlay.opaque", "y");
                })
                .symlink("bin/sh", "su", e -> {
                    e.setIds(1234, 4321);
                    e.setModTime(old);
                })
                .file("bin/su", "su".getBytes(StandardCharsets.UTF_8), 04755, e -> { })
                .hardLink("bin/su2", "bin/su")
                .file("bin/wall", "wall".getBytes(StandardCharsets.UTF_8), 02755, e -> e.setIds(0, 5))
                .dir("dev")
                .blockDevice("dev/loop0", 7, 0)
                .charDevice("dev/null", 1, 3)
                .entry("dev/tty", (byte) '3', 0620, null, e -> {
                    e.setDevMajor(5);
                    e.setDevMinor(0);
                    e.setIds(0, 5);
                })
                .dir("etc")
                .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .file("etc/shadow", "root:*:1::::::\n".getBytes(StandardCharsets.UTF_8), 0640, e -> e.setIds(0, 42))
                .symlink("etc/up", "../../../..")
                .dir("home")
                .dir("home/u", 0700, e -> e.setIds(1000, 1000))
                .file("home/u/file", "mine".getBytes(StandardCharsets.UTF_8), 0600, e -> {
                    e.setIds(1000, 1000);
                    e.setLastModifiedTime(fractional);
                })
                .dir("run")
                .fifo("run/initctl")
                .hardLink("run/initctl2", "run/initctl")
                .dir("tmp", 01777, e -> { })
                .dir("var")
                .dir("var/mail", 02775, e -> e.setIds(0, 8))
                .write(tmp.resolve("special.tar"));

        ExtractionResult r = EXTRACTOR.extract(tar, tmp.resolve("jrunc"));
        assertThat(r.skipped()).isEmpty();
        assertThat(r.ownership()).isEmpty();
        Path gnu = gnuTar(tar);
        assertSameTree(tmp.resolve("jrunc"), gnu);
        Map<String, TreeSnapshot.Info> tree = TreeSnapshot.of(tmp.resolve("jrunc"));
        assertThat(tree.get("dev/null").type()).isEqualTo('c');
        assertThat(tree.get("dev/loop0").type()).isEqualTo('b');
        assertThat(tree.get("run/initctl").type()).isEqualTo('p');
        assertThat(tree.get("bin/su").mode()).isEqualTo(04755);
        assertThat(tree.get("var/mail").mode()).isEqualTo(02775);
        assertThat(xattrs(tmp.resolve("jrunc/bin/ping"))).containsEntry("user.note", "68656c6c6f")
                .containsEntry("trusted.overlay.opaque", "79");
    }

    // ---- comparison -------------------------------------------------------------------------

    private static void assertSameTree(Path actual, Path expected) throws IOException {
        assertThat(describe(actual)).isEqualTo(describe(expected));
        assertThat(hardLinkGroups(actual)).isEqualTo(hardLinkGroups(expected));
    }

    /** Everything but inode numbers, link counts and ctimes, plus extended attributes. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, TreeSnapshot.Info> e : TreeSnapshot.of(root).entrySet()) {
            out.put(e.getKey(), e.getValue().portable() + " xattrs=" + xattrs(root.resolve(e.getKey())));
        }
        return out;
    }

    /** Paths grouped by inode, for inodes with more than one name. */
    private static Set<List<String>> hardLinkGroups(Path root) {
        Map<Long, List<String>> byInode = new TreeMap<>();
        TreeSnapshot.of(root).forEach((rel, info) -> byInode.computeIfAbsent(info.inode(), k -> new ArrayList<>()).add(rel));
        return byInode.values().stream().filter(l -> l.size() > 1).map(l -> l.stream().sorted().collect(Collectors.toList()))
                .collect(Collectors.toCollection(() -> new TreeSet<>(Comparator.LIST)));
    }

    private Path gnuTar(Path archive) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("gnu"));
        run(List.of("tar", "--same-owner", "--numeric-owner", "-p", "--xattrs", "--xattrs-include=*",
                "-xf", archive.toString(), "-C", dir.toString()), null);
        return dir;
    }

    private static void run(List<String> command, Path stdout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exit status", command).isZero();
    }

    private static Path busyboxTar() {
        String path = System.getProperty("jrunc.busybox.tar");
        Requirements.require(path != null && Files.isRegularFile(Path.of(path)), "the busybox tarball at " + path);
        return Path.of(path);
    }

    // ---- extended attributes, read with libc --------------------------------------------------

    /** libc's xattr listing, for comparing trees. */
    public interface XattrLibc extends Library {
        /** The instance. */
        XattrLibc INSTANCE = Native.load("c", XattrLibc.class);

        /**
         * See llistxattr(2).
         *
         * @param path the path
         * @param list the buffer
         * @param size its size
         * @return the length, or -1
         */
        long llistxattr(String path, byte[] list, long size);

        /**
         * See lgetxattr(2).
         *
         * @param path the path
         * @param name the attribute
         * @param value the buffer
         * @param size its size
         * @return the length, or -1
         */
        long lgetxattr(String path, String name, byte[] value, long size);
    }

    static Map<String, String> xattrs(Path path) {
        Map<String, String> out = new TreeMap<>();
        byte[] list = new byte[65536];
        long n = XattrLibc.INSTANCE.llistxattr(path.toString(), list, list.length);
        if (n <= 0) {
            return out;
        }
        for (String name : new String(list, 0, (int) n, StandardCharsets.UTF_8).split("\0")) {
            if (name.isEmpty()) {
                continue;
            }
            byte[] value = new byte[65536];
            long len = XattrLibc.INSTANCE.lgetxattr(path.toString(), name, value, value.length);
            out.put(name, len < 0 ? "?" : HexFormat.of().formatHex(Arrays.copyOf(value, (int) len)));
        }
        return out;
    }

    private static final class Comparator {
        static final java.util.Comparator<List<String>> LIST = (a, b) -> String.join("\n", a).compareTo(String.join("\n", b));
    }
}
