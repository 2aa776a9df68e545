/*
 * jrunc-helper - executes a jrunc plan (see plan.h). No policy lives here: every flag, path and
 * order comes from the plan that Java computed; this program only performs the steps, and on the
 * first failure reports (step index, errno) on the status channel and exits.
 *
 * usage: jrunc-helper init [PLAN [STATUS]]
 *   PLAN and STATUS are fd numbers (default 3 and 4) or paths to open (e.g. /proc/<pid>/fd/<n>).
 *   A SHIM step in the plan makes the helper the container's monitor (see plan.h).
 *
 * No allocation after the plan is read: the plan lives in one mapping, strings are pointers into
 * it, and argv/envp pointer slots follow it in the same mapping.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h> /* rename */
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plan.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the plan is little-endian; this helper reads it natively"
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#define JR_CLONE_INTO_CGROUP 0x200000000ULL
#define JR_SECCOMP_SET_MODE_FILTER 1
#define JR_CAP_VERSION_3 0x20080522
#define JR_RESOLVE_NO_XDEV 0x01
#define JR_RESOLVE_NO_SYMLINKS 0x04
#define JR_RESOLVE_BENEATH 0x08
#define JR_MAX_TREE_DEPTH 128
#define JR_MAX_IOCTL_DATA 256

struct jr_clone_args { /* struct clone_args, CLONE_ARGS_SIZE_VER2 */
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
      set_tid_size, cgroup;
};
struct jr_mount_attr {
  uint64_t attr_set, attr_clr, propagation, userns_fd;
};
struct jr_sock_fprog {
  unsigned short len;
  const void *filter;
};
struct jr_open_how {
  uint64_t flags, mode, resolve;
};
struct jr_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* ---- channels ---------------------------------------------------------------------------- */

static int plan_fd = -1, status_fd = -1;
static int lifeline_fd = -1, exit_fd = -1; /* a SHIM step's, registered when the plan is checked */
static uint32_t current; /* the step being executed */

static void report(uint32_t kind, uint32_t step, int32_t value) {
  struct jr_record r = {kind, step, value};
  if (status_fd >= 0) {
    while (write(status_fd, &r, sizeof r) < 0 && errno == EINTR) {
    }
  }
}

static _Noreturn void fail(uint32_t step, int err, int code) {
  report(JR_REC_ERROR, step, err);
  _exit(code);
}

static int open_channel(const char *arg, int flags) {
  int fd = 0;
  const char *p = arg;
  for (; *p >= '0' && *p <= '9' && fd < 1000000; p++) fd = fd * 10 + (*p - '0');
  if (*p != '\0' || p == arg) return open(arg, flags | O_CLOEXEC);
  return fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : fd;
}

/* A step is about to take over fd: move a channel that sits there out of the way. */
static int keep_clear(int fd) {
  int *ch[] = {&plan_fd, &status_fd, &lifeline_fd, &exit_fd};
  for (unsigned i = 0; i < 4; i++) {
    if (*ch[i] != fd || fd < 0) continue;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
    if (moved < 0) return -1;
    close(fd);
    *ch[i] = moved;
  }
  return 0;
}

static int read_full(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) return errno = EBADMSG, -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

/* ---- decoding ----------------------------------------------------------------------------- */

#define JR_SIG(n, name, sig) [n] = sig,
static const char *const signatures[JR_OP_LIMIT] = {JR_OPS(JR_SIG)};

struct args {
  uint64_t n[8];       /* 'u' and 'q' fields, in order */
  const char *s[4];    /* 's' and 'b' fields, in order (NULL for a NULL string) */
  uint32_t sl[4];      /* their lengths */
  char **v[2];         /* 'v' fields: NULL-terminated vectors (filled when executing) */
  const uint8_t *a;    /* the 'a' field's first element */
  uint32_t an;         /* and its count */
};

static const uint8_t *plan; /* the whole plan; pointer slots follow it */
static uint32_t plan_len, step_count, vec_slots;
static char **vec;

static uint32_t get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static uint64_t get64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* Takes a string at *pos (bounded by end); fails unless it fits and ends with its NUL. */
static int take_string(uint32_t *pos, uint32_t end, const char **s, uint32_t *len, int nullable) {
  if (end - *pos < 4) return -1;
  *len = get32(plan + *pos);
  *pos += 4;
  if (*len == JR_NULL_LEN) return nullable ? (*s = NULL, 0) : -1;
  if (*len >= end - *pos || plan[*pos + *len] != '\0') return -1;
  *s = (const char *)plan + *pos;
  *pos += *len + 1;
  return 0;
}

/* Decodes the step at *pos into op, ok_errno and a; advances *pos past it. With fill set,
 * vectors are also laid out in the pointer slots. Returns -1 (errno EBADMSG) if malformed. */
