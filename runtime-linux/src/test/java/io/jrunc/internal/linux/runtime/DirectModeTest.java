package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI mode's policy without privileges: the detached plan, the init record, process scans. */
class DirectModeTest {
  @TempDir Path tmp;

  static Plan containerPlan() {
    return new PlanBuilder()
        .setsid()
        .clone(Linux.CLONE_NEWNS | Linux.CLONE_NEWPID)
        .mount(null, "/", null, Linux.MS_SLAVE | Linux.MS_REC, null)
        .pivotRoot("/r")
        .waitFifo("/proc/self/fd/13")
        .exec("/bin/sh", List.of("sh"), List.of())
        .build();
  }

  @Test
  void theCloneIsDetachedAndNothingElseChanges() {
    Plan plan = DirectLaunch.plan(containerPlan(), null, false);
    assertThat(plan.steps().stream().map(Step::op)).containsExactly(PlanOp.SETSID, PlanOp.CLONE, PlanOp.MOUNT,
        PlanOp.PIVOT_ROOT, PlanOp.WAIT_FIFO, PlanOp.EXEC);
    assertThat(plan.step(1).num64(0)).isEqualTo(Linux.CLONE_NEWNS | Linux.CLONE_NEWPID);
    assertThat(plan.step(1).num(2)).as("detach").isEqualTo(1);
    assertThat(plan.step(1).describe()).endsWith("parent exits at once");
  }

  @Test
  void aTerminalIsSentToTheConsoleSocketAfterThePivot() {
    Plan plan = DirectLaunch.plan(containerPlan(), null, true);
    int pivot = indexOf(plan, PlanOp.PIVOT_ROOT);
    int send = indexOf(plan, PlanOp.SEND_FD);
    assertThat(send).isGreaterThan(pivot).isLessThan(indexOf(plan, PlanOp.WAIT_FIFO));
    assertThat(plan.step(send).num(0)).isEqualTo(DirectLaunch.CONSOLE_SOCKET_FD);
  }

  @Test
  void aPlanWithoutCloneIsRefused() {
    assertThatThrownBy(() -> DirectLaunch.plan(new PlanBuilder().setsid().build(), null, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static int indexOf(Plan plan, PlanOp op) {
    for (int i = 0; i < plan.size(); i++) {
      if (plan.step(i).op() == op) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void initRecordsRoundTripAndBadOnesNameTheFile() throws IOException {
    new InitRecord(1234, 56789).write(tmp);
    assertThat(InitRecord.present(tmp)).isTrue();
    assertThat(InitRecord.read(tmp)).isEqualTo(new InitRecord(1234, 56789));
    Files.writeString(tmp.resolve(InitRecord.FILE), "12x 3\n");
    assertThatThrownBy(() -> InitRecord.read(tmp)).isInstanceOf(IOException.class)
        .hasMessageContaining(tmp.resolve("init").toString()).hasMessageContaining("12x 3");
    assertThatThrownBy(() -> InitRecord.parse("0 5", tmp)).hasMessageContaining("out of range");
    assertThatThrownBy(() -> InitRecord.read(tmp.resolve("none"))).hasMessageContaining("jrunc create");
  }

  @Test
  void thisProcessIsAliveUnderItsOwnRecordAndNotUnderAnother() throws IOException {
    long pid = ProcessHandle.current().pid();
    InitRecord me = InitRecord.of(pid);
    assertThat(me.alive()).isTrue();
    assertThat(new InitRecord(pid, me.startTime() + 1).alive()).as("another start time: pid reused").isFalse();
    assertThat(new InitRecord(pid, me.startTime() + 1).open()).isNull();
  }

  /** A fake /proc: pid, parent, pid namespace. */
  Path proc(long self, String selfNs, long[][] procs, String[] namespaces) throws IOException {
    Path proc = tmp.resolve("proc");
    for (int i = 0; i < procs.length; i++) {
      Path d = Files.createDirectories(proc.resolve(Long.toString(procs[i][0])).resolve("ns"));
      Files.writeString(d.getParent().resolve("stat"), procs[i][0] + " (a b) S " + procs[i][1] + " 1 1 0\n");
      Files.createSymbolicLink(d.resolve("pid"), Path.of(namespaces[i]));
    }
    Files.createSymbolicLink(proc.resolve("self"), proc.resolve(Long.toString(self)));
    return proc;
  }

  @Test
  void processesOfAContainerWithItsOwnPidNamespace() throws IOException {
    Path proc = proc(1, "pid:[1]", new long[][] {{1, 0}, {10, 1}, {20, 10}, {21, 20}, {30, 1}, {40, 20}},
        new String[] {"pid:[1]", "pid:[1]", "pid:[1]", "pid:[2]", "pid:[1]", "pid:[2]"});
    assertThat(ProcessScan.inContainer(21, proc)).containsExactly(21L, 40L);
  }

  @Test
  void processesOfAContainerInTheHostsPidNamespaceAreItsInitsDescendants() throws IOException {
    Path proc = proc(1, "pid:[1]", new long[][] {{1, 0}, {10, 1}, {11, 10}, {12, 11}, {13, 1}},
        new String[] {"pid:[1]", "pid:[1]", "pid:[1]", "pid:[1]", "pid:[1]"});
    assertThat(ProcessScan.inContainer(10, proc)).containsExactly(10L, 11L, 12L);
    assertThat(ProcessScan.inContainer(99, proc)).isEmpty();
  }

  @Test
  void execFailuresSpeakRuncsWords() {
    Step search = new PlanBuilder().execSearching("nope", "/bin", List.of("nope"), List.of()).build().step(0);
    Step path = new PlanBuilder().exec("/bin/nope", List.of("nope"), List.of()).build().step(0);
    assertThat(PlanStepException.execFailure(search, Errno.ENOENT)).isEqualTo("executable file not found in $PATH");
    assertThat(PlanStepException.execFailure(path, Errno.ENOENT)).isEqualTo("no such file or directory");
    assertThat(PlanStepException.execFailure(path, Errno.EACCES)).isEqualTo("permission denied");
  }
}
