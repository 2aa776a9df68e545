package io.jrunc.internal.linux.runtime;

import io.jrunc.internal.linux.PidFd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The init of a container created without a shim of ours (CLI mode, as runc): the file {@value
 * #FILE} in its state directory holds {@code <pid> <starttime>} (the start time as field 22 of
 * /proc/PID/stat gives it), so that a recycled pid is never taken for the init. The process is
 * not ours to reap: the engine's subreaper (containerd-shim, conmon) does that.
 */
record InitRecord(long pid, long startTime) {
  static final String FILE = "init";
  private static final String TEMP = "init.tmp";

  /** The record of the live process {@code pid}, with its start time read now. */
  static InitRecord of(long pid) throws IOException {
    long start = PidFd.startTime(pid);
    if (start < 0) {
      throw new IOException("the container's init (pid " + pid + ") exited before it was recorded");
    }
    return new InitRecord(pid, start);
  }

  /** Writes {@value #FILE} into {@code dir} (a temporary file, then a rename). */
  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(TEMP);
    Files.writeString(tmp, pid + " " + startTime + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** True if {@code dir} holds a container created without a shim. */
  static boolean present(Path dir) {
    return Files.exists(dir.resolve(FILE));
  }

  /** Reads {@value #FILE} from {@code dir}. */
  static InitRecord read(Path dir) throws IOException {
    String text;
    try {
      text = Files.readString(dir.resolve(FILE), StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      throw new IOException("no " + dir.resolve(FILE) + ": the container was not created by jrunc create", e);
    }
    return parse(text, dir.resolve(FILE));
  }

  static InitRecord parse(String text, Path file) throws IOException {
    String[] f = text.trim().split(" ");
    try {
      if (f.length != 2) {
        throw new NumberFormatException("two numbers expected");
      }
      long pid = Long.parseLong(f[0]);
      long start = Long.parseLong(f[1]);
      if (pid <= 0 || start < 0) {
        throw new NumberFormatException("out of range");
      }
      return new InitRecord(pid, start);
    } catch (NumberFormatException e) {
      throw new IOException("malformed " + file + ": \"" + text + "\" (" + e.getMessage() + ")", e);
    }
  }

  /**
   * True while the recorded process exists, is the one recorded (same start time) and has not
   * exited (a zombie, not reaped yet by its parent, has exited: runc says "stopped" then too).
   */
  boolean alive() throws IOException {
    char state = PidFd.state(pid);
    return state != 0 && state != 'Z' && state != 'X' && PidFd.startTime(pid) == startTime;
  }

  /**
   * A pidfd of the recorded process if it is still the one recorded (checked after opening, so
   * the pidfd cannot belong to a process that took the pid later), else null.
   */
  PidFd open() throws IOException {
    PidFd fd = PidFd.openIfAlive(pid);
    if (fd == null) {
      return null;
    }
    if (PidFd.startTime(pid) != startTime) {
      fd.close();
      return null;
    }
    return fd;
  }
}