static int decode(uint32_t *pos, uint16_t *op, uint16_t *ok_errno, struct args *a, int fill) {
  if (plan_len - *pos < JR_STEP_HEADER_SIZE) return errno = EBADMSG, -1;
  *op = (uint16_t)(plan[*pos] | plan[*pos + 1] << 8);
  *ok_errno = (uint16_t)(plan[*pos + 2] | plan[*pos + 3] << 8);
  uint32_t len = get32(plan + *pos + 4), p = *pos + JR_STEP_HEADER_SIZE;
  if (*op >= JR_OP_LIMIT || !signatures[*op] || len > plan_len - p) return errno = EBADMSG, -1;
  uint32_t end = p + len, nn = 0, ns = 0, nv = 0, slot = 0;
  memset(a, 0, sizeof *a);
  for (const char *f = signatures[*op]; *f; f++) {
    uint32_t count, l;
    const char *s;
    switch (*f) {
    case 'u':
    case 'q':
      if (end - p < (*f == 'u' ? 4u : 8u)) return errno = EBADMSG, -1;
      a->n[nn++] = *f == 'u' ? get32(plan + p) : get64(plan + p);
      p += *f == 'u' ? 4 : 8;
      break;
    case 's':
    case 'b':
      if (take_string(&p, end, &a->s[ns], &a->sl[ns], *f == 's') < 0) return errno = EBADMSG, -1;
      ns++;
      break;
    case 'a':
      if (end - p < 4 || (count = get32(plan + p)) > (end - p - 4) / 4 || count > JR_MAX_GROUPS)
        return errno = EBADMSG, -1;
      a->a = plan + p + 4;
      a->an = count;
      p += 4 + 4 * count;
      break;
    case 'v':
      if (end - p < 4) return errno = EBADMSG, -1;
      count = get32(plan + p);
      p += 4;
      if (count >= vec_slots - slot) return errno = EBADMSG, -1;
      a->v[nv] = vec + slot;
      for (uint32_t i = 0; i < count; i++) {
        if (take_string(&p, end, &s, &l, 0) < 0) return errno = EBADMSG, -1;
        if (fill) vec[slot + i] = (char *)s;
      }
      if (fill) vec[slot + count] = NULL;
      slot += count + 1;
      nv++;
      break;
    }
  }
  if (p != end) return errno = EBADMSG, -1;
  *pos = end;
  return 0;
}

/* ---- steps --------------------------------------------------------------------------------- */

/* "/proc/self/fd/<dirfd>/<path>" for calls that take no dirfd (mount). */
static const char *at_path(int dirfd, const char *path, char *buf, size_t size) {
  if (dirfd == AT_FDCWD || dirfd < 0) return path;
  char digits[12];
  int n = 0;
  for (unsigned v = (unsigned)dirfd; n == 0 || v; v /= 10) digits[n++] = (char)('0' + v % 10);
  size_t plen = path ? strlen(path) : 0;
  if (plen + 32 > size) return errno = ENAMETOOLONG, NULL;
  char *o = buf;
  memcpy(o, "/proc/self/fd/", 14);
  o += 14;
  while (n) *o++ = digits[--n];
  if (plen) *o++ = '/';
  memcpy(o, path ? path : "", plen + 1);
  return buf;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int close_keep_errno(int fd, int rc) {
  int saved = errno;
  if (fd >= 0) close(fd);
  errno = saved;
  return rc;
}

static int pivot_root_here(const char *new_root) {
  int oldroot = -1, newroot = -1, rc = -1;
  if ((oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC)) < 0) goto out;
  if ((newroot = open(new_root, O_DIRECTORY | O_RDONLY | O_CLOEXEC)) < 0) goto out;
  if (fchdir(newroot) < 0 || syscall(SYS_pivot_root, ".", ".") < 0) goto out;
  /* The old root is now stacked under the new one at "/": detach it, but first make sure the
   * detach cannot propagate to the mount namespace we came from. */
  if (fchdir(oldroot) < 0 || mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) goto out;
  if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) goto out;
  rc = 0;
out:
  close_keep_errno(newroot, 0);
  return close_keep_errno(oldroot, rc);
}

/* EXEC, or (argv NULL) CHECK_EXEC: a regular file with execute access where EXEC would look. */
static int try_exec(const char *path, char **argv, char **envp) {
  struct stat st;
  if (argv) return execve(path, argv, envp);
  if (stat(path, &st) < 0) return -1;
  if (!S_ISREG(st.st_mode)) return errno = EACCES, -1;
  return access(path, X_OK);
}

static int exec_step(const char *path, const char *search, char **argv, char **envp) {
  if (!search || strchr(path, '/')) return try_exec(path, argv, envp);
  char buf[4096];
  size_t plen = strlen(path);
  int err = ENOENT;
  for (const char *d = search;; d++) {
    const char *colon = strchr(d, ':');
    size_t dlen = colon ? (size_t)(colon - d) : strlen(d);
    if (dlen + plen + 2 <= sizeof buf) {
      memcpy(buf, d, dlen);
      buf[dlen] = '/';
      memcpy(buf + dlen + (dlen ? 1 : 0), path, plen + 1);
      if (try_exec(buf, argv, envp) == 0) return 0; /* (CHECK_EXEC only: EXEC does not return) */
      if (errno == EACCES) err = EACCES;
      else if (errno != ENOENT && errno != ENOTDIR) return -1;
    }
    if (!colon) break;
    d = colon;
  }
  return errno = err, -1;
}

