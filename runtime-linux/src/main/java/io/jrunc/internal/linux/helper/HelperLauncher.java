package io.jrunc.internal.linux.helper;

import com.sun.jna.LastErrorException;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import java.io.IOException;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.spawn.Spawner;
import java.lang.ProcessBuilder.Redirect;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the helper on a plan and follows it until the plan's EXEC has happened (or a step failed).
 *
 * <p>The helper is started with posix_spawn ({@link Spawner}): no Java runs between fork and
 * exec, the child gets its two channels at fds 3 and 4 (the plan pipe: plan in, "go" bytes in;
 * the status pipe: close-on-exec in the helper, so end of file after the last record means the
 * exec succeeded) and nothing else of this JVM, and it is reaped by the {@link
 * io.jrunc.internal.linux.event.ExitWatcher}'s one thread instead of a JDK reaper thread per
 * process. It is executed as {@code /proc/<jvm>/fd/<memfd>}: the memfd is close-on-exec, so the
 * child resolves it through this JVM's fd table. The helper's first record (READY) says it runs
 * and speaks our plan version.
 *
 * <p>Measured on the 2-core build machine (warm JVM, 200 runs, launch to exit, same load):
 * /bin/true in new pid, mount, uts, ipc and net namespaces with pivot_root takes a median 3.1 ms
 * with ProcessBuilder (through jspawnhelper) and 1.9 ms this way; through a shim ({@link
 * io.jrunc.internal.linux.shim.ShimLauncher}) 1.9 ms to the exit status. FirstContainerIT and
 * ShimIT print current numbers.
 */
public final class HelperLauncher {
  /** What to do once the cloned child exists and waits (e.g. write its uid_map and gid_map). */
  @FunctionalInterface
  public interface ChildHook {
    void beforeContinue(long childPid) throws IOException;
  }

