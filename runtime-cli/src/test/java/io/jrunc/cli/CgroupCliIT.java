package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import io.jrunc.testing.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jrunc pause, resume, update, events and kill --all through the real launcher, on real cgroups. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CgroupCliIT {
  private static final Path CG = Path.of("/sys/fs/cgroup");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Path bundle;
  static Path root;

  /**
   * This JVM is the subreaper of the containers that jrunc run -d leaves (as containerd-shim is),
   * so that their processes are reaped, and so leave their cgroups, once they are killed.
   */
  @BeforeAll
  static void subreaper() {
    io.jrunc.internal.linux.LibC.prctl(io.jrunc.internal.linux.Linux.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }

  @org.junit.jupiter.api.AfterAll
  static void notSubreaper() {
    reapAll();
    io.jrunc.internal.linux.LibC.prctl(io.jrunc.internal.linux.Linux.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  }

  /** Reaps every exited child this subreaper has (waitid P_ALL, WEXITED | WNOHANG). */
  static void reapAll() {
    try (com.sun.jna.Memory info = new com.sun.jna.Memory(128)) {
      while (true) {
        info.clear();
        io.jrunc.internal.linux.LibC.waitid(0 /* P_ALL */, 0, info, 4 | 1 /* WEXITED | WNOHANG */);
        if (info.getInt(16) == 0) { // si_pid: none exited
          return;
        }
      }
    } catch (com.sun.jna.LastErrorException e) {
      // ECHILD: no children
    }
  }

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  @BeforeEach
  void root() {
    Requirements.requireRoot("the cgroup v1 hierarchies are writable only by root");
  }

  @BeforeAll
  static void bundle() throws IOException {
    if (!Requirements.isRoot()) {
      return;
    }
    Requirements.require(Files.isDirectory(CG.resolve("pids")) && Files.isDirectory(CG.resolve("freezer"))
        && Files.isDirectory(CG.resolve("memory")), "cgroup v1 pids, memory and freezer hierarchies");
    bundle = work.resolve("bundle");
    io.jrunc.rootfs.RootfsExtractor.builder().build().extract(
        Path.of(System.getProperty("jrunc.busybox.tar")), bundle.resolve("rootfs"));
    root = work.resolve("state");
  }

  static LifecycleCliIT.Result jrunc(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("jrunc.launcher"), "--root", root.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(bundle.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jrunc %s finished", List.of(args)).isTrue();
    return new LifecycleCliIT.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  static void config(Linux.Resources resources, String... args) throws IOException {
    Spec d = Spec.defaults();
    d.toBuilder().process(d.process().toBuilder().terminal(false).args(List.of(args)).build())
        .linux(d.linux().toBuilder().resources(d.linux().resources().toBuilder()
            .pids(resources.pids()).memory(resources.memory()).build()).build())
        .build().write(bundle.resolve("config.json"));
  }

  static String status(String id) throws Exception {
    return State.parse(jrunc("state", id).out()).status();
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).trim();
  }

  @Test
  void pauseResumeUpdateEventsKillAllDelete() throws Exception {
    config(Linux.Resources.builder().pids(Linux.Resources.Pids.builder().limit(40L).build())
        .memory(Linux.Resources.Memory.builder().limit(64L << 20).swap(64L << 20).build()).build(),
        "sh", "-c", "sleep 1000 & sleep 1000 & wait");
    LifecycleCliIT.Result created = jrunc("create", "cg1");
    assertThat(created.status()).as(created.err()).isZero();
    assertThat(jrunc("start", "cg1").status()).isZero();
    assertThat(read(CG.resolve("pids/jrunc/cg1/pids.max"))).isEqualTo("40");

    LifecycleCliIT.Result stats = jrunc("events", "--stats", "cg1");
    assertThat(stats.status()).as(stats.err()).isZero();
    JsonNode e = JSON.readTree(stats.out());
    assertThat(e.get("type").asText()).isEqualTo("stats");
    assertThat(e.get("id").asText()).isEqualTo("cg1");
    assertThat(e.at("/data/pids/limit").asLong()).isEqualTo(40);
    assertThat(e.at("/data/memory/usage/limit").asLong()).isEqualTo(64L << 20);
    assertThat(e.at("/data/cpu/usage/total").asLong()).isPositive();

    LifecycleCliIT.Result updated = jrunc("update", "--pids-limit", "9", "--memory", "32m", "--memory-swap", "32m", "cg1");
    assertThat(updated.status()).as(updated.err()).isZero();
    assertThat(read(CG.resolve("pids/jrunc/cg1/pids.max"))).isEqualTo("9");
    assertThat(read(CG.resolve("memory/jrunc/cg1/memory.limit_in_bytes"))).isEqualTo(Long.toString(32L << 20));
    Path file = work.resolve("resources.json");
    Files.writeString(file, "{\"pids\": {\"limit\": 11}, \"cpu\": {\"shares\": 256}}");
    assertThat(jrunc("update", "-r", file.toString(), "cg1").status()).isZero();
    assertThat(read(CG.resolve("pids/jrunc/cg1/pids.max"))).isEqualTo("11");
    assertThat(read(CG.resolve("cpu/jrunc/cg1/cpu.shares"))).isEqualTo("256");
    LifecycleCliIT.Result refused = jrunc("update", "--cpuset-cpus", "63-64", "cg1");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("linux.resources.cpu.cpus", "63-64");

    assertThat(jrunc("pause", "cg1").status()).isZero();
    assertThat(status("cg1")).isEqualTo(State.PAUSED);
    assertThat(read(CG.resolve("freezer/jrunc/cg1/freezer.state"))).isEqualTo("FROZEN");
    assertThat(jrunc("resume", "cg1").status()).isZero();
    assertThat(status("cg1")).isEqualTo(State.RUNNING);

    List<String> procs = Files.readAllLines(CG.resolve("pids/jrunc/cg1/cgroup.procs"));
    assertThat(procs).hasSize(3);
    assertThat(jrunc("kill", "--all", "cg1", "KILL").status()).isZero();
    for (int i = 0; i < 200 && !State.STOPPED.equals(status("cg1")); i++) {
      Thread.sleep(50);
    }
    assertThat(status("cg1")).isEqualTo(State.STOPPED);
    for (String pid : procs) {
      // gone, or a zombie: jrunc run -d leaves the init to the caller's subreaper (here pid 1)
      assertThat(LifecycleCliIT.exited(Long.parseLong(pid.trim()))).as("process %s exited", pid).isTrue();
    }
    // every process killed is reaped by this subreaper before the delete removes the cgroups
    for (int i = 0; i < 200 && procs.stream().anyMatch(p -> Files.exists(Path.of("/proc/" + p.trim()))); i++) {
      reapAll();
      Thread.sleep(50);
    }
    assertThat(jrunc("delete", "cg1").status()).isZero();
    assertThat(CG.resolve("pids/jrunc/cg1")).doesNotExist();
    assertThat(CG.resolve("memory/jrunc/cg1")).doesNotExist();
    assertThat(CG.resolve("freezer/jrunc/cg1")).doesNotExist();
  }

  @Test
  void eventsReportsAnOomKill() throws Exception {
    config(Linux.Resources.builder()
        .memory(Linux.Resources.Memory.builder().limit(20L << 20).swap(20L << 20).build()).build(),
        "sh", "-c", "trap 'a=xxxxxxxxxxxxxxxx; while true; do a=$a$a; done' USR1; while true; do sleep 0.1; done");
    assertThat(jrunc("run", "-d", "oom1").status()).isZero();
    List<String> cmd = List.of(System.getProperty("jrunc.launcher"), "--root", root.toString(), "events",
        "--interval", "200ms", "oom1");
    Process events = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
      String first = r.readLine();
      assertThat(first).contains("\"type\":\"stats\"");
      assertThat(jrunc("kill", "oom1", "USR1").status()).isZero();
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    assertThat(events.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lines).contains("{\"type\":\"oom\",\"id\":\"oom1\"}");
    assertThat(status("oom1")).isEqualTo(State.STOPPED);
    LifecycleCliIT.Result deleted = jrunc("delete", "oom1");
    assertThat(deleted.status()).as(deleted.err()).isZero();
    assertThat(CG.resolve("memory/jrunc/oom1")).as(deleted.err()).doesNotExist();
  }

  @Test
  void deleteForceRemovesEmptyCgroupsACrashedRunLeftBehind() throws Exception {
    Path left = CG.resolve("pids/jrunc/leftover1");
    Path leftToo = CG.resolve("memory/jrunc/leftover1");
    Files.createDirectories(left);
    Files.createDirectories(leftToo);
    LifecycleCliIT.Result r = jrunc("delete", "-f", "leftover1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(left).doesNotExist();
    assertThat(leftToo).doesNotExist();
  }
}
