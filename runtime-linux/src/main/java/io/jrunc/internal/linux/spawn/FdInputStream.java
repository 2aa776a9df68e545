package io.jrunc.internal.linux.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a file descriptor this stream owns (a pipe from a child, typically) with read(2). One
 * read at a time; {@link #close()} from another thread during a blocked read marks the stream
 * closed and leaves the actual close(2) to that read's end, so the fd number cannot be reused
 * under it.
 */
public final class FdInputStream extends InputStream {
  private static final int CHUNK = 64 * 1024;

  private final Object readLock = new Object();
  private final Object stateLock = new Object();
  private final int fd;
  private final boolean eioIsEnd;
  private final java.lang.ref.Cleaner.Cleanable cleanable;
  private boolean closed;
  private boolean fdClosed;
  private int reading;
  private Memory buf;

  public FdInputStream(int fd) {
    this(fd, false);
  }

  /**
   * With {@code eioIsEnd}, EIO reads as end of file: a pty master's reads fail with EIO once
   * every fd of its peer is closed (the container's terminal has gone).
   */
  public FdInputStream(int fd, boolean eioIsEnd) {
    this.fd = fd;
    this.eioIsEnd = eioIsEnd;
    int[] owned = {fd};
    cleanable = Streams.CLEANER.register(this, () -> {
      // Unreachable and never closed: nothing can be using the fd any more.
      LibC.closeQuietly(owned[0]);
    });
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    synchronized (readLock) {
      enter();
      try {
        if (buf == null) {
          buf = new Memory(CHUNK);
        }
        while (true) {
          try {
            long n = LibC.read(fd, buf, Math.min(len, CHUNK));
            if (n == 0) {
              return -1;
            }
            buf.read(0, b, off, (int) n);
            return (int) n;
          } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EIO && eioIsEnd) {
              return -1;
            }
            if (e.getErrorCode() != Errno.EINTR) {
              throw LibC.ioException("read", e);
            }
          }
        }
      } finally {
        leave();
      }
    }
  }

  private void enter() throws IOException {
    synchronized (stateLock) {
      if (closed) {
        throw new IOException("Stream closed");
      }
      reading++;
    }
  }

  private void leave() {
    synchronized (stateLock) {
      if (--reading == 0 && closed) {
        closeFd();
      }
    }
  }

  private void closeFd() {
    if (!fdClosed) {
      fdClosed = true;
      cleanable.clean();
    }
  }

  @Override
  public void close() {
    synchronized (stateLock) {
      closed = true;
      if (reading == 0) {
        closeFd();
      }
    }
  }
}
