package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HierarchiesTest {
  static final String HYBRID_MOUNTINFO = """
      22 1 0:21 / / rw,relatime - ext4 /dev/vda rw
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
      33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
      35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
      39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
      40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      """;
  static final String HYBRID_CGROUP = """
      9:name=systemd:/
      8:pids:/
      4:memory:/process_api/d334
      1:cpu:/
      0::/
      """;

  @Test
  void hybrid() {
    Hierarchies h = Hierarchies.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);
    assertThat(h.mode()).isEqualTo(Hierarchies.Mode.HYBRID);
    assertThat(h.controllersOnV2()).isFalse();
    assertThat(h.v1Mounts()).containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
        .containsEntry("name=systemd", Path.of("/sys/fs/cgroup/systemd"))
        .doesNotContainKey("blkio");
    assertThat(h.v1Own()).containsEntry("memory", "/process_api/d334").containsEntry("pids", "/");
    assertThat(h.unifiedMount()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    assertThat(h.unifiedOwn()).isEqualTo("/");
  }

  @Test
  void v1WithControllersSharingAHierarchy() {
    Hierarchies h = Hierarchies.parse(
        "30 23 0:27 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
            + "31 23 0:28 / /sys/fs/cgroup/net\\040cls rw - cgroup cgroup rw,net_cls\n",
        "3:cpu,cpuacct:/user.slice\n");
    assertThat(h.mode()).isEqualTo(Hierarchies.Mode.V1);
    assertThat(h.v1Mounts().get("cpu")).isEqualTo(h.v1Mounts().get("cpuacct"))
        .isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
    assertThat(h.v1Mounts().get("net_cls")).isEqualTo(Path.of("/sys/fs/cgroup/net cls"));
    assertThat(h.v1Own()).containsEntry("cpuacct", "/user.slice");
    assertThat(h.unifiedMount()).isNull();
  }

  @Test
  void unified() {
    Hierarchies h = Hierarchies.parse("25 20 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n",
        "0::/user.slice/user-1000.slice/session-2.scope\n");
    assertThat(h.mode()).isEqualTo(Hierarchies.Mode.V2);
    assertThat(h.controllersOnV2()).isTrue();
    assertThat(h.unifiedOwn()).isEqualTo("/user.slice/user-1000.slice/session-2.scope");
  }

  @Test
  void noCgroupsAtAll() {
    assertThatThrownBy(() -> Hierarchies.parse("22 1 0:21 / / rw - ext4 /dev/vda rw\n", ""))
        .hasMessageContaining("no cgroup file system");
  }
}
