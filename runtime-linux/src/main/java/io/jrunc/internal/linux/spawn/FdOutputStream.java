package io.jrunc.internal.linux.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a file descriptor this stream owns (a pipe to a child) with write(2); a reader that went
 * away shows as an IOException (EPIPE). Closing follows the same rules as {@link FdInputStream}.
 */
public final class FdOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;

  private final Object writeLock = new Object();
  private final Object stateLock = new Object();
  private final int fd;
  private final java.lang.ref.Cleaner.Cleanable cleanable;
  private boolean closed;
  private boolean fdClosed;
  private int writing;
  private Memory buf;

  public FdOutputStream(int fd) {
    this.fd = fd;
    int[] owned = {fd};
    cleanable = Streams.CLEANER.register(this, () -> {
      // Unreachable and never closed: nothing can be using the fd any more.
      LibC.closeQuietly(owned[0]);
    });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    synchronized (writeLock) {
      synchronized (stateLock) {
        if (closed) {
          throw new IOException("Stream closed");
        }
        writing++;
      }
      try {
        if (buf == null) {
          buf = new Memory(CHUNK);
        }
        while (len > 0) {
          int chunk = Math.min(len, CHUNK);
          buf.write(0, b, off, chunk);
          long done = 0;
          while (done < chunk) {
            try {
              done += LibC.write(fd, buf.share(done), chunk - done);
            } catch (LastErrorException e) {
              if (e.getErrorCode() != Errno.EINTR) {
                throw LibC.ioException("write", e);
              }
            }
          }
          off += chunk;
          len -= chunk;
        }
      } finally {
        synchronized (stateLock) {
          if (--writing == 0 && closed && !fdClosed) {
            fdClosed = true;
            cleanable.clean();
          }
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (stateLock) {
      closed = true;
      if (writing == 0 && !fdClosed) {
        fdClosed = true;
        cleanable.clean();
      }
    }
  }
}
