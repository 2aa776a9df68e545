package io.jrunc.internal.linux.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.testing.Screen;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.internal.linux.tty.TerminalSteps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminals under the shim without privileges: the terminal steps as plans print them, where the
 * launcher puts them, and the ops run for real on the host's /dev/ptmx (TerminalIT does it in
 * containers, from their own devpts).
 */
class ShimTerminalTest {
  private static final List<String> ENV = List.of("PATH=/usr/bin:/bin");
  private static ShimLauncher launcher;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws Exception {
    launcher = ShimLauncher.create();
  }

  @Test
  void theTerminalStepsReadAsRuncsConsoleSetup() {
    Plan plan = TerminalSteps.add(new PlanBuilder(), 7, 8, new ConsoleSize(24, 80), true).build();
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        " 0  open \"/dev/pts/ptmx\" O_RDWR|O_NOCTTY|O_NOFOLLOW|O_CLOEXEC 0000 as fd 8",
        " 1  check fd 8 is a character device 5:2 on filesystem 0x1cd1",
        " 2  ioctl fd 8 TIOCSPTLCK data 00000000",
        " 3  ioctl fd 8 TIOCSWINSZ data 1800500000000000",
        " 4  ioctl fd 8 TIOCGPTPEER O_RDWR|O_NOCTTY, the new fd as fd 0",
        " 5  send fd 8 as \"/dev/ptmx\" over socket fd 7",
        " 6  close fd 8",
        " 7  close fd 7",
        " 8  open \"/dev/console\" O_CREAT|O_NOCTTY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC 0666 as fd 8",
        " 9  mount \"/proc/self/fd/0\" on fd 8 flags MS_BIND",
        "10  close fd 8",
        "11  setsid (EPERM is fine)",
        "12  ioctl fd 0 TIOCSCTTY 0",
        "13  dup2 0 -> 1",
        "14  dup2 0 -> 2",
        ""));
    Plan exec = TerminalSteps.add(new PlanBuilder(), 7, 8, null, false).build();
    assertThat(exec.steps().stream().map(Step::op)).containsExactly(PlanOp.OPEN, PlanOp.CHECK_FD_DEV,
        PlanOp.IOCTL, PlanOp.IOCTL, PlanOp.SEND_FD, PlanOp.CLOSE, PlanOp.CLOSE, PlanOp.SETSID,
        PlanOp.IOCTL, PlanOp.DUP2, PlanOp.DUP2);
    assertThat(io.jrunc.internal.linux.plan.PlanEncoder.decode(plan.encode()).describe()).isEqualTo(plan.describe());
    assertThatThrownBy(() -> new PlanBuilder().ioctlData(0, 1, new byte[257]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PlanBuilder().sendFd(7, 8, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLauncherPutsThemAfterThePivotOrElseBeforeTheExec() {
    Plan container = new PlanBuilder()
        .clone(Linux.CLONE_NEWNS | Linux.CLONE_NEWPID)
        .mount("proc", "/r/proc", "proc", 0, null)
        .pivotRoot("/r")
        .closeFdsFrom(3)
        .waitFifo("/run/jrunc/x/exec.fifo")
        .exec("/bin/sh", List.of("sh"), ENV)
        .build();
    List<PlanOp> ops = ShimLauncher.shimPlan(container, ShimOptions.defaults().terminal(new ConsoleSize(1, 2)))
        .steps().stream().map(Step::op).toList();
    int pivot = ops.indexOf(PlanOp.PIVOT_ROOT);
    assertThat(ops.subList(pivot + 1, pivot + 3)).containsExactly(PlanOp.OPEN, PlanOp.CHECK_FD_DEV);
    assertThat(ops).contains(PlanOp.MOUNT, PlanOp.SEND_FD).endsWith(PlanOp.DUP2, PlanOp.DUP2,
        PlanOp.CLOSE_FDS_FROM, PlanOp.WAIT_FIFO, PlanOp.EXEC);

    Plan bare = new PlanBuilder().sethostname("x").waitFifo("/f").exec("/bin/sh", List.of("sh"), ENV).build();
    Plan full = ShimLauncher.shimPlan(bare, ShimOptions.defaults().terminal(null));
    List<PlanOp> bareOps = full.steps().stream().map(Step::op).toList();
    assertThat(bareOps).doesNotContain(PlanOp.MOUNT) // no rootfs of its own: /dev/console is left alone
        .endsWith(PlanOp.DUP2, PlanOp.WAIT_FIFO, PlanOp.EXEC);
    assertThat(bareOps.indexOf(PlanOp.SETHOSTNAME)).isLessThan(bareOps.indexOf(PlanOp.SEND_FD));
    assertThat(full.steps().stream().filter(s -> s.op() == PlanOp.IOCTL).count()).isEqualTo(3); // no size

    // a plan with its own terminal steps (the compiler's) gets none added
    Plan own = TerminalSteps.add(new PlanBuilder(), ShimLauncher.CONSOLE_SOCKET_FD,
        ShimLauncher.TERMINAL_SCRATCH_FD, null, false).exec("/bin/sh", List.of("sh"), ENV).build();
    assertThat(ShimLauncher.shimPlan(own, ShimOptions.defaults().terminal(null)).steps().stream()
        .filter(s -> s.op() == PlanOp.SEND_FD).count()).isEqualTo(1);
  }

  /** TerminalSteps with the host's /dev/ptmx (devtmpfs, not devpts) and no console mount. */
  static PlanBuilder hostTerminal(ConsoleSize size) {
    int m = ShimLauncher.TERMINAL_SCRATCH_FD;
    PlanBuilder b = new PlanBuilder()
        .open(Linux.AT_FDCWD, "/dev/ptmx", Linux.O_RDWR | Linux.O_NOCTTY | Linux.O_CLOEXEC, 0, m)
        .checkFdDev(m, 0, Linux.S_IFCHR, Linux.PTMX_MAJOR, Linux.PTMX_MINOR)
        .ioctlData(m, Linux.TIOCSPTLCK, new byte[4]);
    if (size != null) {
      b.ioctlData(m, Linux.TIOCSWINSZ, size.winsize());
    }
    return b.ioctlFd(m, Linux.TIOCGPTPEER, Linux.O_RDWR | Linux.O_NOCTTY, 0)
        .sendFd(ShimLauncher.CONSOLE_SOCKET_FD, m, TerminalSteps.NAME)
        .close(m)
        .close(ShimLauncher.CONSOLE_SOCKET_FD)
        .setsid().tolerate(Errno.EPERM)
        .ioctl(0, Linux.TIOCSCTTY, 0)
        .dup2(0, 1)
        .dup2(0, 2);
  }

  @Test
  void aShellOnATerminalOfTheGivenSize() throws Exception {
    Plan plan = hostTerminal(new ConsoleSize(33, 101))
        .exec("/bin/sh", List.of("sh", "-c", "tty; stty size; test -t 0 && test -t 1 && test -t 2 && echo yes;"
            + " ls -l /proc/self/fd/ | grep -c ' -> ' ; exit 3"), ENV)
        .build();
    try (ShimHandle c = launcher.start(plan, ShimOptions.defaults().terminal(null))) {
      PtyMaster t = c.terminal().orElseThrow();
      assertThat(t.name()).isEqualTo("/dev/ptmx");
      String out = new String(c.stdout().readAllBytes(), StandardCharsets.UTF_8);
      // the four fds of ls: 0, 1, 2 and the directory it reads (no socket, no master leaked)
      assertThat(out).matches("(?s)/dev/pts/\\d+\r\n33 101\r\nyes\r\n4\r\n");
      assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(3));
      assertThat(c.stderr().readAllBytes()).isEmpty();
    }
  }

  @Test
  void keysInAndAResize() throws Exception {
    Plan plan = hostTerminal(new ConsoleSize(24, 80))
        .exec("/bin/sh", List.of("sh", "-c", "read line; echo \"got $line\"; read again; stty size; exit 4"), ENV)
        .build();
    try (ShimHandle c = launcher.start(plan, ShimOptions.defaults().terminal(null))) {
      Screen screen = Screen.of(c.stdout());
      c.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
      int at = screen.await("got ping\r\n", 0, 10, TimeUnit.SECONDS);
      c.terminal().orElseThrow().resize(new ConsoleSize(40, 120));
      c.stdin().write("\n".getBytes(StandardCharsets.UTF_8));
      assertThat(screen.awaitEnd(10, TimeUnit.SECONDS)).isEqualTo("ping\r\ngot ping\r\n\r\n40 120\r\n");
      assertThat(at).isEqualTo("ping\r\ngot ping\r\n".length());
      assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(4));
    }
  }

  @Test
  void theMasterCanGoToAConsoleSocket() throws Exception {
    Path socket = tmp.resolve("console.sock");
    int listener = UnixSockets.listen(socket, 1);
    try {
      CompletableFuture<UnixSockets.Received> got = CompletableFuture.supplyAsync(() -> {
        try {
          int conn = UnixSockets.accept(listener);
          try {
            return UnixSockets.receiveFd(conn, true);
          } finally {
            LibC.closeQuietly(conn);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Plan plan = hostTerminal(new ConsoleSize(5, 6)).exec("/bin/sh", List.of("sh", "-c", "stty size"), ENV).build();
      try (ShimHandle c = launcher.start(plan, ShimOptions.defaults().terminal(null).consoleSocket(socket))) {
        assertThat(c.terminal()).isEmpty();
        UnixSockets.Received r = got.get(10, TimeUnit.SECONDS);
        assertThat(r.name()).isEqualTo("/dev/ptmx");
        try (PtyMaster m = PtyMaster.adopt(r.fd(), r.name())) {
          assertThat(new String(m.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("5 6\r\n");
        }
        assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
      }
    } finally {
      LibC.closeQuietly(listener);
    }
  }

  @Test
  void aNodeThatIsNoPtmxIsRefused() throws Exception {
    int m = ShimLauncher.TERMINAL_SCRATCH_FD;
    long children = ProcessHandle.current().children().count();
    for (Object[] c : new Object[][] {
        {Linux.DEVPTS_SUPER_MAGIC, "Invalid cross-device link"}, {0L, "No such device"}}) {
      Plan plan = new PlanBuilder()
          .open(Linux.AT_FDCWD, "/dev/null", Linux.O_RDWR | Linux.O_CLOEXEC, 0, m)
          .checkFdDev(m, (Long) c[0], Linux.S_IFCHR, Linux.PTMX_MAJOR, Linux.PTMX_MINOR)
          .exec("/bin/true", List.of("true"), ENV).build();
      assertThatThrownBy(() -> launcher.start(plan, ShimOptions.defaults().terminal(null)))
          .isInstanceOf(PlanStepException.class)
          .hasMessageStartingWith("check fd 8 is a character device 5:2" + ((Long) c[0] != 0 ? " on filesystem 0x1cd1" : "")
              + ": " + c[1]);
    }
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }

  @Test
  void aPlanThatSendsNoTerminalFailsToStartAndLeavesNothing() throws Exception {
    Path state = tmp.resolve("c");
    long children = ProcessHandle.current().children().count();
    // A SEND_FD after the EXEC never runs (no compiler writes that; but the launcher adds no
    // steps to a plan that has one).
    Plan late = new PlanBuilder().exec("/bin/sleep", List.of("sleep", "100"), ENV)
        .sendFd(ShimLauncher.CONSOLE_SOCKET_FD, 1, "x").build();
    assertThat(ShimLauncher.shimPlan(late, ShimOptions.defaults().terminal(null)).steps().stream()
        .filter(s -> s.op() == PlanOp.SEND_FD).count()).isEqualTo(1);
    assertThatThrownBy(() -> launcher.start(late, ShimOptions.defaults().terminal(null).stateDir(state)))
        .hasMessage("the container sent no terminal: its plan has no SEND_FD step to fd 7 before its"
            + " EXEC or WAIT_FIFO");
    assertThat(state).doesNotExist(); // the shim has killed the init and cleaned up
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }
}
