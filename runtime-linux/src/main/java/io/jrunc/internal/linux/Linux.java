package io.jrunc.internal.linux;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Linux constants the runtime puts into plans (x86_64 and aarch64; where they differ, the value for
 * the running architecture), and their names for printing plans.
 */
public final class Linux {
  private Linux() {}

  /** True on aarch64, where a few open(2) flags differ from x86_64. */
  private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_EMPTY_PATH = 0x1000;
  public static final int AT_RECURSIVE = 0x8000;
  public static final int AT_REMOVEDIR = 0x200;

  public static final long CLONE_NEWTIME = 0x00000080L;
  public static final long CLONE_NEWNS = 0x00020000L;
  public static final long CLONE_NEWCGROUP = 0x02000000L;
  public static final long CLONE_NEWUTS = 0x04000000L;
  public static final long CLONE_NEWIPC = 0x08000000L;
  public static final long CLONE_NEWUSER = 0x10000000L;
  public static final long CLONE_NEWPID = 0x20000000L;
  public static final long CLONE_NEWNET = 0x40000000L;

  public static final long MS_RDONLY = 1L;
  public static final long MS_NOSUID = 2L;
  public static final long MS_NODEV = 4L;
  public static final long MS_NOEXEC = 8L;
  public static final long MS_SYNCHRONOUS = 16L;
  public static final long MS_REMOUNT = 32L;
  public static final long MS_MANDLOCK = 64L;
  public static final long MS_DIRSYNC = 128L;
  public static final long MS_NOSYMFOLLOW = 256L;
  public static final long MS_NOATIME = 1024L;
  public static final long MS_NODIRATIME = 2048L;
  public static final long MS_BIND = 4096L;
  public static final long MS_MOVE = 8192L;
  public static final long MS_REC = 16384L;
  public static final long MS_SILENT = 32768L;
  public static final long MS_UNBINDABLE = 1L << 17;
  public static final long MS_PRIVATE = 1L << 18;
  public static final long MS_SLAVE = 1L << 19;
  public static final long MS_SHARED = 1L << 20;
  public static final long MS_RELATIME = 1L << 21;
  public static final long MS_I_VERSION = 1L << 23;
  public static final long MS_STRICTATIME = 1L << 24;
  public static final long MS_LAZYTIME = 1L << 25;

  public static final int MNT_FORCE = 1;
  public static final int MNT_DETACH = 2;
  public static final int MNT_EXPIRE = 4;
  public static final int UMOUNT_NOFOLLOW = 8;

  public static final long MOUNT_ATTR_RDONLY = 0x1L;
  public static final long MOUNT_ATTR_NOSUID = 0x2L;
  public static final long MOUNT_ATTR_NODEV = 0x4L;
  public static final long MOUNT_ATTR_NOEXEC = 0x8L;
  public static final long MOUNT_ATTR_RELATIME = 0x0L;
  public static final long MOUNT_ATTR_NOATIME = 0x10L;
  public static final long MOUNT_ATTR_STRICTATIME = 0x20L;
  public static final long MOUNT_ATTR__ATIME = 0x70L;
  public static final long MOUNT_ATTR_NODIRATIME = 0x80L;
  public static final long MOUNT_ATTR_IDMAP = 0x100000L;
  public static final long MOUNT_ATTR_NOSYMFOLLOW = 0x200000L;

  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0x40;
  public static final int O_EXCL = 0x80;
  public static final int O_NOCTTY = 0x100;
  public static final int O_TRUNC = 0x200;
  public static final int O_APPEND = 0x400;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_DIRECTORY = AARCH64 ? 0x4000 : 0x10000;
  public static final int O_NOFOLLOW = AARCH64 ? 0x8000 : 0x20000;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_PATH = 0x200000;

  /** openat2(2) resolve flags. */
  public static final long RESOLVE_NO_XDEV = 0x01L;
  public static final long RESOLVE_NO_MAGICLINKS = 0x02L;
  public static final long RESOLVE_NO_SYMLINKS = 0x04L;
  public static final long RESOLVE_BENEATH = 0x08L;
  public static final long RESOLVE_IN_ROOT = 0x10L;

  public static final int S_IFIFO = 0010000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFMT = 0170000;

