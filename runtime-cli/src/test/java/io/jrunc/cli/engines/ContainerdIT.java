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
 * containerd drives jrunc: a containerd of the test's own (root, state and sockets in a temporary
 * directory, no CRI), the busybox rootfs imported from an OCI image archive the test writes
 * ({@link OciArchive}), and {@code ctr run --runc-binary <jrunc>}: containerd-shim-runc-v2 runs
 * {@code jrunc create/start/delete} with {@code --root} in the test's directory.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerdIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String IMAGE = "localhost/busybox:latest";

  static Path dir;
  static Path work;
  static Path ctr;
  static Process containerd;
  static Engines.CreatedDirs hostDirs;

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  @BeforeEach
  void root() {
    Requirements.requireRoot("containerd runs as root here (a rootless containerd is not set up)");
  }

  @BeforeAll
  static void startContainerd() throws Exception {
    if (!Engines.isRoot()) {
      return;
    }
    Path bin = Requirements.requireProgram("containerd");
    ctr = Requirements.requireProgram("ctr");
    Requirements.requireProgram("containerd-shim-runc-v2");
    Engines.jrunc();
    dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-ctrd-");
    work = Files.createDirectories(dir.resolve("work"));
    // the shim's sockets and ctr's fifos go there whatever containerd's roots
    hostDirs = Engines.CreatedDirs.note(Path.of("/run/containerd"));
    Path config = dir.resolve("config.toml");
    Files.writeString(config, String.join("\n",
        "version = 2",
        "root = \"" + dir.resolve("root") + "\"",
        "state = \"" + dir.resolve("state") + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.snapshotter.v1.btrfs\","
            + " \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\","
            + " \"io.containerd.snapshotter.v1.aufs\"]",
        "[grpc]", "  address = \"" + dir.resolve("containerd.sock") + "\"",
        "[ttrpc]", "  address = \"" + dir.resolve("containerd.sock.ttrpc") + "\"",
        "[debug]", "  address = \"\"",
        "[metrics]", "  address = \"\"", ""));
    Path log = dir.resolve("containerd.log");
    containerd = Engines.start(List.of(bin.toString(), "--config", config.toString()), log);
    Engines.await(() -> {
      try {
        return Files.exists(dir.resolve("containerd.sock")) && ctr("version").status() == 0;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }, Duration.ofSeconds(60), containerd, log);
    Path archive = OciArchive.write(Engines.busyboxTar(), IMAGE, work.resolve("busybox-oci.tar"));
    ctr("images", "import", "--snapshotter", "native", archive.toString()).ok();
  }

  static Result ctr(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ctr.toString(), "--address", dir.resolve("containerd.sock").toString()));
    cmd.addAll(List.of(args));
    return Engines.run(work, Map.of(), null, TIMEOUT, cmd);
  }

  static List<String> runArgs(String id, String... command) {
    List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--snapshotter", "native",
        "--runc-binary", Engines.jrunc().toString(), "--runc-root", dir.resolve("jrunc-state").toString(),
        IMAGE, id));
    cmd.addAll(List.of(command));
    return cmd;
  }

  @Test
  void runPrintsFromInside() throws Exception {
    Result r = ctr(runArgs("ctr-echo", "sh", "-c", "echo hi; echo pid $$; ls /; exit 7")
        .toArray(String[]::new));
    assertThat(r.out()).as(r.err()).startsWith("hi\npid 1\nbin\n");
    assertThat(r.status()).isEqualTo(7);
    assertThat(ctr("containers", "ls", "-q").ok().out()).isBlank();
  }

  @Test
  void execAndKill() throws Exception {
    List<String> detached = new ArrayList<>(runArgs("ctr-exec", "sleep", "1000"));
    detached.set(detached.indexOf("--rm"), "-d");
    ctr(detached.toArray(String[]::new)).ok();
    Result exec = ctr("tasks", "exec", "--exec-id", "e1", "ctr-exec", "sh", "-c",
        "echo exec beside $(cat /proc/1/cmdline | tr '\\0' ' '); exit 3");
    assertThat(exec.out()).as(exec.err()).isEqualTo("exec beside sleep 1000\n");
    assertThat(exec.status()).isEqualTo(3);
    ctr("tasks", "kill", "-s", "SIGKILL", "ctr-exec").ok();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!ctr("tasks", "ls").ok().out().matches("(?s).*ctr-exec\\s+\\d+\\s+STOPPED.*")) {
      assertThat(System.nanoTime()).as("ctr-exec stopped").isLessThan(deadline);
      Thread.sleep(100);
    }
    ctr("tasks", "delete", "ctr-exec").ok();
    ctr("containers", "delete", "ctr-exec").ok();
  }

  @AfterAll
  static void stopContainerd() throws Exception {
    if (dir == null) {
      return;
    }
    try {
      if (containerd != null && containerd.isAlive()) {
        for (String id : ctr("containers", "ls", "-q").out().split("\\s+")) {
          if (!id.isBlank()) {
            ctr("tasks", "kill", "-s", "SIGKILL", id);
            ctr("tasks", "delete", "-f", id);
            ctr("containers", "delete", id);
          }
        }
      }
    } finally {
      Engines.stop(containerd == null ? null : containerd.toHandle(), Duration.ofSeconds(30));
      Engines.unmountUnder(dir, work);
      List<String> mounts = Engines.mountsUnder(dir);
      List<String> left = Engines.processesMentioning(dir.toString());
      List<String> stateLeft = new ArrayList<>();
      Path stateRoot = dir.resolve("jrunc-state");
      boolean rooted = Files.isDirectory(stateRoot);
      if (rooted) {
        for (String ns : Engines.entries(stateRoot)) {
          Engines.entries(stateRoot.resolve(ns)).forEach(e -> stateLeft.add(ns + "/" + e));
        }
      }
      List<Path> cgroups = Engines.cgroupsNamed(List.of("ctr-echo", "ctr-exec"));
      Engines.deleteTree(dir);
      hostDirs.removeEmpty();
      assertThat(rooted).as("the shim ran jrunc with --root in the test's directory").isTrue();
      assertThat(left).as("processes left").isEmpty();
      assertThat(mounts).as("mounts left").isEmpty();
      assertThat(stateLeft).as("container state left in jrunc's --root").isEmpty();
      assertThat(cgroups).as("cgroups of the containers left").isEmpty();
    }
  }
}
