package io.jrunc.internal.linux.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.testing.BusyboxPlans;
import io.jrunc.internal.linux.testing.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Busybox containers under the shim: exits, signals, stdio, orphans, JVM death, re-attach, load. */
class ShimIT {
  @TempDir static Path tmp;
  static Path rootfs;
  static ShimLauncher launcher;

  @TempDir Path state;

  /** Each test, by name, needs root (skipped for a user, also in CI: see Requirements.root). */
  @BeforeEach
  void root() {
    Requirements.root("hand-written plans with namespaces but no user namespace (the rootless path is RootlessIT's)");
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!io.jrunc.testing.Requirements.isRoot()) {
      return; // every test is skipped
    }
    rootfs = Requirements.busyboxRootfs(tmp.resolve("rootfs"));
    launcher = ShimLauncher.create();
  }

  static ShimOptions withState(Path dir) {
    return ShimOptions.defaults().stateDir(dir);
  }

  /** Alive and not a zombie. */
  static boolean alive(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to {@code millis} for pid to be gone; returns how long it took. */
  static long awaitGone(long pid, long millis) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
    while (alive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(alive(pid)).as("process %d is gone after %d ms", pid, millis).isFalse();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  @Test
  void exitCodeThreeAndTheExitFile() throws Exception {
    Path dir = state.resolve("c");
    ShimHandle c = launcher.start(BusyboxPlans.sh(rootfs, "exit 3"), withState(dir));
    assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(3));
    assertThat(c.asProcess().exitValue()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("exit"))).isEqualTo("768\n");
    assertThat(ShimState.read(dir).initPid()).isEqualTo(c.initPid());
    c.close();
    assertThat(alive(c.shimPid())).isFalse();
    assertThat(dir).doesNotExist();
  }

  @Test
  void killedBySigkillIsSignalNine() throws Exception {
    try (ShimHandle c = launcher.start(BusyboxPlans.run(rootfs, "/bin/sleep", "1000"), ShimOptions.defaults())) {
      Process p = c.asProcess();
      assertThat(p.isAlive()).isTrue();
      assertThat(p.pid()).isEqualTo(c.initPid());
      // PID 1 of a pid namespace ignores signals it has no handler for, except from outside
      assertThat(c.signal(Linux.SIGKILL)).isTrue();
      ExitStatus s = c.onExit().get(30, TimeUnit.SECONDS);
      assertThat(s.signal()).isEqualTo(9);
      assertThat(s.exitValue()).isEqualTo(137);
      assertThat(p.waitFor()).isEqualTo(137);
      assertThat(c.signal(Linux.SIGKILL)).isFalse();
    }
  }

  @Test
  void stdinThroughCatToStdout() throws Exception {
    try (ShimHandle c = launcher.start(BusyboxPlans.run(rootfs, "/bin/cat"), ShimOptions.defaults())) {
      byte[] text = "through the container and back\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(c.stdout()));
      c.stdin().write(text);
      c.stdin().close();
      assertThat(out.get(30, TimeUnit.SECONDS)).isEqualTo(text);
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
  }

  @Test
  void hundredMegabytesOnStdoutAndStderrAtOnce() throws Exception {
    long size = 100_000_000L;
    Plan plan = BusyboxPlans.sh(rootfs,
        "head -c " + size + " /dev/zero & head -c " + size + " /dev/zero >&2; wait");
    try (ShimHandle c = launcher.start(plan, ShimOptions.defaults())) {
      CompletableFuture<Long> out = CompletableFuture.supplyAsync(() -> count(c.stdout()));
      CompletableFuture<Long> err = CompletableFuture.supplyAsync(() -> count(c.stderr()));
      assertThat(out.get(120, TimeUnit.SECONDS)).isEqualTo(size);
      assertThat(err.get(120, TimeUnit.SECONDS)).isEqualTo(size);
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
  }

  @Test
  void theShimIsTheSubreaperOfOrphans() throws Exception {
    // Without a pid namespace of its own (as --pid=host), an orphan inside goes to the shim.
    long namespaces = BusyboxPlans.NAMESPACES & ~Linux.CLONE_NEWPID;
    Plan plan = BusyboxPlans.container(rootfs, namespaces, "orphans").exec("/bin/sh", List.of("sh", "-c",
        "sh -c 'sleep 0.3 >/dev/null & echo $!'; sleep 1; exit 5"), BusyboxPlans.ENV).build();
    try (ShimHandle c = launcher.start(plan, ShimOptions.defaults())) {
      BufferedReader out = new BufferedReader(new InputStreamReader(c.stdout(), StandardCharsets.UTF_8));
      long orphan = Long.parseLong(out.readLine().trim());
      // (its parent sh may still be on its way out when the pid is read)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (PidFd.parentPid(orphan) != c.shimPid() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(PidFd.parentPid(orphan)).as("the orphan's parent").isEqualTo(c.shimPid());
      awaitGone(orphan, 3000); // and once it exits, reaped: no zombie
      assertThat(c.exited()).isFalse();
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(5));
    }
  }

  @Test
  void aFailedStepLeavesNothingBehind() throws Exception {
    Path dir = state.resolve("failed");
    long children = ProcessHandle.current().children().count();
    Plan plan = BusyboxPlans.container(rootfs, BusyboxPlans.NAMESPACES, "x")
        .mount("none", "/proc", "bogusfs", 0, null)
        .exec("/bin/true", List.of("true"), BusyboxPlans.ENV).build();
    assertThatThrownBy(() -> launcher.start(plan, withState(dir)))
        .isInstanceOf(PlanStepException.class)
        .hasMessageStartingWith("mount \"none\" on \"/proc\": No such device (plan step ");
    assertThat(dir).doesNotExist();
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }

  @Test
  void theCleanupDoesNotCrossAMountInTheStateDir() throws Exception {
    Path dir = state.resolve("mounted");
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "none", mnt.toString()).inheritIO().start();
    assertThat(mount.waitFor()).isZero();
    try {
      Files.writeString(mnt.resolve("precious"), "x");
      ShimHandle c = launcher.start(BusyboxPlans.sh(rootfs, "exit 0"), withState(dir));
      c.onExit().get(30, TimeUnit.SECONDS);
      c.close();
      assertThat(c.shimErrors()).singleElement().asString()
          .startsWith("remove tree \"" + dir + "\" (no symlinks, no mounts): Invalid cross-device link");
      assertThat(mnt.resolve("precious")).hasContent("x");
    } finally {
      assertThat(new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor()).isZero();
    }
  }

  /** Starts ShimChildMain in a new JVM; returns it with its "READY init shim" line. */
  static Object[] childJvm(Path dir, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process jvm = new ProcessBuilder(java, "-cp", cp, ShimChildMain.class.getName(), rootfs.toString(),
        dir.toString(), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the child JVM's report").startsWith("READY ");
    String[] f = line.split(" ");
    long init = Long.parseLong(f[1]);
    return new Object[] {jvm, init, Long.parseLong(f[2]), PidFd.startTime(init)};
  }

  @Test
  void aJvmKilledMidRunLeavesNoContainerBehind() throws Exception {
    Path dir = state.resolve("doomed");
    Object[] child = childJvm(dir, "attached");
    Process jvm = (Process) child[0];
    long init = (Long) child[1];
    long shim = (Long) child[2];
    assertThat(alive(init)).isTrue();
    assertThat(Files.readString(Path.of("/proc/" + init + "/cmdline"))).startsWith("/bin/sleep");
    assertThat(dir.resolve("shim")).exists();

    try {
      long t0 = System.nanoTime();
      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, nothing but the kernel closes the lifeline
      assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(jvm.exitValue()).isEqualTo(137);
      awaitGone(init, 2000);
      long initGone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      awaitGone(shim, 2000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (Files.exists(dir) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(dir).as("the state dir, removed by the shim's cleanup").doesNotExist();
      long all = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf("JVM killed: container init gone after %d ms, shim and state dir after %d ms%n",
          initGone, all);
      assertThat(initGone).isLessThan(1000);
    } finally {
      killIfStillThere(init, (Long) child[3]);
    }
  }

  /** After a failed test: kills what the test started, if it is still the same process. */
  static void killIfStillThere(long pid, long startTime) throws IOException {
    try (PidFd fd = PidFd.openIfAlive(pid)) {
      if (fd != null && PidFd.startTime(pid) == startTime) {
        fd.signal(Linux.SIGKILL);
      }
    }
  }

  @Test
  void aDetachedContainerSurvivesItsJvmAndIsReattached() throws Exception {
    Path dir = state.resolve("survivor");
    Object[] child = childJvm(dir, "detached");
    Process jvm = (Process) child[0];
    long init = (Long) child[1];
    long shim = (Long) child[2];
    try {
      jvm.destroyForcibly();
      assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(1000);
      assertThat(alive(init)).as("the detached container runs on").isTrue();
      assertThat(alive(shim)).isTrue();
      assertThat(PidFd.parentPid(shim)).isNotEqualTo(jvm.pid());

      ShimHandle again = ShimHandle.attach(dir);
      try {
        assertThat(again.attached()).isTrue();
        assertThat(again.initPid()).isEqualTo(init);
        assertThat(again.shimPid()).isEqualTo(shim);
        assertThat(again.exited()).isFalse();
        assertThat(again.signal(Linux.SIGKILL)).isTrue();
        ExitStatus s = again.onExit().get(30, TimeUnit.SECONDS);
        assertThat(s).isEqualTo(ExitStatus.killed(9, false));
        assertThat(ShimState.readExit(dir)).isEqualTo(s);
      } finally {
        again.destroy();
      }
      assertThat(dir).doesNotExist();
      awaitGone(init, 2000);
      awaitGone(shim, 2000);
    } finally {
      killIfStillThere(init, (Long) child[3]);
    }
  }

  @Test
  void fiftyContainersInParallelWithoutAThreadEach() throws Exception {
    int n = 50;
    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      // The pool's threads, and the runtime's few shared ones, exist before counting.
      ((java.util.concurrent.ThreadPoolExecutor) starters).prestartAllCoreThreads();
      try (ShimHandle warm = launcher.start(BusyboxPlans.sh(rootfs, "exit 0"), ShimOptions.defaults())) {
        warm.onExit().get(30, TimeUnit.SECONDS);
      }
      int before = ManagementFactory.getThreadMXBean().getThreadCount();
      java.util.Set<String> namesBefore = threadNames();
      List<Future<ShimHandle>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int code = i;
        started.add(starters.submit(() -> launcher.start(
            BusyboxPlans.sh(rootfs, "sleep 1; exit " + code), withState(state.resolve("c" + code)))));
      }
      List<ShimHandle> handles = new ArrayList<>();
      for (Future<ShimHandle> f : started) {
        handles.add(f.get(60, TimeUnit.SECONDS));
      }
      int running = (int) handles.stream().filter(h -> !h.exited()).count();
      int during = ManagementFactory.getThreadMXBean().getThreadCount();
      java.util.Set<String> added = threadNames();
      added.removeAll(namesBefore);
      for (int i = 0; i < n; i++) {
        assertThat(handles.get(i).onExit().get(60, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(i));
      }
      for (ShimHandle h : handles) {
        h.close();
      }
      System.out.printf("%d containers, %d running at once: %d threads before, %d during%n", n, running,
          before, during);
      assertThat(running).as("containers running at the same time").isGreaterThan(n / 2);
      assertThat(during - before).as("threads added for %d containers: %s", n, added).isLessThanOrEqualTo(2);
      assertThat(ExitWatcher.get().watchCount()).isLessThan(5);
      for (int i = 0; i < n; i++) {
        assertThat(state.resolve("c" + i)).doesNotExist();
      }
    } finally {
      starters.shutdownNow();
    }
  }

  /**
   * Launch to exit status of /bin/true through the shim, warm JVM, interleaved with the direct
   * launch (no shim: the helper waits for its child and exits with its status). Prints medians.
   */
  @Test
  void startupTime() throws Exception {
    Plan plan = BusyboxPlans.run(rootfs, "/bin/true");
    HelperLauncher direct = HelperLauncher.create();
    ShimOptions quiet = ShimOptions.defaults().stdio(HelperLauncher.Stdio.inherit());
    int warmup = 30;
    int rounds = Integer.getInteger("jrunc.bench.rounds", 200);
    List<Long> shimStarted = new ArrayList<>();
    List<Long> shimExit = new ArrayList<>();
    List<Long> shimOnExit = new ArrayList<>();
    List<Long> shimReleased = new ArrayList<>();
    List<Long> directStarted = new ArrayList<>();
    List<Long> directExit = new ArrayList<>();
    for (int i = 0; i < warmup + rounds; i++) {
      long t0 = System.nanoTime();
      ShimHandle c = launcher.start(plan, quiet);
      long t1 = System.nanoTime();
      assertThat(c.waitFor(30, TimeUnit.SECONDS).exitValue()).isZero(); // completed on the loop
      long t2 = System.nanoTime();
      assertThat(c.onExit().get(30, TimeUnit.SECONDS).exitValue()).isZero(); // hops to a callback thread
      long t3 = System.nanoTime();
      c.close();
      long t4 = System.nanoTime();
      HelperProcess p = direct.launch(plan, HelperLauncher.Stdio.inherit(), null);
      long t5 = System.nanoTime();
      assertThat(p.waitFor()).isZero();
      long t6 = System.nanoTime();
      if (i >= warmup) {
        shimStarted.add(t1 - t0);
        shimExit.add(t2 - t0);
        shimOnExit.add(t3 - t0);
        shimReleased.add(t4 - t0);
        directStarted.add(t5 - t4);
        directExit.add(t6 - t4);
      }
    }
    String report = String.format("/bin/true in pid+mount+uts+ipc+net namespaces with pivot_root, %d runs,"
        + " medians (p90): through the shim: started %.2f ms, exit status %.2f ms (%.2f), via onExit()"
        + " %.2f ms, shim released and reaped %.2f ms; direct launch: started %.2f ms, exit status"
        + " %.2f ms (%.2f)", rounds, median(shimStarted), median(shimExit), p90(shimExit),
        median(shimOnExit), median(shimReleased), median(directStarted), median(directExit),
        p90(directExit));
    System.out.println(report);
    Files.writeString(Path.of("target", "shim-startup-time.txt"), report + "\n");
    assertThat(median(shimExit)).isLessThan(1000);
  }

  static java.util.Set<String> threadNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
    return names;
  }

  static double median(List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return s.get(s.size() / 2) / 1e6;
  }

  static double p90(List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return s.get(s.size() * 9 / 10) / 1e6;
  }

  static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static long count(InputStream in) {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    try {
      for (int n; (n = in.read(buf)) > 0;) {
        total += n;
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
    return total;
  }
}
