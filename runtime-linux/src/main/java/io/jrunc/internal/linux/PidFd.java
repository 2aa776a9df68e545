package io.jrunc.internal.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A pidfd (pidfd_open(2)): a handle on one process that a recycled pid cannot redirect. Signals
 * and the fd number are used under this object's lock, so that closing it (once the process is
 * gone) can never make a signal go to whatever file later gets the same number.
 */
public final class PidFd implements AutoCloseable {
  private final long pid;
  private int fd;

  private PidFd(long pid, int fd) {
    this.pid = pid;
    this.fd = fd;
  }

  /** Opens a pidfd for {@code pid}; throws IOException with ESRCH if there is no such process. */
  public static PidFd open(long pid) throws IOException {
    try {
      return new PidFd(pid, LibC.pidfdOpen(pid, 0));
    } catch (LastErrorException e) {
      throw LibC.ioException("pidfd_open(" + pid + ")", e);
    }
  }

  /** As {@link #open}, or null if the process does not exist. */
  public static PidFd openIfAlive(long pid) throws IOException {
    try {
      return new PidFd(pid, LibC.pidfdOpen(pid, 0));
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.ESRCH) {
        return null;
      }
      throw LibC.ioException("pidfd_open(" + pid + ")", e);
    }
  }

  public long pid() {
    return pid;
  }

  /**
   * Sends {@code signal}; false if the process is gone (exited, or this handle is closed).
   * Signal 0 only checks that the process is still there.
   */
  public synchronized boolean signal(int signal) throws IOException {
    if (fd < 0) {
      return false;
    }
    try {
      LibC.pidfdSendSignal(fd, signal);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.ESRCH) {
        return false;
      }
      throw LibC.ioException("pidfd_send_signal(" + pid + ", " + signal + ")", e);
    }
  }

  /** Runs {@code action} with the fd (-1 once closed), holding the lock. */
  public synchronized <T> T withFd(FdFunction<T> action) throws IOException {
    return action.apply(fd);
  }

  /** An action on the raw fd. */
  @FunctionalInterface
  public interface FdFunction<T> {
    T apply(int fd) throws IOException;
  }

  public synchronized boolean isClosed() {
    return fd < 0;
  }

  @Override
  public synchronized void close() {
    LibC.closeQuietly(fd);
    fd = -1;
  }

  /**
   * The process's start time (field 22 of /proc/PID/stat, clock ticks after boot), which with
   * the pid names a process for good; -1 if there is no such process.
   */
  public static long startTime(long pid) throws IOException {
    String stat = stat(pid);
    return stat == null ? -1 : Long.parseLong(statField(stat, 22));
  }

  /**
   * The process's state letter (field 3 of /proc/PID/stat: R, S, D, T, Z, X, ...), or 0 if there is
   * no such process.
   */
  public static char state(long pid) throws IOException {
    String stat = stat(pid);
    return stat == null ? 0 : statField(stat, 3).charAt(0);
  }

  /** The parent pid (field 4 of /proc/PID/stat), -1 if there is no such process. */
  public static long parentPid(long pid) throws IOException {
    String stat = stat(pid);
    return stat == null ? -1 : Long.parseLong(statField(stat, 4));
  }

  /** /proc/PID/stat, or null if the process is gone (before or while it is read). */
  private static String stat(long pid) throws IOException {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("No such process")) {
        return null; // ESRCH: it went away while being read
      }
      throw e;
    }
  }

  /** Field {@code n} (1-based, as proc(5) counts) of a /proc/PID/stat line. */
  static String statField(String stat, int n) {
    int close = stat.lastIndexOf(')'); // the command (field 2) may hold spaces and parentheses
    String[] rest = stat.substring(close + 2).trim().split(" ");
    return rest[n - 3];
  }

  @Override
  public String toString() {
    return "pidfd(" + pid + ")";
  }
}
