package io.jrunc.examples;

import io.jrunc.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * An interactive busybox shell in a container, on a terminal of its own: the Java version of
 * {@code jrunc run busybox2}.
 *
 * <pre>
 * java -cp ... io.jrunc.examples.InteractiveShell test-rootfs/target/busybox-rootfs.tar
 * </pre>
 *
 * <p>The container's terminal is a pseudo-terminal made inside its own devpts; the process's
 * streams are that terminal. This program copies the user's terminal to it and back, with the
 * user's terminal in raw mode (set with {@code stty}) so that keys go to the shell as typed.
 */
public final class InteractiveShell {
  private InteractiveShell() {
  }

  /**
   * Runs the example.
   *
   * @param args a rootfs directory or an image tarball
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: InteractiveShell ROOTFS-DIR|IMAGE.tar");
      System.exit(2);
    }
    boolean tty = System.console() != null;
    if (tty) {
      stty("raw", "-echo");
    }
    int status;
    try (Rootfs rootfs = Rootfs.of(Path.of(args[0]));
        Container c = Container.builder()
        .rootfs(rootfs.dir())
        .hostname("busybox2")
        .terminal(true)
        .args("sh")
        .start()) {
      Thread in = copy(System.in, c.process().getOutputStream());
      in.setDaemon(true); // blocked on the user's keyboard when the shell exits
      in.start();
      c.process().getInputStream().transferTo(System.out); // until the shell's terminal closes
      System.out.flush();
      status = c.process().waitFor();
    } finally {
      if (tty) {
        stty("sane");
      }
    }
    System.out.println("shell exited with " + status);
    System.exit(status);
  }

  private static Thread copy(InputStream from, OutputStream to) {
    return new Thread(() -> {
      try {
        byte[] buf = new byte[4096];
        for (int n; (n = from.read(buf)) >= 0; ) {
          to.write(buf, 0, n);
          to.flush();
        }
      } catch (IOException e) {
        // the container's terminal closed
      }
    }, "stdin-to-container");
  }

  private static void stty(String... modes) throws IOException, InterruptedException {
    String[] cmd = new String[modes.length + 1];
    cmd[0] = "stty";
    System.arraycopy(modes, 0, cmd, 1, modes.length);
    new ProcessBuilder(cmd).inheritIO()
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty"))).start().waitFor();
  }
}
