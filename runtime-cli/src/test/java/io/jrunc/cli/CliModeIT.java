package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jrunc as an engine drives it: this test JVM is a child subreaper (as containerd-shim and conmon
 * are), so a container's init, left an orphan by {@code jrunc create}, must become this JVM's
 * child, with no jrunc process (and no shim of ours) in between. Then exec, ps, the console
 * socket, and the json log.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliModeIT {
  @TempDir static Path work;
  static Path bundle;
  static Path root;

  @BeforeAll
  static void setUp() throws IOException {
    bundle = work.resolve("bundle");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), bundle.resolve("rootfs"));
    root = work.resolve("state");
    LibC.prctl(Linux.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }

  @AfterAll
  static void notSubreaper() {
    LibC.prctl(Linux.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
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

  static void config(UnaryOperator<Spec.Process.Builder> change) throws IOException {
    Spec d = Spec.defaults();
    d.toBuilder().process(change.apply(d.process().toBuilder().terminal(false)).build())
        .build().write(bundle.resolve("config.json"));
  }

  /** Reaps an exited child of this JVM (the subreaper's job); its wait status. */
  static int reap(long pid) {
    try (Memory info = new Memory(128)) {
      info.clear();
      LibC.waitid(1 /* P_PID */, (int) pid, info, 4 /* WEXITED */);
      int code = info.getInt(8);     // si_code: CLD_EXITED 1, CLD_KILLED 2, CLD_DUMPED 3
      int status = info.getInt(24);  // si_status
      return code == 1 ? status << 8 : status;
    }
  }

  static long parentOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
  }

  @Test
  void createLeavesTheInitToTheCallersSubreaperAndItsStatusIsTheCallers() throws Exception {
    config(p -> p.args(List.of("sh", "-c", "exit 7")));
    Path pidFile = work.resolve("orphan.pid");
    LifecycleCliIT.Result created = jrunc("create", "--pid-file", pidFile.toString(), "orphan");
    assertThat(created.status()).as(created.err()).isZero();
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(parentOf(pid)).as("the init's parent: this subreaper, no jrunc and no shim").isEqualTo(
        ProcessHandle.current().pid());
    assertThat(Files.readString(root.resolve("orphan/init")).trim()).startsWith(pid + " ");
    assertThat(State.parse(jrunc("state", "orphan").out()).status()).isEqualTo(State.CREATED);
    assertThat(jrunc("start", "orphan").status()).isZero();
    assertThat(reap(pid)).as("the wait status, read by the caller").isEqualTo(7 << 8);
    State stopped = State.parse(jrunc("state", "orphan").out());
    assertThat(stopped.status()).isEqualTo(State.STOPPED);
    assertThat(jrunc("delete", "orphan").status()).isZero();
    assertThat(root.resolve("orphan")).doesNotExist();
  }

  @Test
  void deleteOfACreatedContainerKillsItsInit() throws Exception {
    config(p -> p.args(List.of("sleep", "100")));
    assertThat(jrunc("create", "created").status()).isZero();
    long pid = State.parse(jrunc("state", "created").out()).pid();
    assertThat(jrunc("delete", "created").status()).isZero();
    assertThat(reap(pid) & 0x7f).as("killed by SIGKILL").isEqualTo(9);
    assertThat(root.resolve("created")).doesNotExist();
  }

  @Test
  void execRunsInTheContainersNamespacesWithTheGivenUserEnvAndCwd() throws Exception {
    config(p -> p.args(List.of("sleep", "100")));
    assertThat(jrunc("run", "-d", "execd").status()).isZero();
    long init = State.parse(jrunc("state", "execd").out()).pid();
    try {
      LifecycleCliIT.Result r = jrunc("exec", "execd", "sh", "-c",
          "echo $$ $(hostname) $(cat /proc/1/cmdline | tr '\\0' ' '); readlink /proc/self/ns/mnt; exit 3");
      assertThat(r.status()).as(r.err()).isEqualTo(3);
      String[] lines = r.out().split("\n");
      assertThat(lines[0]).matches("\\d+ runc sleep 100");
      assertThat(lines[1]).isEqualTo(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/mnt")).toString());

      LifecycleCliIT.Result user = jrunc("exec", "--user", "1000:100", "-g", "5", "--env", "X=y", "--cwd", "/tmp",
          "execd", "sh", "-c", "id; echo $X; pwd; grep NoNewPrivs /proc/self/status");
      assertThat(user.out()).as(user.err()).isEqualTo("uid=1000 gid=100 groups=5\ny\n/tmp\nNoNewPrivs:\t1\n");

      Path processFile = work.resolve("process.json");
      Files.writeString(processFile, SpecJson.toJson(Spec.defaults().process().toBuilder().terminal(false)
          .args(List.of("sh", "-c", "echo from a file; grep CapEff /proc/self/status")).build()));
      LifecycleCliIT.Result fromFile = jrunc("exec", "--process", processFile.toString(), "execd");
      assertThat(fromFile.out()).as(fromFile.err()).isEqualTo("from a file\nCapEff:\t0000000020000420\n");

      LifecycleCliIT.Result ps = jrunc("ps", "--format", "json", "execd");
      assertThat(ps.out()).isEqualTo("[" + init + "]\n");

      LifecycleCliIT.Result missing = jrunc("exec", "execd", "no-such-program");
      assertThat(missing.status()).isEqualTo(255);
      assertThat(missing.err()).contains("exec failed", "\"no-such-program\": executable file not found in $PATH");

      Path pidFile = work.resolve("exec.pid");
      LifecycleCliIT.Result detached = jrunc("exec", "-d", "--pid-file", pidFile.toString(), "execd", "sh", "-c", "exit 4");
      assertThat(detached.status()).as(detached.err()).isZero();
      long execPid = Long.parseLong(Files.readString(pidFile).trim());
      assertThat(reap(execPid)).as("a detached exec is the subreaper's too").isEqualTo(4 << 8);
    } finally {
      assertThat(jrunc("delete", "-f", "execd").status()).isZero();
      reap(init);
    }
    LifecycleCliIT.Result stopped = jrunc("exec", "execd", "true");
    assertThat(stopped.status()).isEqualTo(1);
    assertThat(stopped.err()).contains("container \"execd\" does not exist");
  }

  @Test
  void theTerminalsMasterGoesToTheConsoleSocket() throws Exception {
    config(p -> p.terminal(true).args(List.of("sh", "-c", "echo on $(tty); sleep 100")));
    Path socketPath = work.resolve("console.sock");
    int listener = UnixSockets.listen(socketPath, 1);
    try {
      LifecycleCliIT.Result refused = jrunc("create", "tty0");
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).contains("cannot allocate tty if jrunc will detach without setting console socket");
      assertThat(root.resolve("tty0")).doesNotExist();

      LifecycleCliIT.Result created = jrunc("create", "--console-socket", socketPath.toString(), "tty1");
      assertThat(created.status()).as(created.err()).isZero();
      int conn = UnixSockets.accept(listener);
      UnixSockets.Received master;
      try {
        master = UnixSockets.receiveFd(conn, true);
      } finally {
        LibC.closeQuietly(conn);
      }
      assertThat(master).isNotNull();
      assertThat(master.name()).isEqualTo("/dev/ptmx");
      long pid = State.parse(jrunc("state", "tty1").out()).pid();
      PtyMaster pty = PtyMaster.adopt(master.fd(), master.name());
      try {
        InputStream in = pty.input();
        assertThat(jrunc("start", "tty1").status()).isZero();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
          StringBuilder text = new StringBuilder();
          byte[] buf = new byte[256];
          try {
            for (int n; !text.toString().contains("\n") && (n = in.read(buf)) > 0; ) {
              text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            text.append(e);
          }
          return text.toString();
        });
        assertThat(line.get(30, TimeUnit.SECONDS)).startsWith("on /dev/pts/");
      } finally {
        pty.close();
        jrunc("delete", "-f", "tty1");
        reap(pid);
      }
    } finally {
      LibC.closeQuietly(listener);
    }
  }

  @Test
  void errorsGoToTheJsonLogAsRuncWritesThem() throws Exception {
    Path log = work.resolve("log.json");
    LifecycleCliIT.Result r = jrunc("--log", log.toString(), "--log-format", "json", "state", "nothere");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("jrunc: container \"nothere\" does not exist\n");
    assertThat(Files.readString(log)).matches(
        "\\{\"level\":\"error\",\"msg\":\"container \\\\\"nothere\\\\\" does not exist\",\"time\":\"[-0-9T:.]+Z\"}\n");
    LifecycleCliIT.Result systemd = jrunc("--systemd-cgroup", "list");
    assertThat(systemd.status()).isEqualTo(1);
    assertThat(systemd.err()).contains("systemd cgroup driver is not supported");
  }
}
