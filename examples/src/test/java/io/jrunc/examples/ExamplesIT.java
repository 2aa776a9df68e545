package io.jrunc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples, run as a user runs them: a new JVM on the busybox tarball. */
class ExamplesIT {

  @TempDir
  static Path tmp;

  /** Runs an example with its own temporary directory, and checks it leaves nothing there. */
  static String run(String main, String stdin, String... args) throws Exception {
    // As root or not: for a user the builder makes rootless containers.
    Requirements.require(System.getProperty("jrunc.busybox.tar") != null, "the busybox tarball");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), main, System.getProperty("jrunc.busybox.tar")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.filter(f -> f.getFileName().toString().startsWith("jrunc-example")))
          .as("the extracted rootfs is deleted").isEmpty();
    }
    return out + "[exit " + p.exitValue() + "]";
  }

  @Test
  void runCommandCapturesOutputAndExitCode() throws Exception {
    assertThat(run(RunCommand.class.getName(), "", "sh", "-c", "echo hello from $(hostname); echo oops >&2; exit 3"))
        .contains("stdout: hello from example\nstderr: oops\nexit:   3 (exited with 3)\n[exit 0]");
  }

  @Test
  void interactiveShellRunsAShellOnATerminal() throws Exception {
    assertThat(run(InteractiveShell.class.getName(), "echo pid=$$ on $(tty)\nexit 4\n"))
        .contains("pid=1 on /dev/pts/0")
        .endsWith("shell exited with 4\n[exit 4]");
  }
}
