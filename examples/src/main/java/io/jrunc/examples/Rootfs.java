package io.jrunc.examples;

import io.jrunc.rootfs.RootfsExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The examples' root filesystem: a directory used as it is, or an image tarball extracted into a
 * temporary directory that {@link #close()} deletes again.
 */
final class Rootfs implements AutoCloseable {
  private final Path dir;
  private final Path temp; // null: the caller's directory, left alone

  private Rootfs(Path dir, Path temp) {
    this.dir = dir;
    this.temp = temp;
  }

  /** A rootfs directory, or {@code dirOrTarball} extracted into a new temporary directory. */
  static Rootfs of(Path dirOrTarball) throws IOException {
    if (Files.isDirectory(dirOrTarball)) {
      return new Rootfs(dirOrTarball, null);
    }
    Path temp = Files.createTempDirectory("jrunc-example");
    Rootfs r = new Rootfs(temp.resolve("rootfs"), temp);
    try {
      RootfsExtractor.builder().build().extract(dirOrTarball, r.dir);
      return r;
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** The directory to give to {@code Container.builder().rootfs(...)}. */
  Path dir() {
    return dir;
  }

  /** Deletes the temporary directory, if this made one. */
  @Override
  public void close() throws IOException {
    if (temp == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(temp)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