/* ---- resolving beneath a root (OPENAT2, MKDIR_ALL, CHECK_FD_PATH, SKIP_UNLESS) ------------- */

static uint32_t skip; /* steps still to skip (SKIP_UNLESS, SKIP_UNLESS_FAILED) */
static int last_errno; /* how the step before failed (tolerated), 0: it did not */

static int openat2_at(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
  struct jr_open_how how = {flags, mode, resolve};
  return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

/* Creates what is missing of path beneath dirfd, a component at a time. Each prefix is resolved
 * with openat2(resolve), so with RESOLVE_IN_ROOT a symlink met on the way stays beneath dirfd; a
 * missing component is made in the directory its parent resolved to, where mkdirat() follows
 * nothing. The last component becomes an empty file with JR_MKDIR_FILE. A component that exists
 * yet does not resolve (a dangling symlink) fails with ENOENT: nothing is made through it. */
static int mkdir_all(int dirfd, const char *path, mode_t mode, int last_kind, uint64_t resolve) {
  char buf[4096];
  size_t len = strlen(path), start, end = 0;
  int fd;
  if (len >= sizeof buf) return errno = ENAMETOOLONG, -1;
  memcpy(buf, path, len + 1);
  for (;;) {
    for (start = end; buf[start] == '/'; start++) {
    }
    if (!buf[start]) return 0;
    for (end = start; buf[end] && buf[end] != '/'; end++) {
    }
    char saved = buf[end];
    int last = 1;
    for (size_t k = end; buf[k]; k++) last &= buf[k] == '/';
    buf[end] = '\0';
    if ((fd = openat2_at(dirfd, buf, O_PATH | O_CLOEXEC, 0, resolve)) < 0) {
      if (errno != ENOENT) return -1;
      char first = buf[start];
      buf[start] = '\0';
      int parent = openat2_at(dirfd, start ? buf : ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0, resolve);
      buf[start] = first;
      if (parent < 0) return -1;
      int rc = last && last_kind == JR_MKDIR_FILE
          ? openat(parent, buf + start, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
          : mkdirat(parent, buf + start, mode);
      if (rc >= 0 && last && last_kind == JR_MKDIR_FILE) close(rc);
      if (rc < 0 && errno != EEXIST) return close_keep_errno(parent, -1);
      close(parent);
      if ((fd = openat2_at(dirfd, buf, O_PATH | O_CLOEXEC, 0, resolve)) < 0) return -1;
    }
    close(fd);
    buf[end] = saved;
  }
}

static int check_fd_path(int fd, const char *path, size_t plen, uint32_t how) {
  char proc[32], link[4096];
  const char *p = at_path(fd, NULL, proc, sizeof proc);
  ssize_t l = p ? readlink(p, link, sizeof link - 1) : -1;
  if (l < 0) return -1;
  link[l] = '\0';
  int same = (size_t)l == plen && memcmp(link, path, plen) == 0;
  int beneath = (size_t)l > plen && memcmp(link, path, plen) == 0
      && (link[plen] == '/' || (plen > 0 && path[plen - 1] == '/'));
  if (((how & JR_PATH_INSIDE) && !same && !beneath) || ((how & JR_PATH_NOT_SAME) && same)
      || ((how & JR_PATH_OUTSIDE) && (same || beneath)))
    return errno = EPERM, -1;
  return 0;
}

/* Removes name (under dirfd) and everything below it. Below name, no symlink is followed (a
 * symlink is removed as a file) and no mount point is entered (EXDEV); name itself may be reached
 * through symlinks, but a symlink as its last component is removed, not followed. Uses no libc
 * directory stream. */
static int remove_tree(int dirfd, const char *name, int depth) {
  if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT) return 0;
  if (errno != EISDIR) return -1;
  if (depth >= JR_MAX_TREE_DEPTH) return errno = ELOOP, -1;
  struct jr_open_how how = {O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0,
                            depth ? JR_RESOLVE_NO_XDEV | JR_RESOLVE_NO_SYMLINKS | JR_RESOLVE_BENEATH
                                  : 0};
  int fd = (int)syscall(SYS_openat2, dirfd, name, &how, sizeof how);
  if (fd < 0) return errno == ENOENT ? 0 : -1;
  char buf[1024];
  for (int pass = 0; pass < 3; pass++) { /* again if removing while reading skipped something */
    long n;
    lseek(fd, 0, SEEK_SET);
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        struct jr_dirent64 *d = (struct jr_dirent64 *)(buf + off);
        off += d->d_reclen;
        if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") && remove_tree(fd, d->d_name, depth + 1) < 0)
          return close_keep_errno(fd, -1);
      }
    }
    if (n < 0) return close_keep_errno(fd, -1);
    if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT) return close_keep_errno(fd, 0);
    if (errno != ENOTEMPTY) break;
  }
  return close_keep_errno(fd, -1);
}

/* IOCTL: the argument is arg, or a pointer to an aligned copy of data; a result that is an fd
 * is moved to the target fd (keeping its close-on-exec flag). */
