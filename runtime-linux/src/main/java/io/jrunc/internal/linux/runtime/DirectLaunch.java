package io.jrunc.internal.linux.runtime;

import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.shim.ShimLauncher;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.tty.ConsoleSize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Launches without a shim (CLI mode): the plan's CLONE becomes a detached one, so the helper
 * exits as soon as it has reported the child, and the child (the container's init, or an exec'd
 * process) is an orphan that the caller's subreaper adopts. The helper's stdio, and so the
 * process's, is this JVM's. Extra fds go to the helper from fd {@value #FIRST_EXTRA_FD} on.
 */
final class DirectLaunch {
  /** Where the first extra fd lands in the helper (after its plan and status channels). */
  static final int FIRST_EXTRA_FD = 5;
  /** With a terminal: the console socket's fd, and the fd the terminal steps may use. */
  static final int CONSOLE_SOCKET_FD = FIRST_EXTRA_FD;
  static final int TERMINAL_SCRATCH_FD = FIRST_EXTRA_FD + 1;

  private DirectLaunch() {
  }

  /**
   * {@code plan} with its first CLONE detached and, with {@code terminal}, the terminal steps
   * sending the master to the console socket at {@value #CONSOLE_SOCKET_FD} (where runc sets up
   * its console: after the pivot_root).
   */
  static Plan plan(Plan plan, ConsoleSize size, boolean terminal) {
    int cloneAt = -1;
    for (int i = 0; i < plan.size() && cloneAt < 0; i++) {
      if (plan.step(i).op() == PlanOp.CLONE) {
        cloneAt = i;
      }
    }
    if (cloneAt < 0) {
      throw new IllegalArgumentException("the plan has no CLONE");
    }
    Step clone = plan.step(cloneAt);
    long flags = clone.num64(0);
    PlanBuilder b = new PlanBuilder();
    for (int i = 0; i < cloneAt; i++) {
      b.step(plan.step(i));
    }
    b.clone(flags, clone.num(1), true);
    List<Step> rest = new ArrayList<>(plan.steps().subList(cloneAt + 1, plan.size()));
    if (terminal) {
      ShimLauncher.addTerminal(rest, CONSOLE_SOCKET_FD, TERMINAL_SCRATCH_FD, size, flags);
    }
    rest.forEach(b::step);
    return b.build();
  }

  /**
   * Runs {@code plan} with this JVM's stdio and {@code extraFds} (this JVM's, left open) from fd
   * {@value #FIRST_EXTRA_FD} on; returns once the child is blocked at its WAIT_FIFO, or has
   * executed its program.
   */
  static HelperProcess launch(HelperLauncher launcher, Plan plan, int[] extraFds,
      HelperLauncher.ChildHook hook) throws IOException {
    return launcher.launch(plan, plan.encode(), HelperLauncher.Stdio.inherit(), hook, extraFds,
        SpawnedProcess::destroyForcibly);
  }
}
