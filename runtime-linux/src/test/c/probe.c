/* A probe the security ITs copy into a container: tries system calls and attacks busybox has no
 * applet for and prints what the kernel answered, one "name=result" per line, where result is
 * "ok" or the errno number. Built by the tests with musl-gcc -static. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long r) {
  if (r < 0) printf("%s=%d\n", name, errno);
  else printf("%s=ok\n", name);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (!strcmp(argv[1], "syscalls")) {
    report("unshare", unshare(CLONE_NEWNS));
    report("setns", syscall(SYS_setns, 0, CLONE_NEWNET)); /* fd 0 is not a namespace: EINVAL if allowed */
    report("mount", mount("none", "/tmp", "tmpfs", 0, ""));
    report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0));
    report("add_key", syscall(SYS_add_key, "user", "probe", "x", 1, -3));
    report("vsock", socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));
    report("inet", socket(AF_INET, SOCK_STREAM, 0));
    report("unix", socket(AF_UNIX, SOCK_STREAM, 0));
    report("clone3", syscall(SYS_clone3, NULL, 0));
    report("nr1000", syscall(1000));
    report("getpid", syscall(SYS_getpid));
    return 0;
  }
  if (!strcmp(argv[1], "x32")) { /* getpid through the x32 ABI */
    report("x32_getpid", syscall(0x40000000 | 39));
    return 0;
  }
  if (!strcmp(argv[1], "rewrite") && argc > 2) {
    /* CVE-2019-5736: write to a running binary, directly and through an O_PATH fd reopened */
    int fd = open(argv[2], O_WRONLY);
    report("open_wronly", fd);
    if (fd >= 0) report("write", write(fd, "pwned", 5));
    int p = open(argv[2], O_PATH);
    report("open_path", p);
    if (p >= 0) {
      char path[64];
      snprintf(path, sizeof path, "/proc/self/fd/%d", p);
      int w = open(path, O_WRONLY | O_TRUNC);
      report("reopen_wronly", w);
      if (w >= 0) report("write_reopened", write(w, "pwned", 5));
    }
    return 0;
  }
  if (!strcmp(argv[1], "write") && argc > 3) {
    int fd = open(argv[2], O_WRONLY | O_TRUNC);
    report("open", fd);
    if (fd >= 0) report("write", write(fd, argv[3], strlen(argv[3])));
    return 0;
  }
  return 2;
}
