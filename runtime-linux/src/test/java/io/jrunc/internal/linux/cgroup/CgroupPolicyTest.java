package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Linux.Resources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupPolicyTest {
  static final Hierarchies V2 = Hierarchies.v2(Path.of("/sys/fs/cgroup"), "/user.slice/user-1000.slice/app.scope");
  static final Hierarchies HYBRID = Hierarchies.parse(HierarchiesTest.HYBRID_MOUNTINFO, HierarchiesTest.HYBRID_CGROUP);
  static final Resources LIMITS = Resources.builder().pids(Resources.Pids.builder().limit(10L).build()).build();
  static final Resources DEVICES_ONLY = Resources.builder()
      .devices(List.of(new Resources.DeviceRule(false, null, null, null, "rwm", null))).build();

  @Test
  void rootAlwaysUsesCgroups() {
    assertThat(CgroupPolicy.decide(true, HYBRID, false, null).kind()).isEqualTo(CgroupPolicy.Kind.USE);
    assertThat(CgroupPolicy.decide(true, V2, false, LIMITS).kind()).isEqualTo(CgroupPolicy.Kind.USE);
  }

  @Test
  void unprivilegedInADelegatedV2SubtreeUsesIt() {
    CgroupPolicy.Decision d = CgroupPolicy.decide(false, V2, true, LIMITS);
    assertThat(d.kind()).isEqualTo(CgroupPolicy.Kind.USE);
    assertThat(d.delegated()).isTrue();
  }

  @Test
  void unprivilegedWithoutDelegationSkipsWithAWarningUnlessLimitsAreAskedFor() {
    CgroupPolicy.Decision skip = CgroupPolicy.decide(false, V2, false, DEVICES_ONLY);
    assertThat(skip.kind()).isEqualTo(CgroupPolicy.Kind.SKIP);
    assertThat(skip.message()).contains("without cgroups", "not delegated");
    CgroupPolicy.Decision fail = CgroupPolicy.decide(false, V2, false, LIMITS);
    assertThat(fail.kind()).isEqualTo(CgroupPolicy.Kind.FAIL);
    assertThat(fail.message()).contains("linux.resources", "Delegate=yes", "run as root");
    CgroupPolicy.Decision v1 = CgroupPolicy.decide(false, HYBRID, true, LIMITS);
    assertThat(v1.kind()).isEqualTo(CgroupPolicy.Kind.FAIL);
    assertThat(v1.message()).contains("cgroup v1 cannot be delegated");
    assertThat(CgroupPolicy.decide(false, HYBRID, false, null).kind()).isEqualTo(CgroupPolicy.Kind.SKIP);
  }

  @Test
  void noCgroupFileSystem() {
    assertThat(CgroupPolicy.decide(true, null, false, null).kind()).isEqualTo(CgroupPolicy.Kind.SKIP);
    assertThat(CgroupPolicy.decide(true, null, false, LIMITS).message()).contains("no cgroup file system");
  }
}
