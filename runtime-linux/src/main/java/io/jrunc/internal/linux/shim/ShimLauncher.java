package io.jrunc.internal.linux.shim;

import com.sun.jna.LastErrorException;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.helper.HelperException;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperLauncher.ChildHook;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 */
public final class ShimLauncher {
  /** The helper's fds for the lifeline and the exit channel. */
  public static final int LIFELINE_FD = 5;
  public static final int EXIT_FD = 6;
  /** Lifeline bytes (plan.h JR_SHIM_KILL, JR_SHIM_DETACH). */
  public static final byte KILL = 'K';
  public static final byte DETACH = 'D';
  /** Exit channel record kinds (plan.h JR_REC_EXIT, JR_REC_ERROR). */
  public static final int REC_EXIT = 5;
  public static final int REC_ERROR = 3;

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
    boolean started = false;
    try {
      try {
        LibC.pipe2(lifeline, Linux.O_CLOEXEC);
        LibC.pipe2(exit, Linux.O_CLOEXEC | Linux.O_NONBLOCK);
      } catch (LastErrorException e) {
        throw LibC.ioException("pipe2", e);
      }
      HelperProcess helper = launcher.launch(full, full.encode(), options.stdio(), hook,
          new int[] {lifeline[0], exit[1]}, shim -> {
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
      LibC.closeQuietly(lifeline[0]);
      lifeline[0] = -1;
      LibC.closeQuietly(exit[1]);
      exit[1] = -1;
      // The init may have exited (and been reaped by the shim) already; the handle makes sure
      // this pidfd is the init's before it sends a signal through it.
      PidFd initPidfd = PidFd.openIfAlive(helper.childPid());
      ShimHandle handle;
      try {
        handle = new ShimHandle(full, helper, initPidfd, lifeline[1], exit[0], options.detached(),
            stateDir, ExitWatcher.get());
      } catch (IOException | RuntimeException e) {
        if (initPidfd != null) {
          initPidfd.close();
        }
        throw e; // (the lifeline closes below: the shim kills the init and cleans up)
      }
      exit[0] = -1; // the event loop's now
      lifeline[1] = -1; // the handle's
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
        for (int fd : new int[] {lifeline[0], lifeline[1], exit[0], exit[1]}) {
          LibC.closeQuietly(fd);
        }
      }
    }
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
    for (int i = cloneAt + 1; i < plan.size(); i++) {
      b.step(plan.step(i));
    }
    return b.build();
  }
}
