package io.jrunc.internal.linux.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which hooks run where, in which order, with which state, and what a failure says: fake runners. */
class LifecycleHooksTest {
  /** What the fake runners saw: "where path status pid". */
  final List<String> calls = new ArrayList<>();
  /** What a hook (by path) does instead of succeeding. */
  final Map<String, HookOutcome> outcomes = new HashMap<>();
  final Map<String, IOException> failures = new HashMap<>();

  HookRunner runner(String where) {
    return (hook, stdin) -> {
      State s = State.parse(new String(stdin, StandardCharsets.UTF_8));
      calls.add(where + " " + hook.path() + " " + s.status() + " " + s.pid() + " " + s.id());
      if (failures.containsKey(hook.path())) {
        throw failures.get(hook.path());
      }
      return outcomes.getOrDefault(hook.path(), HookOutcome.exited(ExitStatus.exited(0), "chatter\n"));
    };
  }

  LifecycleHooks lifecycle(Spec.Hooks h) {
    return new LifecycleHooks(h, runner("host"), pid -> runner("ns-of-" + pid));
  }

  static Spec.Hooks.Hook hook(String path, Integer timeout) {
    return Spec.Hooks.Hook.builder().path(path).timeout(timeout).build();
  }

  static List<Spec.Hooks.Hook> hooks(String... paths) {
    return java.util.Arrays.stream(paths).map(p -> hook(p, null)).toList();
  }

  static State state(String status, Integer pid) {
    return State.builder().ociVersion("1.2.0").id("c1").status(status).pid(pid).bundle("/b").build();
  }

  static final Spec.Hooks ALL = Spec.Hooks.builder()
      .prestart(hooks("/pre1", "/pre2"))
      .createRuntime(hooks("/cr1"))
      .createContainer(hooks("/cc1", "/cc2"))
      .startContainer(hooks("/sc1"))
      .poststart(hooks("/ps1", "/ps2"))
      .poststop(hooks("/pst1"))
      .build();

  @Test
  void beforePivotRunsPrestartThenCreateRuntimeOnTheHostThenCreateContainerInTheInitsNamespaces()
      throws Exception {
    lifecycle(ALL).beforePivot(state(State.CREATING, 42), 42);
    assertThat(calls).containsExactly(
        "host /pre1 creating 42 c1",
        "host /pre2 creating 42 c1",
        "host /cr1 creating 42 c1",
        "ns-of-42 /cc1 creating 42 c1",
        "ns-of-42 /cc2 creating 42 c1");
  }

  @Test
  void poststartAndPoststopRunOnTheHostWithTheirStatus() {
    LifecycleHooks h = lifecycle(ALL);
    assertThat(h.poststart(state(State.RUNNING, 42))).isEmpty();
    assertThat(h.poststop(state(State.STOPPED, null))).isEmpty();
    assertThat(calls).containsExactly(
        "host /ps1 running 42 c1",
        "host /ps2 running 42 c1",
        "host /pst1 stopped null c1");
  }

