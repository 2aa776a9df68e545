package io.jrunc.internal.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unix domain stream sockets through JNA, for what java.nio cannot do: passing file descriptors
 * (SCM_RIGHTS). The fd protocol is runc's ({@code utils.SendFile}/{@code RecvFile}, and the
 * {@code --console-socket} one): one sendmsg(2) carrying a name (at most {@value #MAX_NAME_LEN}
 * bytes, never empty: a stream socket does not deliver control data without data) as its data and
 * exactly one fd as SCM_RIGHTS. Every fd made here is close-on-exec. Layouts are those of 64-bit
 * Linux (x86_64, aarch64).
 */
public final class UnixSockets {
  private UnixSockets() {}

  /** The longest name runc's RecvFile accepts (4096 bytes, exclusive). */
  public static final int MAX_NAME_LEN = 4096;
  private static final int SOCKADDR_UN_SIZE = 110; // sa_family_t, then sun_path[108]
  private static final int MSGHDR_SIZE = 56;
  private static final int IOVEC_SIZE = 16;
  private static final int CMSG_HEADER = 16; // cmsg_len (size_t), cmsg_level, cmsg_type
  private static final int CONTROL_SIZE = 256; // room for more fds than one, to close them

  /** An fd received with its name; the fd is the caller's. */
  public record Received(int fd, String name) {}

  /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC). */
  public static int[] socketPair() throws IOException {
    int[] fds = {-1, -1};
    try {
      LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, fds);
    } catch (LastErrorException e) {
      throw LibC.ioException("socketpair", e);
    }
    return fds;
  }

  /** A stream socket connected to the listening socket at {@code path}. */
  public static int connect(Path path) throws IOException {
    Memory addr = address(path);
    int fd = newSocket();
    try {
      LibC.connect(fd, addr, (int) addr.size());
      return fd;
    } catch (LastErrorException e) {
      LibC.closeQuietly(fd);
      throw LibC.ioException("connect " + path, e);
    }
  }

  /** A stream socket listening at {@code path} (which must not exist). */
  public static int listen(Path path, int backlog) throws IOException {
    Memory addr = address(path);
    int fd = newSocket();
    try {
      LibC.bind(fd, addr, (int) addr.size());
      LibC.listen(fd, backlog);
      return fd;
    } catch (LastErrorException e) {
      LibC.closeQuietly(fd);
      throw LibC.ioException("bind/listen " + path, e);
    }
  }

  /** Accepts a connection on a listening socket (blocks). */
  public static int accept(int listener) throws IOException {
    while (true) {
      try {
        return LibC.accept4(listener, null, null, LibC.SOCK_CLOEXEC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw LibC.ioException("accept", e);
        }
      }
    }
  }

  /** Sends {@code fd} with {@code name} (runc's SendFile). */
  public static void sendFd(int socket, int fd, String name) throws IOException {
    byte[] data = name.getBytes(StandardCharsets.UTF_8);
    if (data.length == 0 || data.length >= MAX_NAME_LEN) {
      throw new IllegalArgumentException("a name of 1 to " + (MAX_NAME_LEN - 1) + " bytes: " + name);
    }
    Memory buf = new Memory(data.length);
    buf.write(0, data, 0, data.length);
    Memory control = new Memory(cmsgSpace(4));
    control.clear();
    control.setLong(0, CMSG_HEADER + 4);
    control.setInt(8, LibC.SOL_SOCKET);
    control.setInt(12, LibC.SCM_RIGHTS);
    control.setInt(CMSG_HEADER, fd);
    Memory iov = new Memory(IOVEC_SIZE);
    Memory msg = message(iov, buf, data.length, control, control.size());
    long sent;
    while (true) {
      try {
        sent = LibC.sendmsg(socket, msg, LibC.MSG_NOSIGNAL);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw LibC.ioException("sendmsg", e);
        }
      }
    }
    if (sent < data.length) { // the fd went with the first bytes; the rest of the name follows
      LibC.writeFully(socket, data, (int) sent, data.length - (int) sent);
    }
  }

  /**
   * Receives one fd and its name (runc's RecvFile). Without {@code wait}, returns null when
   * nothing has been sent yet. Fails at end of file, or if the message did not carry exactly one
   * fd (any fds it did carry are closed).
   */
  public static Received receiveFd(int socket, boolean wait) throws IOException {
    Memory buf = new Memory(MAX_NAME_LEN);
    Memory control = new Memory(CONTROL_SIZE);
    control.clear();
    Memory iov = new Memory(IOVEC_SIZE);
    Memory msg = message(iov, buf, MAX_NAME_LEN, control, CONTROL_SIZE);
    long n;
    while (true) {
      try {
        n = LibC.recvmsg(socket, msg, LibC.MSG_CMSG_CLOEXEC | (wait ? 0 : LibC.MSG_DONTWAIT));
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EAGAIN && !wait) {
          return null;
        }
        if (e.getErrorCode() != Errno.EINTR) {
          throw LibC.ioException("recvmsg", e);
        }
      }
    }
    List<Integer> fds = fds(control, msg.getLong(40));
    String problem = null;
    if (n == 0 && fds.isEmpty()) {
      problem = "end of file: no fd was sent";
    } else if ((msg.getInt(48) & LibC.MSG_CTRUNC) != 0) {
      problem = "too many fds were sent";
    } else if (fds.size() != 1) {
      problem = fds.size() + " fds were sent, not one";
    } else if (n >= MAX_NAME_LEN) {
      problem = "the name is too long";
    }
    if (problem != null) {
      fds.forEach(LibC::closeQuietly);
      throw new IOException("receiving an fd: " + problem);
    }
    return new Received(fds.get(0), new String(buf.getByteArray(0, (int) n), StandardCharsets.UTF_8));
  }

  /** The fds of every SCM_RIGHTS message in {@code control}'s first {@code len} bytes. */
  private static List<Integer> fds(Memory control, long len) {
    List<Integer> fds = new ArrayList<>();
    long off = 0;
    while (off + CMSG_HEADER <= len) {
      long cmsgLen = control.getLong(off);
      if (cmsgLen < CMSG_HEADER || off + cmsgLen > len) {
        break;
      }
      if (control.getInt(off + 8) == LibC.SOL_SOCKET && control.getInt(off + 12) == LibC.SCM_RIGHTS) {
        for (long p = off + CMSG_HEADER; p + 4 <= off + cmsgLen; p += 4) {
          fds.add(control.getInt(p));
        }
      }
      off += align(cmsgLen);
    }
    return fds;
  }

  private static Memory message(Memory iov, Pointer buf, long bufLen, Pointer control, long controlLen) {
    iov.setPointer(0, buf);
    iov.setLong(8, bufLen);
    Memory msg = new Memory(MSGHDR_SIZE);
    msg.clear();
    msg.setPointer(16, iov);
    msg.setLong(24, 1);
    msg.setPointer(32, control);
    msg.setLong(40, controlLen);
    return msg;
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }

  static int cmsgSpace(int dataLen) {
    return CMSG_HEADER + (int) align(dataLen);
  }

  private static int newSocket() throws IOException {
    try {
      return LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw LibC.ioException("socket", e);
    }
  }

  private static Memory address(Path path) throws IOException {
    byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
    if (p.length == 0 || p.length >= SOCKADDR_UN_SIZE - 2) {
      throw new IOException("a unix socket path of 1 to " + (SOCKADDR_UN_SIZE - 3) + " bytes: " + path);
    }
    Memory addr = new Memory(SOCKADDR_UN_SIZE);
    addr.clear();
    addr.setShort(0, (short) LibC.AF_UNIX);
    addr.write(2, p, 0, p.length);
    return addr;
  }
}
