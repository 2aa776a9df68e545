package io.jrunc.internal.linux.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.testing.BusyboxPlans;
import io.jrunc.internal.linux.testing.Requirements;
import io.jrunc.internal.linux.testing.Screen;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Busybox containers with a terminal (process.terminal): the pty comes from the container's own
 * devpts, is its controlling terminal and /dev/console, takes the console size and resizes, and
 * its master reaches this JVM or a console socket.
 */
class TerminalIT {
  private static final ConsoleSize SIZE = new ConsoleSize(24, 80);

  @TempDir static Path tmp;
  static Path rootfs;
  static ShimLauncher launcher;

  @TempDir Path dir;

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
    ExitWatcher.get();
  }

  static Plan withPts(List<String> argv) {
    return BusyboxPlans.container(rootfs, BusyboxPlans.NAMESPACES, "tty", true)
        .exec(argv.get(0), argv, BusyboxPlans.ENV).build();
  }

  static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void theTerminalIsTheContainersOwnPtyAndItsConsole() throws Exception {
    String script = "tty; stty size; test -t 0 && test -t 1 && test -t 2 && echo yes; ls /dev/pts | tr '\\n' ' ';"
        + " echo; stat -c %t:%T /dev/console /dev/pts/0; [ /dev/console -ef /dev/pts/0 ] && echo same;"
        + " cut -d' ' -f6,7 /proc/1/stat";
    long fds = openFds();
    try (ShimHandle c = launcher.start(withPts(List.of("/bin/sh", "-c", script)),
        ShimOptions.defaults().terminal(SIZE))) {
      String out = Screen.of(c.stdout()).awaitEnd(30, TimeUnit.SECONDS);
      assertThat(out).isEqualTo(String.join("\r\n", "/dev/pts/0", "24 80", "yes", "0 ptmx ", "88:0", "88:0",
          "same", "1 34816", "")); // PID 1 leads session 1, its controlling tty 136:0
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
    // (the event loop closes the shim's exit pipe as it sees its end, soon after the shim's)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (openFds() != fds && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(openFds()).as("fds of this JVM after the container and its handle").isEqualTo(fds);
  }

  @Test
  void anInteractiveShellRoundTrip() throws Exception {
    try (ShimHandle c = launcher.start(withPts(List.of("/bin/sh")), ShimOptions.defaults().terminal(SIZE))) {
      Screen screen = Screen.of(c.stdout());
      int at = screen.await("# ", 0, 30, TimeUnit.SECONDS); // the prompt of an interactive ash
      c.stdin().write("echo hi\n".getBytes(StandardCharsets.UTF_8));
      at = screen.await("echo hi\r\n", at, 30, TimeUnit.SECONDS); // the terminal echoes
      at = screen.await("hi\r\n", at, 30, TimeUnit.SECONDS);
      c.stdin().write("exit 3\n".getBytes(StandardCharsets.UTF_8));
      screen.awaitEnd(30, TimeUnit.SECONDS);
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(3));
      assertThat(c.asProcess().exitValue()).isEqualTo(3);
    }
  }

  @Test
  void ctrlCInterruptsTheForegroundJobNotTheShell() throws Exception {
    try (ShimHandle c = launcher.start(withPts(List.of("/bin/sh")), ShimOptions.defaults().terminal(SIZE))) {
      Screen screen = Screen.of(c.stdout());
      int at = screen.await("# ", 0, 30, TimeUnit.SECONDS);
      c.stdin().write("sleep 1000\n".getBytes(StandardCharsets.UTF_8));
      at = screen.await("sleep 1000\r\n", at, 30, TimeUnit.SECONDS);
      Thread.sleep(200); // sleep runs
      c.stdin().write(3); // ^C: SIGINT to the terminal's foreground process group
      c.stdin().flush();
      at = screen.await("^C\r\n", at, 30, TimeUnit.SECONDS);
      at = screen.await("# ", at, 30, TimeUnit.SECONDS); // the shell is still there
      c.stdin().write("echo status $?\n".getBytes(StandardCharsets.UTF_8));
      screen.await("\r\nstatus 130\r\n", at, 30, TimeUnit.SECONDS);
      c.stdin().write("exit 0\n".getBytes(StandardCharsets.UTF_8));
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
  }

  @Test
  void aResizeIsSeenInside() throws Exception {
    try (ShimHandle c = launcher.start(withPts(List.of("/bin/sh")), ShimOptions.defaults().terminal(SIZE))) {
      PtyMaster t = c.terminal().orElseThrow();
      assertThat(t.size()).isEqualTo(SIZE);
      Screen screen = Screen.of(c.stdout());
      int at = screen.await("# ", 0, 30, TimeUnit.SECONDS);
      c.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
      at = screen.await("\r\n24 80\r\n", at, 30, TimeUnit.SECONDS);
      t.resize(new ConsoleSize(30, 100));
      c.stdin().write("stty size\n".getBytes(StandardCharsets.UTF_8));
      screen.await("\r\n30 100\r\n", at, 30, TimeUnit.SECONDS);
      c.stdin().write("exit\n".getBytes(StandardCharsets.UTF_8));
      assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
  }

  @Test
  void theMasterIsHandedToAConsoleSocket() throws Exception {
    Path socket = dir.resolve("console.sock");
    int listener = UnixSockets.listen(socket, 1);
    try {
      CompletableFuture<UnixSockets.Received> received = CompletableFuture.supplyAsync(() -> {
        try {
          int conn = UnixSockets.accept(listener);
          try {
            return UnixSockets.receiveFd(conn, true);
          } finally {
            LibC.closeQuietly(conn);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      Plan plan = withPts(List.of("/bin/sh", "-c", "read x; echo \"got $x $(stty size) $(tty)\"; exit 7"));
      try (ShimHandle c = launcher.start(plan, ShimOptions.defaults().terminal(new ConsoleSize(12, 34))
          .consoleSocket(socket).detached(true))) {
        assertThat(c.terminal()).isEmpty();
        UnixSockets.Received r = received.get(30, TimeUnit.SECONDS);
        assertThat(r.name()).isEqualTo("/dev/ptmx");
        try (PtyMaster m = PtyMaster.adopt(r.fd(), r.name())) {
          m.output().write("ping\n".getBytes(StandardCharsets.UTF_8));
          assertThat(Screen.of(m.input()).awaitEnd(30, TimeUnit.SECONDS))
              .isEqualTo("ping\r\ngot ping 12 34 /dev/pts/0\r\n");
        }
        assertThat(c.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(7));
      }
    } finally {
      LibC.closeQuietly(listener);
    }
  }

  /** c_lflag of the terminal's struct termios (after c_iflag, c_oflag, c_cflag). */
  static int lflag(int fd) {
    Memory t = new Memory(LibC.TERMIOS_SIZE);
    LibC.tcgetattr(fd, t);
    return t.getInt(12);
  }

  /**
   * An interactive {@code jrunc run} on a terminal: a JVM whose stdin and stdout are a pty of
   * ours runs a shell in a container and attaches to it; we type on our side of the pty.
   */
  @Test
  void anInteractiveRunFromAJvmOnATerminal() throws Exception {
    int icanon = 0x2;
    PtyMaster.Pair host = PtyMaster.openHost(new ConsoleSize(20, 60));
    try (PtyMaster keyboard = host.master()) {
      int peer = host.peerFd();
      assertThat(lflag(peer) & icanon).isEqualTo(icanon);
      java.io.File terminal = new java.io.File("/proc/self/fd/" + peer);
      String java = ProcessHandle.current().info().command().orElse("java");
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Process jvm = new ProcessBuilder(java, "-cp", cp, TerminalChildMain.class.getName(), rootfs.toString())
          .redirectInput(ProcessBuilder.Redirect.from(terminal))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(terminal))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        Screen screen = Screen.of(keyboard.input());
        int at = screen.await("# ", 0, 60, TimeUnit.SECONDS);
        assertThat(lflag(peer) & icanon).as("raw mode on the JVM's terminal").isZero();
        keyboard.output().write("stty size\n".getBytes(StandardCharsets.UTF_8));
        at = screen.await("\r\n20 60\r\n", at, 30, TimeUnit.SECONDS);
        // the JVM's terminal is resized: on SIGWINCH the container's follows (the JVM has no
        // controlling terminal here, so the signal is sent by hand)
        keyboard.resize(new ConsoleSize(25, 70));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean followed = false;
        while (!followed && System.nanoTime() < deadline) {
          LibC.kill((int) jvm.pid(), 28); // SIGWINCH
          keyboard.output().write("stty size\n".getBytes(StandardCharsets.UTF_8));
          int answer = screen.await("stty size\r\n", at, 30, TimeUnit.SECONDS);
          at = screen.await("# ", answer, 30, TimeUnit.SECONDS);
          // (after a resize, ash's line editing may also ask where the cursor is: ESC [ 6 n)
          followed = screen.text().startsWith("25 70\r\n", answer);
        }
        assertThat(followed).as("the container's terminal follows the JVM's: %s", screen.text()).isTrue();
        keyboard.output().write("exit 5\n".getBytes(StandardCharsets.UTF_8));
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).isEqualTo(5);
        assertThat(lflag(peer) & icanon).as("the JVM's terminal restored").isEqualTo(icanon);
      } finally {
        jvm.destroyForcibly();
      }
    } finally {
      LibC.closeQuietly(host.peerFd());
    }
  }

  @Test
  void withoutADevptsOfItsOwnTheStartFailsAndSaysWhy() throws Exception {
    long children = ProcessHandle.current().children().count();
    Plan plan = BusyboxPlans.container(rootfs, BusyboxPlans.NAMESPACES, "nopts")
        .exec("/bin/sh", List.of("sh"), BusyboxPlans.ENV).build();
    assertThatThrownBy(() -> launcher.start(plan, ShimOptions.defaults().terminal(SIZE)))
        .isInstanceOf(PlanStepException.class)
        .hasMessageStartingWith("open \"/dev/pts/ptmx\": No such file or directory (plan step ");
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }
}