static int ioctl_step(const struct args *a) {
  uint64_t data[JR_MAX_IOCTL_DATA / 8];
  unsigned long arg = (unsigned long)a->n[2];
  int target = (int)a->n[3];
  if (a->sl[0] > sizeof data) return errno = EINVAL, -1;
  if (a->sl[0] > 0) {
    memcpy(data, a->s[0], a->sl[0]);
    arg = (unsigned long)data;
  }
  long r = syscall(SYS_ioctl, (int)a->n[0], (unsigned long)a->n[1], arg);
  if (r < 0 || target < 0 || r == target) return r < 0 ? -1 : 0;
  int fd = (int)r, flags = fcntl(fd, F_GETFD);
  if (flags < 0 || keep_clear(target) < 0 || dup3(fd, target, flags & FD_CLOEXEC ? O_CLOEXEC : 0) < 0)
    return close_keep_errno(fd, -1);
  return close_keep_errno(fd, 0);
}

/* SEND_FD: the name as the data (a stream socket carries no empty message), fd as SCM_RIGHTS. */
static int send_fd(int sock, int fd, const char *name, uint32_t len) {
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } u;
  if (len == 0) return errno = EINVAL, -1;
  memset(&u, 0, sizeof u);
  struct iovec iov = {(void *)name, len};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                     .msg_controllen = sizeof u.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  ssize_t w;
  while ((w = sendmsg(sock, &m, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
  }
  if (w < 0) return -1;
  for (const char *p = name + w; p < name + len; p += w) /* the rest of a short send */
    while ((w = send(sock, p, (size_t)(name + len - p), MSG_NOSIGNAL)) < 0)
      if (errno != EINTR) return -1;
  return 0;
}

/* CHECK_FD_DEV: fd is on a filesystem of this type, and is a node of this type and device. */
static int check_fd_dev(int fd, uint64_t fs, uint32_t type, uint32_t major_, uint32_t minor_) {
  struct statfs sfs;
  struct stat st;
  if (fstatfs(fd, &sfs) < 0 || fstat(fd, &st) < 0) return -1;
  if (fs && (uint64_t)sfs.f_type != fs) return errno = EXDEV, -1;
  if ((type && (st.st_mode & S_IFMT) != type) || (major_ != ~0u && major(st.st_rdev) != major_) ||
      (minor_ != ~0u && minor(st.st_rdev) != minor_))
    return errno = ENODEV, -1;
  return 0;
}

/* Waits until fd is readable: 1, or 0 once the given seconds have passed, or -1. */
static int wait_readable(int fd, uint64_t seconds) {
  struct timespec now, end;
  clock_gettime(CLOCK_MONOTONIC, &end);
  end.tv_sec += (time_t)seconds;
  for (;;) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ms = (end.tv_sec - now.tv_sec) * 1000LL + (end.tv_nsec - now.tv_nsec) / 1000000;
    if (ms <= 0) return 0;
    struct pollfd pf = {fd, POLLIN, 0};
    int r = poll(&pf, 1, ms > 86400000 ? 86400000 : (int)ms);
    if (r > 0 || (r < 0 && errno != EINTR)) return r;
  }
}

/* Without a pidfd (a seccomp filter may refuse pidfd_open): 1 once pid has ended (reaped,
   *reaped set), 0 once the given seconds have passed, or -1. Polls every 10 ms. */
static int wait_exit_polling(pid_t pid, uint64_t seconds, int *status, int *reaped) {
  struct timespec now, end, tick = {0, 10000000};
  clock_gettime(CLOCK_MONOTONIC, &end);
  end.tv_sec += (time_t)seconds;
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return *reaped = 1;
    if (r < 0 && errno != EINTR) return -1;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) return 0;
    nanosleep(&tick, NULL);
  }
}

