package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.internal.linux.cgroup.Hierarchies;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a container gets cgroups, for whoever runs the tests: root always; an ordinary user
 * only in a delegated cgroup v2 subtree, so on a v1 or hybrid machine asking for limits fails
 * saying what is missing, and a container without limits runs without cgroups.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CgroupPolicyIT {
  @TempDir static Path work;
  static Path rootfs;
  static LinuxContainerRuntime runtime;

  @BeforeAll
  static void setUp() throws Exception {
    rootfs = work.resolve("rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    runtime = new LinuxContainerRuntime(work.resolve("state"));
  }

  @Test
  void limitsNeedACgroupThisProcessMayWrite() throws Exception {
    Hierarchies h = Hierarchies.system();
    if (Requirements.isRoot()) {
      try (Container c = Container.builder().runtime(runtime).rootfs(rootfs).args("sleep", "100")
          .pidsLimit(10).start()) {
        assertThat(c.stats().pids().limit()).isEqualTo(10);
      }
      return;
    }
    Requirements.require(h.mode() != Hierarchies.Mode.V2
        || !Files.isWritable(h.unifiedMount().resolve(h.unifiedOwn().substring(1))),
        "a machine without a cgroup v2 subtree delegated to this user");
    assertThatThrownBy(() -> Container.builder().runtime(runtime).rootfs(rootfs).args("true")
        .pidsLimit(10).start())
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("linux.resources asks for limits that need a cgroup")
        .hasMessageContaining("Delegate=yes");
    assertThat(work.resolve("state")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
        p -> assertThat(Files.list(p)).isEmpty());
    try (Container c = Container.builder().runtime(runtime).rootfs(rootfs).args("echo", "no limits").start()) {
      assertThat(new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("no limits\n");
      assertThat(c.process().waitFor()).isZero();
      assertThatThrownBy(c::stats).isInstanceOf(ContainerException.class).hasMessageContaining("no cgroup");
      assertThatThrownBy(c::pause).isInstanceOf(ContainerException.class).hasMessageContaining("no cgroup");
    }
  }
}
