package io.jrunc.internal.linux.tty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.spawn.FdInputStream;
import io.jrunc.internal.linux.spawn.FdOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The master side of a container's pseudo-terminal, held by this JVM. {@link #input()} reads what
 * the container writes to its terminal (its stdout and stderr, echo included), and ends once no
 * process in the container holds the terminal any more; {@link #output()} is what it reads, as
 * typed keys (a line is sent on {@code \n} or {@code \r}, end of input is Ctrl-D, {@code 0x04},
 * at the start of a line; Ctrl-C, {@code 0x03}, interrupts the foreground process group).
 *
 * <p>The master keeps the terminal alive: when its last fd is closed (this object's and its
 * streams', and copies sent elsewhere) the container's session gets SIGHUP. So the master lives
 * in this JVM, not in the shim: a detached container with a terminal should have its master
 * handed to someone who outlives this JVM ({@link #sendTo}, runc's {@code --console-socket}).
 * A read blocked on {@link #input()} holds its own copy until it returns (closing does not
 * interrupt it; see FdInputStream), which is when the container writes or its side closes.
 * (For re-attaching from another JVM later, the shim could keep a copy and serve it on a socket
 * in the state dir; not done yet.)
 */
public final class PtyMaster implements Closeable {
  private final Object lock = new Object();
  private final String name;
  private int fd; // guarded by lock; -1 once closed
  private FdInputStream input;
  private FdOutputStream output;

  private PtyMaster(int fd, String name) {
    this.fd = fd;
    this.name = name;
  }

  /** Takes ownership of {@code fd}, a pty master (as received from a container). */
  public static PtyMaster adopt(int fd, String name) {
    return new PtyMaster(fd, name);
  }

  /** A pty allocated in this JVM from the host's devpts: its master, and the peer's fd (the caller's). */
  public record Pair(PtyMaster master, int peerFd) {}

  /**
   * Allocates a pty here, from the host's {@code /dev/ptmx}: unlocked, sized if {@code size} is
   * given, the peer obtained by fd (TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC). For tools and
   * tests; containers allocate theirs inside (see {@link TerminalSteps}).
   */
  public static Pair openHost(ConsoleSize size) throws IOException {
    int master;
    try {
      master = LibC.open("/dev/ptmx", Linux.O_RDWR | Linux.O_NOCTTY | Linux.O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw LibC.ioException("open /dev/ptmx", e);
    }
    PtyMaster m = new PtyMaster(master, "/dev/ptmx");
    try {
      Memory unlock = new Memory(4);
      unlock.setInt(0, 0);
      ioctl(master, Linux.TIOCSPTLCK, unlock, "TIOCSPTLCK");
      if (size != null) {
        m.resize(size);
      }
      int peer;
      try {
        peer = LibC.ioctl(master, Linux.TIOCGPTPEER,
            new com.sun.jna.Pointer(Linux.O_RDWR | Linux.O_NOCTTY | Linux.O_CLOEXEC));
      } catch (LastErrorException e) {
        throw LibC.ioException("ioctl TIOCGPTPEER", e);
      }
      return new Pair(m, peer);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The name it came with ({@code /dev/ptmx}). */
  public String name() {
    return name;
  }

  /** The master's fd, for passing on; valid until {@link #close()}. */
  public int fd() throws IOException {
    synchronized (lock) {
      if (fd < 0) {
        throw new IOException("the terminal is closed");
      }
      return fd;
    }
  }

  /** What the container writes to its terminal; ends when the container's side is all closed. */
  public InputStream input() throws IOException {
    synchronized (lock) {
      if (input == null) {
        input = new FdInputStream(dup(), true);
      }
      return input;
    }
  }

  /** What the container reads from its terminal (keys). */
  public OutputStream output() throws IOException {
    synchronized (lock) {
      if (output == null) {
        output = new FdOutputStream(dup());
      }
      return output;
    }
  }

  /** Sets the terminal's size; the foreground process group gets SIGWINCH. */
  public void resize(ConsoleSize size) throws IOException {
    Memory ws = new Memory(ConsoleSize.WINSIZE_SIZE);
    byte[] b = size.winsize();
    ws.write(0, b, 0, b.length);
    ioctl(fd(), Linux.TIOCSWINSZ, ws, "TIOCSWINSZ");
  }

  /** The terminal's size. */
  public ConsoleSize size() throws IOException {
    return size(fd());
  }

  /** The size of the terminal open at {@code fd} (TIOCGWINSZ). */
  static ConsoleSize size(int fd) throws IOException {
    Memory ws = new Memory(ConsoleSize.WINSIZE_SIZE);
    ws.clear();
    ioctl(fd, Linux.TIOCGWINSZ, ws, "TIOCGWINSZ");
    return ConsoleSize.ofWinsize(ws.getByteArray(0, ConsoleSize.WINSIZE_SIZE));
  }

  /**
   * Hands the master to whoever listens on the unix socket at {@code socketPath}: runc's
   * {@code --console-socket} protocol (containerd's shim, conmon, runc's recvtty): connect, one
   * message with the name as data and the fd as SCM_RIGHTS, close. This object keeps its copy.
   */
  public void sendTo(Path socketPath) throws IOException {
    int socket = UnixSockets.connect(socketPath);
    try {
      UnixSockets.sendFd(socket, fd(), name);
    } finally {
      LibC.closeQuietly(socket);
    }
  }

  /** Closes the master and its streams (a blocked read ends first; see FdInputStream). */
  @Override
  public void close() {
    synchronized (lock) {
      if (input != null) {
        input.close();
      }
      if (output != null) {
        output.close();
      }
      LibC.closeQuietly(fd);
      fd = -1;
    }
  }

  private int dup() throws IOException {
    try {
      return LibC.fcntl(fd(), LibC.F_DUPFD_CLOEXEC, 3);
    } catch (LastErrorException e) {
      throw LibC.ioException("fcntl(F_DUPFD_CLOEXEC)", e);
    }
  }

  private static void ioctl(int fd, long request, Memory arg, String name) throws IOException {
    try {
      LibC.ioctl(fd, request, arg);
    } catch (LastErrorException e) {
      throw LibC.ioException("ioctl " + name, e);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "pty master " + (fd < 0 ? "(closed)" : "fd " + fd);
    }
  }
}
