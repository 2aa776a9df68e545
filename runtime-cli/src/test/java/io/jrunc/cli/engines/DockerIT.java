package io.jrunc.cli.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.cli.engines.Engines.Result;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Docker drives jrunc: a dockerd of the test's own (root, exec root, socket and pid file in a
 * temporary directory; no iptables, no bridge, the vfs storage driver) with jrunc added as the
 * runtime "jrunc"; the busybox rootfs imported as an image. containerd-shim-runc-v2 calls {@code
 * jrunc create/start/state/kill/delete/exec}, and the container's init must be the shim's child,
 * with no shim of ours in between.
 *
 * <p>Containers get Docker's defaults, its seccomp profile included ({@link #SECURITY} adds
 * nothing).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DockerIT {
  static final List<String> SECURITY = List.of();
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  static Path work;
  static Path dir;
  static Path docker;
  static Process dockerd;
  static ProcessHandle containerd;
  static Engines.CreatedDirs hostDirs;
  static final List<String> containerIds = new ArrayList<>();

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  @BeforeEach
  void root() {
    Requirements.requireRoot("dockerd runs as root here (a rootless dockerd is not set up)");
  }

  @BeforeAll
  static void startDockerd() throws Exception {
    if (!Engines.isRoot()) {
      return;
    }
    Path dockerdBin = Requirements.requireProgram("dockerd");
    docker = Path.of("/usr/bin/docker"); // the client of the same release as the daemon
    Requirements.require(Files.isExecutable(docker), "/usr/bin/docker (Debian's docker.io)");
    Requirements.requireProgram("containerd");
    Path jrunc = Engines.jrunc();
    // Short: the daemon's unix sockets live below it (108 bytes at most).
    dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-docker-");
    work = Files.createDirectories(dir.resolve("work"));
    // dockerd and containerd-shim make these whatever their roots; removed after if they were not there
    hostDirs = Engines.CreatedDirs.note(Path.of("/var/run/docker"), Path.of("/run/containerd"));
    Path log = dir.resolve("dockerd.log");
    dockerd = Engines.start(List.of(dockerdBin.toString(),
        "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--bridge=none",
        "--storage-driver=vfs", "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
        "--pidfile", dir.resolve("docker.pid").toString(),
        "--add-runtime", "jrunc=" + jrunc), log);
    Engines.await(() -> {
      try {
        return Files.exists(dir.resolve("docker.sock")) && docker("info").status() == 0;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }, Duration.ofSeconds(60), dockerd, log);
    containerd = Engines.fromPidFile(dir.resolve("exec/containerd/containerd.pid"));
    docker("import", Engines.busyboxTar().toString(), "busybox").ok();
  }

  static Result docker(String... args) throws IOException, InterruptedException {
    return dockerIn(null, args);
  }

  static Result dockerIn(String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(docker.toString()));
    cmd.addAll(List.of(args));
    return Engines.run(work, Map.of("DOCKER_HOST", "unix://" + dir.resolve("docker.sock")), stdin,
        TIMEOUT, cmd);
  }

  /** {@code docker run --runtime jrunc <SECURITY> <args>}. */
  static Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("run", "--runtime", "jrunc"));
    cmd.addAll(SECURITY);
    cmd.addAll(List.of(args));
    return docker(cmd.toArray(String[]::new));
  }

  /** Starts a detached container named {@code name}; returns its id. */
  static String runDetached(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("-d", "--name", name));
    cmd.addAll(List.of(args));
    String id = run(cmd.toArray(String[]::new)).ok().out().trim();
    containerIds.add(id);
    return id;
  }

  /** A command run under script(1), so that it has a terminal; {@code input} is typed into it. */
  static Result withTerminal(String input, String command) throws IOException, InterruptedException {
    Path script = Requirements.requireProgram("script");
    return Engines.run(work, Map.of("DOCKER_HOST", "unix://" + dir.resolve("docker.sock")), input,
        TIMEOUT, List.of(script.toString(), "-q", "-e", "-c", command, "/dev/null"));
  }

  static void awaitLogs(String name, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!docker("logs", name).out().contains(text)) {
      assertThat(System.nanoTime()).as("logs of %s show %s", name, text).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void runPrintsAndRemovesTheContainer() throws Exception {
    Result r = run("--rm", "busybox", "sh", "-c", "echo hi; echo pid $$; grep NoNewPrivs /proc/self/status");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("hi\npid 1\n");
    assertThat(docker("ps", "-aq").ok().out()).isBlank();
  }

  @Test
  void interactiveTerminal() throws Exception {
    Result r = withTerminal("echo hello from $(tty); exit 3\n", docker + " run -it --rm --runtime jrunc "
        + String.join(" ", SECURITY) + " busybox sh");
    assertThat(r.out()).as(r.err()).contains("hello from /dev/pts/0");
    assertThat(r.status()).as(r.out()).isEqualTo(3);
  }

  @Test
  void execStopAndLogs() throws Exception {
    String id = runDetached("stoppable", "busybox", "sh", "-c",
        "trap 'echo got TERM; exit 42' TERM; echo ready; while true; do sleep 0.1; done");
    awaitLogs("stoppable", "ready");
    Result exec = docker("exec", "stoppable", "sh", "-c", "echo in $(hostname) as $(id -u); cat /proc/1/cmdline");
    assertThat(exec.status()).as(exec.err()).isZero();
    assertThat(exec.out()).startsWith("in " + id.substring(0, 12) + " as 0\nsh");
    assertThat(docker("exec", "stoppable", "sh", "-c", "exit 5").status()).isEqualTo(5);
    assertThat(docker("exec", "-u", "1000:1000", "-w", "/tmp", "stoppable", "sh", "-c", "echo $(id -u):$(id -g) $PWD")
        .ok().out()).isEqualTo("1000:1000 /tmp\n");
    Result tty = withTerminal("echo exec on $(tty); exit 4\n", docker + " exec -it stoppable sh");
    assertThat(tty.out()).contains("exec on /dev/pts/");
    assertThat(tty.status()).isEqualTo(4);
    Result missing = docker("exec", "stoppable", "nonexistent-program");
    assertThat(missing.status()).as(missing.err()).isEqualTo(126); // Docker 20.10's for a failed exec
    assertThat(missing.out() + missing.err()).contains("executable file not found");
    docker("stop", "-t", "20", "stoppable").ok();
    assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "stoppable").ok().out().trim()).isEqualTo("42");
    assertThat(docker("logs", "stoppable").ok().out()).isEqualTo("ready\ngot TERM\n");
    docker("rm", "stoppable").ok();
  }

  @Test
  void killEndsTheContainerWithSigkill() throws Exception {
    runDetached("killable", "busybox", "sleep", "1000");
    docker("kill", "killable").ok();
    docker("wait", "killable").ok();
    assertThat(docker("inspect", "-f", "{{.State.ExitCode}} {{.State.Status}}", "killable").ok().out().trim())
        .isEqualTo("137 exited");
    docker("rm", "killable").ok();
  }

  @Test
  void aMissingProgramFailsTheRunWith127() throws Exception {
    Result r = run("--rm", "busybox", "no-such-program");
    assertThat(r.status()).isEqualTo(127);
    assertThat(r.err()).contains("executable file not found");
  }

  @Test
  void pauseAndUnpause() throws Exception {
    requireCgroups();
    runDetached("pausable", "busybox", "sleep", "1000");
    docker("pause", "pausable").ok();
    assertThat(docker("inspect", "-f", "{{.State.Status}}", "pausable").ok().out().trim()).isEqualTo("paused");
    docker("unpause", "pausable").ok();
    assertThat(docker("inspect", "-f", "{{.State.Status}}", "pausable").ok().out().trim()).isEqualTo("running");
    docker("rm", "-f", "pausable").ok();
  }

  @Test
  void memoryLimit() throws Exception {
    requireCgroups();
    Result r = run("--rm", "--memory", "64m", "busybox", "sh", "-c",
        "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo(Long.toString(64L << 20));
  }

  /** pause and --memory need jrunc's cgroups, which `jrunc features` announces. */
  static void requireCgroups() throws IOException, InterruptedException {
    Result f = Engines.run(work, Map.of(), null, TIMEOUT, List.of(Engines.jrunc().toString(), "features"));
    Requirements.require(f.out().replaceAll("\\s", "").contains("\"v1\":true"),
        "jrunc's cgroups (jrunc features: linux.cgroup.v1 true)");
  }

  @AfterAll
  static void stopDockerd() throws Exception {
    if (dir == null) {
      return;
    }
    try {
      if (dockerd != null && dockerd.isAlive()) {
        Result ps = docker("ps", "-aq");
        for (String id : ps.out().split("\\s+")) {
          if (!id.isBlank()) {
            docker("rm", "-f", id);
          }
        }
      }
    } finally {
      Engines.stop(dockerd == null ? null : dockerd.toHandle(), Duration.ofSeconds(30));
      Engines.stop(containerd, Duration.ofSeconds(15));
      Engines.unmountUnder(dir, work); // dockerd leaves its data root bound on itself
      List<String> mounts = Engines.mountsUnder(dir);
      List<String> left = Engines.processesMentioning(dir.toString());
      List<String> stateLeft = Engines.entries(dir.resolve("exec/runtime-runc/moby"));
      List<Path> cgroups = Engines.cgroupsNamed(containerIds);
      hostDirs.removeEmpty();
      Engines.deleteTree(dir);
      assertThat(left).as("processes left").isEmpty();
      assertThat(mounts).as("mounts left").isEmpty();
      assertThat(stateLeft).as("container state left in jrunc's --root").isEmpty();
      assertThat(cgroups).as("cgroups of the containers left").isEmpty();
    }
  }
}