/* RUN_WAIT (see plan.h): a program run to its end, as a step. */
static int run_wait(const struct args *a) {
  int in = (int)a->n[0], err = (int)a->n[1], status, rc = 1, pfd, reaped = 0;
  if (in >= 0 && lseek(in, 0, SEEK_SET) < 0) return -1;
  if (err >= 0 && (ftruncate(err, 0) < 0 || lseek(err, 0, SEEK_SET) < 0)) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if ((in >= 0 && dup2(in, 0) < 0) || (err >= 0 && dup2(err, 2) < 0)) fail(current, errno, JR_EXIT_STEP);
    syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
    execve(a->s[0], a->v[0], a->v[1]);
    fail(current, errno, JR_EXIT_STEP);
  }
  if (a->n[2]) {
    if ((pfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0) rc = wait_exit_polling(pid, a->n[2], &status, &reaped);
    else rc = close_keep_errno(pfd, wait_readable(pfd, a->n[2]));
  }
  int saved = errno;
  if (rc <= 0) kill(pid, SIGKILL);
  while (!reaped && waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  if (rc <= 0) return errno = rc == 0 ? ETIMEDOUT : saved, -1;
  if (status != 0) fail(current, -1 - status, JR_EXIT_STEP);
  return 0;
}

static int run_step(uint16_t op, const struct args *a) {
  const uint64_t *n = a->n;
  const char *const *s = a->s;
  char buf[4200];
  int fd, i;
  switch (op) {
  case JR_OP_UNSHARE:
    return unshare((int)n[0]);
  case JR_OP_SETNS:
    if (!s[0]) return setns((int)n[0], (int)n[1]);
    if ((fd = open(s[0], O_RDONLY | O_CLOEXEC)) < 0) return -1;
    return close_keep_errno(fd, setns(fd, (int)n[1]));
  case JR_OP_SYNC:
    report(JR_REC_SYNC, current, 0);
    __attribute__((fallthrough));
  case JR_OP_WAIT_PARENT: {
    char c;
    ssize_t r;
    while ((r = read(plan_fd, &c, 1)) < 0 && errno == EINTR) {
    }
    if (r == 0) _exit(JR_EXIT_ABORT);
    return r < 0 ? -1 : c == JR_SYNC_GO ? 0 : (errno = EPROTO, -1);
  }
  case JR_OP_MOUNT: {
    const char *target = at_path((int)n[0], s[1], buf, sizeof buf);
    return target ? mount(s[0], target, s[2], n[1], s[3]) : -1;
  }
  case JR_OP_MOUNT_SETATTR: {
    struct jr_mount_attr attr = {n[2], n[3], n[4], n[5]};
    return (int)syscall(SYS_mount_setattr, (int)n[0], s[0], (unsigned)n[1], &attr, sizeof attr);
  }
  case JR_OP_UMOUNT:
    return umount2(s[0], (int)n[0]);
  case JR_OP_MKDIR:
    return mkdirat((int)n[0], s[0], (mode_t)n[1]);
  case JR_OP_MKNOD:
    return mknodat((int)n[0], s[0], (mode_t)n[1], makedev(n[2], n[3]));
  case JR_OP_SYMLINK:
    return symlinkat(s[0], (int)n[0], s[1]);
  case JR_OP_CHDIR:
    return s[0] ? chdir(s[0]) : fchdir((int)n[0]);
  case JR_OP_PIVOT_ROOT:
    return pivot_root_here(s[0]);
  case JR_OP_CHROOT:
    return chroot(s[0]) < 0 ? -1 : chdir("/");
  case JR_OP_SETHOSTNAME:
    return sethostname(s[0], a->sl[0]);
  case JR_OP_SETDOMAINNAME:
    return setdomainname(s[0], a->sl[0]);
  case JR_OP_SETRLIMIT: {
    uint64_t lim[2] = {n[1], n[2]};
    return (int)syscall(SYS_prlimit64, 0, (int)n[0], lim, NULL);
  }
  case JR_OP_PRCTL:
    return prctl((int)n[0], n[1], n[2], n[3], n[4]);
  case JR_OP_CAP_BOUNDING:
    for (i = 0; i < 64; i++) {
      if (n[0] & (1ULL << i)) continue;
      if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0) return errno == EINVAL && i > 0 ? 0 : -1;
    }
    return 0;
  case JR_OP_CAPSET: {
    struct { uint32_t version; int pid; } hdr = {JR_CAP_VERSION_3, 0};
    struct { uint32_t effective, permitted, inheritable; } data[2];
    for (i = 0; i < 2; i++) {
      data[i].effective = (uint32_t)(n[0] >> (32 * i));
      data[i].permitted = (uint32_t)(n[1] >> (32 * i));
      data[i].inheritable = (uint32_t)(n[2] >> (32 * i));
    }
    return (int)syscall(SYS_capset, &hdr, data);
  }
  case JR_OP_CAP_AMBIENT:
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) return -1;
    for (i = 0; i < 64; i++)
      if ((n[0] & (1ULL << i)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) < 0)
        return -1;
    return 0;
  case JR_OP_SETGROUPS: {
    static uint32_t gids[JR_MAX_GROUPS]; /* aligned copy; the plan is not aligned */
    memcpy(gids, a->a, 4 * (size_t)a->an);
    return (int)syscall(SYS_setgroups, (size_t)a->an, gids);
  }
  case JR_OP_SETRESGID:
    return (int)syscall(SYS_setresgid, (int)n[0], (int)n[1], (int)n[2]);
  case JR_OP_SETRESUID:
    return (int)syscall(SYS_setresuid, (int)n[0], (int)n[1], (int)n[2]);
  case JR_OP_UMASK:
    umask((mode_t)n[0]);
    return 0;
  case JR_OP_SECCOMP: {
    if (a->sl[0] % 8 || a->sl[0] / 8 > 0xffff) return errno = EINVAL, -1;
    struct jr_sock_fprog prog = {(unsigned short)(a->sl[0] / 8), s[0]};
    return (int)syscall(SYS_seccomp, JR_SECCOMP_SET_MODE_FILTER, (unsigned)n[0], &prog) < 0 ? -1 : 0;
  }
  case JR_OP_CLOSE_FDS_FROM:
    return (int)syscall(SYS_close_range, (unsigned)n[0], ~0U, CLOSE_RANGE_CLOEXEC);
  case JR_OP_DUP2:
    if (keep_clear((int)n[1]) < 0) return -1;
    if (n[0] == n[1]) return fcntl((int)n[0], F_SETFD, 0);
    return dup2((int)n[0], (int)n[1]) < 0 ? -1 : 0;
  case JR_OP_CLOSE:
    return keep_clear((int)n[0]) < 0 ? -1 : close((int)n[0]);
  case JR_OP_OPEN:
    if ((fd = openat((int)n[0], s[0], (int)n[1], (mode_t)n[2])) < 0) return -1;
    if ((int)n[3] < 0 || fd == (int)n[3]) return 0;
    if (keep_clear((int)n[3]) < 0 || dup3(fd, (int)n[3], (int)n[1] & O_CLOEXEC) < 0)
      return close_keep_errno(fd, -1);
    return close_keep_errno(fd, 0);
  case JR_OP_SET_NO_NEW_PRIVS:
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  case JR_OP_WRITE_FILE:
    if ((fd = openat((int)n[0], s[0], (int)n[1] | O_WRONLY | O_CLOEXEC, (mode_t)n[2])) < 0)
      return -1;
    return close_keep_errno(fd, write_all(fd, s[1], a->sl[1]));
  case JR_OP_WAIT_FIFO:
    report(JR_REC_WAITING, current, 0);
    if ((fd = openat((int)n[0], s[0], O_WRONLY | O_CLOEXEC)) < 0) return -1;
    return close_keep_errno(fd, write_all(fd, "0", 1));
  case JR_OP_SETSID:
    return setsid() < 0 ? -1 : 0;
  case JR_OP_EXEC:
    return exec_step(s[0], s[1], a->v[0], a->v[1]);
  case JR_OP_CHECK_EXEC:
    return exec_step(s[0], s[1], NULL, NULL);
  case JR_OP_OPENAT2:
    if ((fd = openat2_at((int)n[0], s[0], n[1], n[2], n[3])) < 0) return -1;
    if ((int)n[4] < 0 || fd == (int)n[4]) return 0;
    if (keep_clear((int)n[4]) < 0 || dup3(fd, (int)n[4], (int)n[1] & O_CLOEXEC) < 0)
      return close_keep_errno(fd, -1);
    return close_keep_errno(fd, 0);
  case JR_OP_MKDIR_ALL:
    return mkdir_all((int)n[0], s[0], (mode_t)n[1], (int)n[2], n[3]);
  case JR_OP_LINK_UP: {
    struct ifreq ifr;
    if (a->sl[0] >= IFNAMSIZ) return errno = EINVAL, -1;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, s[0], a->sl[0]);
    if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) return -1;
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) return close_keep_errno(fd, -1);
    ifr.ifr_flags |= IFF_UP;
    return close_keep_errno(fd, ioctl(fd, SIOCSIFFLAGS, &ifr));
  }
  case JR_OP_CHOWN:
    return fchownat((int)n[0], s[0], (uid_t)n[1], (gid_t)n[2], (int)n[3]);
  case JR_OP_SKIP_UNLESS: {
    struct stat st;
    int met = fstatat((int)n[0], s[0], &st, 0) == 0;
    if (!met && errno != ENOENT && errno != ENOTDIR) return -1;
    if (met && n[1]) met = ((st.st_mode & S_IFMT) == n[1]) != (n[2] != 0);
    if (!met) skip = (uint32_t)n[3];
    return 0;
  }
  case JR_OP_SKIP_UNLESS_FAILED:
    if (last_errno != (int)n[0]) skip = (uint32_t)n[1];
    return 0;
  case JR_OP_CHECK_FD_PATH:
    return check_fd_path((int)n[0], s[0], a->sl[0], (uint32_t)n[1]);
  case JR_OP_REMOVE_TREE:
    return remove_tree((int)n[0], s[0], 0);
  case JR_OP_UNLINK:
    return unlinkat((int)n[0], s[0], (int)n[1]);
  case JR_OP_IOCTL:
    return ioctl_step(a);
  case JR_OP_SEND_FD:
    return send_fd((int)n[0], (int)n[1], s[0], a->sl[0]);
  case JR_OP_CHECK_FD_DEV:
    return check_fd_dev((int)n[0], n[1], (uint32_t)n[2], (uint32_t)n[3], (uint32_t)n[4]);
  case JR_OP_RUN_WAIT:
    return run_wait(a);
  case JR_OP_WRITE_FD:
    return write_all((int)n[0], s[0], a->sl[0]);
  case JR_OP_SECCOMP_LISTENER: {
    if (a->sl[0] % 8 || a->sl[0] / 8 > 0xffff) return errno = EINVAL, -1;
    struct jr_sock_fprog prog = {(unsigned short)(a->sl[0] / 8), s[0]};
    if ((fd = (int)syscall(SYS_seccomp, JR_SECCOMP_SET_MODE_FILTER, (unsigned)n[0], &prog)) < 0)
      return -1;
    if (fd == (int)n[1]) return 0;
    if (keep_clear((int)n[1]) < 0 || dup3(fd, (int)n[1], O_CLOEXEC) < 0) return close_keep_errno(fd, -1);
    return close_keep_errno(fd, 0);
  }
  }
  return errno = ENOSYS, -1;
}

