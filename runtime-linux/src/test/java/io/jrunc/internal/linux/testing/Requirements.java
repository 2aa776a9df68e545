package io.jrunc.internal.linux.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This module's integration-test fixtures: root, the busybox tarball and rootfs. Whether an unmet
 * need skips or fails the test (CI sets {@code jrunc.it.required}) is the shared
 * {@link io.jrunc.testing.Requirements}' decision.
 */
public final class Requirements {
  private Requirements() {}

  static void require(boolean met, String what) {
    io.jrunc.testing.Requirements.require(met, what);
  }

  /**
   * The test runs as root (effective uid 0); for a user who is not, it is skipped (also in CI)
   * with the message "needs root: {@code why}".
   */
  public static void root(String why) {
    io.jrunc.testing.Requirements.requireRoot(why);
  }

  /** The busybox rootfs tarball of module test-rootfs. */
  public static Path busyboxTar() {
    String p = System.getProperty("jrunc.busybox.tar");
    require(p != null && Files.isRegularFile(Path.of(p)),
        "needs the busybox rootfs tarball (system property jrunc.busybox.tar: " + p + ")");
    return Path.of(p);
  }

  /** Extracts the busybox rootfs into {@code dir} (which may exist, empty). */
  public static Path busyboxRootfs(Path dir) throws IOException, InterruptedException {
    io.jrunc.rootfs.RootfsExtractor.builder().build().extract(busyboxTar(), dir);
    return dir;
  }

  /**
   * Builds {@code src/test/c/probe.c} (system calls and attacks busybox has no applet for) into
   * {@code dest}, a static musl binary that runs in any rootfs.
   */
  public static Path probe(Path dest) throws IOException, InterruptedException {
    Path gcc = io.jrunc.testing.Requirements.requireProgram("musl-gcc");
    Process p = new ProcessBuilder(gcc.toString(), "-static", "-O2", "-o", dest.toString(),
        Path.of("src/test/c/probe.c").toAbsolutePath().toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("musl-gcc probe.c: " + out);
    }
    return dest;
  }

  static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.split("\\s+")[2]);
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return -1;
  }
}
