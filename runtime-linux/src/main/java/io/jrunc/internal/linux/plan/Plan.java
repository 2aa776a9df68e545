package io.jrunc.internal.linux.plan;

import java.util.List;
import java.util.Objects;

/**
 * What the helper will do for one process: an immutable list of steps, in order. Build one with
 * {@link PlanBuilder}; {@link PlanEncoder} turns it into the bytes the helper reads.
 */
public final class Plan {
  /** The plan format version ({@code JR_PLAN_VERSION} in plan.h). */
  public static final int VERSION = 1;

  private final List<Step> steps;

  public Plan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  public Step step(int index) {
    return steps.get(index);
  }

  public int size() {
    return steps.size();
  }

  /** True if some step waits for the runtime (WAIT_PARENT) after a CLONE. */
  public boolean waitsForParent() {
    return steps.stream().anyMatch(s -> s.op() == PlanOp.WAIT_PARENT);
  }

  /** True if the plan ends by executing a program (so end of file on the status channel means success). */
  public boolean execs() {
    return steps.stream().anyMatch(s -> s.op() == PlanOp.EXEC);
  }

  /** The encoded plan ({@link PlanEncoder#encode}). */
  public byte[] encode() {
    return PlanEncoder.encode(this);
  }

  /** Every step on its own line, numbered as the helper numbers them in errors. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    int width = Integer.toString(Math.max(0, steps.size() - 1)).length();
    for (int i = 0; i < steps.size(); i++) {
      b.append(String.format("%" + width + "d  ", i)).append(steps.get(i).describe()).append('\n');
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan && ((Plan) o).steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps);
  }

  @Override
  public String toString() {
    return describe();
  }
}