/* clone3 with these flags, into the cgroup open at cgroup_fd (-1: stay); fork semantics. */
static long clone_child(uint64_t flags, int cgroup_fd) {
  struct jr_clone_args ca = {.flags = flags, .exit_signal = SIGCHLD};
  if (cgroup_fd >= 0) {
    ca.flags |= JR_CLONE_INTO_CGROUP;
    ca.cgroup = (uint64_t)cgroup_fd;
  }
  long pid = syscall(SYS_clone3, &ca, sizeof ca);
  if (pid < 0 && errno == ENOSYS && cgroup_fd < 0) /* no clone3 (old kernel, or filtered) */
    pid = syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), 0, 0, 0, 0);
  return pid;
}

/* CLONE: returns 0 in the child; the parent reports the child and never returns. */
static int clone_step(uint32_t index, const struct args *a) {
  long pid = clone_child(a->n[0], (int)a->n[1]);
  if (pid <= 0) return (int)pid;
  report(JR_REC_PID, index, (int32_t)pid);
  close(status_fd);
  close(plan_fd);
  if (a->n[2]) _exit(0);
  int status;
  while (waitpid((pid_t)pid, &status, 0) < 0)
    if (errno != EINTR) _exit(JR_EXIT_STEP);
  _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* ---- the shim ----------------------------------------------------------------------------- */

/* The init has been reaped: the exit file (written whole, then renamed into place), then REC_EXIT. */
static void init_exited(uint32_t index, const struct args *a, int status) {
  if (a->s[0]) {
    char buf[16];
    int n = sizeof buf;
    buf[--n] = '\n';
    unsigned v = (unsigned)status;
    do buf[--n] = (char)('0' + v % 10); while (v /= 10);
    int fd = open(a->s[1], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    int rc = fd < 0 ? -1 : close_keep_errno(fd, write_all(fd, buf + n, sizeof buf - (size_t)n));
    if (rc < 0 || rename(a->s[1], a->s[0]) < 0) report(JR_REC_ERROR, index, errno);
  }
  report(JR_REC_EXIT, index, status);
}

/* The parent side of SHIM: monitors the init (pid) until the end; never returns. pos is where
 * the cleanup section starts. Nothing is allocated. */
static _Noreturn void shim_loop(uint32_t index, const struct args *a, uint32_t pos, pid_t init) {
  int detached = (a->n[4] & JR_SHIM_DETACHED) != 0, init_done = 0, status, rc = 0;
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sfd < 0) report(JR_REC_ERROR, index, errno); /* then poll wakes on the lifeline only */
  for (;;) {
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG)) > 0) /* orphans adopted as subreaper, too */
      if (p == init) {
        init_done = 1;
        init_exited(index, a, status);
      }
    if (init_done && lifeline_fd < 0) break;
    struct pollfd pf[2] = {{sfd, POLLIN, 0}, {lifeline_fd, POLLIN, 0}};
    if (poll(pf, 2, sfd < 0 ? 100 : -1) < 0 && errno != EINTR) {
      report(JR_REC_ERROR, index, errno);
      if (!detached && !init_done) kill(init, SIGKILL);
      if (!init_done && waitpid(init, &status, 0) == init) init_exited(index, a, status);
      break;
    }
    if (pf[0].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
    }
    if (pf[1].revents) {
      char cmd[16];
      ssize_t r = read(lifeline_fd, cmd, sizeof cmd);
      for (ssize_t k = 0; k < r; k++)
        detached = cmd[k] == JR_SHIM_DETACH ? 1 : cmd[k] == JR_SHIM_KILL ? 0 : detached;
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
        close(lifeline_fd);
        lifeline_fd = -1;
        if (!detached && !init_done) kill(init, SIGKILL);
      }
    }
  }
  if (!detached) { /* the cleanup section: every step, each failure reported */
    struct args c;
    uint16_t op, ok_errno;
    for (uint32_t k = 1; k <= (uint32_t)a->n[5]; k++) {
      decode(&pos, &op, &ok_errno, &c, 1);
      current = index + k;
      if (run_step(op, &c) < 0 && (ok_errno == 0 || errno != ok_errno)) {
        report(JR_REC_ERROR, current, errno);
        rc = JR_EXIT_STEP;
      }
    }
  }
  _exit(rc);
}

