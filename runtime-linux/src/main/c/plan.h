/*
 * plan.h - the jrunc plan format, shared by the helper (C) and the runtime (Java).
 *
 * A plan is what Java computed for one container: a list of steps that the helper executes in
 * order, then (normally) an EXEC. Everything is little-endian; nothing is aligned.
 *
 *   plan   := header step*
 *   header := u32 magic, u16 version, u16 flags (0), u32 total_len (header included),
 *             u32 step_count, u32 vec_slots (pointer slots the largest EXEC needs: argc+envc+2)
 *   step   := u16 op, u16 ok_errno (an errno that counts as success, 0: none), u32 len, payload
 *
 * A payload is a sequence of fields given by the op's signature below, one letter a field:
 *   u  u32 (an i32 is written two's complement: AT_FDCWD = -100, "none" = -1)
 *   q  u64
 *   s  string: u32 len, len bytes, a NUL byte; len 0xffffffff means NULL and nothing follows
 *   b  bytes: as a string, never NULL (the NUL after them is not part of them)
 *   v  string vector: u32 count, count non-NULL strings
 *   a  u32 array: u32 count, count u32
 *
 * The Java enum io.jrunc.internal.linux.plan.PlanOp must list the same ops with the same
 * numbers, names and signatures: a unit test parses the JR_OPS table below.
 *
 * Channels: the helper reads the plan from the plan channel (and later one "go" byte for each
 * WAIT_PARENT and SYNC), and writes fixed 12-byte records (struct jr_record) to the status
 * channel, which is close-on-exec: end of file after the last record means the final EXEC succeeded.
 *
 * The shim. A SHIM step clones the container's init like CLONE, but the parent stays: it is the
 * container's monitor, one per container. A plan with a SHIM reads
 *
 *   [steps run by the helper] SHIM [cleanup section: N steps] [the init's steps ... EXEC]
 *
 * The child skips the cleanup section and goes on with the init's steps. The parent reports
 * REC_PID on the status channel, closes the plan and status channels and its stdio (so that the
 * runtime sees end of file when the container closes its output), and from then on reports on
 * the exit channel instead. It reaps every child (it is meant to be the subreaper); when the
 * init is reaped it writes its wait status in decimal and a newline to the temporary exit file,
 * renames that to the exit file (when given), and sends REC_EXIT on the exit channel.
 * The lifeline is a pipe whose write end only the runtime holds: end of file means the runtime
 * is gone (or let go). Bytes read from it change the mode: JR_SHIM_KILL / JR_SHIM_DETACH.
 * When the lifeline ends and the shim is not detached, it SIGKILLs the init (if still running),
 * reaps it, runs the cleanup section (every step, reporting each failure), and exits. A detached
 * shim outlives its lifeline: it exits once the init has exited and the lifeline has ended,
 * without cleanup (the state stays for a later runtime to find). The shim's exit status is 0, or
 * JR_EXIT_STEP if a cleanup step failed.
 *
 * Terminals (runc's way, see io.jrunc.internal.linux.tty.TerminalSteps): after its mounts and
 * pivot_root the init opens the container's own /dev/pts/ptmx (CHECK_FD_DEV: a real ptmx on a
 * devpts), unlocks it and sets its size (IOCTL TIOCSPTLCK, TIOCSWINSZ), gets the peer by fd
 * (IOCTL TIOCGPTPEER, never a /dev/pts/N path), bind-mounts it on /dev/console through
 * /proc/self/fd, SEND_FDs the master to the runtime over a socket, and makes the peer its
 * controlling terminal and stdio (SETSID, IOCTL TIOCSCTTY, DUP2).
 */
#ifndef JRUNC_PLAN_H
#define JRUNC_PLAN_H

#include <stdint.h>

#define JR_PLAN_MAGIC 0x4c50524au /* "JRPL" */
#define JR_PLAN_VERSION 1
#define JR_PLAN_HEADER_SIZE 20
#define JR_STEP_HEADER_SIZE 8
#define JR_PLAN_MAX_SIZE (64u << 20)
#define JR_NULL_LEN 0xffffffffu
#define JR_MAX_GROUPS 65536

