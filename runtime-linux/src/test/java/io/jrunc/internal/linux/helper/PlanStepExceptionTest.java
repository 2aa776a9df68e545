package io.jrunc.internal.linux.helper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanStepExceptionTest {
  @Test
  void messagesNameTheStepTheErrorAndTheIndex() {
    PlanBuilder b = new PlanBuilder().clone(Linux.CLONE_NEWNS);
    for (int i = 0; i < 11; i++) {
      b.umask(022);
    }
    Plan plan = b
        .mount("proc", "/proc", "proc", Linux.MS_NOSUID, null)
        .mountAt("tmpfs", 7, "dev", "tmpfs", 0, null)
        .writeFile("/proc/sys/net/ipv4/ip_forward", "1")
        .exec("/bin/nope", List.of("nope"), List.of())
        .build();
    assertThat(new PlanStepException(plan, 12, Errno.EPERM, 122))
        .hasMessage("mount \"proc\" on \"/proc\": Operation not permitted (plan step 12)")
        .satisfies(e -> {
          assertThat(e.step()).isEqualTo(plan.step(12));
          assertThat(e.errnoName()).isEqualTo("EPERM");
          assertThat(e.exitStatus()).isEqualTo(122);
        });
    assertThat(new PlanStepException(plan, 13, Errno.ENOENT, -1))
        .hasMessage("mount \"tmpfs\" on \"dev\" under fd 7: No such file or directory (plan step 13)");
    assertThat(new PlanStepException(plan, 14, Errno.EACCES, -1))
        .hasMessage("write \"/proc/sys/net/ipv4/ip_forward\": Permission denied (plan step 14)");
    assertThat(new PlanStepException(plan, 15, Errno.ENOENT, -1))
        .hasMessage("exec \"/bin/nope\": no such file or directory (plan step 15)");
    assertThat(new PlanStepException(plan, 0, Errno.EINVAL, -1))
        .hasMessage("clone CLONE_NEWNS: Invalid argument (plan step 0)");
    assertThat(new PlanStepException(plan, 1, Errno.EINVAL, -1))
        .hasMessage("umask 0022: Invalid argument (plan step 1)");
    assertThat(new PlanStepException(plan, PlanStepException.NO_STEP, Errno.EBADMSG, 121))
        .hasMessage("the helper could not read its plan: Bad message");
  }

  @Test
  void errnoNamesAndMessages() {
    assertThat(Errno.name(Errno.ENOENT)).isEqualTo("ENOENT");
    assertThat(Errno.message(Errno.ENODEV)).isEqualTo("No such device");
    assertThat(Errno.message(Errno.EPERM)).isEqualTo("Operation not permitted");
    assertThat(Errno.name(9999)).isEqualTo("errno 9999");
    assertThat(Errno.message(0)).isEqualTo("Unknown error 0");
  }

  @Test
  void aRunWaitStepSaysHowItsProgramEnded() {
    Plan plan = new PlanBuilder()
        .runWait(-1, -1, "/bin/hook", List.of("hook"), List.of(), 5).note("hooks.startContainer[1]")
        .build();
    assertThat(new PlanStepException(plan, 0, -(3 << 8) - 1, 122))
        .hasMessage("hooks.startContainer[1] (/bin/hook): exited with status 3 (plan step 0)");
    assertThat(new PlanStepException(plan, 0, -9 - 1, 122))
        .hasMessage("hooks.startContainer[1] (/bin/hook): killed by signal 9 (SIGKILL) (plan step 0)");
    assertThat(new PlanStepException(plan, 0, Errno.ETIMEDOUT, 122))
        .hasMessage("hooks.startContainer[1] (/bin/hook): timed out after 5 s (plan step 0)");
    assertThat(new PlanStepException(plan, 0, Errno.EACCES, 122))
        .hasMessage("hooks.startContainer[1] (/bin/hook): cannot run it: Permission denied (plan step 0)");
  }
}
