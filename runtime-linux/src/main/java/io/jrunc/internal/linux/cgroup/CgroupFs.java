package io.jrunc.internal.linux.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File access to cgroupfs: every value is written with one write(2) (the kernel parses each write
 * on its own) to a file that must exist (a missing file is a missing controller, never created).
 * Works the same on a temporary directory laid out like cgroupfs, which is how unit tests use it.
 */
public class CgroupFs {
  /** The one instance for the real file system. */
  public static final CgroupFs SYSTEM = new CgroupFs();

  /** The file's content, trimmed. */
  public String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** The file's content, or null if it does not exist. */
  public String readIfExists(Path file) throws IOException {
    try {
      return read(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Writes {@code value} with a single write(2); the file must exist. */
  public void write(Path file, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      int n = ch.write(ByteBuffer.wrap(bytes));
      if (n != bytes.length) {
        throw new IOException("short write (" + n + " of " + bytes.length + " bytes)");
      }
    }
  }

  public boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  public boolean isDirectory(Path p) {
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }

  /** Makes a directory; false if it existed already. */
  public boolean mkdir(Path dir) throws IOException {
    try {
      Files.createDirectory(dir);
      return true;
    } catch (FileAlreadyExistsException e) {
      if (!isDirectory(dir)) {
        throw e;
      }
      return false;
    }
  }

  /**
   * Removes an (empty of cgroups) cgroup directory; on cgroupfs its files go with it. True if it
   * was there. A temporary tree has real files in it: they are removed first.
   */
  public boolean rmdir(Path dir) throws IOException {
    try {
      Files.delete(dir);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (DirectoryNotEmptyException e) {
      if (!Files.isWritable(dir) || isCgroupfs(dir)) {
        throw e;
      }
      try (var files = Files.list(dir)) { // a fake tree: plain files
        for (Path f : (Iterable<Path>) files::iterator) {
          if (!isDirectory(f)) {
            Files.delete(f);
          }
        }
      }
      Files.delete(dir);
      return true;
    }
  }

  /** The pids listed in a cgroup.procs file (empty if it is gone). */
  public long[] pids(Path procs) throws IOException {
    String s = readIfExists(procs);
    if (s == null || s.isEmpty()) {
      return new long[0];
    }
    return s.lines().map(String::trim).filter(l -> !l.isEmpty()).mapToLong(Long::parseLong).toArray();
  }

  private static boolean isCgroupfs(Path dir) {
    try {
      String type = Files.getFileStore(dir).type();
      return type.startsWith("cgroup");
    } catch (IOException e) {
      return true;
    }
  }

  /** The errno text of a failed write, for messages ("Invalid argument"). */
  static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
