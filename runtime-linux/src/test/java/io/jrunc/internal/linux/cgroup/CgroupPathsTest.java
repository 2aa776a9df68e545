package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CgroupPathsTest {
  @Test
  void defaultAbsoluteAndRelative() throws Exception {
    assertThat(CgroupPaths.resolve(null, "c1")).isEqualTo("/jrunc/c1");
    assertThat(CgroupPaths.resolve("", "c1")).isEqualTo("/jrunc/c1");
    assertThat(CgroupPaths.resolve("/a//b/./c/", "c1")).isEqualTo("/a/b/c");
    assertThat(CgroupPaths.resolve("a/b", "c1")).isEqualTo("a/b");
    assertThat(CgroupPaths.inHierarchy("/a/b", "/user.slice")).isEqualTo("a/b");
    assertThat(CgroupPaths.inHierarchy("a/b", "/user.slice")).isEqualTo("user.slice/a/b");
    assertThat(CgroupPaths.inHierarchy("a/b", "/")).isEqualTo("a/b");
  }

  @Test
  void refused() {
    assertThatThrownBy(() -> CgroupPaths.resolve("/a/../../etc", "c1"))
        .hasMessageContaining("linux.cgroupsPath").hasMessageContaining("..");
    assertThatThrownBy(() -> CgroupPaths.resolve("system.slice:jrunc:c1", "c1"))
        .hasMessageContaining("systemd form");
    assertThatThrownBy(() -> CgroupPaths.resolve("/", "c1")).hasMessageContaining("root");
  }
}
