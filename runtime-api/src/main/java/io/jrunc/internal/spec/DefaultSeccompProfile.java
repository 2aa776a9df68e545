package io.jrunc.internal.spec;

import io.jrunc.spec.Linux;
import java.util.ArrayList;
import java.util.List;

/**
 * jrunc's default seccomp profile, written from the rules Docker publishes for its default
 * profile, for a container with the default capabilities (no CAP_SYS_ADMIN, CAP_SYS_PTRACE,
 * CAP_SYS_MODULE, ...): every ordinary call is allowed; namespaces ({@code unshare}, {@code
 * setns}, {@code clone} with namespace flags, {@code clone3} as ENOSYS so that libcs fall back
 * to {@code clone}), mounts, keyrings ({@code keyctl}, {@code add_key}, {@code request_key}),
 * {@code bpf}, {@code perf_event_open}, kernel modules, {@code reboot}, {@code
 * open_by_handle_at}, clock setting, {@code AF_VSOCK} sockets and the other calls that need a
 * capability the container lacks fail with EPERM.
 */
public final class DefaultSeccompProfile {
  private DefaultSeccompProfile() {
  }

  /** Calls allowed without conditions, on every architecture that has them. */
  static final String ALLOWED =
      "accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown"
      + " chown32 chroot clock_adjtime clock_adjtime64 clock_getres clock_getres_time64"
      + " clock_gettime clock_gettime64 clock_nanosleep clock_nanosleep_time64 close close_range"
      + " connect copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl"
      + " epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve"
      + " execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate"
      + " fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64"
      + " fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64"
      + " fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue futex_time64"
      + " futex_wait futex_waitv futex_wake futimesat getcpu getcwd getdents getdents64 getegid"
      + " getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername"
      + " getpgid getpgrp getpid getppid getpriority getrandom getresgid getresgid32 getresuid"
      + " getresuid32 getrlimit get_robust_list getrusage getsid getsockname getsockopt"
      + " get_thread_area gettid gettimeofday getuid getuid32 getxattr getxattrat"
      + " inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy"
      + " io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup"
      + " io_submit ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self"
      + " lchown lchown32 lgetxattr link linkat listen listxattr listxattrat llistxattr _llseek"
      + " lremovexattr lseek lsetxattr lstat lstat64 madvise map_shadow_stack membarrier"
      + " memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall"
      + " mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive"
      + " mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl"
      + " msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep"
      + " newfstatat _newselect open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2"
      + " pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2"
      + " prlimit64 process_mrelease process_vm_readv process_vm_writev pselect6"
      + " pselect6_time64 ptrace pwrite64 pwritev pwritev2 read readahead readlink readlinkat"
      + " readv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr"
      + " removexattrat rename renameat renameat2 restart_syscall rmdir rseq rt_sigaction"
      + " rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait"
      + " rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr"
      + " sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler"
      + " sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr"
      + " sched_setparam sched_setscheduler sched_yield seccomp select semctl semget semop"
      + " semtimedop semtimedop_time64 sendfile sendfile64 sendmmsg sendmsg sendto setfsgid"
      + " setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid"
      + " setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid"
      + " setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area"
      + " set_tid_address setuid setuid32 setxattr setxattrat shmat shmctl shmdt shmget shutdown"
      + " sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall socketpair splice stat"
      + " stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs sysinfo tee"
      + " tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64"
      + " timer_settime timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64"
      + " timerfd_settime timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask"
      + " uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice wait4"
      + " waitid waitpid write writev";

  /** x86's own calls (x86_64, x32, i386). */
  static final String ALLOWED_X86 = "arch_prctl modify_ldt";

  /** The namespace flags {@code clone} may not have: NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET. */
  static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

  static final long AF_VSOCK = 40;

  /**
   * The profile for the architecture this JVM runs on: x86_64 also lists x86 and x32, aarch64
   * also lists arm, as Docker's does.
   *
   * @return the profile
   */
  public static Linux.Seccomp profile() {
    return NATIVE;
  }

  /** Immutable, so made once. */
  private static final Linux.Seccomp NATIVE = profile(System.getProperty("os.arch"));

  /**
   * The profile for an architecture.
   *
   * @param osArch a {@code os.arch} value, like {@code amd64} or {@code aarch64}
   * @return the profile
   */
  public static Linux.Seccomp profile(String osArch) {
    boolean x86 = osArch.equals("amd64") || osArch.equals("x86_64");
    List<String> arches = switch (osArch) {
      case "amd64", "x86_64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
      case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      default -> List.of();
    };
    List<Linux.Seccomp.Syscall> rules = new ArrayList<>();
    rules.add(allow(List.of(ALLOWED.split(" "))));
    if (x86) {
      rules.add(allow(List.of(ALLOWED_X86.split(" "))));
    }
    // personality: only the personas a libc or a 32-bit program sets.
    for (long persona : new long[] {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL}) {
      rules.add(Linux.Seccomp.Syscall.builder().names(List.of("personality"))
          .action("SCMP_ACT_ALLOW").args(List.of(arg(0, persona, null, "SCMP_CMP_EQ"))).build());
    }
    // clone: threads and processes, never new namespaces.
    rules.add(Linux.Seccomp.Syscall.builder().names(List.of("clone")).action("SCMP_ACT_ALLOW")
        .args(List.of(arg(0, CLONE_NAMESPACE_FLAGS, 0L, "SCMP_CMP_MASKED_EQ"))).build());
    // clone3 cannot be filtered on its flags (they are in memory): ENOSYS makes libcs use clone.
    rules.add(Linux.Seccomp.Syscall.builder().names(List.of("clone3")).action("SCMP_ACT_ERRNO")
        .errnoRet(38L).build());
    // socket: any family but AF_VSOCK (a path to the host around the network namespace).
    rules.add(Linux.Seccomp.Syscall.builder().names(List.of("socket")).action("SCMP_ACT_ERRNO")
        .errnoRet(1L).args(List.of(arg(0, AF_VSOCK, null, "SCMP_CMP_EQ"))).build());
    rules.add(Linux.Seccomp.Syscall.builder().names(List.of("socket")).action("SCMP_ACT_ALLOW")
        .args(List.of(arg(0, AF_VSOCK, null, "SCMP_CMP_NE"))).build());
    return Linux.Seccomp.builder()
        .defaultAction("SCMP_ACT_ERRNO")
        .defaultErrnoRet(1L)
        .architectures(arches)
        .syscalls(rules)
        .build();
  }

  private static Linux.Seccomp.Syscall allow(List<String> names) {
    return Linux.Seccomp.Syscall.builder().names(names).action("SCMP_ACT_ALLOW").build();
  }

  private static Linux.Seccomp.Arg arg(long index, long value, Long valueTwo, String op) {
    return Linux.Seccomp.Arg.builder().index(index).value(value).valueTwo(valueTwo).op(op).build();
  }
}