  @Test
  void whoNeedsTheSyncBeforePivot() {
    assertThat(lifecycle(null).syncBeforePivot()).isFalse();
    assertThat(lifecycle(Spec.Hooks.builder().startContainer(hooks("/x")).poststart(hooks("/y"))
        .poststop(hooks("/z")).build()).syncBeforePivot()).isFalse();
    assertThat(lifecycle(Spec.Hooks.builder().prestart(hooks("/x")).build()).syncBeforePivot()).isTrue();
    assertThat(lifecycle(Spec.Hooks.builder().createRuntime(hooks("/x")).build()).syncBeforePivot()).isTrue();
    assertThat(lifecycle(Spec.Hooks.builder().createContainer(hooks("/x")).build()).syncBeforePivot()).isTrue();
    assertThat(lifecycle(ALL).hasStartContainer()).isTrue();
    assertThat(lifecycle(null).hasStartContainer()).isFalse();
    assertThat(lifecycle(null).poststop(state(State.STOPPED, null))).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void theFirstFailureStopsTheCreateAndNamesTheHook() {
    outcomes.put("/cr1", HookOutcome.exited(ExitStatus.exited(3), "\n  it broke  \nand more\n"));
    assertThatThrownBy(() -> lifecycle(ALL).beforePivot(state(State.CREATING, 42), 42))
        .isInstanceOfSatisfying(HookException.class, e -> assertThat(e.hook()).isEqualTo("hooks.createRuntime[0]"))
        .hasMessage("hooks.createRuntime[0] (/cr1): exited with status 3: it broke");
    assertThat(calls).containsExactly("host /pre1 creating 42 c1", "host /pre2 creating 42 c1",
        "host /cr1 creating 42 c1");
  }

  @Test
  void failureMessages() {
    Spec.Hooks h = Spec.Hooks.builder()
        .createContainer(List.of(hook("/a", null), hook("/slow", 5)))
        .build();
    outcomes.put("/slow", HookOutcome.timedOut("partial"));
    assertThatThrownBy(() -> lifecycle(h).beforePivot(state(State.CREATING, 7), 7))
        .hasMessage("hooks.createContainer[1] (/slow): timed out after 5 s");

    outcomes.put("/a", HookOutcome.exited(ExitStatus.killed(9, false), ""));
    assertThatThrownBy(() -> lifecycle(h).beforePivot(state(State.CREATING, 7), 7))
        .hasMessage("hooks.createContainer[0] (/a): killed by signal 9 (SIGKILL)");

    outcomes.put("/a", HookOutcome.exited(ExitStatus.exited(1), ""));
    assertThatThrownBy(() -> lifecycle(h).beforePivot(state(State.CREATING, 7), 7))
        .hasMessage("hooks.createContainer[0] (/a): exited with status 1");

    failures.put("/a", new IOException("cannot run /a: No such file or directory (ENOENT)"));
    assertThatThrownBy(() -> lifecycle(h).beforePivot(state(State.CREATING, 7), 7))
        .hasMessage("hooks.createContainer[0] (/a): cannot run /a: No such file or directory (ENOENT)");
  }

  @Test
  void poststartAndPoststopFailuresAreWarningsAndTheRestStillRuns() {
    outcomes.put("/ps1", HookOutcome.exited(ExitStatus.exited(2), "nope\n"));
    failures.put("/pst1", new IOException("cannot run /pst1: Permission denied (EACCES)"));
    LifecycleHooks h = lifecycle(ALL);
    assertThat(h.poststart(state(State.RUNNING, 42)))
        .containsExactly("hooks.poststart[0] (/ps1): exited with status 2: nope");
    assertThat(h.poststop(state(State.STOPPED, null)))
        .containsExactly("hooks.poststop[0] (/pst1): cannot run /pst1: Permission denied (EACCES)");
    assertThat(calls).containsExactly("host /ps1 running 42 c1", "host /ps2 running 42 c1",
        "host /pst1 stopped null c1");
  }

  @Test
  void aStartContainerFailureIsToldLikeTheOthers() {
    Plan plan = new PlanBuilder()
        .waitFifo("/proc/self/fd/13")
        .runWait(14, 15, "/bin/check", List.of("check"), List.of(), 5).note("hooks.startContainer[0]")
        .build();
    assertThat(LifecycleHooks.startContainerFailure(new PlanStepException(plan, 1, -(3 << 8) - 1, 122),
        "\nnot ready\n")).isEqualTo("hooks.startContainer[0] (/bin/check): exited with status 3: not ready");
    assertThat(LifecycleHooks.startContainerFailure(new PlanStepException(plan, 1, Errno.ETIMEDOUT, 122),
        "x")).isEqualTo("hooks.startContainer[0] (/bin/check): timed out after 5 s");
    assertThat(LifecycleHooks.startContainerFailure(new PlanStepException(plan, 1, Errno.ENOENT, 122),
        "")).isEqualTo("hooks.startContainer[0] (/bin/check): cannot run it: No such file or directory");
    assertThat(LifecycleHooks.startContainerFailure(new PlanStepException(plan, 0, Errno.ENOENT, 122), ""))
        .isNull();
  }

  @Test
  void theStateIsCompactJson() {
    assertThat(new String(LifecycleHooks.json(state(State.CREATED, 5)), StandardCharsets.UTF_8))
        .isEqualTo("{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"created\",\"pid\":5,\"bundle\":\"/b\"}");
  }
}
