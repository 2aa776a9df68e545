package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerException;
import io.jrunc.ExitStatus;
import io.jrunc.Signal;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers on the busybox rootfs through the public API, checked from inside: what the
 * configuration promised is what the container's own /proc says.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerIT {

  @TempDir static Path work;
  static Path rootfs;
  static Path stateRoot;
  static LinuxContainerRuntime runtime;

  @BeforeAll
  static void rootfs() throws IOException {
    // As root, or as a user in the builder's rootless mode.
    rootfs = work.resolve("bundle/rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  ContainerBuilder container(String... args) {
    return Container.builder().runtime(runtime).rootfs(rootfs).args(args);
  }

  /** Runs a shell command in a default container; returns its stdout, asserting exit 0. */
  String sh(ContainerBuilder b) throws Exception {
    try (Container c = b.start()) {
      CompletableFuture<String> err = readAsync(c.process().getErrorStream());
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = c.process().waitFor();
      assertThat(status).as("exit status; stderr: %s", err.get()).isZero();
      return out;
    }
  }

  String sh(String script) throws Exception {
    return sh(container("sh", "-c", script));
  }

  static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void theProcessIsPid1InItsOwnNamespaces() throws Exception {
    assertThat(sh("echo $$; cat /proc/1/cmdline | tr '\\0' ' '")).isEqualTo("1\nsh -c echo $$; cat /proc/1/cmdline | tr '\\0' ' ' ");
    String ns = sh("for t in pid net mnt uts ipc; do readlink /proc/self/ns/$t; done");
    for (String line : ns.strip().split("\n")) {
      String type = line.substring(0, line.indexOf(':'));
      assertThat(line).as(type).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString());
    }
  }

  @Test
  void hostnameAndIdentity() throws Exception {
    assertThat(sh(container("sh", "-c", "hostname; id").hostname("box")))
        .isEqualTo("box\nuid=0(root) gid=0(root)\n"); // no supplementary groups, as with runc
    assertThat(sh(container("id").user(65534, 65534)))
        .isEqualTo("uid=65534(nobody) gid=65534(nobody)\n");
    assertThat(sh(container("id").user(65534, 65534, 10, 20)))
        .isEqualTo("uid=65534(nobody) gid=65534(nobody) groups=10,20\n");
  }

  @Test
  void rlimitsCapabilitiesAndNoNewPrivileges() throws Exception {
    String out = sh(container("sh", "-c", "ulimit -n; grep -E '^(CapEff|CapBnd|CapPrm|NoNewPrivs)' /proc/self/status")
        .rlimit("RLIMIT_NOFILE", 512, 512));
    // runc's defaults: CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE; noNewPrivileges.
    assertThat(out).isEqualTo("512\nCapPrm:\t0000000020000420\nCapEff:\t0000000020000420\n"
        + "CapBnd:\t0000000020000420\nNoNewPrivs:\t1\n");
  }

  @Test
  void onlyStdioIsOpenInside() throws Exception {
    // ls opens the directory itself as fd 3.
    assertThat(sh("ls /proc/self/fd")).isEqualTo("0\n1\n2\n3\n");
  }

  @Test
  void mountsAreRuncs() throws Exception {
    String mounts = sh("cat /proc/self/mountinfo");
    assertThat(mounts).containsPattern(" /proc \\S+ - proc proc ")
        .containsPattern(" /dev \\S+ - tmpfs tmpfs ")
        .containsPattern(" /dev/pts \\S+ - devpts devpts ")
        .containsPattern(" /dev/shm \\S+ - tmpfs shm ")
        .containsPattern(" /dev/mqueue \\S+ - mqueue mqueue ")
        .containsPattern(" /sys ro,\\S+ - sysfs sysfs ");
    assertThat(sh("ls /dev")).contains("null", "zero", "full", "random", "urandom", "tty", "ptmx", "fd", "stdin");
  }

  @Test
  void maskedPathsShowNothing() throws Exception {
    // On the host these have content; runc's default maskedPaths hide them (/dev/null over a
    // file, an empty read-only tmpfs over a directory).
    if (Requirements.isRoot()) { // (only root may read it)
      assertThat(Files.readAllBytes(Path.of("/proc/timer_list"))).isNotEmpty();
    }
    try (Stream<Path> s = Files.list(Path.of("/sys/firmware"))) {
      assertThat(s.count()).isPositive();
    }
    assertThat(sh("wc -c < /proc/timer_list; ls -A /sys/firmware | wc -l; stat -c '%t:%T' /proc/timer_list; "
        + "touch /sys/firmware/x 2>&1; true"))
        .isEqualTo("0\n0\n1:3\ntouch: /sys/firmware/x: Read-only file system\n");
  }

  @Test
  void aReadOnlyRootfsCannotBeWritten() throws Exception {
    assertThat(sh(container("sh", "-c", "touch /x 2>&1; echo $?").readonlyRootfs(true)))
        .isEqualTo("touch: /x: Read-only file system\n1\n");
    assertThat(rootfs.resolve("x")).doesNotExist();
  }

  @Test
  void exitCodesAndSignals() throws Exception {
    try (Container c = container("sh", "-c", "exit 3").start()) {
      assertThat(c.process().waitFor()).isEqualTo(3);
      assertThat(c.process().exitStatus()).isEqualTo(ExitStatus.exited(3));
      assertThat(c.state().status()).isEqualTo(State.STOPPED);
    }
    try (Container c = container("sleep", "100").start()) {
      c.kill(Signal.SIGKILL);
      assertThat(c.process().waitFor()).isEqualTo(137);
      assertThat(c.process().exitStatus().signal()).isEqualTo(9);
    }
    try (Container c = container("sh", "-c", "trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done").start()) {
      assertThat(new String(c.process().getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
      c.process().destroy();
      assertThat(c.process().onExitStatus().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(7));
    }
  }

  @Test
  void stdinRoundTrip() throws Exception {
    try (Container c = container("cat").start()) {
      try (OutputStream in = c.process().getOutputStream()) {
        in.write("hello, container\n".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, container\n");
      assertThat(c.process().waitFor()).isZero();
    }
  }

  @Test
  void hundredMegabytesOnStdoutAndStderrAtOnce() throws Exception {
    try (Container c = container("sh", "-c", "head -c 100000000 /dev/zero & head -c 100000000 /dev/zero >&2; wait").start()) {
      CompletableFuture<Long> err = CompletableFuture.supplyAsync(() -> count(c.process().getErrorStream()));
      long out = count(c.process().getInputStream());
      assertThat(out).isEqualTo(100_000_000L);
      assertThat(err.get(60, TimeUnit.SECONDS)).isEqualTo(100_000_000L);
      assertThat(c.process().waitFor()).isZero();
    }
  }

  static long count(InputStream in) {
    try {
      return in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aMissingBinaryIsAClearErrorAndLeavesNothing() {
    assertThatThrownBy(() -> container("/bin/nope").start())
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("exec \"/bin/nope\": no such file or directory");
  }

  @Test
  void anInvalidSpecNamesEveryProblemAndMakesNothing() {
    assertThatThrownBy(() -> container().cwd("relative").start())
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("process.args: must not be empty")
        .hasMessageContaining("process.cwd: must be absolute");
  }

  @Test
  void anInvalidMountNamesTheStep() {
    ContainerBuilder b = container("true").mount(Spec.Mount.of("/mnt", "bogusfs", "none", List.of()));
    assertThatThrownBy(b::start)
        .isInstanceOf(ContainerException.class)
        .hasMessageMatching("mount \"none\" on \"/mnt\": No such device \\(plan step \\d+\\)");
  }

  @Test
  void createThenStartThenDelete() throws Exception {
    try (Container c = container("sh", "-c", "read x; echo got $x").id("lifecycle").create()) {
      State created = c.state();
      assertThat(created.status()).isEqualTo(State.CREATED);
      assertThat(created.pid()).isPositive();
      assertThat(created.id()).isEqualTo("lifecycle");
      assertThat(stateRoot.resolve("lifecycle/exec.fifo")).exists();
      assertThatThrownBy(() -> container("true").id("lifecycle").create())
          .hasMessageContaining("already exists");
      c.start();
      assertThat(c.state().status()).isEqualTo(State.RUNNING);
      assertThat(Container.find("lifecycle")).isEmpty(); // the default runtime's root is elsewhere
      assertThat(runtime.find("lifecycle")).get().extracting(Container::id).isEqualTo("lifecycle");
      assertThatThrownBy(c::delete).hasMessageContaining("not stopped");
      try (OutputStream in = c.process().getOutputStream()) {
        in.write("it\n".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got it\n");
      c.process().waitFor();
      assertThat(c.state().status()).isEqualTo(State.STOPPED);
      c.delete();
      assertThat(stateRoot.resolve("lifecycle")).doesNotExist();
    }
  }

  @Test
  void startingAContainerWhoseInitWasKilledSaysSo() throws Exception {
    try (Container c = container("true").id("killed").create()) {
      c.kill(Signal.SIGKILL);
      c.process().waitFor();
      long t0 = System.nanoTime();
      assertThatThrownBy(c::start).hasMessageContaining("exited before it was started");
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void fiftyContainersInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String word = "c" + i;
        results.add(pool.submit(() -> {
          try (Container c = container("echo", word).redirectError(ProcessBuilder.Redirect.DISCARD).start()) {
            String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).isEqualTo(word + "\n");
            return c.process().waitFor();
          }
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
