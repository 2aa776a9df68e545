package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerException;
import io.jrunc.ContainerStats;
import io.jrunc.ExitStatus;
import io.jrunc.internal.linux.cgroup.Hierarchies;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cgroups with real containers on this machine's cgroup v1 hierarchies (plus the unified mount
 * of a hybrid machine, which they join too), and on the unified mount alone as a v2 machine sees
 * it (its core files: cgroup.procs, cgroup.freeze, cgroup.kill, cgroup.events). Checked from the
 * host's cgroup files and from the containers' behaviour; no timing is asserted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CgroupsIT {
  private static final Path CG = Path.of("/sys/fs/cgroup");

  @TempDir static Path work;
  static Path rootfs;
  static Path stateRoot;
  static LinuxContainerRuntime runtime;
  static Hierarchies hierarchies;
  final List<String> ids = new ArrayList<>();

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  // (As an ordinary user: CgroupPolicyIT.)
  @BeforeEach
  void root() {
    Requirements.requireRoot("the cgroup v1 hierarchies and the unified root are writable only by root");
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!Requirements.isRoot()) {
      return;
    }
    hierarchies = Hierarchies.system();
    Requirements.require(hierarchies.v1Mounts().containsKey("memory") && hierarchies.v1Mounts().containsKey("pids")
        && hierarchies.v1Mounts().containsKey("freezer") && hierarchies.v1Mounts().containsKey("cpu"),
        "cgroup v1 memory, pids, cpu and freezer hierarchies (this machine's layout)");
    rootfs = work.resolve("bundle/rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    for (String id : ids) {
      assertThat(cgroupDirs(id)).as("cgroup directories of %s left behind", id).isEmpty();
    }
    if (stateRoot != null && Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  /** The container's cgroup directories that exist, in every hierarchy. */
  static List<Path> cgroupDirs(String id) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(CG)) {
      for (Path h : s.toList()) {
        Path d = h.resolve("jrunc").resolve(id);
        if (Files.isDirectory(d)) {
          found.add(d);
        }
      }
    }
    return found;
  }

  ContainerBuilder container(String... args) {
    String id = "cg-" + UUID.randomUUID().toString().substring(0, 8);
    ids.add(id);
    return Container.builder().runtime(runtime).id(id).rootfs(rootfs).args(args);
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).trim();
  }

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void theInitIsInItsCgroupsInEveryHierarchyBeforeItRuns() throws Exception {
    try (Container c = container("sh", "-c", "cat /proc/self/cgroup").start()) {
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(c.process().waitFor()).isZero();
      String id = c.id();
      // no cgroup namespace: the container sees the host's paths of its cgroups
      assertThat(out).contains("memory:/jrunc/" + id, "pids:/jrunc/" + id, "freezer:/jrunc/" + id,
          "cpu:/jrunc/" + id, "cpuset:/jrunc/" + id);
      if (hierarchies.unifiedMount() != null) {
        assertThat(out).contains("0::/jrunc/" + id);
      }
    }
  }

  /** On v1 the container's /sys/fs/cgroup shows its own cgroups, read-only (runc's layout). */
  @Test
  void theContainerSeesItsOwnCgroupsReadOnly() throws Exception {
    try (Container c = container("sh", "-c", "exec 2>&1; cat /sys/fs/cgroup/pids/pids.max "
        + "/sys/fs/cgroup/memory/memory.limit_in_bytes; ls /sys/fs/cgroup; echo 5 > /sys/fs/cgroup/pids/pids.max")
        .pidsLimit(23).memoryLimit(48L << 20).start()) {
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      c.process().waitFor();
      assertThat(out).startsWith("23\n" + (48L << 20) + "\n");
      assertThat(out.lines().toList()).contains("cpu", "cpuacct", "cpuset", "freezer", "memory", "pids");
      assertThat(out).contains("Read-only file system");
      assertThat(read(CG.resolve("pids/jrunc/" + c.id() + "/pids.max"))).isEqualTo("23");
    }
  }

  /** Every linux.resources field this machine's v1 hierarchies have, written and read back. */
  @Test
  void everyResourceThisMachineHasIsWritten() throws Exception {
    Requirements.require(hierarchies.v1Mounts().containsKey("blkio") && hierarchies.v1Mounts().containsKey("cpuset")
        && Files.exists(Path.of("/sys/block/vda/dev")), "v1 blkio and cpuset hierarchies and a vda disk");
    String disk = read(Path.of("/sys/block/vda/dev")); // "254:0"
    long major = Long.parseLong(disk.split(":")[0]);
    long minor = Long.parseLong(disk.split(":")[1]);
    Linux.Resources r = Linux.Resources.builder()
        .memory(Linux.Resources.Memory.builder().limit(64L << 20).swap(96L << 20).reservation(32L << 20)
            .swappiness(10L).disableOomKiller(true).build())
        .cpu(Linux.Resources.Cpu.builder().shares(512L).quota(50000L).period(100000L).cpus("0").mems("0").build())
        .pids(Linux.Resources.Pids.builder().limit(30L).build())
        .blockIo(Linux.Resources.BlockIo.builder().weight(300)
            .throttleReadBpsDevice(List.of(new Linux.Resources.BlockIo.ThrottleDevice(major, minor, 1048576, null)))
            .throttleWriteIopsDevice(List.of(new Linux.Resources.BlockIo.ThrottleDevice(major, minor, 100, null)))
            .build())
        .build();
    ContainerBuilder b = container("sleep", "1000");
    b.linux(l -> l.toBuilder().resources(r.toBuilder().devices(l.resources().devices()).build()).build());
    try (Container c = b.start()) {
      String id = c.id();
      assertThat(read(CG.resolve("memory/jrunc/" + id + "/memory.limit_in_bytes"))).isEqualTo("67108864");
      assertThat(read(CG.resolve("memory/jrunc/" + id + "/memory.memsw.limit_in_bytes"))).isEqualTo("100663296");
      assertThat(read(CG.resolve("memory/jrunc/" + id + "/memory.soft_limit_in_bytes"))).isEqualTo("33554432");
      assertThat(read(CG.resolve("memory/jrunc/" + id + "/memory.swappiness"))).isEqualTo("10");
      assertThat(read(CG.resolve("memory/jrunc/" + id + "/memory.oom_control"))).contains("oom_kill_disable 1");
      assertThat(read(CG.resolve("cpu/jrunc/" + id + "/cpu.shares"))).isEqualTo("512");
      assertThat(read(CG.resolve("cpu/jrunc/" + id + "/cpu.cfs_quota_us"))).isEqualTo("50000");
      assertThat(read(CG.resolve("cpuset/jrunc/" + id + "/cpuset.cpus"))).isEqualTo("0");
      assertThat(read(CG.resolve("cpuset/jrunc/" + id + "/cpuset.mems"))).isEqualTo("0");
      assertThat(read(CG.resolve("pids/jrunc/" + id + "/pids.max"))).isEqualTo("30");
      assertThat(read(CG.resolve("blkio/jrunc/" + id + "/blkio.throttle.read_bps_device"))).isEqualTo(disk + " 1048576");
      assertThat(read(CG.resolve("blkio/jrunc/" + id + "/blkio.throttle.write_iops_device"))).isEqualTo(disk + " 100");
      Path weight = CG.resolve("blkio/jrunc/" + id + "/blkio.weight");
      assertThat(read(Files.exists(weight) ? weight : CG.resolve("blkio/jrunc/" + id + "/blkio.bfq.weight"))).contains("300");
      assertThat(read(CG.resolve("devices/jrunc/" + id + "/devices.list"))).contains("c 1:3 rwm", "c 136:* rwm")
          .doesNotContain("a *:* rwm");
      assertThat(Files.readString(Path.of("/proc/" + c.process().pid() + "/status"))).containsPattern("Cpus_allowed_list:\\s+0\\n");
    }
  }

  @Test
  void memoryLimitEndsInAnOomKillThatIsReported() throws Exception {
    long limit = 20L << 20;
    try (Container c = container("sh", "-c", "a=xxxxxxxxxxxxxxxx; while true; do a=\"$a$a\"; done")
        .memoryLimit(limit).start()) {
      assertThat(read(CG.resolve("memory/jrunc/" + c.id() + "/memory.limit_in_bytes"))).isEqualTo(Long.toString(limit));
      ExitStatus s = c.process().onExitStatus().get(60, TimeUnit.SECONDS);
      assertThat(s.signal()).as("status %s", s).isEqualTo(9);
      assertThat(s.oomKilled()).as("status %s", s).isTrue();
      ContainerStats st = c.stats();
      assertThat(st.memory().oomKills()).isGreaterThanOrEqualTo(1);
      assertThat(st.memory().limit()).isEqualTo(limit);
      assertThat(st.memory().maxUsage()).isGreaterThan(limit / 2);
    }
  }

  @Test
  void aForkBombIsStoppedByThePidsLimit() throws Exception {
    try (Container c = container("sh", "-c", "f() { f | f & }; f; while true; do sleep 1; done")
        .pidsLimit(32).start()) {
      Path events = CG.resolve("pids/jrunc/" + c.id() + "/pids.events");
      await("the pids limit is hit", () -> {
        try {
          return !read(events).equals("max 0");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      ContainerStats.Pids pids = c.stats().pids();
      assertThat(pids.limit()).isEqualTo(32);
      assertThat(pids.current()).isBetween(1L, 32L);
      c.killAll(9); // every process, through the cgroup
      ExitStatus s = c.process().onExitStatus().get(60, TimeUnit.SECONDS);
      assertThat(s.signal()).isEqualTo(9);
      // the host is fine: another container starts and runs
      try (Container other = container("echo", "fine").start()) {
        assertThat(new String(other.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("fine\n");
        assertThat(other.process().waitFor()).isZero();
      }
    }
  }

  @Test
  void aCpuQuotaThrottlesABusyLoop() throws Exception {
    try (Container c = container("sh", "-c", "while :; do :; done").cpus(0.1).start()) {
      assertThat(read(CG.resolve("cpu/jrunc/" + c.id() + "/cpu.cfs_quota_us"))).isEqualTo("10000");
      assertThat(read(CG.resolve("cpu/jrunc/" + c.id() + "/cpu.cfs_period_us"))).isEqualTo("100000");
      await("throttled", () -> c.stats().cpu().throttledPeriods() > 0);
      long first = c.stats().cpu().throttledNanos();
      await("throttled time grows", () -> c.stats().cpu().throttledNanos() > first);
      ContainerStats.Cpu cpu = c.stats().cpu();
      assertThat(cpu.totalNanos()).isPositive();
      assertThat(cpu.perCpuNanos()).isNotEmpty();
      assertThat(cpu.periods()).isGreaterThanOrEqualTo(cpu.throttledPeriods());
    }
  }

  @Test
  void pauseStopsACounterAndResumeRestartsIt() throws Exception {
    pauseAndResume(runtime, container("sh", "-c", counter()));
  }

  /** The same on the unified hierarchy alone (cgroup.freeze and cgroup.events, for real). */
  @Test
  void onTheUnifiedHierarchyAlonePauseResumeAndKillAllUseItsCoreFiles() throws Exception {
    Requirements.require(hierarchies.unifiedMount() != null, "a cgroup2 mount");
    Hierarchies v2 = Hierarchies.v2(hierarchies.unifiedMount(), hierarchies.unifiedOwn());
    Path state = work.resolve("state-v2");
    LinuxContainerRuntime r = new LinuxContainerRuntime(state, v2);
    String id = "cg2-" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = hierarchies.unifiedMount().resolve("jrunc").resolve(id);
    ContainerBuilder b = Container.builder().runtime(r).id(id).rootfs(rootfs).args("sh", "-c", counter());
    pauseAndResume(r, b);
    assertThat(dir).doesNotExist();
    try (Container c = Container.builder().runtime(r).id(id).rootfs(rootfs)
        .args("sh", "-c", "sleep 1000 & sleep 1000 & wait").start()) {
      await("three processes", () -> c.stats().pids().current() == 3 || pids(dir) == 3);
      assertThat(read(dir.resolve("cgroup.events"))).contains("populated 1");
      c.killAll(9); // cgroup.kill
      assertThat(c.process().onExitStatus().get(60, TimeUnit.SECONDS).signal()).isEqualTo(9);
      await("empty", () -> pids(dir) == 0);
    }
    assertThat(dir).doesNotExist();
  }

  static long pids(Path dir) {
    try {
      return read(dir.resolve("cgroup.procs")).lines().filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Counts in /out/counter (a bind mount of a host directory: the rootfs is read-only). */
  static String counter() {
    return "i=0; while true; do i=$((i+1)); echo $i > /out/counter.tmp; mv /out/counter.tmp /out/counter; sleep 0.02; done";
  }

  void pauseAndResume(LinuxContainerRuntime r, ContainerBuilder b) throws Exception {
    Path out = Files.createTempDirectory(work, "out");
    Path file = out.resolve("counter");
    try (Container c = b.bind(out, "/out", false).start()) {
      await("counting", () -> value(file) > 2);
      c.pause();
      assertThat(c.state().status()).isEqualTo(State.PAUSED);
      assertThat(r.find(c.id()).orElseThrow().state().status()).isEqualTo(State.PAUSED);
      long frozen = value(file);
      Thread.sleep(300); // (a frozen counter must not move; not a timing assertion)
      assertThat(value(file)).isEqualTo(frozen);
      assertThatThrownBy(c::delete).isInstanceOf(ContainerException.class).hasMessageContaining("paused");
      c.resume();
      assertThat(c.state().status()).isEqualTo(State.RUNNING);
      await("counting again", () -> value(file) > frozen);
      assertThatThrownBy(c::resume).isInstanceOf(ContainerException.class).hasMessageContaining("not paused");
      c.pause(); // close() kills a paused container too
    }
  }

  static long value(Path file) {
    try {
      String s = read(file);
      return s.isEmpty() ? -1 : Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void updateChangesLimitsOfARunningContainer() throws Exception {
    try (Container c = container("sleep", "1000").pidsLimit(50).memoryLimit(64L << 20).start()) {
      Path pids = CG.resolve("pids/jrunc/" + c.id() + "/pids.max");
      assertThat(read(pids)).isEqualTo("50");
      c.update(Linux.Resources.builder()
          .pids(Linux.Resources.Pids.builder().limit(7L).build())
          .memory(Linux.Resources.Memory.builder().limit(32L << 20).swap(32L << 20).build())
          .cpu(Linux.Resources.Cpu.builder().shares(512L).build())
          .build());
      assertThat(read(pids)).isEqualTo("7");
      assertThat(c.stats().pids().limit()).isEqualTo(7);
      assertThat(c.stats().memory().limit()).isEqualTo(32L << 20);
      assertThat(read(CG.resolve("cpu/jrunc/" + c.id() + "/cpu.shares"))).isEqualTo("512");
      // recorded: another handle (a later jrunc) sees the new limits in the config
      Spec recorded = runtime.find(c.id()).orElseThrow().spec();
      assertThat(recorded.linux().resources().pids().limit()).isEqualTo(7L);
      assertThat(recorded.linux().resources().memory().limit()).isEqualTo(32L << 20);
      // a value the kernel refuses: the error names the resource and the value
      assertThatThrownBy(() -> c.update(Linux.Resources.builder()
          .cpu(Linux.Resources.Cpu.builder().cpus("63-64").build()).build()))
          .isInstanceOf(ContainerException.class)
          .hasMessageContaining("linux.resources.cpu.cpus")
          .hasMessageContaining("63-64");
      assertThat(read(pids)).isEqualTo("7");
    }
  }

  @Test
  void aFailedCreateLeavesNoCgroup() throws Exception {
    ContainerBuilder refused = container("true");
    refused.linux(l -> l.toBuilder().resources(Linux.Resources.builder()
        .memory(Linux.Resources.Memory.builder().limit(64L << 20).swappiness(1000L).build()).build()).build());
    assertThatThrownBy(refused::start).isInstanceOf(ContainerException.class)
        .hasMessageContaining("swappiness");
    ContainerBuilder kernelRefuses = container("true").pidsLimit(10);
    kernelRefuses.linux(l -> l.toBuilder().resources(l.resources().toBuilder()
        .cpu(Linux.Resources.Cpu.builder().mems("7").build()).build()).build());
    assertThatThrownBy(kernelRefuses::start).isInstanceOf(ContainerException.class)
        .hasMessageContaining("linux.resources.cpu.mems = 7");
    // a step of the init fails after it joined its cgroups
    ContainerBuilder badMount = container("true").mount(Spec.Mount.builder()
        .destination("/mnt").type("nosuchfs").source("none").build());
    assertThatThrownBy(badMount::start).isInstanceOf(ContainerException.class);
  }

  @Test
  void deleteRemovesTheCgroupsAlsoAfterTheJvmWasKilled() throws Exception {
    String id = "cgk-" + UUID.randomUUID().toString().substring(0, 8);
    ids.add(id);
    Path state = work.resolve("state-kill");
    Process jvm = childJvm(state, id, "attached");
    assertThat(cgroupDirs(id)).isNotEmpty();
    assertThat(read(CG.resolve("pids/jrunc/" + id + "/pids.max"))).isEqualTo("100");
    jvm.destroyForcibly(); // SIGKILL: the shim kills the container and removes its cgroups
    jvm.waitFor();
    await("the shim removed the cgroups", () -> {
      try {
        return cgroupDirs(id).isEmpty();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    await("the shim removed the state", () -> !Files.exists(state.resolve(id)));
  }

  @Test
  void aDetachedContainerIsDeletedWithItsCgroupsByALaterRuntime() throws Exception {
    String id = "cgd-" + UUID.randomUUID().toString().substring(0, 8);
    ids.add(id);
    Path state = work.resolve("state-detached");
    Process jvm = childJvm(state, id, "detached");
    jvm.destroyForcibly(); // the container goes on without it
    jvm.waitFor();
    LinuxContainerRuntime later = new LinuxContainerRuntime(state);
    Container found = later.find(id).orElseThrow();
    assertThat(found.state().status()).isEqualTo(State.RUNNING);
    assertThat(found.stats().pids().limit()).isEqualTo(100);
    assertThat(cgroupDirs(id)).isNotEmpty();
    found.pause();
    assertThat(later.find(id).orElseThrow().state().status()).isEqualTo(State.PAUSED);
    found.resume();
    found.killAll(9);
    await("stopped", () -> State.STOPPED.equals(found.state().status()));
    found.delete();
    assertThat(cgroupDirs(id)).isEmpty();
    assertThat(state.resolve(id)).doesNotExist();
  }

  /**
   * Device rules, enforced for real: by the v1 devices controller, and on the unified hierarchy
   * alone by the eBPF program jrunc compiles and attaches. /dev/kmsg (c 1:11) is bound into the
   * container: writing it is refused unless a rule allows it.
   */
  @Test
  void deviceRulesAreEnforcedByV1DevicesAndByTheV2DeviceProgram() throws Exception {
    Requirements.require(Files.exists(Path.of("/dev/kmsg")) && hierarchies.v1Mounts().containsKey("devices")
        && hierarchies.unifiedMount() != null, "/dev/kmsg, a v1 devices hierarchy and a cgroup2 mount");
    LinuxContainerRuntime v2 = new LinuxContainerRuntime(work.resolve("state-dev"),
        Hierarchies.v2(hierarchies.unifiedMount(), hierarchies.unifiedOwn()));
    for (LinuxContainerRuntime r : List.of(runtime, v2)) {
      assertThat(kmsg(r, false)).as("without a rule, %s", r == runtime ? "v1" : "v2")
          .contains("can't create /kmsg: Operation not permitted")
          .doesNotContain("written");
      assertThat(kmsg(r, true)).as("with c 1:11 w allowed, %s", r == runtime ? "v1" : "v2").contains("written");
    }
  }

  private String kmsg(LinuxContainerRuntime r, boolean allow) throws Exception {
    String id = "cgdev-" + UUID.randomUUID().toString().substring(0, 8);
    if (r == runtime) {
      ids.add(id);
    }
    ContainerBuilder b = Container.builder().runtime(r).id(id).rootfs(rootfs)
        .args("sh", "-c", "exec 2>&1; echo jrunc device rule test > /kmsg && echo written; cat /dev/null && echo null-ok")
        .mount(Spec.Mount.of("/kmsg", "bind", "/dev/kmsg", List.of("bind"))); // (not nodev)
    if (allow) {
      b.linux(l -> l.toBuilder().resources(l.resources().toBuilder().devices(List.of(
          new Linux.Resources.DeviceRule(false, null, null, null, "rwm", null),
          new Linux.Resources.DeviceRule(true, "c", 1L, 11L, "w", null))).build()).build());
    }
    try (Container c = b.start()) {
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      c.process().waitFor();
      assertThat(out).contains("null-ok");
      return out;
    }
  }

  /** A JVM running CgroupChildMain, once its container runs. */
  static Process childJvm(Path state, String id, String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process jvm = new ProcessBuilder(java, "-cp", cp, CgroupChildMain.class.getName(), rootfs.toString(),
        state.toString(), id, mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertThat(line).as("the child JVM's first line").startsWith("READY");
    return jvm;
  }
}
