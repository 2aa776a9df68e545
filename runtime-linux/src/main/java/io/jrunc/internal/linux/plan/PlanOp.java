package io.jrunc.internal.linux.plan;

/**
 * The operations of a plan, with the numbers and payload signatures of {@code plan.h} (a unit test
 * holds the two in agreement). Signature letters: {@code u} u32/i32, {@code q} u64, {@code s}
 * nullable string, {@code b} bytes, {@code v} string vector, {@code a} u32 array.
 */
public enum PlanOp {
  CLONE(1, "quu"),
  UNSHARE(2, "q"),
  SETNS(3, "usu"),
  WAIT_PARENT(4, ""),
  MOUNT(5, "susssq"),
  MOUNT_SETATTR(6, "usuqqqq"),
  UMOUNT(7, "su"),
  MKDIR(8, "usu"),
  MKNOD(9, "usuuu"),
  SYMLINK(10, "sus"),
  CHDIR(11, "us"),
  PIVOT_ROOT(12, "s"),
  CHROOT(13, "s"),
  SETHOSTNAME(14, "s"),
  SETDOMAINNAME(15, "s"),
  SETRLIMIT(16, "uqq"),
  PRCTL(17, "uqqqq"),
  CAP_BOUNDING(18, "q"),
  CAPSET(19, "qqq"),
  CAP_AMBIENT(20, "q"),
  SETGROUPS(21, "a"),
  SETRESGID(22, "uuu"),
  SETRESUID(23, "uuu"),
  UMASK(24, "u"),
  SECCOMP(25, "ub"),
  CLOSE_FDS_FROM(26, "u"),
  DUP2(27, "uu"),
  CLOSE(28, "u"),
  OPEN(29, "usuuu"),
  SET_NO_NEW_PRIVS(30, ""),
  WRITE_FILE(31, "usuub"),
  WAIT_FIFO(32, "us"),
  SETSID(33, ""),
  EXEC(34, "ssvv"),
  SHIM(35, "quuuuuss"),
  REMOVE_TREE(36, "us"),
  UNLINK(37, "usu"),
  OPENAT2(38, "usqqqu"),
  MKDIR_ALL(39, "usuuq"),
  LINK_UP(40, "s"),
  CHOWN(41, "usuuu"),
  SKIP_UNLESS(42, "usuuu"),
  CHECK_FD_PATH(43, "usu"),
  IOCTL(50, "uqqbu"),
  SEND_FD(51, "uus"),
  CHECK_FD_DEV(52, "uquuu"),
  SYNC(60, ""),
  RUN_WAIT(61, "uusvvu"),
  SKIP_UNLESS_FAILED(70, "uu"),
  WRITE_FD(90, "ub"),
  SECCOMP_LISTENER(91, "ubu"),
  CHECK_EXEC(100, "ss");

  private static final PlanOp[] BY_CODE = new PlanOp[256];

  static {
    for (PlanOp op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  private final int code;
  private final String signature;

  PlanOp(int code, String signature) {
    this.code = code;
    this.signature = signature;
  }

  /** The op's number in the plan. */
  public int code() {
    return code;
  }

  /** The payload's fields, one letter each (see the class comment). */
  public String signature() {
    return signature;
  }

  /** The op with this number, or null. */
  public static PlanOp of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