  public static final int PR_SET_PDEATHSIG = 1;
  public static final int PR_SET_DUMPABLE = 4;
  public static final int PR_SET_KEEPCAPS = 8;
  public static final int PR_SET_CHILD_SUBREAPER = 36;
  public static final int PR_SET_NO_NEW_PRIVS = 38;

  public static final int RLIMIT_NOFILE = 7;
  /** Resource limits by number (the same on x86_64 and aarch64). */
  public static final java.util.List<String> RLIMIT_NAMES = io.jrunc.internal.spec.KnownNames.RLIMITS;

  /** {@code RLIMIT_NOFILE}, or the number if unknown. */
  public static String rlimitName(int resource) {
    return resource >= 0 && resource < RLIMIT_NAMES.size() ? RLIMIT_NAMES.get(resource)
        : Integer.toString(resource);
  }

  /** {@code PR_SET_KEEPCAPS} for the prctl options plans use, or the number. */
  public static String prctlName(int option) {
    switch (option) {
      case PR_SET_PDEATHSIG: return "PR_SET_PDEATHSIG";
      case PR_SET_DUMPABLE: return "PR_SET_DUMPABLE";
      case PR_SET_KEEPCAPS: return "PR_SET_KEEPCAPS";
      case PR_SET_CHILD_SUBREAPER: return "PR_SET_CHILD_SUBREAPER";
      case PR_SET_NO_NEW_PRIVS: return "PR_SET_NO_NEW_PRIVS";
      default: return Integer.toString(option);
    }
  }
  public static final long RLIM_INFINITY = -1L;

  /** Terminal ioctls (asm-generic, the same on x86_64 and aarch64). */
  public static final long TIOCGWINSZ = 0x5413L;
  public static final long TIOCSWINSZ = 0x5414L;
  public static final long TIOCSCTTY = 0x540eL;
  public static final long TIOCNOTTY = 0x5422L;
  /** _IOR('T', 0x30, unsigned int): the pty's number. */
  public static final long TIOCGPTN = 0x80045430L;
  /** _IOW('T', 0x31, int): lock (1) or unlock (0) the pty's peer; unlockpt(3). */
  public static final long TIOCSPTLCK = 0x40045431L;
  /** _IO('T', 0x41): opens the pty's peer by the master's fd, with these open flags (Linux 4.13). */
  public static final long TIOCGPTPEER = 0x5441L;
  /** statfs f_type of a devpts instance. */
  public static final long DEVPTS_SUPER_MAGIC = 0x1cd1L;
  /** statfs f_type of procfs. */
  public static final long PROC_SUPER_MAGIC = 0x9fa0L;
  /** The major and minor of /dev/ptmx (and of every devpts instance's ptmx node). */
  public static final int PTMX_MAJOR = 5;
  public static final int PTMX_MINOR = 2;
  /** The major of Unix 98 pty peers (/dev/pts/N is 136:N, and up). */
  public static final int UNIX98_PTY_SLAVE_MAJOR = 136;

  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;

