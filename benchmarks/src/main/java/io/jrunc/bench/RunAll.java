package io.jrunc.bench;

import io.jrunc.Container;
import io.jrunc.internal.linux.runtime.LinuxContainerRuntime;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Every benchmark of issue 8 in one run, on one busybox bundle ({@code runc spec} with
 * {@code terminal: false}, {@code args: ["/bin/true"]}), side by side, printing one table:
 *
 * <ol>
 *   <li><b>run to exit</b> of {@code /bin/true}: jrunc embedded (warm JVM), {@code jrunc run} (a
 *       new JVM each time, the build's launcher), {@code crun run}, {@code runc run}, and the floor
 *       {@code unshare -p -f -m -u -i -n chroot ROOTFS /bin/true}; the tools take turns in rounds;
 *   <li><b>throughput</b>: N containers run to exit, P at a time: jrunc embedded (P threads each
 *       starting, waiting for and closing containers) against {@code crun run} and {@code runc run}
 *       launched P at a time;
 *   <li><b>create, start, delete</b> (what an engine pays per container):
 *       {@code X create}, {@code X start}, {@code X delete -f} for jrunc's CLI, runc and crun;
 *   <li><b>rootfs extraction</b> against {@code tar -xf}: the busybox tarball and a generated
 *       archive of 22,500 entries and 245 MB (made once, kept in {@code benchmarks/target});
 *   <li><b>footprint</b> with C containers running {@code sleep}: each shim's RSS and PSS, and the
 *       JVM threads and heap that containers 2..C added to the JVM.
 * </ol>
 *
 * <p>Command lines are timed by small Perl scripts (fork to reaped); crun runs inside one
 * {@code unshare -m} per batch with {@code /sys/fs/cgroup/unified} unmounted (it refuses the
 * hybrid cgroup layout otherwise), the same wrapper around a whole batch, so not in its time. State
 * roots live on tmpfs ({@code /dev/shm}) in a directory of this run, deleted at the end with the
 * bundle and the extracted trees; containers left by a failure are deleted with {@code -f}.
 *
 * <pre>
 * usage: RunAll [--quick] [--parts 1,2,3,4,5] [--parallel P] [--out FILE] [--work DIR]
 *               [--busybox TAR] [--launcher PATH]
 * </pre>
 *
 * <p>Run it as root with {@code benchmarks/run-all.sh}; no test asserts a time.
 */
public final class RunAll {
    private static final String P1 = "1. run to exit: /bin/true, default isolation (wall time per container)";
    private static final String P2 = "2. throughput: containers run to exit, in parallel";
    private static final String P3 = "3. create + start + delete -f, one container after another";
    private static final String P4 = "4. rootfs extraction";
    private static final String P5 = "5. footprint with containers running";
    private static final long SETTLE_MILLIS = 300;

    private final boolean quick;
    private final Set<String> parts;
    private final int parallel;
    private final Path work;
    private final Path busybox;
    private final Path launcher;
    private final Path stateRoot;
    private final Table table = new Table();
    private final List<String> commands = new ArrayList<>();
    private Path bundle;
    private Path rootfs;
    private Spec embeddedSpec;
    private Path timeRuns;
    private Path runParallel;
    private LinuxContainerRuntime runtime;
    private final boolean hasUnified = Files.isDirectory(Path.of("/sys/fs/cgroup/unified"));
    private final Optional<String> runc = onPath("runc");
    private final Optional<String> crun = onPath("crun");
    private int nextId;

    private RunAll(boolean quick, Set<String> parts, int parallel, Path work, Path busybox, Path launcher) {
        this.quick = quick;
        this.parts = parts;
        this.parallel = parallel;
        this.work = work;
        this.busybox = busybox;
        this.launcher = launcher;
        Path shm = Path.of("/dev/shm");
        this.stateRoot = (Files.isDirectory(shm) ? shm : work).resolve("jrunc-bench-state-" + ProcessHandle.current().pid());
    }

    /**
     * Runs the benchmarks.
     *
     * @param args see the class documentation
     * @throws Exception if something fails
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> parts = new LinkedHashSet<>(List.of("1", "2", "3", "4", "5"));
        int parallel = 4 * Runtime.getRuntime().availableProcessors();
        Path out = Path.of("benchmarks/target/bench-results.txt");
        Path work = Path.of("benchmarks/target/bench-work");
        Path busybox = Path.of(System.getProperty("jrunc.busybox.tar", "test-rootfs/target/busybox-rootfs.tar"));
        Path launcher = Path.of(System.getProperty("jrunc.launcher", "runtime-cli/target/jrunc"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick": quick = true; break;
                case "--parts": parts = new LinkedHashSet<>(List.of(args[++i].split(","))); break;
                case "--parallel": parallel = Integer.parseInt(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--work": work = Path.of(args[++i]); break;
                case "--busybox": busybox = Path.of(args[++i]); break;
                case "--launcher": launcher = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(busybox)) {
            throw new IllegalStateException("no " + busybox + ": build test-rootfs first");
        }
        RunAll bench = new RunAll(quick, parts, parallel, work.toAbsolutePath(), busybox.toAbsolutePath(),
                launcher.toAbsolutePath());
        long t0 = System.nanoTime();
        String report;
        try {
            bench.setUp();
            bench.runParts();
        } finally {
            bench.cleanUp();
        }
        report = bench.report((System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("(also written to " + out + ")");
    }

    private void setUp() throws Exception {
        Files.createDirectories(work);
        bundle = work.resolve("bundle");
        run("rm", "-rf", bundle.toString());
        rootfs = bundle.resolve("rootfs");
        RootfsExtractor.builder().build().extract(busybox, rootfs);
        Spec defaults = Spec.defaults();
        Spec spec = defaults.toBuilder()
                .process(defaults.process().toBuilder().terminal(false).args(List.of("/bin/true")).build())
                .build();
        spec.write(bundle.resolve("config.json"));
        embeddedSpec = spec.toBuilder()
                .root(spec.root().toBuilder().path(rootfs.toString()).build()).build();
        timeRuns = resource("time-runs.pl");
        runParallel = resource("run-parallel.pl");
        run("rm", "-rf", stateRoot.toString());
        Files.createDirectories(stateRoot);
        runtime = new LinuxContainerRuntime(stateRoot.resolve("embedded"));
    }

    private Path resource(String name) throws IOException {
        Path p = work.resolve(name);
        try (InputStream in = RunAll.class.getResourceAsStream(name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private void runParts() throws Exception {
        System.out.println("machine: " + machine());
        System.out.println(quick ? "quick mode: small counts, for development; numbers are rough"
                : "full mode");
        if (parts.contains("1")) {
            runToExit();
        }
        if (parts.contains("2")) {
            throughput();
        }
        if (parts.contains("3")) {
            lifecycle();
        }
        if (parts.contains("4")) {
            extraction();
        }
        if (parts.contains("5")) {
            footprint();
        }
    }

    // ---------------------------------------------------------------- 1. run to exit

    private void runToExit() throws Exception {
        int rounds = quick ? 2 : 10;
        int warmup = quick ? 200 : 1000;
        int nEmbedded = quick ? 40 : 200;
        int nCli = quick ? 6 : 30;
        int nExt = quick ? 20 : 100;
        System.out.printf("%n%s: %d rounds%n", P1, rounds);
        List<Double> embedded = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        List<Double> runcMs = new ArrayList<>();
        List<Double> crunMs = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        System.out.printf("  embedded: %d warm-up runs%n", warmup);
        embeddedRuns(warmup, null);
        boolean hasCli = Files.isExecutable(launcher);
        if (!hasCli) {
            System.out.println("  skipping jrunc run: no " + launcher + " (build runtime-cli first)");
        }
        List<String> floorCmd = List.of("unshare", "-p", "-f", "-m", "-u", "-i", "-n", "chroot", rootfs.toString(),
                "/bin/true");
        for (int round = 0; round < rounds; round++) {
            settle();
            embeddedRuns(share(nEmbedded, rounds, round), embedded);
            if (hasCli) {
                settle();
                timeSequential(runCommand(launcher.toString(), "cli"), share(nCli, rounds, round), cli);
            }
            if (runc.isPresent()) {
                settle();
                timeSequential(runCommand(runc.get(), "runc"), share(nExt, rounds, round), runcMs);
            }
            if (crun.isPresent()) {
                settle();
                timeSequential(inCrunNamespace(
                        List.of("perl", timeRuns.toString(), "" + share(nExt, rounds, round), "" + nextId),
                        runCommand(crun.get(), "crun")), crunMs);
            }
            settle();
            timeSequential(floorCmd, share(nEmbedded, rounds, round), floor);
            System.out.printf(Locale.ROOT, "  round %d/%d, load %s: medians embedded %s, jrunc run %s, runc %s, "
                    + "crun %s, floor %s ms%n", round + 1, rounds, load(), med(embedded), med(cli), med(runcMs),
                    med(crunMs), med(floor));
        }
        table.add(P1, "jrunc embedded (warm JVM)", Stats.of(embedded), "ms", null);
        table.add(P1, "jrunc run (new JVM each time)", Stats.of(cli), "ms", null);
        table.add(P1, "crun run", Stats.of(crunMs), "ms", null);
        table.add(P1, "runc run", Stats.of(runcMs), "ms", null);
        table.add(P1, "floor: unshare -p -f -m -u -i -n chroot", Stats.of(floor), "ms", null);
        table.ratiosTo(P1, "crun run", "runc run", "floor: unshare -p -f -m -u -i -n chroot");
        table.goal(new Table.Goal("embedded run-to-exit <= 0.5x crun", P1 + "/jrunc embedded (warm JVM)",
                P1 + "/crun run", 0.5, true));
        table.goal(new Table.Goal("embedded run-to-exit <= 2x the unshare floor", P1 + "/jrunc embedded (warm JVM)",
                P1 + "/floor: unshare -p -f -m -u -i -n chroot", 2, true));
        table.goal(new Table.Goal("jrunc run <= runc run", P1 + "/jrunc run (new JVM each time)",
                P1 + "/runc run", 1, true));
        commands.add("1. embedded: Container.builder().runtime(new LinuxContainerRuntime(STATE)).id(ID).spec(bundle "
                + "spec, root.path absolute).redirectInput(/dev/null).redirectOutput(DISCARD)"
                + ".redirectError(DISCARD).start(); process().waitFor(); close()");
        commands.add("1. jrunc/runc/crun: RUNTIME --root STATE run -b " + bundle + " ID   (crun: in unshare -m"
                + (hasUnified ? ", /sys/fs/cgroup/unified unmounted)" : ")"));
        commands.add("1. floor: " + String.join(" ", floorCmd));
    }

    /** Runs {@code k} embedded containers to exit one after another; their times into {@code into} unless null. */
    private void embeddedRuns(int k, List<Double> into) throws Exception {
        for (int i = 0; i < k; i++) {
            long t0 = System.nanoTime();
            int status = embeddedRun("e-" + nextId++, embeddedSpec);
            long t1 = System.nanoTime();
            if (status != 0) {
                throw new IllegalStateException("an embedded run exited with " + status);
            }
            if (into != null) {
                into.add((t1 - t0) / 1e6);
            }
        }
    }

    private int embeddedRun(String id, Spec spec) throws Exception {
        Container c = Container.builder().runtime(runtime).id(id).spec(spec)
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD)
                .start();
        try {
            return c.process().waitFor();
        } finally {
            c.close();
        }
    }

    /** {@code RUNTIME --root STATE run -b BUNDLE id-{}}. */
    private List<String> runCommand(String tool, String stateName) {
        return List.of(tool, "--root", stateRoot.resolve(stateName).toString(), "run", "-b", bundle.toString(),
                "id-{}");
    }

    /** Times {@code k} runs of {@code cmd} one after another (ids from nextId). */
    private void timeSequential(List<String> cmd, int k, List<Double> into) throws Exception {
        List<String> full = new ArrayList<>(List.of("perl", timeRuns.toString(), "" + k, "" + nextId));
        full.addAll(cmd);
        timeSequential(full, into);
    }

    /** Runs a prepared time-runs.pl command line and adds its samples (ms). */
    private void timeSequential(List<String> timerCmd, List<Double> into) throws Exception {
        for (String line : output(timerCmd).split("\n")) {
            if (!line.isBlank() && !line.startsWith("cpu ")) {
                into.add(Long.parseLong(line.trim()) / 1e6);
                nextId++;
            }
        }
    }

    /** {@code unshare -m sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh PREFIX... TOOL...}. */
    private List<String> inCrunNamespace(List<String> prefix, List<String> cmd) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                (hasUnified ? "umount /sys/fs/cgroup/unified && " : "") + "exec \"$@\"", "sh"));
        wrapped.addAll(prefix);
        wrapped.addAll(cmd);
        return wrapped;
    }

    // ---------------------------------------------------------------- 2. throughput

    private void throughput() throws Exception {
        int n = quick ? 50 : 200;
        int reps = quick ? 1 : 3;
        System.out.printf("%n%s: %d containers, %d at a time, %d repetitions%n", P2, n, parallel, reps);
        List<Double> embedded = new ArrayList<>();
        List<Double> runcRate = new ArrayList<>();
        List<Double> crunRate = new ArrayList<>();
        embeddedRuns(quick ? 50 : 200, null); // warm
        for (int r = 0; r < reps; r++) {
            settle();
            embedded.add(n / embeddedParallel(n));
            if (runc.isPresent()) {
                settle();
                runcRate.add(n / parallelTotal(false, runCommand(runc.get(), "runc"), n));
            }
            if (crun.isPresent()) {
                settle();
                crunRate.add(n / parallelTotal(true, runCommand(crun.get(), "crun"), n));
            }
            System.out.printf(Locale.ROOT, "  repetition %d/%d, load %s: embedded %s, runc %s, crun %s containers/s%n",
                    r + 1, reps, load(), med(embedded), med(runcRate), med(crunRate));
        }
        table.add(P2, "jrunc embedded", Stats.of(embedded), "per s", n + " containers, " + parallel + " at a time");
        table.add(P2, "crun run", Stats.of(crunRate), "per s", null);
        table.add(P2, "runc run", Stats.of(runcRate), "per s", null);
        table.ratiosTo(P2, "crun run", "runc run");
        table.goal(new Table.Goal("throughput >= crun's", P2 + "/jrunc embedded", P2 + "/crun run", 1, false));
        commands.add("2. embedded: " + parallel + " threads, each: the embedded run of part 1; crun/runc: the run "
                + "command of part 1, " + parallel + " at a time (run-parallel.pl)");
    }

    /** Seconds for {@code n} embedded containers run to exit by {@code parallel} threads. */
    private double embeddedParallel(int n) throws Exception {
        AtomicInteger left = new AtomicInteger(n);
        int first = nextId;
        nextId += n;
        AtomicInteger ids = new AtomicInteger(first);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                fs.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        int status = embeddedRun("e-" + ids.getAndIncrement(), embeddedSpec);
                        if (status != 0) {
                            throw new IllegalStateException("an embedded run exited with " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seconds for {@code n} runs of {@code cmd}, {@code parallel} at once (crun's inside its mount namespace). */
    private double parallelTotal(boolean crunNamespace, List<String> cmd, int n) throws Exception {
        List<String> driver = List.of("perl", runParallel.toString(), "" + n, "" + parallel, "" + nextId);
        List<String> full;
        if (crunNamespace) {
            full = inCrunNamespace(driver, cmd);
        } else {
            full = new ArrayList<>(driver);
            full.addAll(cmd);
        }
        nextId += n;
        for (String line : output(full).split("\n")) {
            if (line.startsWith("total ")) {
                return Long.parseLong(line.substring(6).trim()) / 1e9;
            }
        }
        throw new IOException("no total from " + String.join(" ", full));
    }

    // ---------------------------------------------------------------- 3. create, start, delete

    private void lifecycle() throws Exception {
        int nCli = quick ? 4 : 20;
        int nExt = quick ? 10 : 60;
        int rounds = quick ? 1 : 4;
        System.out.printf("%n%s: %d rounds%n", P3, rounds);
        List<Double> cli = new ArrayList<>();
        List<Double> runcMs = new ArrayList<>();
        List<Double> crunMs = new ArrayList<>();
        String script = "\"$0\" --root \"$1\" create -b \"$2\" \"$3\" && \"$0\" --root \"$1\" start \"$3\""
                + " && \"$0\" --root \"$1\" delete -f \"$3\"";
        for (int round = 0; round < rounds; round++) {
            if (Files.isExecutable(launcher)) {
                settle();
                timeSequential(lifecycleCommand(script, launcher.toString(), "cli-lc"), share(nCli, rounds, round), cli);
            }
            if (runc.isPresent()) {
                settle();
                timeSequential(lifecycleCommand(script, runc.get(), "runc-lc"), share(nExt, rounds, round), runcMs);
            }
            if (crun.isPresent()) {
                settle();
                timeSequential(inCrunNamespace(
                        List.of("perl", timeRuns.toString(), "" + share(nExt, rounds, round), "" + nextId),
                        lifecycleCommand(script, crun.get(), "crun-lc")), crunMs);
            }
            System.out.printf(Locale.ROOT, "  round %d/%d, load %s: medians jrunc %s, runc %s, crun %s ms%n",
                    round + 1, rounds, load(), med(cli), med(runcMs), med(crunMs));
        }
        table.add(P3, "jrunc (3 new JVMs)", Stats.of(cli), "ms", null);
        table.add(P3, "crun", Stats.of(crunMs), "ms", null);
        table.add(P3, "runc", Stats.of(runcMs), "ms", null);
        table.ratiosTo(P3, "crun", "runc");
        table.goal(new Table.Goal("jrunc create+start+delete <= runc's", P3 + "/jrunc (3 new JVMs)", P3 + "/runc",
                1, true));
        commands.add("3. sh -c 'RUNTIME --root STATE create -b " + bundle + " ID && RUNTIME --root STATE start ID && "
                + "RUNTIME --root STATE delete -f ID'");
    }

    private List<String> lifecycleCommand(String script, String tool, String stateName) {
        return List.of("sh", "-c", script, tool, stateRoot.resolve(stateName).toString(), bundle.toString(), "lc-{}");
    }

    // ---------------------------------------------------------------- 4. extraction

    private void extraction() throws Exception {
        Path generated = work.getParent().resolve("generated-v1.tar");
        if (!Files.exists(generated)) {
            System.out.printf("%ngenerating %s (kept for later runs) ...%n", generated);
            ExtractBenchmark.generate(generated);
        }
        Path runs = work.resolve("extract");
        RootfsExtractor extractor = RootfsExtractor.builder().build();
        System.out.printf("%n%s: JIT warm-up%n", P4);
        run("rm", "-rf", runs.toString());
        for (int i = 0; i < (quick ? 30 : 200); i++) {
            extractor.extract(busybox, runs.resolve("warm-" + i));
        }
        run("rm", "-rf", runs.toString());
        extract("busybox", busybox, runs, quick ? 5 : 15, 1);
        extract("generated", generated, runs, quick ? 1 : 3, quick ? 0 : 1);
        commands.add("4. jrunc: RootfsExtractor.builder().build().extract(ARCHIVE, NEW_DIR) in this JVM; tar: "
                + "tar -xf ARCHIVE -C NEW_DIR (timed by bash); each run into a new directory after sync, the tools "
                + "alternating which goes first, trees deleted only at the end; work dir " + runs);
    }

    private void extract(String label, Path archive, Path runs, int reps, int warmup) throws Exception {
        List<Double> jrunc = new ArrayList<>();
        List<Double> tar = new ArrayList<>();
        long entries = 0;
        for (int i = 0; i < warmup + reps; i++) {
            double jw = 0;
            double tw = 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean jruncTurn = (turn == 0) == (i % 2 == 0);
                Path dir = runs.resolve(label + "-" + i + (jruncTurn ? "-jrunc" : "-tar"));
                run("sync");
                if (jruncTurn) {
                    long t0 = System.nanoTime();
                    ExtractionResult r = RootfsExtractor.builder().build().extract(archive, dir);
                    jw = (System.nanoTime() - t0) / 1e6;
                    entries = r.entries();
                } else {
                    Files.createDirectories(dir);
                    tw = ExtractBenchmark.timeTar(archive, dir)[0];
                }
            }
            if (i >= warmup) {
                jrunc.add(jw);
                tar.add(tw);
            }
            System.out.printf(Locale.ROOT, "  %s run %d%s: jrunc %.1f ms, tar %.1f ms%n", label, i + 1,
                    i < warmup ? " (warm-up)" : "", jw, tw);
        }
        run("rm", "-rf", runs.toString());
        String part = String.format(Locale.ROOT, "%s: %s (%d entries, %.1f MB)", P4, label, entries,
                Files.size(archive) / 1e6);
        table.add(part, "jrunc RootfsExtractor", Stats.of(jrunc), "ms", null);
        table.add(part, "tar -xf", Stats.of(tar), "ms", null);
        table.ratiosTo(part, "tar -xf");
        table.goal(new Table.Goal("extraction, " + label + ": no slower than GNU tar",
                part + "/jrunc RootfsExtractor", part + "/tar -xf", 1, true));
    }

    // ---------------------------------------------------------------- 5. footprint

    private void footprint() throws Exception {
        int count = quick ? 20 : 100;
        System.out.printf("%n%s: %d containers running sleep%n", P5, count);
        Spec sleeping = embeddedSpec.toBuilder()
                .process(embeddedSpec.process().toBuilder().args(List.of("/bin/sleep", "600")).build()).build();
        List<Container> up = new ArrayList<>();
        try {
            up.add(start("fp-0", sleeping));
            settle();
            int threads1 = threads();
            long heap1 = heapUsed();
            for (int i = 1; i < count; i++) {
                up.add(start("fp-" + i, sleeping));
            }
            settle();
            int threadsN = threads();
            long heapN = heapUsed();
            List<Double> rss = new ArrayList<>();
            List<Double> pss = new ArrayList<>();
            for (Container c : up) {
                long shim = parentOf(c.process().pid());
                rss.add(statusKib(shim, "VmRSS:"));
                pss.add(rollupKib(shim, "Pss:"));
            }
            table.add(P5, "shim RSS per container", Stats.of(rss), "KiB", "over the " + count + " shims");
            table.add(P5, "shim PSS per container", Stats.of(pss), "KiB", "shared pages divided among sharers");
            table.add(P5, "JVM threads per container", Stats.single((threadsN - threads1) / (double) (count - 1)),
                    "threads", String.format(Locale.ROOT, "%d threads with 1 container, %d with %d", threads1,
                            threadsN, count));
            table.add(P5, "JVM heap per container", Stats.single((heapN - heap1) / 1024.0 / (count - 1)), "KiB",
                    "heap used after GC, containers 2.." + count);
            table.goal(new Table.Goal("shim RSS < 1 MiB per container (KiB)", P5 + "/shim RSS per container", null,
                    1024, true));
            table.goal(new Table.Goal("zero JVM threads per container", P5 + "/JVM threads per container", null,
                    0, true));
            commands.add("5. " + count + " embedded containers running /bin/sleep 600; RSS from /proc/SHIM/status, "
                    + "PSS from /proc/SHIM/smaps_rollup; threads from /proc/self/task");
        } finally {
            for (Container c : up) {
                c.close();
            }
        }
    }

    private Container start(String id, Spec spec) {
        return Container.builder().runtime(runtime).id(id).spec(spec)
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD)
                .start();
    }

    private static int threads() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return (int) s.count();
        }
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long parentOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    private static double statusKib(long pid, String key) throws IOException {
        return field(Path.of("/proc/" + pid + "/status"), key);
    }

    private static double rollupKib(long pid, String key) throws IOException {
        return field(Path.of("/proc/" + pid + "/smaps_rollup"), key);
    }

    private static double field(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.startsWith(key)) {
                return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + key + " in " + file);
    }

    // ---------------------------------------------------------------- common

    private void cleanUp() {
        // containers a failure left behind: delete -f each, in every state root of this run
        for (String[] tool : new String[][] {{"cli", launcher.toString()}, {"cli-lc", launcher.toString()},
                {"runc", runc.orElse(null)}, {"runc-lc", runc.orElse(null)}, {"crun", crun.orElse(null)},
                {"crun-lc", crun.orElse(null)}}) {
            Path root = stateRoot.resolve(tool[0]);
            if (tool[1] == null || !Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> ids = Files.list(root)) {
                for (Path id : ids.filter(Files::isDirectory).toList()) {
                    List<String> cmd = List.of(tool[1], "--root", root.toString(), "delete", "-f",
                            id.getFileName().toString());
                    quietly(tool[0].startsWith("crun") ? inCrunNamespace(List.of(), cmd) : cmd);
                }
            } catch (IOException e) {
                System.err.println("cleaning up " + root + ": " + e);
            }
        }
        quietly(List.of("rm", "-rf", stateRoot.toString(), bundle == null ? stateRoot.toString() : bundle.toString(),
                work.resolve("extract").toString(), work.resolve("time-runs.pl").toString(),
                work.resolve("run-parallel.pl").toString()));
    }

    private static void quietly(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.err.println(String.join(" ", cmd) + ": " + e);
        }
    }

    private String report(double seconds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("jrunc benchmarks (benchmarks/run-all.sh").append(quick ? " --quick" : "").append(")\n");
        sb.append("machine: ").append(machine()).append('\n');
        sb.append(String.format(Locale.ROOT, "took %.0f s%n", seconds));
        sb.append(table.render());
        sb.append("\ncommands (ID: a new id per run):\n");
        commands.forEach(c -> sb.append("  ").append(c).append('\n'));
        return sb.toString();
    }

    /** The part of {@code total} runs that round {@code round} of {@code rounds} does. */
    static int share(int total, int rounds, int round) {
        return total * (round + 1) / rounds - total * round / rounds;
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS); // a kernel worker tears network namespaces down after the fact
    }

    private static String med(List<Double> v) {
        return Table.num(Stats.of(v).median());
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
    }

    private String machine() throws IOException {
        String cpu = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        String[] l = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
        Path jvm = launcher.resolveSibling("jrunc.jvm");
        String cliJvm = Files.isReadable(jvm) ? Files.readString(jvm).trim() : "no class-data cache";
        return String.format(Locale.ROOT, "%s, nproc %d, %.1f GiB, kernel %s, load %s %s %s; benchmark JVM %s; "
                + "jrunc launcher JVM and cache: %s; %s; %s", cpu, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                        .getTotalMemorySize() / (double) (1L << 30), System.getProperty("os.version"), l[0], l[1], l[2],
                System.getProperty("java.version"), cliJvm, version("runc"), version("crun"));
    }

    private String version(String tool) {
        Optional<String> p = onPath(tool);
        if (p.isEmpty()) {
            return tool + " not installed";
        }
        try {
            String v = output(List.of(p.get(), "--version")).split("\n")[0];
            return v.trim();
        } catch (Exception e) {
            return tool + " ?";
        }
    }

    private static String output(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
