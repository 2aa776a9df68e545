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
 * Podman drives jrunc through conmon: {@code podman --runtime <jrunc>} with its root, run root and
 * temporary directory in a temporary directory, the cgroupfs manager, no network, and explicit
 * nofile and nproc limits (podman would otherwise ask for limits above this machine's hard ones,
 * which root without CAP_SYS_RESOURCE cannot raise).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PodmanIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  static Path dir;
  static Path work;
  static Path podman;
  static List<Path> cgroupsBefore;
  static final List<String> containerIds = new ArrayList<>();

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  @BeforeEach
  void root() {
    Requirements.requireRoot("podman runs as root here (a rootless podman is not set up)");
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!Engines.isRoot()) {
      return;
    }
    podman = Requirements.requireProgram("podman");
    Requirements.requireProgram("conmon");
    Engines.jrunc();
    dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-podman-");
    work = Files.createDirectories(dir.resolve("work"));
    cgroupsBefore = Engines.cgroupDirs();
    podman("import", Engines.busyboxTar().toString(), "localhost/busybox").ok();
  }

  static Result podman(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(podman.toString(),
        "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("runroot").toString(),
        "--tmpdir", dir.resolve("tmp").toString(), "--storage-driver", "vfs",
        "--cgroup-manager", "cgroupfs", "--events-backend", "none",
        "--runtime", Engines.jrunc().toString()));
    cmd.addAll(List.of(args));
    return Engines.run(work, Map.of(), null, TIMEOUT, cmd);
  }

  /** {@code podman run} with what this machine needs (see the class comment). */
  static Result run(String... args) throws IOException, InterruptedException {
    // Within the hard limits of the test and of conmon's children (podman lowers nproc to 32768).
    long nofile = Math.min(1024, hardLimit("Max open files"));
    long nproc = Math.min(1024, hardLimit("Max processes"));
    List<String> cmd = new ArrayList<>(List.of("run", "--network", "none",
        "--ulimit", "nofile=" + nofile + ":" + nofile, "--ulimit", "nproc=" + nproc + ":" + nproc));
    cmd.addAll(List.of(args));
    return podman(cmd.toArray(String[]::new));
  }

  /** This process's hard limit from /proc/self/limits (at most 1048576, as podman's default). */
  static long hardLimit(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith(name)) {
        String hard = line.substring(name.length()).trim().split("\\s+")[1];
        return hard.equals("unlimited") ? 1048576 : Math.min(1048576, Long.parseLong(hard));
      }
    }
    throw new AssertionError("no " + name + " in /proc/self/limits");
  }

  @Test
  void runPrintsFromInside() throws Exception {
    Result r = run("--name", "podrun", "localhost/busybox", "sh", "-c", "echo hi; echo pid $$; hostname");
    containerIds.add(podman("inspect", "-f", "{{.Id}}", "podrun").ok().out().trim());
    podman("rm", "podrun").ok();
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("hi\npid 1\n");
  }

  @Test
  void execAndStop() throws Exception {
    Result started = run("-d", "--name", "podexec", "localhost/busybox", "sh", "-c",
        "trap 'exit 42' TERM; while true; do sleep 0.1; done");
    assertThat(started.status()).as(started.err()).isZero();
    containerIds.add(started.out().trim());
    Result exec = podman("exec", "podexec", "sh", "-c", "echo exec in $(hostname); cat /proc/1/cmdline; exit 6");
    assertThat(exec.status()).as(exec.err()).isEqualTo(6);
    assertThat(exec.out()).startsWith("exec in " + started.out().trim().substring(0, 12) + "\nsh");
    podman("stop", "-t", "20", "podexec").ok();
    assertThat(podman("inspect", "-f", "{{.State.ExitCode}}", "podexec").ok().out().trim()).isEqualTo("42");
    podman("rm", "podexec").ok();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (dir == null) {
      return;
    }
    try {
      podman("rm", "-af");
      podman("system", "reset", "-f"); // stops podman's pause process and storage, if any
    } finally {
      Engines.unmountUnder(dir, work);
      List<String> mounts = Engines.mountsUnder(dir);
      List<String> left = Engines.processesMentioning(dir.toString());
      // podman runs jrunc without --root (its clean-up processes would not pass a --runtime-flag)
      List<String> stateLeft = new ArrayList<>(Engines.entries(Path.of("/run/jrunc")));
      stateLeft.retainAll(containerIds);
      Engines.removeNewCgroups(cgroupsBefore, "libpod_parent"); // conmon's, podman's own
      List<Path> cgroups = Engines.cgroupsNamed(containerIds);
      List<Path> podmans = new ArrayList<>(Engines.cgroupDirs());
      podmans.removeAll(cgroupsBefore);
      podmans.removeIf(p -> !p.toString().contains("libpod"));
      Engines.deleteTree(dir);
      assertThat(left).as("processes left").isEmpty();
      assertThat(mounts).as("mounts left").isEmpty();
      assertThat(stateLeft).as("container state left in jrunc's --root").isEmpty();
      assertThat(cgroups).as("cgroups of the containers left").isEmpty();
      assertThat(podmans).as("podman's cgroups left").isEmpty();
    }
  }
}
