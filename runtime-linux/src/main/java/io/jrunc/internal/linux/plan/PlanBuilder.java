package io.jrunc.internal.linux.plan;

import static io.jrunc.internal.linux.Linux.AT_FDCWD;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Plan} step by step. Each method adds one step; {@link #tolerate} makes the last
 * one succeed on a given errno too. The builder decides nothing: it writes down what it is told.
 */
public final class PlanBuilder {
  private static final Integer NONE = -1;
  /** The most bytes an IOCTL step's data may have (plan.h JR_MAX_IOCTL_DATA). */
  public static final int MAX_IOCTL_DATA = 256;
  private final List<Step> steps = new ArrayList<>();

  public Plan build() {
    return new Plan(steps);
  }

  /** Adds a step as it is. */
  public PlanBuilder step(Step step) {
    steps.add(step);
    return this;
  }

  /** The last step added also succeeds when it fails with {@code errno}. */
  public PlanBuilder tolerate(int errno) {
    int last = steps.size() - 1;
    steps.set(last, steps.get(last).tolerating(errno));
    return this;
  }

  /** Clones a child with these CLONE_NEW* flags; the rest of the plan runs in the child, and the
   * helper waits for it and exits with its status. */
  public PlanBuilder clone(long flags) {
    return clone(flags, -1, false);
  }

  /** As {@link #clone(long)}, placing the child in the cgroup open at {@code cgroupFd} (-1: no),
   * and with {@code detach} the helper exits as soon as it has reported the child. */
  public PlanBuilder clone(long flags, int cgroupFd, boolean detach) {
    return add(PlanOp.CLONE, flags, cgroupFd, detach ? 1 : 0);
  }

  public PlanBuilder unshare(long flags) {
    return add(PlanOp.UNSHARE, flags);
  }

  /** Joins the namespace at {@code path} (e.g. /proc/PID/ns/net); nstype 0 accepts any kind. */
  public PlanBuilder setns(String path, int nstype) {
    return add(PlanOp.SETNS, NONE, path, nstype);
  }

  public PlanBuilder setnsFd(int fd, int nstype) {
    return add(PlanOp.SETNS, fd, null, nstype);
  }

  /** Blocks until the runtime says go (e.g. after writing uid_map and gid_map). */
  public PlanBuilder waitParent() {
    return add(PlanOp.WAIT_PARENT);
  }

  /**
   * Tells the runtime that the plan has come here (a SYNC record on the status channel) and blocks
   * until it says go, like {@link #waitParent()}: a point where the runtime acts while the process
   * waits (hooks).
   */
  public PlanBuilder sync() {
    return add(PlanOp.SYNC);
  }

  /**
   * Runs {@code path} (no search) in a child and waits for it: it must exit with status 0 within
   * {@code timeoutSeconds} (0: no limit), else the step fails. Its stdin and stderr come from the
   * fds given (-1: as they are; the stdin fd is rewound and the stderr fd truncated each time), and
   * it gets no other fd.
   */
  public PlanBuilder runWait(int stdinFd, int stderrFd, String path, List<String> argv,
      List<String> env, int timeoutSeconds) {
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeout < 0: " + timeoutSeconds);
    }
    return add(PlanOp.RUN_WAIT, stdinFd, stderrFd, path, argv, env, timeoutSeconds);
  }

  public PlanBuilder mount(String source, String target, String fstype, long flags, String data) {
    return mountAt(source, AT_FDCWD, target, fstype, flags, data);
  }

  /** A mount whose target is relative to the directory open at {@code dirfd} (via /proc/self/fd). */
  public PlanBuilder mountAt(String source, int dirfd, String target, String fstype, long flags,
      String data) {
    return add(PlanOp.MOUNT, source, dirfd, target, fstype, data, flags);
  }

  public PlanBuilder mountSetattr(int dirfd, String path, int atFlags, long attrSet, long attrClr,
      long propagation) {
    return add(PlanOp.MOUNT_SETATTR, dirfd, path, atFlags, attrSet, attrClr, propagation, 0L);
  }

  public PlanBuilder umount(String target, int flags) {
    return add(PlanOp.UMOUNT, target, flags);
  }

  public PlanBuilder mkdir(String path, int mode) {
    return mkdirAt(AT_FDCWD, path, mode);
  }

  public PlanBuilder mkdirAt(int dirfd, String path, int mode) {
    return add(PlanOp.MKDIR, dirfd, path, mode);
  }

  /** mknod; {@code mode} includes the type (S_IFCHR, S_IFBLK, S_IFIFO). */
  public PlanBuilder mknod(String path, int mode, int major, int minor) {
    return add(PlanOp.MKNOD, AT_FDCWD, path, mode, major, minor);
  }

  /** Creates {@code linkPath} pointing at {@code target}. */
  public PlanBuilder symlink(String target, String linkPath) {
    return add(PlanOp.SYMLINK, target, AT_FDCWD, linkPath);
  }

  public PlanBuilder chdir(String path) {
    return add(PlanOp.CHDIR, NONE, path);
  }

  public PlanBuilder fchdir(int fd) {
    return add(PlanOp.CHDIR, fd, null);
  }

  /** Makes {@code newRoot} (a mount point) the root and detaches the old root. */
  public PlanBuilder pivotRoot(String newRoot) {
    return add(PlanOp.PIVOT_ROOT, newRoot);
  }

  public PlanBuilder chroot(String newRoot) {
    return add(PlanOp.CHROOT, newRoot);
  }

  public PlanBuilder sethostname(String name) {
    return add(PlanOp.SETHOSTNAME, name);
  }

  public PlanBuilder setdomainname(String name) {
    return add(PlanOp.SETDOMAINNAME, name);
  }

  public PlanBuilder setrlimit(int resource, long soft, long hard) {
    return add(PlanOp.SETRLIMIT, resource, soft, hard);
  }

  public PlanBuilder prctl(int option, long arg2, long arg3, long arg4, long arg5) {
    return add(PlanOp.PRCTL, option, arg2, arg3, arg4, arg5);
  }

  /** Drops every capability from the bounding set except those in {@code keep}. */
  public PlanBuilder capBounding(long keep) {
    return add(PlanOp.CAP_BOUNDING, keep);
  }

  public PlanBuilder capset(long effective, long permitted, long inheritable) {
    return add(PlanOp.CAPSET, effective, permitted, inheritable);
  }

  /** Sets the ambient set to exactly {@code raise}. */
  public PlanBuilder capAmbient(long raise) {
    return add(PlanOp.CAP_AMBIENT, raise);
  }

  public PlanBuilder setgroups(int... gids) {
    return add(PlanOp.SETGROUPS, (Object) gids);
  }

  public PlanBuilder setresgid(int rgid, int egid, int sgid) {
    return add(PlanOp.SETRESGID, rgid, egid, sgid);
  }

  public PlanBuilder setresuid(int ruid, int euid, int suid) {
    return add(PlanOp.SETRESUID, ruid, euid, suid);
  }

  public PlanBuilder umask(int mask) {
    return add(PlanOp.UMASK, mask);
  }

  /** Installs a compiled BPF program (struct sock_filter[], 8 bytes an instruction). */
  public PlanBuilder seccomp(int flags, byte[] program) {
    if (program.length % 8 != 0) {
      throw new IllegalArgumentException("a BPF program is 8 bytes an instruction: " + program.length);
    }
    return add(PlanOp.SECCOMP, flags, program);
  }

  /** Marks every fd from {@code first} up close-on-exec. */
  public PlanBuilder closeFdsFrom(int first) {
    return add(PlanOp.CLOSE_FDS_FROM, first);
  }

  public PlanBuilder dup2(int oldFd, int newFd) {
    return add(PlanOp.DUP2, oldFd, newFd);
  }

  public PlanBuilder close(int fd) {
    return add(PlanOp.CLOSE, fd);
  }

  /** Opens a file, then moves the fd to {@code targetFd} (-1: wherever it landed). */
  public PlanBuilder open(int dirfd, String path, int flags, int mode, int targetFd) {
    return add(PlanOp.OPEN, dirfd, path, flags, mode, targetFd);
  }

  public PlanBuilder setNoNewPrivs() {
    return add(PlanOp.SET_NO_NEW_PRIVS);
  }

  /** Writes {@code data} to an existing file (a sysctl, oom_score_adj). */
  public PlanBuilder writeFile(String path, String data) {
    return writeFileAt(AT_FDCWD, path, 0, 0, data.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes to a file opened with {@code flags} (O_WRONLY is implied) and {@code mode}. */
  public PlanBuilder writeFileAt(int dirfd, String path, int flags, int mode, byte[] data) {
    return add(PlanOp.WRITE_FILE, dirfd, path, flags, mode, data);
  }

  /** Blocks until someone opens the fifo for reading (runc's exec.fifo). */
  public PlanBuilder waitFifo(String path) {
    return add(PlanOp.WAIT_FIFO, AT_FDCWD, path);
  }

  public PlanBuilder setsid() {
    return add(PlanOp.SETSID);
  }

  /**
   * Clones the container's init with these CLONE_NEW* flags (into the cgroup open at
   * {@code cgroupFd}, -1: none) and stays as its shim (see plan.h): the next {@code cleanupSteps}
   * steps are the shim's cleanup section, the steps after them the init's. The shim watches the
   * lifeline at {@code lifelineFd}, reports on {@code exitFd}, and writes the init's wait status
   * to {@code exitFile} through {@code exitFileTemp} (both null: no file).
   */
  public PlanBuilder shim(long flags, int cgroupFd, int lifelineFd, int exitFd, boolean detached,
      int cleanupSteps, String exitFile, String exitFileTemp) {
    if ((exitFile == null) != (exitFileTemp == null)) {
      throw new IllegalArgumentException("an exit file needs its temporary name, and only then");
    }
    return add(PlanOp.SHIM, flags, cgroupFd, lifelineFd, exitFd, detached ? 1 : 0, cleanupSteps,
        exitFile, exitFileTemp);
  }

  /** Removes {@code path} and everything below it, following no symlink and crossing no mount. */
  public PlanBuilder removeTree(String path) {
    return add(PlanOp.REMOVE_TREE, AT_FDCWD, path);
  }

  /** unlinkat(2); {@code flags} AT_REMOVEDIR removes a directory (a cgroup, say). */
  public PlanBuilder unlink(String path, int flags) {
    return add(PlanOp.UNLINK, AT_FDCWD, path, flags);
  }

  /** ioctl(fd, request, arg) with an integer argument. */
  public PlanBuilder ioctl(int fd, long request, long arg) {
    return add(PlanOp.IOCTL, fd, request, arg, new byte[0], NONE);
  }

  /** ioctl(fd, request, p) where p points to a copy of {@code data} (at most 256 bytes). */
  public PlanBuilder ioctlData(int fd, long request, byte[] data) {
    if (data.length == 0 || data.length > MAX_IOCTL_DATA) {
      throw new IllegalArgumentException("ioctl data of 1 to " + MAX_IOCTL_DATA + " bytes: " + data.length);
    }
    return add(PlanOp.IOCTL, fd, request, 0L, data, NONE);
  }

  /** An ioctl that returns a new fd (TIOCGPTPEER), which is moved to {@code targetFd}. */
  public PlanBuilder ioctlFd(int fd, long request, long arg, int targetFd) {
    if (targetFd < 0) {
      throw new IllegalArgumentException("target fd " + targetFd);
    }
    return add(PlanOp.IOCTL, fd, request, arg, new byte[0], targetFd);
  }

  /** Sends {@code fd} over the unix socket {@code socketFd} (SCM_RIGHTS) with {@code name} as data. */
  public PlanBuilder sendFd(int socketFd, int fd, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an fd is sent with a name of at least one byte");
    }
    return add(PlanOp.SEND_FD, socketFd, fd, name);
  }

  /**
   * Fails unless {@code fd} is on a filesystem of type {@code fsMagic} (0: any; else EXDEV) and is
   * a node of type {@code type} (S_IF*, 0: any) with this device (-1: any; else ENODEV).
   */
  /**
   * Installs a seccomp filter with SECCOMP_FILTER_FLAG_NEW_LISTENER (added to {@code flags}) and
   * moves the listener fd the kernel returns to {@code fd}.
   */
  public PlanBuilder seccompListener(int flags, byte[] program, int fd) {
    if (program.length == 0 || program.length % 8 != 0) {
      throw new IllegalArgumentException("a BPF program is a non-empty array of 8-byte instructions");
    }
    return add(PlanOp.SECCOMP_LISTENER, flags | 8, program.clone(), fd);
  }

  /** Writes {@code data} in full to {@code fd} (a file earlier steps opened and checked). */
  public PlanBuilder writeFd(int fd, byte[] data) {
    return add(PlanOp.WRITE_FD, fd, data.clone());
  }

  public PlanBuilder checkFdDev(int fd, long fsMagic, int type, int major, int minor) {
    return add(PlanOp.CHECK_FD_DEV, fd, fsMagic, type, major, minor);
  }

  public PlanBuilder exec(String path, List<String> argv, List<String> env) {
    return add(PlanOp.EXEC, path, null, argv, env);
  }

  /** exec; a {@code path} without a slash is looked up in the colon-separated {@code search}. */
  public PlanBuilder execSearching(String path, String search, List<String> argv, List<String> env) {
    return add(PlanOp.EXEC, path, search, argv, env);
  }

  /**
   * Checks that an EXEC of {@code path} (searching {@code search}, null: no search) would find a
   * regular file it may execute (runc looks the program up before it waits to be started).
   */
  public PlanBuilder checkExec(String path, String search) {
    return add(PlanOp.CHECK_EXEC, path, search);
  }

  /** The last step added is printed with {@code note} naming its target (see {@link Step#noted}). */
  public PlanBuilder note(String note) {
    int last = steps.size() - 1;
    steps.set(last, steps.get(last).noted(note));
    return this;
  }

  /** The number of steps so far (the index the next step will have). */
  public int size() {
    return steps.size();
  }

  public PlanBuilder mknodAt(int dirfd, String path, int mode, int major, int minor) {
    return add(PlanOp.MKNOD, dirfd, path, mode, major, minor);
  }

  public PlanBuilder symlinkAt(String target, int dirfd, String linkPath) {
    return add(PlanOp.SYMLINK, target, dirfd, linkPath);
  }

  /**
   * openat2(2): opens {@code path} relative to {@code dirfd} as {@code resolve} (RESOLVE_*) allows,
   * then moves the fd to {@code targetFd} (-1: wherever it landed).
   */
  public PlanBuilder openat2(int dirfd, String path, long flags, long mode, long resolve, int targetFd) {
    return add(PlanOp.OPENAT2, dirfd, path, flags, mode, resolve, targetFd);
  }

  /**
   * Creates the missing components of {@code path} beneath {@code dirfd}, resolving what exists
   * with openat2 {@code resolve} flags (RESOLVE_IN_ROOT keeps symlinks beneath dirfd); with
   * {@code lastIsFile} the last component is made an empty regular file.
   */
  public PlanBuilder mkdirAll(int dirfd, String path, int mode, boolean lastIsFile, long resolve) {
    return add(PlanOp.MKDIR_ALL, dirfd, path, mode, lastIsFile ? 1 : 0, resolve);
  }

  /** Sets IFF_UP on a network interface of the current network namespace. */
  public PlanBuilder linkUp(String name) {
    return add(PlanOp.LINK_UP, name);
  }

  public PlanBuilder chown(int dirfd, String path, int uid, int gid, int atFlags) {
    return add(PlanOp.CHOWN, dirfd, path, uid, gid, atFlags);
  }

  /**
   * Skips the next {@code count} steps unless {@code path} exists and, when {@code type} (an S_IF*
   * value) is not 0, is of that type ({@code negate}: is not of that type).
   */
  public PlanBuilder skipUnless(int dirfd, String path, int type, boolean negate, int count) {
    return add(PlanOp.SKIP_UNLESS, dirfd, path, type, negate ? 1 : 0, count);
  }

  /**
   * Skips the next {@code count} steps unless the step before failed with {@code errno} (which
   * it must tolerate): a fallback for what the kernel may refuse.
   */
  public PlanBuilder skipUnlessFailed(int errno, int count) {
    return add(PlanOp.SKIP_UNLESS_FAILED, errno, count);
  }

  /** Where the fd is must meet {@code how} (CHECK_* bits) against {@code path}, or the step fails. */
  public PlanBuilder checkFdPath(int fd, String path, int how) {
    return add(PlanOp.CHECK_FD_PATH, fd, path, how);
  }

  /** {@link #checkFdPath} conditions (JR_PATH_* in plan.h). */
  public static final int CHECK_INSIDE = 1;
  public static final int CHECK_NOT_SAME = 2;
  public static final int CHECK_OUTSIDE = 4;

  private PlanBuilder add(PlanOp op, Object... args) {
    steps.add(new Step(op, 0, args));
    return this;
  }
}