  private static final Map<Long, String> CLONE_NAMES = names(
      CLONE_NEWTIME, "CLONE_NEWTIME", CLONE_NEWNS, "CLONE_NEWNS", CLONE_NEWCGROUP, "CLONE_NEWCGROUP",
      CLONE_NEWUTS, "CLONE_NEWUTS", CLONE_NEWIPC, "CLONE_NEWIPC", CLONE_NEWUSER, "CLONE_NEWUSER",
      CLONE_NEWPID, "CLONE_NEWPID", CLONE_NEWNET, "CLONE_NEWNET");
  private static final Map<Long, String> MOUNT_NAMES = names(
      MS_RDONLY, "MS_RDONLY", MS_NOSUID, "MS_NOSUID", MS_NODEV, "MS_NODEV", MS_NOEXEC, "MS_NOEXEC",
      MS_SYNCHRONOUS, "MS_SYNCHRONOUS", MS_REMOUNT, "MS_REMOUNT", MS_MANDLOCK, "MS_MANDLOCK",
      MS_DIRSYNC, "MS_DIRSYNC", MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW", MS_NOATIME, "MS_NOATIME",
      MS_NODIRATIME, "MS_NODIRATIME", MS_BIND, "MS_BIND", MS_MOVE, "MS_MOVE", MS_REC, "MS_REC",
      MS_SILENT, "MS_SILENT", MS_UNBINDABLE, "MS_UNBINDABLE", MS_PRIVATE, "MS_PRIVATE",
      MS_SLAVE, "MS_SLAVE", MS_SHARED, "MS_SHARED", MS_RELATIME, "MS_RELATIME",
      MS_I_VERSION, "MS_I_VERSION", MS_STRICTATIME, "MS_STRICTATIME", MS_LAZYTIME, "MS_LAZYTIME");
  private static final Map<Long, String> MOUNT_ATTR_NAMES = names(
      MOUNT_ATTR_RDONLY, "RDONLY", MOUNT_ATTR_NOSUID, "NOSUID", MOUNT_ATTR_NODEV, "NODEV",
      MOUNT_ATTR_NOEXEC, "NOEXEC", MOUNT_ATTR_NOATIME, "NOATIME", MOUNT_ATTR_STRICTATIME,
      "STRICTATIME", MOUNT_ATTR_NODIRATIME, "NODIRATIME", MOUNT_ATTR_IDMAP, "IDMAP",
      MOUNT_ATTR_NOSYMFOLLOW, "NOSYMFOLLOW");
  private static final Map<Long, String> OPEN_NAMES = names(
      (long) O_WRONLY, "O_WRONLY", (long) O_RDWR, "O_RDWR", (long) O_CREAT, "O_CREAT",
      (long) O_EXCL, "O_EXCL", (long) O_NOCTTY, "O_NOCTTY", (long) O_TRUNC, "O_TRUNC",
      (long) O_APPEND, "O_APPEND", (long) O_NONBLOCK, "O_NONBLOCK", (long) O_DIRECTORY,
      "O_DIRECTORY", (long) O_NOFOLLOW, "O_NOFOLLOW", (long) O_CLOEXEC, "O_CLOEXEC",
      (long) O_PATH, "O_PATH");

  private static final Map<Long, String> RESOLVE_NAMES = names(
      RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV", RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS",
      RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS", RESOLVE_BENEATH, "RESOLVE_BENEATH",
      RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT");

  /** {@code RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS} for openat2(2) resolve flags. */
  public static String resolveFlags(long flags) {
    return format(flags, RESOLVE_NAMES);
  }

  private static final Map<Long, String> IOCTL_NAMES = Map.of(
      TIOCGWINSZ, "TIOCGWINSZ", TIOCSWINSZ, "TIOCSWINSZ", TIOCSCTTY, "TIOCSCTTY",
      TIOCNOTTY, "TIOCNOTTY", TIOCGPTN, "TIOCGPTN", TIOCSPTLCK, "TIOCSPTLCK",
      TIOCGPTPEER, "TIOCGPTPEER");

  /** {@code TIOCSCTTY}; an unknown request in hex. */
  public static String ioctlName(long request) {
    String n = IOCTL_NAMES.get(request);
    return n != null ? n : "0x" + Long.toHexString(request);
  }

  /** {@code CLONE_NEWNS|CLONE_NEWPID}; unknown bits in hex; {@code 0} for none. */
  public static String cloneFlags(long flags) {
    return format(flags, CLONE_NAMES);
  }

  /** {@code MS_BIND|MS_REC}; unknown bits in hex; {@code 0} for none. */
  public static String mountFlags(long flags) {
    return format(flags, MOUNT_NAMES);
  }

  /** {@code RDONLY|NOSUID} for MOUNT_ATTR_* bits. */
  public static String mountAttrs(long flags) {
    return format(flags, MOUNT_ATTR_NAMES);
  }

  /** {@code O_WRONLY|O_CREAT}; {@code O_RDONLY} for none. */
  public static String openFlags(long flags) {
    return flags == 0 ? "O_RDONLY" : format(flags, OPEN_NAMES);
  }

  private static Map<Long, String> names(Object... pairs) {
    Map<Long, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((Long) pairs[i], (String) pairs[i + 1]);
    }
    return m;
  }

  private static String format(long flags, Map<Long, String> names) {
    if (flags == 0) {
      return "0";
    }
    StringJoiner out = new StringJoiner("|");
    long rest = flags;
    for (Map.Entry<Long, String> e : names.entrySet()) {
      if ((rest & e.getKey()) == e.getKey()) {
        out.add(e.getValue());
        rest &= ~e.getKey();
      }
    }
    if (rest != 0) {
      out.add("0x" + Long.toHexString(rest));
    }
    return out.toString();
  }
}
