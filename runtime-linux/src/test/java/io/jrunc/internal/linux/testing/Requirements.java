package io.jrunc.internal.linux.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What an integration test needs, checked up front: a test whose needs are not met is skipped,
 * unless the system property {@code jrunc.it.required} is true (CI), where it fails instead.
 * (A stand-in until runtime-api's test fixtures have a shared one.)
 */
public final class Requirements {
  private Requirements() {}

  static boolean required() {
    return Boolean.getBoolean("jrunc.it.required");
  }

  static void require(boolean met, String what) {
    if (!met && required()) {
      fail("integration test requirement not met (jrunc.it.required=true): " + what);
    }
    assumeTrue(met, what);
  }

  /** The test runs as root (effective uid 0). */
  public static void root() {
    require(effectiveUid() == 0, "needs root");
  }

  /** The busybox rootfs tarball of module test-rootfs. */
  public static Path busyboxTar() {
    String p = System.getProperty("jrunc.busybox.tar");
    require(p != null && Files.isRegularFile(Path.of(p)),
        "needs the busybox rootfs tarball (system property jrunc.busybox.tar: " + p + ")");
    return Path.of(p);
  }

  /** Extracts the busybox rootfs into {@code dir} (with tar(1), for now). */
  public static Path busyboxRootfs(Path dir) throws IOException, InterruptedException {
    Path tar = busyboxTar();
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("tar failed: " + out);
    }
    return dir;
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
