package io.jrunc.internal.linux.shim;

import com.sun.jna.LastErrorException;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.compile.PlanCompiler;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.helper.HelperException;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperLauncher.ChildHook;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.internal.linux.tty.TerminalSteps;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts containers under a shim (embedded mode: JVM → shim → container init).
 *
 * <p>{@link #shimPlan} turns a container's plan (as the plan compiler writes it: steps, a CLONE,
 * the init's steps, EXEC) into the plan the helper runs: a session of its own (so the JVM's
 * terminal signals do not reach it), PR_SET_CHILD_SUBREAPER, the steps before the CLONE, then a
 * SHIM with the CLONE's flags and cgroup, the shim's cleanup section, and the init's steps (for a
 * container that is not detached, led by PR_SET_PDEATHSIG SIGKILL: the init dies with its shim).
 *
 * <p>The protocol, besides the helper's plan and status channels at fds 3 and 4:
 * <ul>
 *   <li>fd 5 of the helper, the lifeline: the read end of a pipe whose write end only this JVM
 *       holds (close-on-exec). Its end of file is this JVM's death or {@link ShimHandle#close()};
 *       the bytes {@link #KILL} and {@link #DETACH} change the shim's mode.
 *   <li>fd 6, the exit channel: 12-byte records, REC_EXIT (value: the init's wait status) and
 *       REC_ERROR (a cleanup step or the exit file failed), then end of file when the shim exits.
 *   <li>in the state dir: see {@link ShimState}.
 * </ul>
 *
 * <p>Terminals ({@link ShimOptions#terminal}). The helper gets one end of a unix socket pair at
 * fd 7 ({@link #CONSOLE_SOCKET_FD}); the init allocates the pty inside the container, sends the
 * master over it and makes the peer its controlling terminal and stdio ({@link TerminalSteps}:
 * the plan compiler adds those steps where runc would, with the socket at fd 7 and fd 8,
 * {@link #TERMINAL_SCRATCH_FD}, free; a plan without them gets them here, right after its
 * pivot_root or chroot, or else before its EXEC). The master has been sent by the time the start
 * returns (the steps come before the EXEC, and before a WAIT_FIFO), so it is taken without
 * waiting; then it is either kept by the handle ({@link ShimHandle#terminal()}) or handed to
 * {@link ShimOptions#consoleSocket} and closed here. The helper's own stdio is /dev/null then.
 * The shim keeps its copy of the socket's other end, unused, until it exits.
 *
 * <p>Seccomp notify ({@code SCMP_ACT_NOTIFY}). A plan that sends a seccomp listener over fd 9
 * ({@link PlanCompiler#SECCOMP_SOCKET_FD}) gets one end of another socket pair there (fds 7 and
 * 8 then hold the console socket or /dev/null); the start takes the fd the init sends and gives
 * it to {@link ShimOptions#seccompListener} with the init's pid.
 */
public final class ShimLauncher {
  /** The helper's fds for the lifeline and the exit channel. */
  public static final int LIFELINE_FD = 5;
  public static final int EXIT_FD = 6;
  /** The init's end of the terminal's socket, and an fd its terminal steps may use. */
  public static final int CONSOLE_SOCKET_FD = 7;
  public static final int TERMINAL_SCRATCH_FD = 8;
  /** Lifeline bytes (plan.h JR_SHIM_KILL, JR_SHIM_DETACH). */
  public static final byte KILL = 'K';
  public static final byte DETACH = 'D';
  /** Exit channel record kinds (plan.h JR_REC_EXIT, JR_REC_ERROR). */
  public static final int REC_EXIT = 5;
  public static final int REC_ERROR = 3;

  private static final long FAILED_START_WAIT_SECONDS = 5;
  private static final File DEV_NULL = new File("/dev/null");
  private static final HelperLauncher.Stdio NULL_STDIO =
      new HelperLauncher.Stdio(Redirect.from(DEV_NULL), Redirect.to(DEV_NULL), Redirect.to(DEV_NULL));

  private final HelperLauncher launcher;

  public ShimLauncher(HelperLauncher launcher) {
    this.launcher = launcher;
  }

  /** A launcher with this JVM's helper. */
  public static ShimLauncher create() throws HelperException {
    return new ShimLauncher(HelperLauncher.create());
  }

  public ShimHandle start(Plan plan, ShimOptions options) throws IOException {
    return start(plan, options, null);
  }

  /**
   * Starts the container that {@code plan} describes under a new shim. Returns once the init has
   * executed its program (or is blocked at a WAIT_FIFO); throws {@link
   * io.jrunc.internal.linux.helper.PlanStepException} if a step failed, after the shim has
   * cleaned up. {@code hook} runs when the init waits at WAIT_PARENT (uid maps, cgroups).
   */
  public ShimHandle start(Plan plan, ShimOptions options, ChildHook hook) throws IOException {
    Path stateDir = options.stateDir();
    if (stateDir != null && !Files.isDirectory(stateDir)) {
      Files.createDirectories(stateDir);
    }
    Plan full = shimPlan(plan, options);
    int[] lifeline = {-1, -1};
    int[] exit = {-1, -1};
    int[] console = {-1, -1};
    int[] seccomp = {-1, -1};
    int devNull = -1;
    boolean seccompSocket = PlanCompiler.needsSeccompSocket(plan);
    PtyMaster terminal = null;
    SpawnedProcess launched = null; // the shim, once launched
    boolean started = false;
    try {
      try {
        LibC.pipe2(lifeline, Linux.O_CLOEXEC);
        LibC.pipe2(exit, Linux.O_CLOEXEC | Linux.O_NONBLOCK);
      } catch (LastErrorException e) {
        throw LibC.ioException("pipe2", e);
      }
      if (options.terminal()) {
        console = UnixSockets.socketPair();
      }
      int[] fds = options.terminal() ? new int[] {lifeline[0], exit[1], console[1]}
          : new int[] {lifeline[0], exit[1]};
      if (seccompSocket) {
        // fd 9 (PlanCompiler.SECCOMP_SOCKET_FD); 7 and 8 hold the console socket (8 is the
        // terminal steps' scratch) or /dev/null till then.
        if (options.seccompListener() == null) {
          throw new IOException("the plan sends a seccomp listener, but nothing takes it");
        }
        seccomp = UnixSockets.socketPair();
        if (!options.terminal()) {
          try {
            devNull = LibC.open("/dev/null", Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
          } catch (LastErrorException e) {
            throw LibC.ioException("open /dev/null", e);
          }
        }
        int filler = options.terminal() ? console[1] : devNull;
        fds = new int[] {lifeline[0], exit[1], filler, filler, seccomp[1]};
      }
      HelperProcess helper = launcher.launch(full, full.encode(),
          options.terminal() ? NULL_STDIO : options.stdio(), hook, fds, shim -> {
            // A failed start: not detached any more, and let go, so the shim cleans up and exits.
            if (lifeline[1] >= 0) {
              try {
                LibC.writeFully(lifeline[1], new byte[] {KILL}, 0, 1);
              } catch (IOException e) {
                // the helper is gone already
              }
              LibC.closeQuietly(lifeline[1]);
              lifeline[1] = -1;
            }
          });
      launched = helper.process();
      LibC.closeQuietly(lifeline[0]);
      lifeline[0] = -1;
      LibC.closeQuietly(exit[1]);
      exit[1] = -1;
      if (options.terminal()) {
        LibC.closeQuietly(console[1]);
        console[1] = -1;
        terminal = receiveTerminal(console[0], options);
        LibC.closeQuietly(console[0]);
        console[0] = -1;
      }
      if (seccompSocket) {
        LibC.closeQuietly(seccomp[1]);
        seccomp[1] = -1;
        LibC.closeQuietly(devNull);
        devNull = -1;
        UnixSockets.Received r = UnixSockets.receiveFd(seccomp[0], false);
        if (r == null || !PlanCompiler.SECCOMP_FD_NAME.equals(r.name())) {
          if (r != null) {
            LibC.closeQuietly(r.fd());
          }
          throw new IOException("the container sent no seccomp listener");
        }
        try {
          options.seccompListener().accept(r.fd(), helper.childPid());
        } finally {
          LibC.closeQuietly(r.fd());
        }
        LibC.closeQuietly(seccomp[0]);
        seccomp[0] = -1;
      }
      // The init may have exited (and been reaped by the shim) already; the handle makes sure
      // this pidfd is the init's before it sends a signal through it.
      PidFd initPidfd = PidFd.openIfAlive(helper.childPid());
      ShimHandle handle;
      try {
        handle = new ShimHandle(full, helper, initPidfd, lifeline[1], exit[0], options.detached(),
            stateDir, terminal, ExitWatcher.get());
      } catch (IOException | RuntimeException e) {
        if (initPidfd != null) {
          initPidfd.close();
        }
        throw e; // (the lifeline closes below: the shim kills the init and cleans up)
      }
      exit[0] = -1; // the event loop's now
      lifeline[1] = -1; // the handle's
      terminal = null; // the handle's
      started = true;
      if (stateDir != null) {
        writeState(stateDir, handle, options.detached());
      }
      return handle;
    } finally {
      if (!started) {
        // (a helper whose launch failed was aborted and reaped; a shim left here kills and cleans)
        if (lifeline[1] >= 0) {
          try {
            LibC.writeFully(lifeline[1], new byte[] {KILL}, 0, 1);
          } catch (IOException e) {
            // gone already
          }
        }
        for (int fd : new int[] {lifeline[0], lifeline[1], exit[0], exit[1], console[0], console[1],
            seccomp[0], seccomp[1], devNull}) {
          LibC.closeQuietly(fd);
        }
        if (terminal != null) {
          terminal.close();
        }
        if (launched != null) {
          awaitQuietly(launched);
        }
      }
    }
  }

  /** Gives a shim that was let go after a failed start the time to kill, clean up and exit. */
  private static void awaitQuietly(SpawnedProcess shim) {
    try {
      shim.exitStatus().get(FAILED_START_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // it goes on alone; nothing more to do here
    }
  }

  /**
   * Takes the master the init sent (it is there: the start has returned), and hands it to the
   * console socket if there is one (then returns null).
   */
  private static PtyMaster receiveTerminal(int socket, ShimOptions options) throws IOException {
    UnixSockets.Received r;
    try {
      r = UnixSockets.receiveFd(socket, false);
    } catch (IOException e) {
      throw new IOException("the container's terminal: " + e.getMessage(), e);
    }
    if (r == null) {
      throw new IOException("the container sent no terminal: its plan has no " + PlanOp.SEND_FD
          + " step to fd " + CONSOLE_SOCKET_FD + " before its EXEC or WAIT_FIFO");
    }
    PtyMaster master = PtyMaster.adopt(r.fd(), r.name());
    if (options.consoleSocket() == null) {
      return master;
    }
    try {
      master.sendTo(options.consoleSocket());
    } catch (IOException e) {
      throw new IOException("sending the terminal to the console socket " + options.consoleSocket()
          + ": " + e.getMessage(), e);
    } finally {
      master.close();
    }
    return null;
  }

  private static void writeState(Path stateDir, ShimHandle handle, boolean detached) throws IOException {
    try {
      new ShimState(handle.shimPid(), PidFd.startTime(handle.shimPid()), handle.initPid(),
          PidFd.startTime(handle.initPid()), detached).write(stateDir);
    } catch (IOException e) {
      handle.destroy();
      throw e;
    }
  }

  /** The plan the helper runs for {@code plan} under a shim (see the class comment). */
  public static Plan shimPlan(Plan plan, ShimOptions options) {
    int cloneAt = -1;
    for (int i = 0; i < plan.size(); i++) {
      PlanOp op = plan.step(i).op();
      if (op == PlanOp.SHIM) {
        throw new IllegalArgumentException("the plan has a SHIM already (step " + i + ")");
      }
      if (op == PlanOp.CLONE && cloneAt < 0) {
        cloneAt = i;
      }
    }
    List<Step> cleanup = new ArrayList<>(options.cleanup());
    for (Step s : cleanup) {
      switch (s.op()) {
        case CLONE: case SHIM: case EXEC: case WAIT_PARENT: case WAIT_FIFO:
          throw new IllegalArgumentException("not a cleanup step: " + s);
        default:
      }
    }
    Path stateDir = options.stateDir();
    if (stateDir != null && options.removeStateDir()) {
      cleanup.add(new PlanBuilder().removeTree(stateDir.toString()).build().step(0));
    }
    PlanBuilder b = new PlanBuilder()
        .setsid().tolerate(Errno.EPERM)
        .prctl(Linux.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    for (int i = 0; i < cloneAt; i++) {
      b.step(plan.step(i));
    }
    long flags = cloneAt >= 0 ? plan.step(cloneAt).num64(0) : 0;
    int cgroupFd = cloneAt >= 0 ? plan.step(cloneAt).num(1) : -1;
    b.shim(flags, cgroupFd, LIFELINE_FD, EXIT_FD, options.detached(), cleanup.size(),
        stateDir == null ? null : stateDir.resolve(ShimState.EXIT_FILE).toString(),
        stateDir == null ? null : stateDir.resolve(ShimState.EXIT_TEMP).toString());
    cleanup.forEach(b::step);
    if (!options.detached()) {
      b.prctl(Linux.PR_SET_PDEATHSIG, Linux.SIGKILL, 0, 0, 0);
    }
    List<Step> init = new ArrayList<>(plan.steps().subList(cloneAt + 1, plan.size()));
    if (options.terminal()) {
      addTerminal(init, options, flags);
    }
    init.forEach(b::step);
    return b.build();
  }

  /**
   * Adds the terminal steps to the init's steps unless they send the master already: after the
   * last pivot_root or chroot (where runc sets up its console; the peer is bind-mounted on
   * /dev/console only then, and only in a mount namespace of the container's own), else before
   * the first WAIT_FIFO or EXEC.
   */
  static void addTerminal(List<Step> init, ShimOptions options, long cloneFlags) {
    addTerminal(init, CONSOLE_SOCKET_FD, TERMINAL_SCRATCH_FD, options.consoleSize(), cloneFlags);
  }

  /**
   * As {@link #addTerminal(List, ShimOptions, long)}, with the init's end of the socket at {@code
   * socketFd} and {@code scratchFd} free for the terminal steps ({@code jrunc create} without a
   * shim: the socket is the console socket itself).
   */
  public static void addTerminal(List<Step> init, int socketFd, int scratchFd, ConsoleSize size,
      long cloneFlags) {
    if (init.stream().anyMatch(s -> s.op() == PlanOp.SEND_FD && s.num(0) == socketFd)) {
      return;
    }
    int at = -1;
    for (int i = 0; i < init.size(); i++) {
      if (init.get(i).op() == PlanOp.PIVOT_ROOT || init.get(i).op() == PlanOp.CHROOT) {
        at = i + 1;
      }
    }
    // (with a new user namespace the mount namespace comes after the clone, by unshare)
    boolean mountConsole = at >= 0 && ((cloneFlags & Linux.CLONE_NEWNS) != 0
        || init.stream().anyMatch(s -> s.op() == PlanOp.UNSHARE && (s.num64(0) & Linux.CLONE_NEWNS) != 0));
    for (int i = 0; i < init.size() && at < 0; i++) {
      if (init.get(i).op() == PlanOp.WAIT_FIFO || init.get(i).op() == PlanOp.EXEC) {
        at = i;
      }
    }
    if (at < 0) {
      at = init.size();
    }
    init.addAll(at, TerminalSteps.add(new PlanBuilder(), socketFd, scratchFd, size, mountConsole)
        .build().steps());
  }
}
