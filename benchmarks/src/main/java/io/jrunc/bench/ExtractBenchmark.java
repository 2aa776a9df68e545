package io.jrunc.bench;

import io.jrunc.internal.rootfs.Extraction;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsExtractor;
import java.io.BufferedOutputStream;
import java.io.IOException;
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
 * about 220 MB (written once, deterministically, into the work directory). Each run starts after
 * {@code sync} with the previous tree deleted; warm-up runs are dropped. Prints median, min and
 * max per tool and the ratio of medians.
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
        int reps = 7;
        int warmup = 2;
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
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-10s %8s %9s  %-6s %9s %9s %9s  %s", "archive", "entries", "MB",
                "tool", "median", "min", "max", "jrunc/tar"));
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
        List<Double> jrunc = new ArrayList<>();
        List<Double> tar = new ArrayList<>();
        long entries = 0;
        for (int i = 0; i < warmup + reps; i++) {
            Path dir = work.resolve("out");
            prepare(dir);
            long t0 = System.nanoTime();
            ExtractionResult r = extractor.extract(archive, dir);
            double jr = (System.nanoTime() - t0) / 1e6;
            entries = r.entries();

            prepare(dir);
            Files.createDirectory(dir);
            t0 = System.nanoTime();
            run("tar", "-xf", archive.toString(), "-C", dir.toString());
            double gt = (System.nanoTime() - t0) / 1e6;
            if (i >= warmup) {
                jrunc.add(jr);
                tar.add(gt);
            }
            System.out.printf(Locale.ROOT, "%s run %d%s: jrunc %.1f ms, tar %.1f ms%n", label, i + 1,
                    i < warmup ? " (warm-up)" : "", jr, gt);
        }
        prepare(work.resolve("out"));
        double mb = Files.size(archive) / 1e6;
        double ratio = median(jrunc) / median(tar);
        return List.of(
                String.format(Locale.ROOT, "%-10s %8d %9.1f  %-6s %9.1f %9.1f %9.1f  %.2f", label, entries, mb, "jrunc",
                        median(jrunc), Collections.min(jrunc), Collections.max(jrunc), ratio),
                String.format(Locale.ROOT, "%-10s %8s %9s  %-6s %9.1f %9.1f %9.1f", "", "", "", "tar",
                        median(tar), Collections.min(tar), Collections.max(tar)));
    }

    /** Deletes the previous tree (untimed) and flushes dirty pages so runs start alike. */
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
