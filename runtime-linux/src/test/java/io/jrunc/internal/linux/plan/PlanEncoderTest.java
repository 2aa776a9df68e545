package io.jrunc.internal.linux.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanEncoderTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  /** Every op, with fields that exercise NULL strings, empty and non-ASCII strings, -1, 64 bits. */
  static Plan everyOp() {
    return new PlanBuilder()
        .clone(Linux.CLONE_NEWPID | Linux.CLONE_NEWNS, 7, true)
        .unshare(Linux.CLONE_NEWNET)
        .setns("/proc/1/ns/net", (int) Linux.CLONE_NEWNET)
        .setnsFd(5, 0)
        .waitParent()
        .mount(null, "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null)
        .mountAt("tmpfs", 9, "dev", "tmpfs", Linux.MS_NOSUID, "mode=755")
        .mountSetattr(-100, "/x", Linux.AT_RECURSIVE, Linux.MOUNT_ATTR_RDONLY, 0, Linux.MS_SLAVE)
        .umount("/old", Linux.MNT_DETACH)
        .mkdir("/dev/pts", 0755).tolerate(Errno.EEXIST)
        .mknod("/dev/null", Linux.S_IFCHR | 0666, 1, 3)
        .symlink("/proc/self/fd", "/dev/fd")
        .chdir("/")
        .fchdir(4)
        .pivotRoot("/rootfs")
        .chroot("/rootfs")
        .sethostname("héllo")
        .setdomainname("")
        .setrlimit(Linux.RLIMIT_NOFILE, 1024, Linux.RLIM_INFINITY)
        .prctl(Linux.PR_SET_PDEATHSIG, Linux.SIGKILL, 0, 0, 0)
        .capBounding(0xffffffffffL)
        .capset(1, 3, 0)
        .capAmbient(1L << 40)
        .setgroups(0, 10, 65534)
        .setresgid(1000, 1000, 1000)
        .setresuid(-1, 0, -1)
        .umask(022)
        .seccomp(0, new byte[16])
        .closeFdsFrom(3)
        .dup2(5, 0)
        .close(6)
        .open(Linux.AT_FDCWD, "/run/x/exec.fifo", Linux.O_PATH | Linux.O_CLOEXEC, 0, 10)
        .setNoNewPrivs()
        .writeFile("/proc/self/oom_score_adj", "100")
        .waitFifo("/proc/self/fd/10")
        .setsid()
        .openat2(10, "dev/pts", Linux.O_PATH | Linux.O_CLOEXEC, 0,
            Linux.RESOLVE_IN_ROOT | Linux.RESOLVE_NO_MAGICLINKS, 11)
        .mkdirAll(10, "dev/pts", 0755, false, Linux.RESOLVE_IN_ROOT)
        .linkUp("lo")
        .chown(12, "null", 1000, 5, Linux.AT_SYMLINK_NOFOLLOW)
        .skipUnless(Linux.AT_FDCWD, "/proc/kcore", Linux.S_IFDIR, true, 1)
        .checkFdPath(11, "/r/proc", PlanBuilder.CHECK_OUTSIDE)
        .shim(Linux.CLONE_NEWPID | Linux.CLONE_NEWNS, -1, 5, 6, true, 2, "/run/jrunc/x/exit",
            "/run/jrunc/x/exit.tmp")
        .removeTree("/run/jrunc/x")
        .unlink("/sys/fs/cgroup/pids/x", Linux.AT_REMOVEDIR)
        .shim(0, 8, 5, 6, false, 0, null, null)
        .checkFdDev(8, Linux.DEVPTS_SUPER_MAGIC, Linux.S_IFCHR, 5, 2)
        .writeFd(9, new byte[] {49, 10})
        .seccompListener(0, new byte[8], 12)
        .ioctlData(8, Linux.TIOCSWINSZ, new byte[] {24, 0, 80, 0, 0, 0, 0, 0})
        .ioctlFd(8, Linux.TIOCGPTPEER, Linux.O_RDWR, 0)
        .sendFd(7, 8, "/dev/ptmx")
        .ioctl(0, Linux.TIOCSCTTY, 0)
        .sync()
        .runWait(12, -1, "/bin/hook", List.of("hook", "é"), List.of(), 5)
        .skipUnlessFailed(Errno.EPERM, 3)
        .checkExec("sh", "/bin:/usr/bin")
        .execSearching("sh", "/bin:/usr/bin", List.of("sh", "-c", "echo \"hi\""), List.of("A=1", "B="))
        .build();
  }

  @Test
  void goldenBytes() {
    Plan plan = new PlanBuilder()
        .sethostname("ab")
        .umask(0x12).tolerate(Errno.EEXIST)
        .exec("/x", List.of("x"), List.of())
        .build();
    assertThat(HexFormat.of().formatHex(plan.encode())).isEqualTo(HexFormat.of().formatHex(hex(
        "4a52504c 0100 0000 50000000 03000000 03000000" // magic, version, flags, length, steps, slots
            + "0e00 0000 07000000 02000000 616200" // SETHOSTNAME "ab"
            + "1800 1100 04000000 12000000" // UMASK 0x12, EEXIST tolerated
            + "2200 0000 19000000" // EXEC, 25 bytes:
            + "02000000 2f7800 ffffffff" // path "/x", no search
            + "01000000 01000000 7800 00000000"))); // argv ["x"], envp []
  }

  @Test
  void shimGoldenBytes() {
    Plan plan = new PlanBuilder()
        .shim(Linux.CLONE_NEWPID, -1, 5, 6, true, 1, "/e", "/t")
        .removeTree("/s")
        .unlink("/c", Linux.AT_REMOVEDIR)
        .build();
    assertThat(HexFormat.of().formatHex(plan.encode())).isEqualTo(HexFormat.of().formatHex(hex(
        "4a52504c 0100 0000 70000000 03000000 00000000" // magic, version, flags, length, steps, slots
            + "2300 0000 2a000000" // SHIM, 42 bytes:
            + "00000020 00000000 ffffffff 05000000 06000000" // CLONE_NEWPID, no cgroup, fds 5 and 6
            + "01000000 01000000" // detached, 1 cleanup step
            + "02000000 2f6500 02000000 2f7400" // exit file "/e" via "/t"
            + "2400 0000 0b000000 9cffffff 02000000 2f7300" // REMOVE_TREE AT_FDCWD "/s"
            + "2500 0000 0f000000 9cffffff 02000000 2f6300 00020000"))); // UNLINK "/c" AT_REMOVEDIR
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        "0  shim: clone CLONE_NEWPID, lifeline fd 5, exit records to fd 6, exit file \"/e\" via \"/t\","
            + " detached; the next 1 steps are its cleanup",
        "1  remove tree \"/s\" (no symlinks, no mounts)",
        "2  rmdir \"/c\"",
        ""));
    assertThat(plan.step(0).summary()).isEqualTo("shim (clone CLONE_NEWPID)");
    assertThat(new PlanBuilder().unlink("/f", 0).build().describe()).isEqualTo("0  unlink \"/f\"\n");
    assertThatThrownBy(() -> new PlanBuilder().shim(0, -1, 5, 6, false, 0, "/e", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyOpSurvivesARoundTrip() {
    Plan plan = everyOp();
    assertThat(plan.steps().stream().map(Step::op).distinct()).containsExactlyInAnyOrder(PlanOp.values());
    byte[] bytes = plan.encode();
    Plan back = PlanEncoder.decode(bytes);
    assertThat(back).isEqualTo(plan);
    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(back.describe()).isEqualTo(plan.describe());
  }

  @Test
  void vectorSlotsCoverTheLargestExec() {
    assertThat(PlanEncoder.vecSlots(everyOp())).isEqualTo(3 + 1 + 2 + 1);
  }

  @Test
  void malformedPlansAreRejected() {
    byte[] good = everyOp().encode();
    assertThatThrownBy(() -> PlanEncoder.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> PlanEncoder.decode(badMagic)).hasMessageContaining("magic");
    byte[] badVersion = good.clone();
    badVersion[4] = 2;
    assertThatThrownBy(() -> PlanEncoder.decode(badVersion)).hasMessageContaining("version 2");
    byte[] badOp = good.clone();
    badOp[PlanEncoder.HEADER_SIZE] = 99;
    assertThatThrownBy(() -> PlanEncoder.decode(badOp)).hasMessageContaining("step 0");
  }

  @Test
  void stepsCheckTheirFields() {
    assertThatThrownBy(() -> new Step(PlanOp.UMASK, 0)).hasMessageContaining("takes 1 fields");
    assertThatThrownBy(() -> new Step(PlanOp.UMASK, 0, 1L)).hasMessageContaining("field 0");
    assertThatThrownBy(() -> new PlanBuilder().sethostname("a\0b"))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> new PlanBuilder().exec("/x", List.of("a\0"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PlanBuilder().seccomp(0, new byte[7]))
        .hasMessageContaining("8 bytes");
  }

  @Test
  void describePrintsEveryStepNumbered() {
    Plan plan = new PlanBuilder()
        .clone(Linux.CLONE_NEWPID | Linux.CLONE_NEWNS)
        .mount(null, "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null)
        .mount("proc", "/r/proc", "proc", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, null)
        .mkdir("/r/dev/pts", 0755).tolerate(Errno.EEXIST)
        .mknod("/r/dev/null", Linux.S_IFCHR | 0666, 1, 3)
        .pivotRoot("/r")
        .capBounding(1L << 21 | 1)
        .writeFile("/proc/self/oom_score_adj", "-500")
        .setresuid(0, 0, 0)
        .seccomp(0, new byte[24])
        .waitParent()
        .sethostname("box")
        .exec("/bin/sh", List.of("sh", "-c", "echo \"$HOME\""), List.of("HOME=/root"))
        .build();
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        " 0  clone CLONE_NEWNS|CLONE_NEWPID, parent waits and exits with its status",
        " 1  mount none on \"/\" flags MS_REC|MS_PRIVATE",
        " 2  mount \"proc\" on \"/r/proc\" type \"proc\" flags MS_NOSUID|MS_NODEV|MS_NOEXEC",
        " 3  mkdir \"/r/dev/pts\" 0755 (EEXIST is fine)",
        " 4  mknod \"/r/dev/null\" c 1:3 0666",
        " 5  pivot_root \"/r\" (old root detached)",
        " 6  bounding set: keep [CAP_CHOWN, CAP_SYS_ADMIN], drop the rest",
        " 7  write \"-500\" to \"/proc/self/oom_score_adj\" O_WRONLY",
        " 8  setresuid 0 0 0",
        " 9  seccomp filter of 3 instructions, flags 0x0",
        "10  wait for the runtime to continue",
        "11  sethostname \"box\"",
        "12  exec \"/bin/sh\" argv [\"sh\", \"-c\", \"echo \\\"$HOME\\\"\"] env [\"HOME=/root\"]",
        ""));
  }

  @Test
  void syncAndRunWaitDescribeThemselves() {
    Plan plan = new PlanBuilder()
        .sync()
        .runWait(12, 13, "/bin/hook", List.of("hook", "-x"), List.of("A=1"), 5)
        .note("hooks.startContainer[0]")
        .runWait(-1, -1, "/x", List.of("x"), List.of(), 0)
        .build();
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        "0  tell the runtime and wait for it to continue",
        "1  run \"/bin/hook\" (hooks.startContainer[0]) argv [\"hook\", \"-x\"] env [\"A=1\"], stdin fd 12,"
            + " stderr fd 13, and wait for it (at most 5 s); it must exit with 0",
        "2  run \"/x\" argv [\"x\"] env [], and wait for it; it must exit with 0",
        ""));
    assertThat(plan.step(1).summary()).isEqualTo("hooks.startContainer[0] (/bin/hook)");
    assertThat(plan.step(2).summary()).isEqualTo("run \"/x\"");
    assertThatThrownBy(() -> new PlanBuilder().runWait(-1, -1, "/x", List.of("x"), List.of(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theResolvingOpsDescribeTheirTargetsByTheirNotes() {
    long resolve = Linux.RESOLVE_IN_ROOT | Linux.RESOLVE_NO_MAGICLINKS;
    Plan plan = new PlanBuilder()
        .mkdirAll(10, "dev/pts", 0755, false, resolve).note("/dev/pts")
        .openat2(10, "dev/pts", Linux.O_PATH | Linux.O_CLOEXEC, 0, resolve, 11).note("/dev/pts")
        .checkFdPath(11, "/r/proc", PlanBuilder.CHECK_OUTSIDE).note("/dev/pts")
        .mountAt("devpts", 11, null, "devpts", Linux.MS_NOSUID, "newinstance").note("/dev/pts")
        .mkdirAll(10, "etc/hosts", 0644, true, resolve)
        .mknodAt(12, "null", Linux.S_IFCHR | 0666, 1, 3).note("/dev/null")
        .chown(12, "null", 1000, 5, Linux.AT_SYMLINK_NOFOLLOW).note("/dev/null")
        .linkUp("lo")
        .skipUnless(Linux.AT_FDCWD, "/proc/acpi", Linux.S_IFDIR, false, 1)
        .skipUnless(Linux.AT_FDCWD, "/proc/kcore", 0, false, 2)
        .setrlimit(Linux.RLIMIT_NOFILE, 1024, Linux.RLIM_INFINITY)
        .prctl(Linux.PR_SET_KEEPCAPS, 1, 0, 0, 0)
        .build();
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        " 0  mkdir -p \"/dev/pts\" (beneath fd 10) 0755 resolve RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT",
        " 1  open \"/dev/pts\" (beneath fd 10) O_CLOEXEC|O_PATH resolve"
            + " RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT as fd 11",
        " 2  check that \"/dev/pts\" (fd 11) is not inside \"/r/proc\"",
        " 3  mount \"devpts\" on \"/dev/pts\" (fd 11) type \"devpts\" flags MS_NOSUID data \"newinstance\"",
        " 4  mkdir -p \"etc/hosts\" under fd 10 0644 (the last one an empty file) resolve"
            + " RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT",
        " 5  mknod \"/dev/null\" (beneath fd 12) c 1:3 0666",
        " 6  chown \"/dev/null\" (beneath fd 12) 1000:5 (not following symlinks)",
        " 7  bring up network interface \"lo\"",
        " 8  skip the next 1 step unless \"/proc/acpi\" exists and is a directory",
        " 9  skip the next 2 steps unless \"/proc/kcore\" exists",
        "10  setrlimit RLIMIT_NOFILE soft 1024 hard unlimited",
        "11  prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)",
        ""));
    // Summaries (what errors say) name the target by its note alone.
    assertThat(plan.step(0).summary()).isEqualTo("create \"/dev/pts\"");
    assertThat(plan.step(1).summary()).isEqualTo("open \"/dev/pts\"");
    assertThat(plan.step(2).summary()).isEqualTo("check that \"/dev/pts\" is not inside \"/r/proc\"");
    assertThat(plan.step(3).summary()).isEqualTo("mount \"devpts\" on \"/dev/pts\"");
    assertThat(new PlanBuilder().mkdirAll(10, "proc", 0755, false, Linux.RESOLVE_NO_SYMLINKS)
        .note("/proc").build().step(0).summary()).isEqualTo("create \"/proc\" (no symlinks allowed)");
    // Notes are not part of what the helper gets: plans that differ only in them are equal.
    assertThat(plan.step(0)).isEqualTo(plan.step(0).noted(null));
    assertThat(plan.step(0).tolerating(17).note()).isEqualTo("/dev/pts");
  }
}
