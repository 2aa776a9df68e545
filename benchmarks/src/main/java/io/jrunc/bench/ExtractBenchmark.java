package io.jrunc.bench;

import io.jrunc.internal.rootfs.Extraction;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsExtractor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Times jrunc's rootfs extraction (in this JVM, warmed up) against {@code tar -xf} of the same
 * archive into a fresh directory: the busybox tarball and a generated one of 22,500 entries and
 * about 245 MB (written once, deterministically, into the work directory). Each run extracts into
 * a new directory after {@code sync}, the two tools alternating which goes first; the trees are
 * deleted only at the end (on ext4, creating files right after deleting thousands makes inode
 * allocation skip the recently deleted ones, slowly and erratically). Warm-up runs are dropped, and
 * before any run the JVM is warmed up with 200 untimed extractions of the busybox tarball. Prints
 * median, min and max wall time per tool, the median CPU time (user +
 * system; for jrunc the whole JVM's), and the ratios of the medians. CPU time is the steadier
 * measure on a shared machine.
 *
 * <pre>
 * usage: ExtractBenchmark [--reps N] [--warmup N] [--work DIR] [--busybox TAR] [--only busybox|generated]
 * </pre>
 *
 * <p>Run it with {@code benchmarks/run-extract.sh}.
 */
public final class ExtractBenchmark {
    private static final int SMALL_FILES = 19_950;
    private static final int BIG_FILES = 50;
    private static final int BIG_SIZE = 2 << 20;
    private static final int DIRS = 40 * 25;
    private static final int SYMLINKS = 1_000;
    private static final int HARD_LINKS = 500;
    private static final String GENERATED = "generated-v1.tar";

    private ExtractBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class documentation
     * @throws Exception if something fails
     */
    public static void main(String[] args) throws Exception {
        int reps = 9;
        int warmup = 3;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "jrunc-bench");
        Path busybox = Path.of(System.getProperty("jrunc.busybox.tar", "test-rootfs/target/busybox-rootfs.tar"));
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--work": work = Path.of(args[++i]); break;
                case "--busybox": busybox = Path.of(args[++i]); break;
                case "--only": only = args[++i]; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(work);
        Path generated = work.resolve(GENERATED);
        if (!Files.exists(generated)) {
            System.out.printf("generating %s ...%n", generated);
            generate(generated);
        }
        System.out.printf("jrunc file-system support: %s; %d runs after %d warm-up runs; work dir %s%n",
                Extraction.nativeFs(), reps, warmup, work);
        if (Files.isRegularFile(busybox)) {
            jitWarmup(busybox, work, 200);
        }
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-10s %8s %7s  %-6s %9s %9s %9s %9s  %s", "archive", "entries", "MB",
                "tool", "median", "min", "max", "cpu", "jrunc/tar (wall, cpu)"));
        table.add(String.format(Locale.ROOT, "%-10s %8s %7s  %-6s %9s %9s %9s %9s", "", "", "", "", "ms", "ms", "ms",
                "ms"));
        if (only == null || only.equals("busybox")) {
            if (Files.isRegularFile(busybox)) {
                table.addAll(measure("busybox", busybox, work, reps, warmup));
            } else {
                System.out.println("skipping busybox: no " + busybox + " (build test-rootfs first)");
            }
        }
        if (only == null || only.equals("generated")) {
            table.addAll(measure("generated", generated, work, reps, warmup));
        }
        System.out.println();
        table.forEach(System.out::println);
    }

    private static List<String> measure(String label, Path archive, Path work, int reps, int warmup) throws Exception {
        RootfsExtractor extractor = RootfsExtractor.builder().build();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> jruncWall = new ArrayList<>();
        List<Double> jruncCpu = new ArrayList<>();
        List<Double> tarWall = new ArrayList<>();
        List<Double> tarCpu = new ArrayList<>();
        long entries = 0;
        Path runs = work.resolve("runs");
        prepare(runs);
        Files.createDirectories(runs);
        for (int i = 0; i < warmup + reps; i++) {
            double jw = 0;
            double jc = 0;
            double[] tar = null;
            for (int turn = 0; turn < 2; turn++) {
                boolean jruncTurn = (turn == 0) == (i % 2 == 0);
                Path dir = runs.resolve(label + "-" + i + (jruncTurn ? "-jrunc" : "-tar"));
                run("sync");
                if (jruncTurn) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    ExtractionResult r = extractor.extract(archive, dir);
                    jw = (System.nanoTime() - t0) / 1e6;
                    jc = (os.getProcessCpuTime() - cpu0) / 1e6;
                    entries = r.entries();
                } else {
                    Files.createDirectory(dir);
                    tar = timeTar(archive, dir);
                }
            }
            if (i >= warmup) {
                jruncWall.add(jw);
                jruncCpu.add(jc);
                tarWall.add(tar[0]);
                tarCpu.add(tar[1]);
            }
            System.out.printf(Locale.ROOT, "%s run %d%s: jrunc %.1f ms (cpu %.0f), tar %.1f ms (cpu %.0f)%n", label,
                    i + 1, i < warmup ? " (warm-up)" : "", jw, jc, tar[0], tar[1]);
        }
        prepare(runs);
        double mb = Files.size(archive) / 1e6;
        return List.of(
                String.format(Locale.ROOT, "%-10s %8d %7.1f  %-6s %9.1f %9.1f %9.1f %9.0f  %.2f, %.2f", label, entries,
                        mb, "jrunc", median(jruncWall), Collections.min(jruncWall), Collections.max(jruncWall),
                        median(jruncCpu), median(jruncWall) / median(tarWall), median(jruncCpu) / median(tarCpu)),
                String.format(Locale.ROOT, "%-10s %8s %7s  %-6s %9.1f %9.1f %9.1f %9.0f", "", "", "", "tar",
                        median(tarWall), Collections.min(tarWall), Collections.max(tarWall), median(tarCpu)));
    }

    /** Extracts a small archive many times, untimed, so that the JIT has compiled the hot paths. */
    private static void jitWarmup(Path archive, Path work, int times) throws Exception {
        Path dir = work.resolve("jit-warmup");
        prepare(dir);
        RootfsExtractor extractor = RootfsExtractor.builder().build();
        for (int i = 0; i < times; i++) {
            extractor.extract(archive, dir.resolve(String.valueOf(i)));
        }
        prepare(dir);
    }

    /** Runs {@code tar -xf} timed by bash: wall and user + system milliseconds of tar itself. */
    static double[] timeTar(Path archive, Path dir) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%R %U %S'; time tar -xf \"$0\" -C \"$1\"",
                archive.toString(), dir.toString()).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("tar failed: " + err);
        }
        String[] lines = err.split("\n");
        String[] t = lines[lines.length - 1].trim().split(" ");
        return new double[] {Double.parseDouble(t[0]) * 1000,
            (Double.parseDouble(t[1]) + Double.parseDouble(t[2])) * 1000};
    }

    /** Deletes a tree (untimed) and flushes dirty pages. */
    private static void prepare(Path dir) throws Exception {
        if (Files.exists(dir)) {
            run("rm", "-rf", dir.toString());
        }
        run("sync");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    /** Writes the generated archive: same bytes on every run (fixed seed, times and owners). */
    static void generate(Path out) throws IOException {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        SplittableRandom random = new SplittableRandom(20240101);
        FileTime mtime = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] buf = new byte[BIG_SIZE];
        List<String> dirs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(file, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int a = 0; a < 40; a++) {
                String top = String.format("usr/d%02d", a);
                if (a == 0) {
                    put(tar, dir("usr/", mtime), null, 0);
                }
                put(tar, dir(top + "/", mtime), null, 0);
                for (int b = 0; b < 25; b++) {
                    String d = String.format("%s/e%02d", top, b);
                    put(tar, dir(d + "/", mtime), null, 0);
                    dirs.add(d);
                }
            }
            for (int i = 0; i < SMALL_FILES + BIG_FILES; i++) {
                String d = dirs.get(i % DIRS);
                String name = String.format("%s/file-%05d.bin", d, i);
                int size = i < BIG_FILES ? BIG_SIZE : random.nextInt(12_289);
                for (int k = 0; k < size; k += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8 && k + j < size; j++) {
                        buf[k + j] = (byte) (v >>> (8 * j));
                    }
                }
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                e.setMode(i % 10 == 0 ? 0755 : 0644);
                e.setModTime(mtime);
                e.setSize(size);
                put(tar, e, buf, size);
                files.add(name);
            }
            for (int i = 0; i < SYMLINKS; i++) {
                TarArchiveEntry e = new TarArchiveEntry(String.format("%s/link-%04d", dirs.get(i % DIRS), i),
                        TarConstants.LF_SYMLINK);
                e.setLinkName("/" + files.get(random.nextInt(files.size())));
                e.setModTime(mtime);
                put(tar, e, null, 0);
            }
            for (int i = 0; i < HARD_LINKS; i++) {
                TarArchiveEntry e = new TarArchiveEntry(String.format("%s/hard-%04d", dirs.get(i % DIRS), i),
                        TarConstants.LF_LINK);
                e.setLinkName(files.get(random.nextInt(files.size())));
                e.setModTime(mtime);
                put(tar, e, null, 0);
            }
            tar.finish();
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private static TarArchiveEntry dir(String name, FileTime mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR);
        e.setMode(0755);
        e.setModTime(mtime);
        return e;
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] data, int size) throws IOException {
        tar.putArchiveEntry(e);
        if (data != null) {
            tar.write(data, 0, size);
        }
        tar.closeArchiveEntry();
    }
}
