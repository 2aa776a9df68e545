package io.jrunc.examples;

import io.jrunc.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a command in a container and captures its output and exit code.
 *
 * <pre>
 * java -cp ... io.jrunc.examples.RunCommand busybox-rootfs.tar sh -c 'echo hello from $(hostname); exit 3'
 * </pre>
 *
 * <p>The first argument is a rootfs directory or an image tarball ({@code docker export}), which
 * is extracted into a temporary directory first and deleted at the end.
 */
public final class RunCommand {
  private RunCommand() {
  }

  /**
   * Runs the example.
   *
   * @param args a rootfs directory or tarball, then the command
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RunCommand ROOTFS-DIR|IMAGE.tar COMMAND [ARG...]");
      System.exit(2);
    }
    try (Rootfs rootfs = Rootfs.of(Path.of(args[0]));
        Container c = Container.builder()
        .rootfs(rootfs.dir())
        .hostname("example")
        .args(Arrays.copyOfRange(args, 1, args.length))
        .start()) {
      CompletableFuture<String> err = read(c.process().getErrorStream());
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = c.process().waitFor();
      System.out.println("stdout: " + out.strip());
      System.out.println("stderr: " + err.join().strip());
      System.out.println("exit:   " + code + " (" + c.process().exitStatus() + ")");
    }
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
