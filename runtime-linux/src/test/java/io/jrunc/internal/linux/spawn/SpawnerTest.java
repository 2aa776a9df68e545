package io.jrunc.internal.linux.spawn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnerTest {
  private static final List<String> ENV = List.of("PATH=/usr/bin:/bin");

  @TempDir Path tmp;

  static String out(Process p) throws Exception {
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.getInputStream().close();
    p.waitFor();
    return s;
  }

  @Test
  void theChildGetsItsFdsAtThreeAndUpAndNothingElse() throws Exception {
    int[] a = new int[2];
    int[] b = new int[2];
    LibC.pipe2(a, Linux.O_CLOEXEC);
    LibC.pipe2(b, Linux.O_CLOEXEC);
    // A descriptor of this JVM that is not close-on-exec must not leak into the child either.
    int leaky = LibC.dup(0);
    try {
      Process p = Spawner.spawn("/bin/sh", List.of("sh", "-c",
          "echo three >&3; echo four >&4; ls /proc/self/fd"), ENV,
          Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT, a[1], b[1]);
      LibC.close(a[1]);
      LibC.close(b[1]);
      // fds 0-4, and the one ls reads /proc/self/fd through
      assertThat(out(p).lines().toList()).containsExactly("0", "1", "2", "3", "4", "5");
      assertThat(new String(new FdInputStream(a[0]).readAllBytes())).isEqualTo("three\n");
      assertThat(new String(new FdInputStream(b[0]).readAllBytes())).isEqualTo("four\n");
    } finally {
      LibC.closeQuietly(leaky);
    }
    assertThat(Spawner.hasCloseFrom()).isTrue(); // glibc 2.34+ on the build machines
  }

  @Test
  void lowSourceFdsAreNotClobbered() throws Exception {
    // Hand the child our stdout and stderr (fds 1, 2) as its fds 4 and 3: dup2 order must not matter.
    Process p = Spawner.spawn("/bin/sh", List.of("sh", "-c",
        "readlink /proc/self/fd/3; readlink /proc/self/fd/4"), ENV,
        Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT, 2, 1);
    List<String> lines = out(p).lines().toList();
    assertThat(lines.get(0)).isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
    assertThat(lines.get(1)).isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString());
  }

  @Test
  void stdioCanBePipesFilesOrDiscarded() throws Exception {
    Path in = Files.writeString(tmp.resolve("in"), "from a file\n");
    Path log = tmp.resolve("log");
    Process p = Spawner.spawn("/bin/sh", List.of("sh", "-c", "cat; echo err >&2; echo err2 >&2"), ENV,
        Redirect.from(in.toFile()), Redirect.PIPE, Redirect.appendTo(log.toFile()));
    assertThat(out(p)).isEqualTo("from a file\n");
    assertThat(Files.readString(log)).isEqualTo("err\nerr2\n");

    Process echo = Spawner.spawn("/bin/cat", List.of("cat"), ENV, Redirect.PIPE, Redirect.PIPE,
        Redirect.DISCARD);
    echo.getOutputStream().write("round trip".getBytes());
    echo.getOutputStream().close();
    assertThat(out(echo)).isEqualTo("round trip");
    assertThat(echo.exitValue()).isZero();

    Process quiet = Spawner.spawn("/bin/true", List.of("true"), ENV, Redirect.INHERIT, Redirect.INHERIT,
        Redirect.INHERIT);
    assertThat(quiet.getInputStream().read()).isEqualTo(-1);
    assertThatThrownBy(() -> quiet.getOutputStream().write(1)).isInstanceOf(IOException.class);
    assertThat(quiet.waitFor()).isZero();
  }

  @Test
  void theEnvironmentIsExactlyTheOneGiven() throws Exception {
    Process p = Spawner.spawn("/usr/bin/env", List.of("env"), List.of("A=1", "B=two"),
        Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT);
    assertThat(out(p).lines().toList()).containsExactly("A=1", "B=two");
  }

  @Test
  void aMissingProgramFailsTheSpawn() {
    assertThatThrownBy(() -> Spawner.spawn("/nonexistent/prog", List.of("prog"), ENV,
        Redirect.PIPE, Redirect.PIPE, Redirect.PIPE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void writingToAChildThatWentAwayFails() throws Exception {
    Process p = Spawner.spawn("/bin/true", List.of("true"), ENV, Redirect.PIPE, Redirect.INHERIT,
        Redirect.INHERIT);
    p.waitFor();
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) {
        p.getOutputStream().write(new byte[65536]);
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("EPIPE");
  }
}