  /** The helper's (and so the container's) stdio. */
  public record Stdio(Redirect in, Redirect out, Redirect err) {
    public static Stdio pipes() {
      return new Stdio(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
    }

    public static Stdio inherit() {
      return new Stdio(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
    }
  }

  /** What to do with a helper whose launch failed, before it is reaped (by default: SIGKILL). */
  @FunctionalInterface
  public interface Abort {
    void abort(SpawnedProcess helper) throws IOException;
  }

  private static final Abort KILL = SpawnedProcess::destroyForcibly;
  private static final int READY_TIMEOUT_MILLIS = 30_000;

  private final Helper helper;

  public HelperLauncher(Helper helper) {
    this.helper = helper;
  }

  /** A launcher with this JVM's helper. */
  public static HelperLauncher create() throws HelperException {
    return new HelperLauncher(Helper.get());
  }

  public HelperProcess launch(Plan plan) throws IOException {
    return launch(plan, Stdio.pipes(), null);
  }

  /**
   * Runs {@code plan} in a new helper. Returns once the plan has executed its program, or is
   * blocked at a WAIT_FIFO; throws {@link PlanStepException} naming the step that failed.
   * {@code hook} (may be null) runs when the plan's WAIT_PARENT steps are reached, with the pid
   * of the waiting process; the steps are released when it returns.
   */
  public HelperProcess launch(Plan plan, Stdio stdio, ChildHook hook) throws IOException {
    return launch(plan, plan.encode(), stdio, hook);
  }

  /** As {@link #launch(Plan, Stdio, ChildHook)}, sending {@code encoded} (tests send damaged plans). */
  HelperProcess launch(Plan plan, byte[] encoded, Stdio stdio, ChildHook hook) throws IOException {
    return launch(plan, encoded, stdio, hook, new int[0], KILL);
  }

  /**
   * The general launch: {@code extraFds} (this JVM's; they stay open here) become the helper's
   * fds 5, 6, ... (a shim's lifeline and exit pipe), and {@code abort} is what is done to a
   * helper whose launch failed before waiting (at most 5 s) for it to exit.
   */
  public HelperProcess launch(Plan plan, byte[] encoded, Stdio stdio, ChildHook hook, int[] extraFds,
      Abort abort) throws IOException {
    int cloneAt = -1;
    int waits = 0;
    for (int i = 0; i < plan.size(); i++) {
      PlanOp op = plan.step(i).op();
      if ((op == PlanOp.CLONE || op == PlanOp.SHIM) && cloneAt < 0) {
        cloneAt = i;
      } else if (op == PlanOp.WAIT_PARENT) {
        if (waits++ == 0 && cloneAt < 0
            && plan.steps().stream().anyMatch(s -> s.op() == PlanOp.CLONE || s.op() == PlanOp.SHIM)) {
          throw new IllegalArgumentException("WAIT_PARENT (step " + i + ") comes before the CLONE");
        }
      }
    }
    boolean clones = cloneAt >= 0;
    int[] planPipe = new int[] {-1, -1};
    int[] statusPipe = new int[] {-1, -1};
    SpawnedProcess process = null;
    StatusChannel status = null;
    boolean done = false;
    try {
      try {
        LibC.pipe2(planPipe, Linux.O_CLOEXEC);
        LibC.pipe2(statusPipe, Linux.O_CLOEXEC);
      } catch (LastErrorException e) {
        throw new HelperException("cannot make the helper's pipes: " + Errno.message(e.getErrorCode()), e);
      }
      status = new StatusChannel(plan, statusPipe[0]);
      int[] fds = new int[2 + extraFds.length];
      fds[0] = planPipe[0];
      fds[1] = statusPipe[1];
      System.arraycopy(extraFds, 0, fds, 2, extraFds.length);
      process = Spawner.spawn(helper.execPath(), List.of(helper.execPath(), "init", "3", "4"), List.of(),
          stdio.in(), stdio.out(), stdio.err(), fds);
      LibC.closeQuietly(planPipe[0]); // the helper has its copies: end of file now means it is gone
      planPipe[0] = -1;
      LibC.closeQuietly(statusPipe[1]);
      statusPipe[1] = -1;
      try {
        LibC.writeFully(planPipe[1], encoded, 0, encoded.length);
      } catch (IOException e) {
        // EPIPE: the helper is gone; its status (or its records) will say why
      }
      awaitReady(status, process);
      if (waits == 0 || !clones) { // nothing to wait for, or the helper itself waits: go now
        release(planPipe, waits, hook, process.pid());
      }

      long childPid = -1;
      boolean failed = false;
      boolean waiting = false;
      while (status.next() != StatusChannel.EOF) {
        if (status.kind == StatusChannel.PID) {
          childPid = status.value;
        } else if (status.kind == StatusChannel.ERROR && !failed) {
          failed = true;
          status.noteError();
        } else if (status.kind == StatusChannel.WAITING && !failed) {
          // The cloned child reports to the same channel as its parent: with no WAIT_PARENT to
          // hold it, it can reach its WAIT_FIFO before the parent has reported its pid.
          waiting = true;
        }
        if (status.kind == StatusChannel.PID && planPipe[1] >= 0) {
          release(planPipe, waits, hook, childPid);
        }
        if (waiting && !failed && (childPid >= 0 || !clones)) {
          done = true;
          return new HelperProcess(process, childPid, status);
        }
      }
      if (failed) {
        if (process.isAlive()) {
          abort.abort(process); // (a helper that failed exits by itself; a shim waits to be let go)
        }
        throw status.failure(process);
      }
      done = true;
      return new HelperProcess(process, childPid, null);
    } finally {
      for (int fd : new int[] {planPipe[0], planPipe[1], statusPipe[1]}) {
        LibC.closeQuietly(fd);
      }
      if (!done) {
        if (status != null) {
          status.close();
        }
        if (process != null && process.isAlive()) {
          abort.abort(process);
          StatusChannel.reap(process);
        }
      }
    }
  }

  /** Runs the hook (if there are waits), sends one "go" a WAIT_PARENT, and closes the plan pipe. */
  private static void release(int[] planPipe, int waits, ChildHook hook, long pid) throws IOException {
    if (waits > 0) {
      if (hook != null) {
        hook.beforeContinue(pid);
      }
      byte[] go = new byte[waits];
      Arrays.fill(go, (byte) 'G');
      LibC.writeFully(planPipe[1], go, 0, go.length);
    }
    LibC.closeQuietly(planPipe[1]);
    planPipe[1] = -1;
  }

  /** Waits for the helper's READY record; fails if the helper exits or stays silent. */
  private static void awaitReady(StatusChannel status, Process process) throws HelperException {
    long deadline = System.nanoTime() + READY_TIMEOUT_MILLIS * 1_000_000L;
    while (!status.poll(50)) {
      if (!process.isAlive()) {
        if (status.poll(0)) { // it may have written READY (and more) before exiting
          break;
        }
        throw new HelperException("the helper exited with status " + process.exitValue()
            + " before it started");
      }
      if (System.nanoTime() > deadline) {
        throw new HelperException("the helper did not start within " + READY_TIMEOUT_MILLIS + " ms");
      }
    }
    if (status.next() != StatusChannel.READY) {
      throw new HelperException("the helper did not greet (record kind " + status.kind + ")");
    }
    if (status.step != Plan.VERSION) {
      throw new HelperException("the helper speaks plan version " + status.step + ", not "
          + Plan.VERSION);
    }
  }
}
