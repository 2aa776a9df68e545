package io.jrunc.bench;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerRequest;
import io.jrunc.internal.linux.runtime.LinuxContainerRuntime;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times the start of a container, run to its exit and deleted, on one busybox bundle
 * ({@code config.json} is {@code runc spec} with {@code terminal: false} and
 * {@code args: ["/bin/true"]}), side by side:
 *
 * <ol>
 *   <li><b>embedded</b>: jrunc in this JVM, warmed up: {@code Container.builder()...start()},
 *       {@code process().waitFor()}, {@code close()};
 *   <li><b>jrunc run</b>: the launcher {@code runtime-cli/target/jrunc --root R run -b B id}, a
 *       new JVM each time;
 *   <li><b>runc run</b> and <b>crun run</b> with the same arguments (crun inside one
 *       {@code unshare -m} per batch with {@code /sys/fs/cgroup/unified} unmounted: it refuses the
 *       hybrid cgroup layout otherwise);
 *   <li><b>floor</b>: {@code unshare -p -f -m -u -i -n chroot ROOTFS /bin/true}, what new
 *       namespaces and a process cost without any runtime;
 *   <li><b>spawn</b>: the busybox {@code /bin/true} alone, what starting and reaping a process
 *       costs the timer (included in every command-line row).
 * </ol>
 *
 * <p>The bundle is extracted into the work directory; the state roots ({@code --root}, and the
 * embedded runtime's) are in {@code jrunc-startup-state} under {@code --state DIR}, by default
 * {@code /dev/shm} (tmpfs, like {@code /run} on most systems). Embedded runs are also timed by
 * phase (request, create, start, waitFor, close), and the plan compiler alone.
 *
 * <p>The commands are timed by a small Perl script ({@code time-runs.pl}: fork to reaped, one run
 * after another), the embedded runs by {@link System#nanoTime()} around the calls. The tools take
 * turns in rounds, so that a change of load on the machine reaches them all alike, with a pause
 * of 0.3 s before each batch (a kernel worker tears network namespaces down after the fact).
 * Prints, per tool, median, p10 and p90 wall time, the mean CPU time per run (user + system of
 * the runs and their children; for embedded the whole JVM's, its shims and inits included), and
 * the ratios of the medians to crun's and to the floor's.
 *
 * <pre>
 * usage: StartupBenchmark [--n N] [--warmup N] [--cli N] [--ext N] [--rounds N] [--work DIR]
 *                         [--state DIR] [--busybox TAR] [--launcher PATH]
 *                         [--only embedded,cli,runc,crun,floor,spawn]
 * defaults: --n 200 (embedded, floor, spawn) --warmup 1000 --cli 30 --ext 100 (runc, crun)
 *           --rounds 10 --work java.io.tmpdir/jrunc-startup-bench --state /dev/shm
 * </pre>
 *
 * <p>Run it as root with {@code benchmarks/run-startup.sh}.
 */
public final class StartupBenchmark {
    private static final long SETTLE_MILLIS = 300;
    private static final String[] TOOLS = {"embedded", "jrunc run", "runc run", "crun run", "floor", "spawn"};

    private StartupBenchmark() {
    }

    /** One tool's samples. */
    private static final class Samples {
        final List<Double> wallMs = new ArrayList<>();
        final Map<String, List<Double>> phasesMs = new LinkedHashMap<>();
        double cpuSeconds;
        double jvmCpuSeconds; // embedded: of cpuSeconds, the JVM's own threads' (the rest: its children)
        String command;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class documentation
     * @throws Exception if something fails
     */
    public static void main(String[] args) throws Exception {
        int n = 200;
        int warmup = 1000;
        int cli = 30;
        int ext = 100;
        int rounds = 10;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "jrunc-startup-bench");
        Path busybox = Path.of(System.getProperty("jrunc.busybox.tar", "test-rootfs/target/busybox-rootfs.tar"));
        Path launcher = Path.of(System.getProperty("jrunc.launcher", "runtime-cli/target/jrunc"));
        Path stateDir = null;
        List<String> only = List.of("embedded", "cli", "runc", "crun", "floor", "spawn");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n": n = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--cli": cli = Integer.parseInt(args[++i]); break;
                case "--ext": ext = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--work": work = Path.of(args[++i]); break;
                case "--state": stateDir = Path.of(args[++i]); break;
                case "--busybox": busybox = Path.of(args[++i]); break;
                case "--launcher": launcher = Path.of(args[++i]); break;
                case "--only": only = List.of(args[++i].split(",")); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(busybox)) {
            throw new IllegalStateException("no " + busybox + ": build test-rootfs first");
        }
        Files.createDirectories(work);
        Path bundle = work.resolve("bundle");
        run("rm", "-rf", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        RootfsExtractor.builder().build().extract(busybox, rootfs);
        Spec defaults = Spec.defaults();
        Spec spec = defaults.toBuilder()
                .process(defaults.process().toBuilder().terminal(false).args(List.of("/bin/true")).build())
                .build();
        spec.write(bundle.resolve("config.json"));
        Spec embeddedSpec = spec.toBuilder()
                .root(spec.root().toBuilder().path(rootfs.toAbsolutePath().toString()).build()).build();
        Path timer = work.resolve("time-runs.pl");
        try (InputStream in = StartupBenchmark.class.getResourceAsStream("time-runs.pl")) {
            Files.write(timer, in.readAllBytes());
        }

        Map<String, Samples> samples = new LinkedHashMap<>();
        for (String t : TOOLS) {
            samples.put(t, new Samples());
        }
        // State roots on tmpfs, as /run is on most systems (not on every build machine): on ext4,
        // creating and deleting a few files per container makes inode allocation the bottleneck.
        Path shm = Path.of("/dev/shm");
        Path state = (stateDir != null ? stateDir : Files.isDirectory(shm) ? shm : work)
                .resolve("jrunc-startup-state");
        run("rm", "-rf", state.toString());
        Files.createDirectories(state);
        boolean hasUnified = Files.isDirectory(Path.of("/sys/fs/cgroup/unified"));
        String b = bundle.toString();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        if (only.contains("cli")) {
            if (Files.isExecutable(launcher)) {
                commands.put("jrunc run",
                        runCommand(launcher.toAbsolutePath().toString(), state.resolve("state-cli"), b));
            } else {
                System.out.println("skipping jrunc run: no " + launcher + " (build runtime-cli first)");
            }
        }
        if (only.contains("runc")) {
            onPath("runc").ifPresentOrElse(p -> commands.put("runc run", runCommand(p, state.resolve("state-runc"), b)),
                    () -> System.out.println("skipping runc: not installed"));
        }
        if (only.contains("crun")) {
            onPath("crun").ifPresentOrElse(p -> commands.put("crun run", runCommand(p, state.resolve("state-crun"), b)),
                    () -> System.out.println("skipping crun: not installed"));
        }
        if (only.contains("floor")) {
            commands.put("floor",
                    List.of("unshare", "-p", "-f", "-m", "-u", "-i", "-n", "chroot", rootfs.toString(), "/bin/true"));
        }
        if (only.contains("spawn")) {
            commands.put("spawn", List.of(rootfs.resolve("bin/true").toString()));
        }
        commands.forEach((tool, cmd) -> samples.get(tool).command = String.join(" ", cmd)
                + ("crun run".equals(tool)
                        ? "   (in unshare -m" + (hasUnified ? ", /sys/fs/cgroup/unified unmounted)" : ")") : ""));
        samples.get("embedded").command = "Container.builder().runtime(new LinuxContainerRuntime("
                + state.resolve("state-embedded") + ")).spec(" + bundle.resolve("config.json")
                + " with root.path absolute).redirectInput(/dev/null).redirectOutput(DISCARD)"
                + ".redirectError(DISCARD).start(); process().waitFor(); close()";

        LinuxContainerRuntime runtime = new LinuxContainerRuntime(state.resolve("state-embedded"));
        boolean embedded = only.contains("embedded");
        System.out.println("machine: " + machine());
        if (embedded) {
            System.out.printf("embedded: %d warm-up runs ...%n", warmup);
            embeddedRuns(runtime, embeddedSpec, warmup, 0, null);
        }
        int[] next = new int[TOOLS.length];
        next[0] = warmup;
        Map<String, Integer> roundStart = new LinkedHashMap<>();
        samples.keySet().forEach(t -> roundStart.put(t, 0));
        for (int round = 0; round < rounds; round++) {
            if (embedded) {
                settle();
                int k = share(n, rounds, round);
                embeddedRuns(runtime, embeddedSpec, k, next[0], samples.get("embedded"));
                next[0] += k;
            }
            for (Map.Entry<String, List<String>> e : commands.entrySet()) {
                String tool = e.getKey();
                int total = "jrunc run".equals(tool) ? cli : "floor".equals(tool) || "spawn".equals(tool) ? n : ext;
                int k = share(total, rounds, round);
                int t = List.of(TOOLS).indexOf(tool);
                List<String> cmd = new ArrayList<>(
                        List.of("perl", timer.toString(), String.valueOf(k), String.valueOf(next[t])));
                cmd.addAll(e.getValue());
                if ("crun run".equals(tool)) {
                    List<String> wrapped = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                            (hasUnified ? "umount /sys/fs/cgroup/unified && " : "") + "exec \"$@\"", "sh"));
                    wrapped.addAll(cmd);
                    cmd = wrapped;
                }
                settle();
                timed(cmd, samples.get(tool));
                next[t] += k;
            }
            StringBuilder medians = new StringBuilder();
            for (Map.Entry<String, Samples> e : samples.entrySet()) {
                List<Double> w = e.getValue().wallMs;
                if (w.size() > roundStart.get(e.getKey())) {
                    medians.append(String.format(Locale.ROOT, ", %s %.2f", e.getKey(),
                            percentile(w.subList(roundStart.get(e.getKey()), w.size()), 50)));
                }
                roundStart.put(e.getKey(), w.size());
            }
            System.out.printf("round %d/%d (load %s): medians (ms)%s%n", round + 1, rounds,
                    Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0], medians);
        }

        System.out.println();
        System.out.println("machine: " + machine());
        double crun = median(samples.get("crun run").wallMs);
        double floor = median(samples.get("floor").wallMs);
        System.out.printf(Locale.ROOT, "%-10s %5s %9s %9s %9s %9s  %8s %8s%n", "tool", "n", "median", "p10", "p90",
                "cpu/run", "/crun", "/floor");
        System.out.printf(Locale.ROOT, "%-10s %5s %9s %9s %9s %9s%n", "", "", "ms", "ms", "ms", "ms");
        for (Map.Entry<String, Samples> e : samples.entrySet()) {
            Samples s = e.getValue();
            if (s.wallMs.isEmpty()) {
                continue;
            }
            double med = percentile(s.wallMs, 50);
            System.out.printf(Locale.ROOT, "%-10s %5d %9.2f %9.2f %9.2f %9.2f  %8.2f %8.2f%n", e.getKey(),
                    s.wallMs.size(), med, percentile(s.wallMs, 10), percentile(s.wallMs, 90),
                    s.cpuSeconds * 1000 / s.wallMs.size(), med / crun, med / floor);
        }
        Samples emb = samples.get("embedded");
        if (!emb.wallMs.isEmpty()) {
            System.out.println();
            System.out.println("embedded, by phase (ms):");
            System.out.printf(Locale.ROOT, "  %-50s %9s %9s %9s%n", "", "median", "p10", "p90");
            for (Map.Entry<String, List<Double>> e : emb.phasesMs.entrySet()) {
                System.out.printf(Locale.ROOT, "  %-50s %9.2f %9.2f %9.2f%n", e.getKey(), percentile(e.getValue(), 50),
                        percentile(e.getValue(), 10), percentile(e.getValue(), 90));
            }
            System.out.printf(Locale.ROOT, "  %-50s %9.2f%n", "CPU per run: the JVM's threads",
                    emb.jvmCpuSeconds * 1000 / emb.wallMs.size());
            System.out.printf(Locale.ROOT, "  %-50s %9.2f%n", "CPU per run: helper, shim, init, /bin/true",
                    (emb.cpuSeconds - emb.jvmCpuSeconds) * 1000 / emb.wallMs.size());
            List<Double> compile = compileOnly(runtime, embeddedSpec, n);
            System.out.printf(Locale.ROOT, "  %-50s %9.2f %9.2f %9.2f%n",
                    "(of create: validate + compile the plan alone)", percentile(compile, 50),
                    percentile(compile, 10), percentile(compile, 90));
        }
        System.out.println();
        System.out.println("commands (id-{} is id-0, id-1, ...; each timed from fork to reaped by "
                + timer.getFileName() + "):");
        for (Map.Entry<String, Samples> e : samples.entrySet()) {
            if (!e.getValue().wallMs.isEmpty()) {
                System.out.printf("  %-10s %s%n", e.getKey(), e.getValue().command);
            }
        }
        run("rm", "-rf", bundle.toString(), state.toString(), timer.toString());
    }

    /**
     * Lets the previous batch's after-effects pass before the next one: the kernel tears network
     * namespaces down in a worker thread after their last process has gone.
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    /** {@code RUNTIME --root STATE run -b BUNDLE id-{}}. */
    private static List<String> runCommand(String runtime, Path state, String bundle) {
        return List.of(runtime, "--root", state.toString(), "run", "-b", bundle, "id-{}");
    }

    /** The median, NaN if there are no values. */
    private static double median(List<Double> values) {
        return values.isEmpty() ? Double.NaN : percentile(values, 50);
    }

    /** The part of {@code total} runs that round {@code round} of {@code rounds} does. */
    private static int share(int total, int rounds, int round) {
        return total * (round + 1) / rounds - total * round / rounds;
    }

    /** Runs {@code k} embedded containers; times them into {@code into} unless null. */
    private static void embeddedRuns(LinuxContainerRuntime runtime, Spec spec, int k, int first, Samples into)
            throws Exception {
        long[] cpu0 = cpuTicks();
        for (int i = 0; i < k; i++) {
            long t0 = System.nanoTime();
            ContainerBuilder builder = Container.builder()
                    .runtime(runtime)
                    .id("id-" + (first + i))
                    .spec(spec)
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD);
            // builder.start() is create() then start(): timed apart
            ContainerRequest request = builder.request();
            long tRequest = System.nanoTime();
            Container c = runtime.create(request);
            long tCreate = System.nanoTime();
            c.start();
            long tStart = System.nanoTime();
            int status = c.process().waitFor();
            long tExit = System.nanoTime();
            c.close();
            long t1 = System.nanoTime();
            if (status != 0) {
                throw new IllegalStateException("embedded run " + (first + i) + " exited with " + status);
            }
            if (into != null) {
                into.wallMs.add((t1 - t0) / 1e6);
                phase(into, "request (validate)", t0, tRequest);
                phase(into, "create (compile, state dir, shim + init set up)", tRequest, tCreate);
                phase(into, "start (exec.fifo, exec)", tCreate, tStart);
                phase(into, "waitFor (exit status)", tStart, tExit);
                phase(into, "close (shim cleanup, reaped)", tExit, t1);
            }
        }
        if (into != null) {
            long[] cpu1 = cpuTicks();
            into.jvmCpuSeconds += (cpu1[0] - cpu0[0]) / 100.0;
            into.cpuSeconds += (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / 100.0;
        }
    }

    private static void phase(Samples into, String name, long from, long to) {
        into.phasesMs.computeIfAbsent(name, k -> new ArrayList<>()).add((to - from) / 1e6);
    }

    /** Times the plan compiler alone (plus spec validation), in this JVM. */
    private static List<Double> compileOnly(LinuxContainerRuntime runtime, Spec spec, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            runtime.plan(Container.builder().runtime(runtime).id("plan-" + i).spec(spec).request());
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    /**
     * This JVM's CPU time in clock ticks (USER_HZ, 100 on Linux): {utime + stime of its threads,
     * cutime + cstime of its reaped children (helpers, shims, inits and their programs)}.
     */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14..17 of proc(5), counted from 1; f[0] is field 3 (state)
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** Runs the timer command and adds its samples. */
    private static void timed(List<String> cmd, Samples into) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("cpu ")) {
                into.cpuSeconds += Double.parseDouble(line.substring(4));
            } else if (!line.isBlank()) {
                into.wallMs.add(Long.parseLong(line.trim()) / 1e6);
            }
        }
    }

    /** Linear interpolation between the closest ranks. */
    private static double percentile(List<Double> values, double pct) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        double pos = pct / 100 * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.size() - 1);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    private static java.util.Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p.toString());
            }
        }
        return java.util.Optional.empty();
    }

    /** nproc, kernel and load average. */
    private static String machine() throws IOException {
        String[] l = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
        return String.format(Locale.ROOT, "nproc %d, kernel %s, load average %s %s %s, java %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"), l[0], l[1], l[2],
                System.getProperty("java.version"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
