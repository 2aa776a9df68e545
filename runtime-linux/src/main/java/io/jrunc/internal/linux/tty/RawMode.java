package io.jrunc.internal.linux.tty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import java.io.IOException;
import java.util.Optional;

/**
 * Puts a terminal of this process (fd 0 of an interactive {@code jrunc run}) in raw mode, as runc
 * does with its console: every key goes to the container as it is typed, without echo or line
 * editing here (the container's terminal does both), and Ctrl-C reaches the container instead of
 * this JVM. {@link #close()} restores the settings it found.
 */
public final class RawMode implements AutoCloseable {
  private final int fd;
  private final Memory saved;
  private boolean restored;

  private RawMode(int fd, Memory saved) {
    this.fd = fd;
    this.saved = saved;
  }

  /** Whether {@code fd} is a terminal. */
  public static boolean isTerminal(int fd) {
    return LibC.isatty(fd) == 1;
  }

  /** Raw mode on the terminal {@code fd} (cfmakeraw(3) of its settings, applied at once). */
  public static RawMode enter(int fd) throws IOException {
    Memory saved = new Memory(LibC.TERMIOS_SIZE);
    saved.clear();
    Memory raw = new Memory(LibC.TERMIOS_SIZE);
    try {
      LibC.tcgetattr(fd, saved);
      raw.write(0, saved.getByteArray(0, LibC.TERMIOS_SIZE), 0, LibC.TERMIOS_SIZE);
      LibC.cfmakeraw(raw);
      set(fd, raw);
    } catch (LastErrorException e) {
      throw LibC.ioException("tcgetattr/tcsetattr fd " + fd, e);
    }
    return new RawMode(fd, saved);
  }

  /** Raw mode on {@code fd} if it is a terminal; empty otherwise (input is a file or a pipe). */
  public static Optional<RawMode> enterIfTerminal(int fd) throws IOException {
    return isTerminal(fd) ? Optional.of(enter(fd)) : Optional.empty();
  }

  /** The size of the terminal {@code fd}, if it is one. */
  public static Optional<ConsoleSize> size(int fd) {
    try {
      return isTerminal(fd) ? Optional.of(PtyMaster.size(fd)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Restores the settings found at {@link #enter}; once. */
  @Override
  public synchronized void close() throws IOException {
    if (restored) {
      return;
    }
    restored = true;
    try {
      set(fd, saved);
    } catch (LastErrorException e) {
      throw LibC.ioException("tcsetattr fd " + fd, e);
    }
  }

  private static void set(int fd, Memory termios) {
    while (true) {
      try {
        LibC.tcsetattr(fd, LibC.TCSANOW, termios);
        return;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw e;
        }
      }
    }
  }
}
