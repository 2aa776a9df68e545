package io.jrunc.internal.linux.helper;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;

/**
 * A step of a plan failed in the helper, or the helper could not read the plan. The message names
 * the step: {@code mount "proc" on "/proc": Operation not permitted (plan step 12)}.
 */
public final class PlanStepException extends HelperException {
  private static final long serialVersionUID = 1L;

  /** The step index the helper reports when the plan itself, not a step, is at fault. */
  public static final int NO_STEP = -1;

  private final int stepIndex;
  private final int errno;
  private final transient Step step;
  private final int exitStatus;

  /** {@code exitStatus}: the helper's, -1 if not known. */
  public PlanStepException(Plan plan, int stepIndex, int errno, int exitStatus) {
    super(message(plan, stepIndex, errno));
    this.stepIndex = stepIndex;
    this.errno = errno;
    this.step = stepIndex >= 0 && stepIndex < plan.size() ? plan.step(stepIndex) : null;
    this.exitStatus = exitStatus;
  }

  /**
   * {@code <step summary>: <strerror> (plan step N)}; for a RUN_WAIT step, how its program ended
   * ({@link #runWaitFailure}).
   */
  public static String message(Plan plan, int stepIndex, int errno) {
    if (stepIndex < 0 || stepIndex >= plan.size()) {
      return "the helper could not read its plan: " + Errno.message(errno);
    }
    Step step = plan.step(stepIndex);
    String why = step.op() == PlanOp.RUN_WAIT ? runWaitFailure(step, errno)
        : step.op() == PlanOp.EXEC || step.op() == PlanOp.CHECK_EXEC ? execFailure(step, errno)
        : Errno.message(errno);
    return step.summary() + ": " + why + " (plan step " + stepIndex + ")";
  }

  /**
   * Why an EXEC failed, in the words runc (Go) uses, which engines look for to choose their exit
   * status (Docker: 127 for "executable file not found" or "no such file or directory", 126 for
   * "permission denied"): a search that found nothing is {@code executable file not found in
   * $PATH}; otherwise the error text in lower case.
   */
  public static String execFailure(Step step, int errno) {
    if (errno == Errno.ENOENT && step.str(1) != null) {
      return "executable file not found in $PATH";
    }
    String m = Errno.message(errno);
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  /**
   * What a RUN_WAIT step's error value says (plan.h): {@code timed out after 5 s}, {@code exited
   * with status 3}, {@code killed by signal 9}, or (an errno) {@code cannot run it: <strerror>}.
   */
  public static String runWaitFailure(Step step, int value) {
    if (value < 0) {
      return ExitStatus.describe(-(value + 1));
    }
    if (value == Errno.ETIMEDOUT) {
      return "timed out after " + Integer.toUnsignedString(step.num(5)) + " s";
    }
    return "cannot run it: " + Errno.message(value);
  }

  /** The failed step's index in the plan, or {@link #NO_STEP}. */
  public int stepIndex() {
    return stepIndex;
  }

  /** The failed step, or null. */
  public Step step() {
    return step;
  }

  public int errno() {
    return errno;
  }

  /** The helper's exit status (121: bad plan, 122: a step failed), -1 if not known. */
  public int exitStatus() {
    return exitStatus;
  }

  /** The errno's name, e.g. ENOENT. */
  public String errnoName() {
    return Errno.name(errno);
  }
}