/* SHIM: returns 0 in the child (the init); the parent becomes the shim and never returns. */
static int shim_step(uint32_t index, const struct args *a, uint32_t pos) {
  long pid = clone_child(a->n[0], (int)a->n[1]);
  if (pid < 0) return -1;
  if (pid == 0) {
    close(lifeline_fd);
    close(exit_fd);
    lifeline_fd = exit_fd = -1;
    return 0;
  }
  report(JR_REC_PID, index, (int32_t)pid);
  close(status_fd);
  close(plan_fd);
  plan_fd = -1;
  status_fd = exit_fd; /* from now on, reports go to the exit channel */
  signal(SIGPIPE, SIG_IGN); /* the runtime may be gone: a report then fails with EPIPE */
  prctl(PR_SET_NAME, "jrunc-shim", 0, 0, 0); /* for ps; the helper runs as a memfd's fd number */
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3; fd++) { /* the container's stdio ends are the container's alone */
    if (null < 0 || dup2(null, fd) < 0) close(fd);
  }
  if (null > 2) close(null);
  shim_loop(index, a, pos, (pid_t)pid);
}

/* ---- main ---------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
  /* Roles: "init" executes a plan. ("shim", the per-container monitor, is still to come.) */
  if (argc < 2 || strcmp(argv[1], "init") != 0) return JR_EXIT_USAGE;
  if ((status_fd = open_channel(argc > 3 ? argv[3] : "4", O_WRONLY)) < 0) return JR_EXIT_USAGE;
  if ((plan_fd = open_channel(argc > 2 ? argv[2] : "3", O_RDONLY)) < 0)
    fail(JR_STEP_NONE, errno, JR_EXIT_USAGE);
  /* Both channels held: Java may close its copies now. */
  report(JR_REC_READY, JR_PLAN_VERSION, (int32_t)getpid());

  /* A clean signal state: nothing blocked, nothing ignored. */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int sig = 1; sig < _NSIG; sig++) {
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) signal(sig, SIG_DFL);
  }

  uint8_t header[JR_PLAN_HEADER_SIZE];
  if (read_full(plan_fd, header, sizeof header) < 0) fail(JR_STEP_NONE, errno, JR_EXIT_PLAN);
  if (get32(header) != JR_PLAN_MAGIC || (header[4] | header[5] << 8) != JR_PLAN_VERSION)
    fail(JR_STEP_NONE, EPROTONOSUPPORT, JR_EXIT_PLAN);
  plan_len = get32(header + 8);
  step_count = get32(header + 12);
  vec_slots = get32(header + 16);
  if (plan_len < JR_PLAN_HEADER_SIZE || plan_len > JR_PLAN_MAX_SIZE || vec_slots > (1u << 24))
    fail(JR_STEP_NONE, EFBIG, JR_EXIT_PLAN);
  size_t vec_at = ((size_t)plan_len + 15) & ~(size_t)15;
  uint8_t *map = mmap(NULL, vec_at + (size_t)vec_slots * sizeof(char *), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) fail(JR_STEP_NONE, errno, JR_EXIT_PLAN);
  memcpy(map, header, sizeof header);
  if (read_full(plan_fd, map + sizeof header, plan_len - sizeof header) < 0)
    fail(JR_STEP_NONE, errno, JR_EXIT_PLAN);
  plan = map;
  vec = (char **)(map + vec_at);

  /* Validate every step before doing anything. At most one SHIM; its section must fit, and its
   * two fds become channels (kept clear of other steps' fds, close-on-exec). */
  struct args a;
  uint16_t op, ok_errno;
  uint32_t pos = JR_PLAN_HEADER_SIZE, i;
  for (i = 0; i < step_count; i++) {
    if (decode(&pos, &op, &ok_errno, &a, 0) < 0) fail(i, errno, JR_EXIT_PLAN);
    if (op != JR_OP_SHIM) continue;
    if (lifeline_fd >= 0 || a.n[5] >= step_count - i || (int)a.n[2] < 3 || (int)a.n[3] < 3 ||
        a.n[2] == a.n[3] || (a.s[0] && !a.s[1]))
      fail(i, EBADMSG, JR_EXIT_PLAN);
    if (fcntl((int)a.n[2], F_SETFD, FD_CLOEXEC) < 0 || fcntl((int)a.n[3], F_SETFD, FD_CLOEXEC) < 0)
      fail(i, errno, JR_EXIT_PLAN);
    lifeline_fd = (int)a.n[2];
    exit_fd = (int)a.n[3];
  }
  if (pos != plan_len) fail(JR_STEP_NONE, EBADMSG, JR_EXIT_PLAN);

  pos = JR_PLAN_HEADER_SIZE;
  for (i = 0; i < step_count; i++) {
    decode(&pos, &op, &ok_errno, &a, 1);
    current = i;
    if (skip) { /* SKIP_UNLESS said so */
      skip--;
      last_errno = 0;
      continue;
    }
    int rc;
    if (op == JR_OP_CLONE) {
      rc = clone_step(i, &a);
    } else if (op == JR_OP_SHIM) {
      if ((rc = shim_step(i, &a, pos)) == 0) /* the init: skip the shim's cleanup section */
        for (uint32_t k = (uint32_t)a.n[5]; k > 0; k--, i++) decode(&pos, &op, &ok_errno, &a, 0);
    } else {
      rc = run_step(op, &a);
    }
    if (rc < 0 && (ok_errno == 0 || errno != ok_errno)) fail(i, errno, JR_EXIT_STEP);
    last_errno = rc < 0 ? errno : 0;
  }
  return 0;
}
