package io.jrunc.internal.linux.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.tty.TerminalSteps;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PlanCompiler.compileExec (jrunc exec) and the create plan's CHECK_EXEC, without privileges. */
class ExecPlanTest {
  static final Path BUNDLE = Path.of("/bundle");
  final FakeHost host = new FakeHost();

  Plan exec(Spec.Process process, long flags, List<String> cgroups, boolean detach, CompileOptions.Builder opts) {
    return PlanCompiler.compileExec(PlanCompilerTest.defaults(), BUNDLE, process, flags, 5, cgroups, detach,
        opts.host(host).build());
  }

  static Spec.Process process(String... args) {
    return PlanCompilerTest.defaults().process().toBuilder().terminal(false).args(List.of(args)).build();
  }

  @Test
  void joinsCgroupsThenAllNamespacesAtOnceThenClones() {
    long flags = Linux.CLONE_NEWNS | Linux.CLONE_NEWPID | Linux.CLONE_NEWUTS;
    Plan plan = exec(process("sh", "-c", "id"), flags, List.of("/sys/fs/cgroup/pids/c1/cgroup.procs"), true,
        CompileOptions.builder());
    List<PlanOp> ops = plan.steps().stream().map(Step::op).toList();
    assertThat(ops.subList(0, 5)).containsExactly(PlanOp.WRITE_FILE, PlanOp.SETNS, PlanOp.CLOSE,
        PlanOp.CLONE, PlanOp.SETSID);
    assertThat(plan.step(0).str(1)).isEqualTo("/sys/fs/cgroup/pids/c1/cgroup.procs");
    assertThat(plan.step(1).num(0)).isEqualTo(5);
    assertThat(Integer.toUnsignedLong(plan.step(1).num(2))).isEqualTo(flags);
    assertThat(plan.step(3).num64(0)).isZero();
    assertThat(plan.step(3).num(2)).as("detached").isEqualTo(1);
    assertThat(ops.get(ops.size() - 1)).isEqualTo(PlanOp.EXEC);
    // no rootfs work, no exec fifo: the container exists already
    assertThat(ops).doesNotContain(PlanOp.PIVOT_ROOT, PlanOp.MOUNT, PlanOp.WAIT_FIFO, PlanOp.CHECK_EXEC);
    assertThat(plan.describe()).contains("setns fd 5 (\"the container's init (pidfd)\")",
        "parent exits at once");
  }

  @Test
  void theProcessTakesItsUserCwdEnvAndCapabilities() {
    Spec.Process p = process("id").toBuilder()
        .user(Spec.Process.User.builder().uid(1000L).gid(100L).additionalGids(List.of(5L)).build())
        .cwd("/tmp/../work").env(List.of("PATH=/bin", "A=1"))
        .noNewPrivileges(true).build();
    Plan plan = exec(p, Linux.CLONE_NEWNS, List.of(), false, CompileOptions.builder());
    String d = plan.describe();
    assertThat(plan.steps().stream().filter(s -> s.op() == PlanOp.CLONE).findFirst().orElseThrow().num(2))
        .as("waits").isZero();
    assertThat(d).contains("setresuid 1000 1000 1000", "setresgid 100 100 100", "chdir \"/work\"",
        "set no_new_privs", "setgroups [5]");
    Step exec = plan.step(plan.size() - 1);
    assertThat(exec.op()).isEqualTo(PlanOp.EXEC);
    assertThat(exec.str(1)).isEqualTo("/bin");
    assertThat(exec.strings(3)).containsExactly("PATH=/bin", "A=1", "HOME=/");
  }

  @Test
  void aTerminalIsSetUpAfterTheSession() {
    Plan plan = exec(process("sh").toBuilder().terminal(true).build(), Linux.CLONE_NEWNS, List.of(), true,
        CompileOptions.builder().terminalSetup((b, s) -> TerminalSteps.add(b, 6, 7, null, false)));
    int setsid = PlanCompilerTest.first(plan, s -> s.op() == PlanOp.SETSID);
    int send = PlanCompilerTest.first(plan, s -> s.op() == PlanOp.SEND_FD);
    assertThat(setsid).isPositive();
    assertThat(send).isGreaterThan(setsid);
    assertThat(plan.step(send).num(0)).isEqualTo(6);
  }

  @Test
  void badProcessesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> exec(process("x").toBuilder().apparmorProfile("p").build(), 0, List.of(), true,
        CompileOptions.builder()))
        .hasMessageContaining("process.apparmorProfile");
  }

  @Test
  void aCreateChecksItsProgramBeforeWaitingToBeStarted() {
    Plan plan = PlanCompiler.compile(PlanCompilerTest.defaults(), BUNDLE,
        CompileOptions.builder().host(host).execFifo(Path.of("/run/jrunc/c/exec.fifo")).build());
    int check = PlanCompilerTest.first(plan, s -> s.op() == PlanOp.CHECK_EXEC);
    int fifo = PlanCompilerTest.first(plan, s -> s.op() == PlanOp.WAIT_FIFO);
    int setuid = PlanCompilerTest.last(plan, s -> s.op() == PlanOp.SETRESUID);
    assertThat(check).isGreaterThan(setuid).isLessThan(fifo);
    assertThat(plan.step(check).str(0)).isEqualTo("sh");
    assertThat(plan.step(check).str(1)).isEqualTo(PlanCompiler.DEFAULT_PATH);
    assertThat(plan.step(check).describe()).isEqualTo(
        "check that \"sh\" searched in \"" + PlanCompiler.DEFAULT_PATH + "\" is an executable file");
    // without a fifo (run at once) the EXEC itself says it
    assertThat(PlanCompiler.compile(PlanCompilerTest.defaults(), BUNDLE, CompileOptions.builder().host(host).build())
        .steps().stream().map(Step::op)).doesNotContain(PlanOp.CHECK_EXEC);
  }
}
