package io.jrunc.internal.linux.hooks;

import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI hooks of a container ({@code hooks} in config.json), run where and when runc runs them
 * (runtime-spec config.md "POSIX-platform Hooks", runtime.md "Lifecycle"). Each hook gets the
 * container's state as JSON on its stdin, its {@code args} ({@code args[0]} is its argv[0]; the
 * path when there are none), exactly its {@code env}, and is killed once its {@code timeout} has
 * passed.
 *
 * <ul>
 *   <li>{@code prestart} (deprecated), then {@code createRuntime}: in the runtime namespace, while
 *       the init waits at the SYNC step before pivot_root (its namespaces and mounts exist);
 *       state {@code creating}. {@link #beforePivot}.
 *   <li>{@code createContainer}: at the same point, in the init's namespaces (mount namespace
 *       included; the path resolved as the runtime sees it, since the root is not pivoted yet);
 *       state {@code creating}. {@link #beforePivot}, through the runner for the init's pid.
 *   <li>{@code startContainer}: by the init itself, in the container, after the start and before
 *       the program (RUN_WAIT steps the plan compiler writes); state {@code created}. A failure
 *       reaches the runtime as a {@link PlanStepException}: {@link #startContainerFailure}.
 *   <li>{@code poststart}: in the runtime namespace once the program runs; state {@code running}.
 *       A failure is a warning. {@link #poststart}.
 *   <li>{@code poststop}: in the runtime namespace once the container is deleted; state {@code
 *       stopped}. A failure is a warning. {@link #poststop}.
 * </ul>
 *
 * <p>The first failure of prestart, createRuntime, createContainer or startContainer fails the
 * operation (no later hook of those runs); the caller destroys the container and runs poststop,
 * as runtime.md says (and runc does).
 */
public final class LifecycleHooks {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHooks.class);

  private final Spec.Hooks hooks;
  private final HookRunner runtimeNamespace;
  private final LongFunction<HookRunner> inNamespacesOf;

  /**
   * @param hooks the hooks (null: none)
   * @param runtimeNamespace runs hooks in the runtime namespace
   * @param inNamespacesOf the runner for hooks in the namespaces of the process with this pid
   */
  public LifecycleHooks(Spec.Hooks hooks, HookRunner runtimeNamespace,
      LongFunction<HookRunner> inNamespacesOf) {
    this.hooks = hooks != null ? hooks : Spec.Hooks.builder().build();
    this.runtimeNamespace = runtimeNamespace;
    this.inNamespacesOf = inNamespacesOf;
  }

  /** The hooks of {@code spec}, run by spawning them ({@link SpawnedHooks}). */
  public static LifecycleHooks of(Spec spec) {
    return new LifecycleHooks(spec.hooks(), SpawnedHooks.runtimeNamespace(),
        SpawnedHooks::inNamespacesOf);
  }

  /** True if the init must wait before pivot_root for prestart, createRuntime or createContainer. */
  public boolean syncBeforePivot() {
    return !list(hooks.prestart()).isEmpty() || !list(hooks.createRuntime()).isEmpty()
        || !list(hooks.createContainer()).isEmpty();
  }

  public boolean hasStartContainer() {
    return !list(hooks.startContainer()).isEmpty();
  }

  public boolean hasPoststop() {
    return !list(hooks.poststop()).isEmpty();
  }

  /**
   * Runs prestart and createRuntime (runtime namespace), then createContainer (in the namespaces
   * of {@code initPid}), with {@code state} (status creating) on their stdin; stops at the first
   * failure.
   *
   * @throws HookException naming the hook that failed and how
   */
  public void beforePivot(State state, long initPid) throws HookException {
    byte[] json = json(state);
    runAll("prestart", list(hooks.prestart()), runtimeNamespace, json);
    runAll("createRuntime", list(hooks.createRuntime()), runtimeNamespace, json);
    if (!list(hooks.createContainer()).isEmpty()) {
      runAll("createContainer", list(hooks.createContainer()), inNamespacesOf.apply(initPid), json);
    }
  }

  /** Runs poststart (state running); returns the failures, each logged as a warning. */
  public List<String> poststart(State state) {
    return runAllWarning("poststart", list(hooks.poststart()), state);
  }

  /** Runs poststop (state stopped); returns the failures, each logged as a warning. */
  public List<String> poststop(State state) {
    return runAllWarning("poststop", list(hooks.poststop()), state);
  }

  private void runAll(String kind, List<Spec.Hooks.Hook> list, HookRunner runner, byte[] json)
      throws HookException {
    for (int i = 0; i < list.size(); i++) {
      String name = name(kind, i);
      Spec.Hooks.Hook hook = list.get(i);
      String failure = runOne(name, hook, runner, json);
      if (failure != null) {
        throw new HookException(name, failure, null);
      }
    }
  }

  private List<String> runAllWarning(String kind, List<Spec.Hooks.Hook> list, State state) {
    List<String> failures = new ArrayList<>();
    if (list.isEmpty()) {
      return failures;
    }
    byte[] json = json(state);
    for (int i = 0; i < list.size(); i++) {
      String failure = runOne(name(kind, i), list.get(i), runtimeNamespace, json);
      if (failure != null) {
        LOG.warn("container {}: {}", state.id(), failure);
        failures.add(failure);
      }
    }
    return failures;
  }

  /** Runs one hook; returns null if it succeeded, else the message saying how it failed. */
  private static String runOne(String name, Spec.Hooks.Hook hook, HookRunner runner, byte[] json) {
    HookOutcome outcome;
    try {
      outcome = runner.run(hook, json);
    } catch (IOException e) {
      return message(name, hook.path(), e.getMessage());
    }
    LOG.debug("{} ({}): {}", name, hook.path(), outcome);
    return outcome.succeeded() ? null : message(name, hook.path(), reason(hook, outcome));
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  static String name(String kind, int index) {
    return "hooks." + kind + "[" + index + "]";
  }

  /** {@code hooks.createRuntime[0] (/usr/bin/foo): <reason>}. */
  public static String message(String name, String path, String reason) {
    return name + " (" + path + "): " + reason;
  }

  /**
   * How a run failed: {@code timed out after 5 s}, or {@code exited with status 3: <the first
   * line of its stderr>} (killed by a signal likewise).
   */
  static String reason(Spec.Hooks.Hook hook, HookOutcome outcome) {
    if (outcome.timedOut()) {
      return "timed out after " + hook.timeout() + " s";
    }
    String line = outcome.firstStderrLine();
    return io.jrunc.internal.linux.ExitStatus.describe(outcome.status().waitStatus())
        + (line.isEmpty() ? "" : ": " + line);
  }

  /**
   * The message for a start that failed at a startContainer hook (a RUN_WAIT step noted
   * {@code hooks.startContainer[i]}), in the form of the others; null if {@code e} is not that.
   *
   * @param stderr what the hook wrote to stderr (may be empty)
   */
  public static String startContainerFailure(PlanStepException e, String stderr) {
    Step step = e.step();
    if (step == null || step.op() != PlanOp.RUN_WAIT) {
      return null;
    }
    String reason = PlanStepException.runWaitFailure(step, e.errno());
    String line = e.errno() < 0 ? HookOutcome.firstLine(stderr == null ? "" : stderr) : "";
    String name = step.note() != null ? step.note() : "hooks.startContainer";
    return message(name, step.str(2), reason + (line.isEmpty() ? "" : ": " + line));
  }

  /** The state as the hooks get it: compact JSON, as runc sends it. */
  public static byte[] json(State state) {
    return SpecJson.toJson(state, "").getBytes(StandardCharsets.UTF_8);
  }
}
