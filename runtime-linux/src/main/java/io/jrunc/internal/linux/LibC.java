package io.jrunc.internal.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The C library calls the runtime makes from Java, through JNA direct mapping. Calls that fail
 * throw {@link LastErrorException} (errno in {@link LastErrorException#getErrorCode()}); the
 * helpers below turn that into IOExceptions with the call named.
 */
public final class LibC {
  static {
    Native.register(LibC.class, Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

  public static final long SYS_MEMFD_CREATE = AARCH64 ? 279 : 319;
  public static final long SYS_PIDFD_SEND_SIGNAL = 424;
  public static final long SYS_PIDFD_OPEN = 434;

  public static final int F_GETFD = 1;
  public static final int F_SETFD = 2;
  public static final int FD_CLOEXEC = 1;
  public static final int F_DUPFD_CLOEXEC = 1030;
  public static final int F_ADD_SEALS = 1033;
  public static final int F_GET_SEALS = 1034;
  public static final int F_SEAL_SEAL = 0x1;
  public static final int F_SEAL_SHRINK = 0x2;
  public static final int F_SEAL_GROW = 0x4;
  public static final int F_SEAL_WRITE = 0x8;
  public static final int F_SEAL_EXEC = 0x20;
  public static final int MFD_CLOEXEC = 0x1;
  public static final int MFD_ALLOW_SEALING = 0x2;
  public static final int MFD_EXEC = 0x10;
  public static final short POLLIN = 0x1;
  public static final int O_NONBLOCK = 0x800;
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;

  public static final int EPOLL_CLOEXEC = 0x80000;
  public static final int EPOLL_CTL_ADD = 1;
  public static final int EPOLL_CTL_DEL = 2;
  public static final int EPOLLIN = 0x1;
  public static final int EPOLLERR = 0x8;
  public static final int EPOLLHUP = 0x10;
  /** sizeof(struct epoll_event): packed on x86_64, padded on aarch64; and where its data sits. */
  public static final int EPOLL_EVENT_SIZE = AARCH64 ? 16 : 12;
  public static final int EPOLL_EVENT_DATA = AARCH64 ? 8 : 4;
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EFD_CLOEXEC = 0x80000;

  public static final int P_PIDFD = 3;
  public static final int WEXITED = 4;
  public static final int WNOHANG = 1;
  public static final int CLD_EXITED = 1;
  public static final int CLD_KILLED = 2;
  public static final int CLD_DUMPED = 3;
  /** sizeof(siginfo_t), and where si_pid, si_code and si_status sit in it (x86_64 and aarch64). */
  public static final int SIGINFO_SIZE = 128;
  public static final int SIGINFO_CODE = 8;
  public static final int SIGINFO_PID = 16;
  public static final int SIGINFO_STATUS = 24;

  public static final int AF_UNIX = 1;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SCM_RIGHTS = 1;
  public static final int MSG_CTRUNC = 0x8;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int MSG_NOSIGNAL = 0x4000;
  public static final int MSG_CMSG_CLOEXEC = 0x40000000;
  public static final int TCSANOW = 0;
  /** Room for struct termios (glibc: 60 bytes; musl: 60). */
  public static final int TERMIOS_SIZE = 256;

  // syscall(2) is variadic; six fixed longs are passed in the same registers on x86_64 and aarch64.
  public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5)
      throws LastErrorException;

  public static native int pipe2(int[] fds, int flags) throws LastErrorException;

  public static native int close(int fd) throws LastErrorException;

  public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

  public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

  // fcntl(2) is variadic; see syscall.
  public static native int fcntl(int fd, int cmd, long arg) throws LastErrorException;

  public static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

  public static native int kill(int pid, int signal) throws LastErrorException;

  // prctl(2) is variadic; its arguments are unsigned longs.
  public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5)
      throws LastErrorException;

  public static native int epoll_create1(int flags) throws LastErrorException;

  public static native int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

  public static native int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis)
      throws LastErrorException;

  public static native int eventfd(int initval, int flags) throws LastErrorException;

  public static native int waitid(int idtype, int id, Pointer info, int options) throws LastErrorException;

  public static native int dup(int fd) throws LastErrorException;

  public static native int open(String path, int flags, int mode) throws LastErrorException;

  // ioctl(2) is variadic; see syscall.
  public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

  public static native int isatty(int fd);

  public static native int tcgetattr(int fd, Pointer termios) throws LastErrorException;

  public static native int tcsetattr(int fd, int optionalActions, Pointer termios)
      throws LastErrorException;

  public static native void cfmakeraw(Pointer termios);

  public static native int socket(int domain, int type, int protocol) throws LastErrorException;

  public static native int socketpair(int domain, int type, int protocol, int[] fds)
      throws LastErrorException;

  public static native int connect(int fd, Pointer addr, int len) throws LastErrorException;

  public static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

  public static native int listen(int fd, int backlog) throws LastErrorException;

  public static native int accept4(int fd, Pointer addr, Pointer len, int flags) throws LastErrorException;

  public static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

  public static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

  // posix_spawn(3) and its file actions return an error number instead of setting errno.
  public static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr,
      Pointer argv, Pointer envp);

  public static native int posix_spawn_file_actions_init(Pointer fileActions);

  public static native int posix_spawn_file_actions_destroy(Pointer fileActions);

  public static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

  public static native int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

  public static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path,
      int flags, int mode);

  /** memfd_create(2); returns the fd. */
  public static int memfdCreate(String name, int flags) throws LastErrorException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    Memory m = new Memory(n.length + 1L);
    m.write(0, n, 0, n.length);
    m.setByte(n.length, (byte) 0);
    return (int) syscall(SYS_MEMFD_CREATE, Pointer.nativeValue(m), flags, 0, 0, 0);
  }

  /** pidfd_open(2); returns the fd. */
  public static int pidfdOpen(long pid, int flags) throws LastErrorException {
    return (int) syscall(SYS_PIDFD_OPEN, pid, flags, 0, 0, 0);
  }

  /** pidfd_send_signal(2) with no siginfo. */
  public static void pidfdSendSignal(int pidfd, int signal) throws LastErrorException {
    syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0);
  }

  /** Writes all of {@code data}, retrying on EINTR and short writes. */
  public static void writeFully(int fd, byte[] data, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    Memory m = new Memory(len);
    m.write(0, data, off, len);
    long done = 0;
    while (done < len) {
      try {
        done += write(fd, m.share(done), len - done);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw ioException("write", e);
        }
      }
    }
  }

  /** Closes {@code fd} if it is not negative, ignoring errors. */
  public static void closeQuietly(int fd) {
    if (fd >= 0) {
      try {
        close(fd);
      } catch (LastErrorException ignored) {
        // nothing to do: the fd is gone either way (close(2) never needs a retry on Linux)
      }
    }
  }

  /** An IOException saying which call failed and why: {@code write: Broken pipe (EPIPE)}. */
  public static IOException ioException(String call, LastErrorException e) {
    int errno = e.getErrorCode();
    return new IOException(call + ": " + Errno.message(errno) + " (" + Errno.name(errno) + ")", e);
  }
}
