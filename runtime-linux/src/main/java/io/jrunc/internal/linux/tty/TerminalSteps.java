package io.jrunc.internal.linux.tty;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.PlanBuilder;

/**
 * The init's steps that give a container its terminal, the way runc does it: the pseudo-terminal
 * is allocated inside the container, from the container's own devpts instance, after the root
 * filesystem is in place, and only the master goes back to the runtime.
 *
 * <ol>
 *   <li>open {@value #PTMX} (O_NOFOLLOW), and check that it is what it should be: the char
 *       device 5:2 on a devpts filesystem (not something an image or a shared volume put there);
 *   <li>unlock it (TIOCSPTLCK 0) and set the size (TIOCSWINSZ) if one is given;
 *   <li>get the peer with TIOCGPTPEER, by the master's fd, straight onto fd 0: no
 *       {@code /dev/pts/N} path is ever looked up, so none can be swapped (CVE-2025-52565);
 *   <li>send the master over the socket (SCM_RIGHTS, named {@value #NAME} as runc names it) and
 *       close it and the socket;
 *   <li>if asked, bind-mount the peer on {@value #CONSOLE}: the source is
 *       {@code /proc/self/fd/0}, a magic link to the peer itself, and the target the file opened
 *       (created if missing, O_NOFOLLOW) and mounted on through {@code /proc/self/fd/N}, so
 *       neither end is a path that can be redirected;
 *   <li>a session of its own ({@code setsid}), the peer as its controlling terminal
 *       (TIOCSCTTY), and the peer as stdout and stderr too.
 * </ol>
 *
 * Why not allocate it in the runtime, from the host's {@code /dev/ptmx}? Then the pty would
 * belong to the host's devpts instance: inside the container {@code /proc/self/fd/0} would name a
 * {@code /dev/pts/N} of the host that the container's {@code /dev/pts} does not have ({@code tty}
 * fails or lies), and the host's pty numbering would leak into the container. The container's
 * spec must therefore mount a devpts at {@code /dev/pts} ({@code newinstance,ptmxmode=0666}, as
 * runc's default spec does) and a proc at {@code /proc} (for the console mount): without them the
 * open or the mount step fails and says so.
 *
 * <p>The steps must run where runc sets up its console: after pivot_root (or chroot), while the
 * init may still mount (before capabilities are dropped, the user changed, seccomp installed).
 */
public final class TerminalSteps {
  private TerminalSteps() {}

  /** The container's ptmx (its own devpts instance's). */
  public static final String PTMX = "/dev/pts/ptmx";
  /** Where the peer is bind-mounted. */
  public static final String CONSOLE = "/dev/console";
  /** The name the master is sent with (runc sends its console's name: {@code /dev/ptmx}). */
  public static final String NAME = "/dev/ptmx";

  /**
   * Adds the steps (see the class comment) to {@code plan}: the init holds a connected unix
   * stream socket at {@code socketFd}, and {@code scratchFd} is free for the master and then the
   * console mount target. {@code size} may be null (the kernel's 0x0), {@code mountConsole} is
   * false when joining an existing container ({@code exec}), whose /dev/console is set already.
   */
  public static PlanBuilder add(PlanBuilder plan, int socketFd, int scratchFd, ConsoleSize size,
      boolean mountConsole) {
    if (socketFd < 3 || scratchFd < 3 || socketFd == scratchFd) {
      throw new IllegalArgumentException("socket fd " + socketFd + ", scratch fd " + scratchFd);
    }
    plan.open(Linux.AT_FDCWD, PTMX, Linux.O_RDWR | Linux.O_NOCTTY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC, 0,
            scratchFd)
        .checkFdDev(scratchFd, Linux.DEVPTS_SUPER_MAGIC, Linux.S_IFCHR, Linux.PTMX_MAJOR, Linux.PTMX_MINOR)
        .ioctlData(scratchFd, Linux.TIOCSPTLCK, new byte[4]);
    if (size != null) {
      plan.ioctlData(scratchFd, Linux.TIOCSWINSZ, size.winsize());
    }
    plan.ioctlFd(scratchFd, Linux.TIOCGPTPEER, Linux.O_RDWR | Linux.O_NOCTTY, 0)
        .sendFd(socketFd, scratchFd, NAME)
        .close(scratchFd)
        .close(socketFd);
    if (mountConsole) {
      plan.open(Linux.AT_FDCWD, CONSOLE, Linux.O_RDONLY | Linux.O_CREAT | Linux.O_NOFOLLOW
              | Linux.O_NOCTTY | Linux.O_NONBLOCK | Linux.O_CLOEXEC, 0666, scratchFd)
          .mountAt("/proc/self/fd/0", scratchFd, "", null, Linux.MS_BIND, null)
          .close(scratchFd);
    }
    return plan.setsid().tolerate(Errno.EPERM) // (already a session leader: the plan did it)
        .ioctl(0, Linux.TIOCSCTTY, 0)
        .dup2(0, 1)
        .dup2(0, 2);
  }
}