/* X(number, NAME, "signature")  payload fields, in order */
#define JR_OPS(X)                                                                                  \
  X(1, CLONE, "quu")          /* flags, cgroup fd (-1: none), detach (1: exit, 0: wait) */        \
  X(2, UNSHARE, "q")          /* flags */                                                          \
  X(3, SETNS, "usu")          /* fd, path (NULL: use fd), nstype */                                \
  X(4, WAIT_PARENT, "")       /* read one "go" byte from the plan channel */                       \
  X(5, MOUNT, "susssq")       /* source, target dirfd, target, fstype, data, flags */              \
  X(6, MOUNT_SETATTR, "usuqqqq") /* dirfd, path, at flags, attr_set, attr_clr, propagation, userns fd */ \
  X(7, UMOUNT, "su")          /* target, flags */                                                  \
  X(8, MKDIR, "usu")          /* dirfd, path, mode */                                              \
  X(9, MKNOD, "usuuu")        /* dirfd, path, mode (with S_IF*), major, minor */                   \
  X(10, SYMLINK, "sus")       /* target, dirfd, link path */                                       \
  X(11, CHDIR, "us")          /* fd, path (NULL: fchdir(fd)) */                                    \
  X(12, PIVOT_ROOT, "s")      /* new root */                                                       \
  X(13, CHROOT, "s")          /* new root */                                                       \
  X(14, SETHOSTNAME, "s")     /* name */                                                           \
  X(15, SETDOMAINNAME, "s")   /* name */                                                           \
  X(16, SETRLIMIT, "uqq")     /* resource, soft, hard */                                           \
  X(17, PRCTL, "uqqqq")       /* option, arg2..arg5 */                                             \
  X(18, CAP_BOUNDING, "q")    /* capabilities to keep; every other one is dropped */               \
  X(19, CAPSET, "qqq")        /* effective, permitted, inheritable */                              \
  X(20, CAP_AMBIENT, "q")     /* the ambient set: cleared, then these raised */                    \
  X(21, SETGROUPS, "a")       /* gids */                                                           \
  X(22, SETRESGID, "uuu")     /* rgid, egid, sgid (-1: unchanged) */                               \
  X(23, SETRESUID, "uuu")     /* ruid, euid, suid (-1: unchanged) */                               \
  X(24, UMASK, "u")           /* mask */                                                           \
  X(25, SECCOMP, "ub")        /* seccomp(2) flags, struct sock_filter[] */                         \
  X(26, CLOSE_FDS_FROM, "u")  /* every fd >= this becomes close-on-exec */                         \
  X(27, DUP2, "uu")           /* oldfd, newfd (equal: clear close-on-exec) */                      \
  X(28, CLOSE, "u")           /* fd */                                                             \
  X(29, OPEN, "usuuu")        /* dirfd, path, open flags, mode, fd to move it to (-1: leave) */    \
  X(30, SET_NO_NEW_PRIVS, "") /* */                                                                \
  X(31, WRITE_FILE, "usuub")  /* dirfd, path, open flags (O_WRONLY added), mode, bytes */          \
  X(32, WAIT_FIFO, "us")      /* dirfd, path: blocks in open(O_WRONLY) until read, writes "0" */   \
  X(33, SETSID, "")           /* */                                                                \
  X(34, EXEC, "ssvv")         /* path, search dirs (NULL: no search; "a:b"), argv, envp */        \
  X(35, SHIM, "quuuuuss")     /* clone flags, cgroup fd (-1: none), lifeline fd, exit fd,        \
                                 mode (JR_SHIM_DETACHED), cleanup steps that follow,             \
                                 exit file (NULL: none), its temporary name */                   \
  X(36, REMOVE_TREE, "us")    /* dirfd, path: it and all below; below path no symlink followed, \
                                 no mount crossed (EXDEV) */                                     \
  X(37, UNLINK, "usu")        /* dirfd, path, flags (AT_REMOVEDIR: rmdir) */                     \
  X(38, OPENAT2, "usqqqu")    /* dirfd, path, open_how flags, mode, resolve; fd to move it to (-1: leave) */ \
  X(39, MKDIR_ALL, "usuuq")   /* dirfd, path, mode, last (JR_MKDIR_*), resolve: see mkdir_all() */ \
  X(40, LINK_UP, "s")         /* network interface: set IFF_UP (SIOCSIFFLAGS) */                   \
  X(41, CHOWN, "usuuu")       /* dirfd, path, uid, gid, at flags */                                \
  X(42, SKIP_UNLESS, "usuuu") /* dirfd, path, S_IF* type (0: any), negate, count: see below */     \
  X(43, CHECK_FD_PATH, "usu") /* fd, path, JR_PATH_* conditions on where the fd is */       \
  X(50, IOCTL, "uqqbu")       /* fd, request, arg, data (not empty: a pointer to a copy of it is \
                                 the argument instead of arg), fd to move the result to (-1:   \
                                 the result is not an fd) */                                     \
  X(51, SEND_FD, "uus")       /* socket, fd, name: sendmsg(2) of name with fd as SCM_RIGHTS */  \
  X(52, CHECK_FD_DEV, "uquuu") /* fd, statfs f_type (0: any), S_IF* type (0: any), major,      \
                                 minor (-1: any); another filesystem fails EXDEV, another    \
                                 type or device ENODEV */ \
  X(60, SYNC, "")             /* report JR_REC_SYNC, then wait for a "go" byte as WAIT_PARENT */ \
  X(61, RUN_WAIT, "uusvvu")   /* stdin fd, stderr fd (-1: as they are), path, argv, envp,       \
                                 timeout in seconds (0: none): see below */                      \
  X(70, SKIP_UNLESS_FAILED, "uu") /* errno, count: unless the step before failed with errno     \
                                 (which it tolerated), the next count steps are skipped */      \
  X(90, WRITE_FD, "ub")       /* fd, bytes: written in full (to a file earlier steps opened and \
                                 checked) */                                                    \
  X(91, SECCOMP_LISTENER, "ubu") /* seccomp(2) flags (with NEW_LISTENER), struct sock_filter[], \
                                 fd to move the listener fd it returns to */                    \
  X(100, CHECK_EXEC, "ss")    /* path, search dirs as EXEC: fails as EXEC would find nothing to \
                                 run (ENOENT, EACCES: not a regular file with execute access) */

