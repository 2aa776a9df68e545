package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.ContainerProcess;
import io.jrunc.ExitStatus;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Container.exec: a process joins a running container (embedded, under the shim), from inside. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecIT {
  @TempDir static Path work;
  static Path rootfs;
  static Path stateRoot;
  static LinuxContainerRuntime runtime;

  @BeforeAll
  static void rootfs() throws IOException {
    rootfs = work.resolve("bundle/rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  static Spec.Process process(Container c, String... args) {
    return c.spec().process().toBuilder().args(List.of(args)).build();
  }

  @Test
  void anExecSharesTheInitsNamespacesAndHasItsOwnStatusAndStreams() throws Exception {
    try (Container c = Container.builder().runtime(runtime).rootfs(rootfs).hostname("box")
        .args("sleep", "100").start()) {
      long init = c.process().pid();
      ContainerProcess p = c.exec(process(c, "sh", "-c",
          "read line; echo got $line on $(hostname) beside $(cat /proc/1/cmdline | tr '\\0' ' ');"
              + " readlink /proc/self/ns/pid; echo oops >&2; exit 5"));
      p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isEqualTo(5);
      assertThat(p.exitStatus()).isEqualTo(ExitStatus.exited(5));
      assertThat(out).isEqualTo("got hello on box beside sleep 100\n"
          + Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/pid")) + "\n");
      assertThat(err).isEqualTo("oops\n");
      assertThat(p.container()).isSameAs(c);
      assertThat(c.process().isAlive()).as("the init goes on").isTrue();
    }
  }

  @Test
  void anExecCanBeKilledAndTakesItsOwnUser() throws Exception {
    try (Container c = Container.builder().runtime(runtime).rootfs(rootfs).args("sleep", "100").start()) {
      ContainerProcess id = c.exec(c.spec().process().toBuilder().args(List.of("id"))
          .user(Spec.Process.User.builder().uid(65534L).gid(65534L).build()).build());
      assertThat(new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("uid=65534(nobody) gid=65534(nobody)\n");
      assertThat(id.waitFor()).isZero();

      ContainerProcess sleeper = c.exec(process(c, "sleep", "100"));
      sleeper.destroyForcibly();
      assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sleeper.exitStatus()).isEqualTo(ExitStatus.killed(9));
      assertThat(c.process().isAlive()).isTrue();
    }
  }

  @Test
  void execIsRefusedWhenTheContainerDoesNotRunOrTheProgramIsMissing() throws Exception {
    try (Container c = Container.builder().runtime(runtime).rootfs(rootfs).args("sleep", "100").create()) {
      assertThatThrownBy(() -> c.exec(process(c, "true"))).isInstanceOf(ContainerException.class)
          .hasMessageContaining("created, not running");
      c.start();
      assertThatThrownBy(() -> c.exec(process(c, "no-such-program"))).isInstanceOf(ContainerException.class)
          .hasMessageContaining("exec \"no-such-program\": executable file not found in $PATH");
    }
  }
}
