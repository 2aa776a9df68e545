package io.jrunc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerBuilderDefaultsTest {
  private static final List<String> RUNC_CAPS =
      List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

  @Test
  void theBuilderStartsSafe() {
    Spec s = Container.builder().spec();
    assertThat(s.process().noNewPrivileges()).isTrue();
    Spec.Process.Capabilities caps = s.process().capabilities();
    assertThat(caps.bounding()).containsExactlyElementsOf(RUNC_CAPS);
    assertThat(caps.effective()).containsExactlyElementsOf(RUNC_CAPS);
    assertThat(caps.permitted()).containsExactlyElementsOf(RUNC_CAPS);
    assertThat(caps.inheritable()).isNullOrEmpty();
    // runc 1.1.5 lists them as ambient too; without inheritable the kernel raises none of them
    assertThat(s.linux().maskedPaths()).contains("/proc/kcore", "/sys/firmware", "/proc/keys");
    assertThat(s.linux().readonlyPaths()).contains("/proc/sys", "/proc/sysrq-trigger");
    assertThat(s.linux().seccomp()).isEqualTo(Linux.Seccomp.defaultProfile());
    assertThat(s.linux().rootfsPropagation()).isEqualTo("rprivate");
  }

  @Test
  void seccompCanBeChangedOrTurnedOff() {
    assertThat(Container.builder().seccomp(null).spec().linux().seccomp()).isNull();
    Linux.Seccomp allow = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW").build();
    assertThat(Container.builder().seccomp(allow).spec().linux().seccomp()).isEqualTo(allow);
  }

  @Test
  void runcsDefaultSpecHasNoSeccompTheBuilderAddsIt() {
    assertThat(Spec.defaults().linux().seccomp()).isNull();
    assertThat(Spec.defaults().linux().rootfsPropagation()).isNull();
  }

  @Test
  void theDefaultProfileDeniesWhatReachesPastTheContainer() {
    Linux.Seccomp p = Linux.Seccomp.defaultProfile();
    assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(p.defaultErrnoRet()).isEqualTo(1L);
    List<String> allowed = p.syscalls().stream()
        .filter(r -> r.action().equals("SCMP_ACT_ALLOW") && (r.args() == null || r.args().isEmpty()))
        .flatMap(r -> r.names().stream()).toList();
    assertThat(allowed).contains("read", "openat", "execve", "wait4")
        .doesNotContain("unshare", "setns", "mount", "umount2", "pivot_root", "keyctl", "add_key",
            "request_key", "bpf", "open_by_handle_at", "init_module", "reboot", "clone", "clone3",
            "socket", "personality", "kexec_load", "perf_event_open");
  }
}