#define JR_OP_ENUM(n, name, sig) JR_OP_##name = n,
enum jr_op { JR_OPS(JR_OP_ENUM) };
#define JR_OP_LIMIT 256 /* op numbers are below this, in any order */
#undef JR_OP_ENUM

/* MKDIR_ALL: what the last component is made as when missing. */
#define JR_MKDIR_DIR 0
#define JR_MKDIR_FILE 1 /* an empty regular file (a mount point for a file bind mount) */

/* SKIP_UNLESS: unless path (followed) exists and, with a type, its type is (negate: is not) that
 * type, the next count steps are skipped. */

/* CHECK_FD_PATH: the fd's path (readlink of /proc/self/fd/N) must meet every condition given;
 * if not, the step fails with EPERM. */
#define JR_PATH_INSIDE 1   /* it is path or beneath it */
#define JR_PATH_NOT_SAME 2 /* it is not path itself */
#define JR_PATH_OUTSIDE 4  /* it is neither path nor beneath it */

/* RUN_WAIT: forks a child that takes stdin from the stdin fd and stderr from the stderr fd (the
 * first rewound, the second truncated, each time), keeps no other fd, and executes path (no
 * search) with argv and envp; waits for it. If it is still running after the timeout, it is
 * SIGKILLed and reaped and the step fails with ETIMEDOUT. A child that cannot exec reports its
 * own error record (the errno of execve) and exits. A child that exits with a status other than
 * 0 fails the step with an error record whose value is not an errno but -(wait status + 1). */

/* The status channel. */
struct jr_record {
  uint32_t kind;
  uint32_t step; /* a step index, or JR_STEP_NONE */
  int32_t value;
};
#define JR_RECORD_SIZE 12
#define JR_REC_READY 1 /* step = JR_PLAN_VERSION the helper speaks, value = the helper's pid */
#define JR_REC_PID 2   /* step = the CLONE step, value = the child's pid (helper's pid namespace) */
#define JR_REC_ERROR 3 /* step = the failed step (JR_STEP_NONE: the plan itself), value = errno */
#define JR_REC_WAITING 4 /* step = a WAIT_FIFO step about to block, value = 0 */
#define JR_REC_EXIT 5    /* exit channel: step = the SHIM step, value = the init's wait status */
#define JR_REC_SYNC 60   /* step = a SYNC step about to wait for its "go", value = 0 */
#define JR_STEP_NONE 0xffffffffu

/* The byte Java writes to the plan channel to release a WAIT_PARENT. */
#define JR_SYNC_GO 'G'

/* The SHIM step's mode bits, and the bytes the runtime may write to the lifeline to change them. */
#define JR_SHIM_DETACHED 1 /* the end of the lifeline does not kill the init */
#define JR_SHIM_KILL 'K'   /* from now on: not detached */
#define JR_SHIM_DETACH 'D' /* from now on: detached */

/* Exit codes of the helper itself (a CLONE parent that waits exits with its child's status). */
#define JR_EXIT_USAGE 120 /* bad arguments or channels: nothing could be reported */
#define JR_EXIT_PLAN 121  /* the plan could not be read or is malformed: reported */
#define JR_EXIT_STEP 122  /* a step failed: reported */
#define JR_EXIT_ABORT 123 /* the plan channel closed at a WAIT_PARENT: Java gave up */

#endif
