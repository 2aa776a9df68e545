package io.jrunc.internal.linux.plan;

import io.jrunc.internal.linux.Capabilities;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One step of a plan: an op, its payload fields in the op's signature order, and an errno that
 * counts as success (0 for none). Field types by signature letter: {@code u} Integer, {@code q}
 * Long, {@code s} String or null, {@code b} byte[], {@code v} List of String, {@code a} int[].
 * A step may carry a {@linkplain #note() note}: the name of what its fd or path stands for (a
 * container path such as {@code /proc}), used when the step is printed and never sent to the
 * helper. Immutable.
 */
public final class Step {
  private final PlanOp op;
  private final Object[] args;
  private final int okErrno;
  private final String note;

  public Step(PlanOp op, int okErrno, Object... args) {
    this(op, okErrno, null, args);
  }

  private Step(PlanOp op, int okErrno, String note, Object[] args) {
    this.note = note;
    this.op = Objects.requireNonNull(op, "op");
    this.okErrno = okErrno;
    this.args = args.clone();
    String sig = op.signature();
    if (args.length != sig.length()) {
      throw new IllegalArgumentException(op + " takes " + sig.length() + " fields, got " + args.length);
    }
    if (okErrno < 0 || okErrno > 0xffff) {
      throw new IllegalArgumentException("okErrno out of range: " + okErrno);
    }
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      boolean ok;
      switch (sig.charAt(i)) {
        case 'u': ok = a instanceof Integer; break;
        case 'q': ok = a instanceof Long; break;
        case 's': ok = a == null || a instanceof String; break;
        case 'b': ok = a instanceof byte[]; break;
        case 'a': ok = a instanceof int[]; break;
        case 'v':
          ok = a instanceof List && ((List<?>) a).stream()
              .allMatch(e -> e instanceof String && ((String) e).indexOf('\0') < 0);
          if (ok) {
            this.args[i] = List.copyOf((List<?>) a);
          }
          break;
        default: throw new AssertionError(sig);
      }
      if (!ok) {
        throw new IllegalArgumentException(op + " field " + i + " ('" + sig.charAt(i) + "'): " + a);
      }
      if (a instanceof String && ((String) a).indexOf('\0') >= 0) {
        throw new IllegalArgumentException(op + " field " + i + " contains a NUL byte");
      }
      if (a instanceof byte[]) {
        this.args[i] = ((byte[]) a).clone();
      } else if (a instanceof int[]) {
        this.args[i] = ((int[]) a).clone();
      }
    }
  }

  public PlanOp op() {
    return op;
  }

  /** An errno that the helper treats as success for this step, or 0. */
  public int okErrno() {
    return okErrno;
  }

  /** The same step, with {@code errno} counting as success. */
  public Step tolerating(int errno) {
    return new Step(op, errno, note, args);
  }

  /**
   * The same step, printed with {@code note} naming its target: {@code mount "proc" on "/proc"}
   * rather than {@code mount "proc" on none under fd 11}. Notes are not encoded, and plans that
   * differ only in notes are equal.
   */
  public Step noted(String note) {
    return new Step(op, okErrno, note, args);
  }

  /** What the step's target stands for, for printing; null if nothing was said. */
  public String note() {
    return note;
  }

  /** Field {@code i} as the type its signature letter gives (arrays are copies). */
  public Object arg(int i) {
    Object a = args[i];
    if (a instanceof byte[]) {
      return ((byte[]) a).clone();
    }
    return a instanceof int[] ? ((int[]) a).clone() : a;
  }

  public int num(int i) {
    return (Integer) args[i];
  }

  public long num64(int i) {
    return (Long) args[i];
  }

  public String str(int i) {
    return (String) args[i];
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(int i) {
    return (List<String>) args[i];
  }

  int fieldCount() {
    return args.length;
  }

  Object rawArg(int i) {
    return args[i];
  }

  /** A short form naming what was attempted, for error messages: {@code mount "proc" on "/proc"}. */
  public String summary() {
    switch (op) {
      case MOUNT: return "mount " + q(str(0)) + " on " + target(num(1), str(2));
      case EXEC: return "exec " + q(str(0));
      case CHECK_EXEC: return "exec " + q(str(0));
      case WRITE_FILE: return "write " + target(num(0), str(1));
      case OPEN: return "open " + target(num(0), str(1));
      case OPENAT2: return "open " + target(num(0), str(1)) + noSymlinks(num64(4));
      case MKDIR_ALL: return "create " + target(num(0), str(1)) + noSymlinks(num64(4));
      case WAIT_FIFO: return "open fifo " + target(num(0), str(1));
      case CLONE: return "clone " + Linux.cloneFlags(num64(0));
      case CHECK_FD_PATH: return checkFdPath(false);
      case SHIM: return "shim (clone " + Linux.cloneFlags(num64(0)) + ")";
      case RUN_WAIT: return note != null ? note + " (" + str(2) + ")" : "run " + q(str(2));
      default: return describeBody();
    }
  }

  /** The full form, for printing a plan: every field. */
  public String describe() {
    String body = describeBody();
    return okErrno == 0 ? body : body + " (" + Errno.name(okErrno) + " is fine)";
  }

  private static String noSymlinks(long resolve) {
    return (resolve & Linux.RESOLVE_NO_SYMLINKS) != 0 ? " (no symlinks allowed)" : "";
  }

  /** The target as the note names it (for summaries), else as {@link #at} does. */
  private String target(int dirfd, String path) {
    return note != null ? q(note) : at(dirfd, path);
  }

  /** The target for full descriptions: the note and the fd it is reached through. */
  private String where(int dirfd, String path) {
    if (note == null) {
      return at(dirfd, path);
    }
    return dirfd == Linux.AT_FDCWD || dirfd < 0 ? q(note)
        : q(note) + (path == null || path.isEmpty() ? " (fd " : " (beneath fd ") + dirfd + ")";
  }

  private String checkFdPath(boolean full) {
    int how = num(2);
    StringJoiner j = new StringJoiner(" and ");
    if ((how & 1) != 0) {
      j.add("is inside " + q(str(1)));
    }
    if ((how & 2) != 0) {
      j.add("is not " + q(str(1)) + " itself");
    }
    if ((how & 4) != 0) {
      j.add("is not inside " + q(str(1)));
    }
    return "check that " + (full ? where(num(0), null) : note != null ? q(note) : "fd " + num(0))
        + " " + j;
  }

  private String describeBody() {
    switch (op) {
      case CLONE:
        return "clone " + Linux.cloneFlags(num64(0))
            + (num(1) >= 0 ? " into cgroup fd " + num(1) : "")
            + (num(2) != 0 ? ", parent exits at once" : ", parent waits and exits with its status");
      case UNSHARE: return "unshare " + Linux.cloneFlags(num64(0));
      case SETNS:
        return "setns " + (str(1) != null ? q(str(1))
            : "fd " + num(0) + (note != null ? " (" + q(note) + ")" : "")) + " "
            + Linux.cloneFlags(Integer.toUnsignedLong(num(2)));
      case WAIT_PARENT:
        return "wait for the runtime to continue" + (note != null ? " (" + note + ")" : "");
      case SYNC: return "tell the runtime and wait for it to continue";
      case RUN_WAIT:
        return "run " + q(str(2)) + (note != null ? " (" + note + ")" : "") + " argv " + list(strings(3))
            + " env " + list(strings(4))
            + (num(0) >= 0 ? ", stdin fd " + num(0) : "") + (num(1) >= 0 ? ", stderr fd " + num(1) : "")
            + ", and wait for it" + (num(5) != 0 ? " (at most " + Integer.toUnsignedString(num(5)) + " s)" : "")
            + "; it must exit with 0";
      case MOUNT:
        return "mount " + q(str(0)) + " on " + where(num(1), str(2))
            + (str(3) != null ? " type " + q(str(3)) : "")
            + " flags " + Linux.mountFlags(num64(5))
            + (str(4) != null ? " data " + q(str(4)) : "");
      case MOUNT_SETATTR:
        return "mount_setattr " + where(num(0), str(1)) + " set " + Linux.mountAttrs(num64(3))
            + " clear " + Linux.mountAttrs(num64(4)) + " propagation " + Linux.mountFlags(num64(5))
            + ((num(2) & Linux.AT_RECURSIVE) != 0 ? " recursive" : "")
            + (num64(6) != 0 ? " userns fd " + num64(6) : "");
      case UMOUNT: return "umount " + q(str(0)) + " flags " + num(1);
      case MKDIR: return "mkdir " + where(num(0), str(1)) + " " + octal(num(2));
      case MKNOD: {
        int mode = num(2);
        String type = (mode & 0170000) == Linux.S_IFCHR ? "c" : (mode & 0170000) == Linux.S_IFBLK ? "b"
            : (mode & 0170000) == Linux.S_IFIFO ? "p" : "?";
        return "mknod " + where(num(0), str(1)) + " " + type + " " + num(3) + ":" + num(4) + " "
            + octal(mode & 07777);
      }
      case SYMLINK: return "symlink " + where(num(1), str(2)) + " -> " + q(str(0));
      case CHDIR: return str(1) != null ? "chdir " + q(str(1)) : "fchdir fd " + num(0);
      case PIVOT_ROOT: return "pivot_root " + q(str(0)) + " (old root detached)";
      case CHROOT: return "chroot " + q(str(0));
      case SETHOSTNAME: return "sethostname " + q(str(0));
      case SETDOMAINNAME: return "setdomainname " + q(str(0));
      case SETRLIMIT:
        return "setrlimit " + Linux.rlimitName(num(0)) + " soft " + lim(num64(1)) + " hard "
            + lim(num64(2));
      case PRCTL:
        return "prctl(" + Linux.prctlName(num(0)) + ", " + num64(1) + ", " + num64(2) + ", "
            + num64(3) + ", " + num64(4) + ")";
      case CAP_BOUNDING: return "bounding set: keep " + Capabilities.format(num64(0)) + ", drop the rest";
      case CAPSET:
        return "capset effective " + Capabilities.format(num64(0)) + " permitted "
            + Capabilities.format(num64(1)) + " inheritable " + Capabilities.format(num64(2));
      case CAP_AMBIENT: return "ambient capabilities " + Capabilities.format(num64(0));
      case SETGROUPS: return "setgroups " + Arrays.toString((int[]) args[0]);
      case SETRESGID: return "setresgid " + num(0) + " " + num(1) + " " + num(2);
      case SETRESUID: return "setresuid " + num(0) + " " + num(1) + " " + num(2);
      case UMASK: return "umask " + octal(num(0));
      case SECCOMP:
        return "seccomp filter of " + ((byte[]) args[1]).length / 8 + " instructions, flags 0x"
            + Integer.toHexString(num(0)) + (note != null ? ": " + note : "");
      case CLOSE_FDS_FROM: return "close-on-exec every fd from " + num(0);
      case DUP2:
        return num(0) == num(1) ? "keep fd " + num(0) + " across exec"
            : "dup2 " + num(0) + " -> " + num(1);
      case CLOSE: return "close fd " + num(0);
      case OPEN:
        return "open " + where(num(0), str(1)) + " " + Linux.openFlags(num(2)) + " " + octal(num(3))
            + (num(4) >= 0 ? " as fd " + num(4) : "");
      case SET_NO_NEW_PRIVS: return "set no_new_privs";
      case WRITE_FILE: {
        byte[] data = (byte[]) args[4];
        return "write " + bytes(data) + " to " + where(num(0), str(1)) + " "
            + Linux.openFlags(num(2) | Linux.O_WRONLY)
            + ((num(2) & Linux.O_CREAT) != 0 ? " " + octal(num(3)) : "");
      }
      case WAIT_FIFO: return "wait for start: open fifo " + where(num(0), str(1)) + " for writing";
      case SETSID: return "setsid";
      case EXEC:
        return "exec " + q(str(0)) + (str(1) != null ? " searching " + q(str(1)) : "")
            + " argv " + list(strings(2)) + " env " + list(strings(3));
      case CHECK_EXEC:
        return "check that " + q(str(0)) + (str(1) != null ? " searched in " + q(str(1)) : "")
            + " is an executable file";
      case OPENAT2:
        return "open " + where(num(0), str(1)) + " " + Linux.openFlags(num64(2))
            + ((num64(2) & Linux.O_CREAT) != 0 ? " " + octal((int) num64(3)) : "")
            + " resolve " + Linux.resolveFlags(num64(4)) + (num(5) >= 0 ? " as fd " + num(5) : "");
      case MKDIR_ALL:
        return "mkdir -p " + where(num(0), str(1)) + " " + octal(num(2))
            + (num(3) == 1 ? " (the last one an empty file)" : "")
            + " resolve " + Linux.resolveFlags(num64(4));
      case LINK_UP: return "bring up network interface " + q(str(0));
      case CHOWN:
        return "chown " + where(num(0), str(1)) + " " + num(2) + ":" + num(3)
            + ((num(4) & Linux.AT_SYMLINK_NOFOLLOW) != 0 ? " (not following symlinks)" : "");
      case SKIP_UNLESS: {
        int type = num(2);
        String what = type == 0 ? "exists"
            : "exists and is " + (num(3) != 0 ? "not " : "") + typeName(type);
        return "skip the next " + num(4) + (num(4) == 1 ? " step" : " steps") + " unless "
            + where(num(0), str(1)) + " " + what;
      }
      case CHECK_FD_PATH: return checkFdPath(true);
      case SKIP_UNLESS_FAILED:
        return "skip the next " + num(1) + (num(1) == 1 ? " step" : " steps")
            + " unless the step before failed with " + Errno.name(num(0));
      case SHIM:
        return "shim: clone " + Linux.cloneFlags(num64(0))
            + (num(1) >= 0 ? " into cgroup fd " + num(1) : "")
            + ", lifeline fd " + num(2) + ", exit records to fd " + num(3)
            + (str(6) != null ? ", exit file " + q(str(6)) + " via " + q(str(7)) : "")
            + ((num(4) & 1) != 0 ? ", detached" : ", kills the init when the lifeline ends")
            + "; the next " + num(5) + " steps are its cleanup";
      case REMOVE_TREE: return "remove tree " + at(num(0), str(1)) + " (no symlinks, no mounts)";
      case UNLINK:
        return ((num(2) & Linux.AT_REMOVEDIR) != 0 ? "rmdir " : "unlink ") + at(num(0), str(1));
      case IOCTL: {
        byte[] data = (byte[]) args[3];
        return "ioctl fd " + num(0) + " " + Linux.ioctlName(num64(1))
            + (data.length > 0 ? " data " + hex(data)
                : num64(1) == Linux.TIOCGPTPEER ? " " + Linux.openFlags(num64(2)) : " " + num64(2))
            + (num(4) >= 0 ? ", the new fd as fd " + num(4) : "");
      }
      case SEND_FD: return "send fd " + num(1) + " as " + q(str(2)) + " over socket fd " + num(0);
      case SECCOMP_LISTENER:
        return "seccomp filter of " + ((byte[]) args[1]).length / 8 + " instructions, flags 0x"
            + Integer.toHexString(num(0)) + ", its listener as fd " + num(2)
            + (note != null ? ": " + note : "");
      case WRITE_FD:
        return "write " + bytes((byte[]) args[1]) + " to fd " + num(0) + (note != null ? " (" + note + ")" : "");
      case CHECK_FD_DEV:
        return "check fd " + num(0) + (note != null ? " (" + note + ")" : "") + " is " + fileType(num(2))
            + (num(3) != -1 || num(4) != -1 ? " " + dev(num(3)) + ":" + dev(num(4)) : "")
            + (num64(1) != 0 ? " on filesystem 0x" + Long.toHexString(num64(1)) : "");
      default: throw new AssertionError(op);
    }
  }

  static String q(String s) {
    if (s == null) {
      return "none";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String at(int dirfd, String path) {
    if (dirfd != Linux.AT_FDCWD && dirfd >= 0 && (path == null || path.isEmpty())) {
      return "fd " + dirfd;
    }
    return dirfd == Linux.AT_FDCWD || dirfd < 0 ? q(path) : q(path) + " under fd " + dirfd;
  }

  private static String typeName(int type) {
    switch (type) {
      case Linux.S_IFDIR: return "a directory";
      case Linux.S_IFREG: return "a regular file";
      case Linux.S_IFCHR: return "a character device";
      case Linux.S_IFBLK: return "a block device";
      case Linux.S_IFIFO: return "a fifo";
      case Linux.S_IFLNK: return "a symlink";
      default: return "of type " + Integer.toOctalString(type);
    }
  }

  private static String hex(byte[] data) {
    StringBuilder b = new StringBuilder();
    for (byte x : data) {
      b.append(String.format("%02x", x & 0xff));
    }
    return b.toString();
  }

  private static String fileType(int type) {
    return type == 0 ? "any node" : typeName(type);
  }

  private static String dev(int n) {
    return n == -1 ? "*" : Integer.toString(n);
  }

  private static String octal(int mode) {
    return String.format("%04o", mode);
  }

  private static String lim(long v) {
    return v == Linux.RLIM_INFINITY ? "unlimited" : Long.toUnsignedString(v);
  }

  private static String list(List<String> l) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    l.forEach(s -> j.add(q(s)));
    return j.toString();
  }

  private static String bytes(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    boolean printable = data.length <= 64
        && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n');
    return printable ? q(s) : data.length + " bytes";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Step && ((Step) o).op == op && ((Step) o).okErrno == okErrno
        && Arrays.deepEquals(((Step) o).args, args);
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, okErrno, Arrays.deepHashCode(args));
  }

  @Override
  public String toString() {
    return describe();
  }
}
