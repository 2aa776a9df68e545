package io.jrunc.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data cache (an AOT cache on JDK 25 and later,
 * AppCDS on older JDKs), made at package time by {@code src/build/make-jvm-cache.sh}: runs, in one
 * JVM, the commands whose start-up matters to engines — {@code spec}, {@code run --dry-run} (read,
 * validate and compile a bundle), {@code state}, {@code list} and {@code delete} of a container that
 * does not exist — so that the classes they load, and on JDK 25 their linkage, are in the cache.
 * Nothing is started: it runs without privileges, in a temporary directory it deletes.
 */
final class CacheTraining {
  private CacheTraining() {
  }

  /** Runs the training commands; exits non-zero if one of them did not do what it should. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("jrunc-cache-training");
    try {
      Path bundle = dir.resolve("bundle");
      Files.createDirectories(bundle.resolve("rootfs"));
      String root = dir.resolve("state").toString();
      String b = bundle.toString();
      int failures = 0;
      failures += expect(0, "spec", "--bundle", b);
      failures += expect(0, "--root", root, "run", "--dry-run", "-b", b, "training");
      failures += expect(1, "--root", root, "state", "training");
      failures += expect(1, "--root", root, "delete", "training");
      failures += expect(0, "--root", root, "list");
      failures += expect(0, "--root", root, "list", "-f", "json");
      if (failures > 0) {
        System.exit(1);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int expect(int status, String... args) {
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
    int got = Main.run(args, sink, sink);
    if (got != status) {
      System.err.println("jrunc cache training: `jrunc " + String.join(" ", args) + "` exited with " + got
          + ", expected " + status);
      return 1;
    }
    return 0;
  }
}
