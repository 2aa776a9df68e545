package io.jrunc.internal.linux.seccomp;

import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_ALLOW;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_ERRNO;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_KILL_PROCESS;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_KILL_THREAD;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_LOG;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_TRACE;
import static io.jrunc.internal.linux.seccomp.SeccompCompiler.RET_TRAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.seccomp.BpfInterpreter.Data;
import io.jrunc.internal.spec.DefaultSeccompProfile;
import io.jrunc.spec.Linux.Seccomp;
import io.jrunc.spec.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SeccompCompilerTest {
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;

  private static Seccomp.Syscall rule(String action, Long errno, List<String> names, Seccomp.Arg... args) {
    return Seccomp.Syscall.builder().names(names).action(action).errnoRet(errno)
        .args(List.of(args)).build();
  }

  private static Seccomp.Arg arg(long index, String op, long value, Long valueTwo) {
    return Seccomp.Arg.builder().index(index).op("SCMP_CMP_" + op).value(value).valueTwo(valueTwo).build();
  }

  private static Seccomp.Builder profile(String defaultAction, Seccomp.Syscall... rules) {
    return Seccomp.builder().defaultAction(defaultAction).syscalls(List.of(rules));
  }

  private static byte[] program(Seccomp s, SeccompArch arch) throws Exception {
    return SeccompCompiler.compile(s, arch).program();
  }

  private static SeccompArch[] both() {
    return new SeccompArch[] {SeccompArch.X86_64, SeccompArch.AARCH64};
  }

  @Test
  void tablesKnowTheCallsByTheirNumbers() {
    assertThat(SeccompArch.X86_64.number("openat")).contains(257);
    assertThat(SeccompArch.X86_64.number("read")).contains(0);
    assertThat(SeccompArch.X86_64.number("clone3")).contains(435);
    assertThat(SeccompArch.AARCH64.number("openat")).contains(56);
    assertThat(SeccompArch.AARCH64.number("open")).isEmpty();
    assertThat(SeccompArch.AARCH64.number("unshare")).contains(97);
    assertThat(SeccompArch.X32.number("read")).contains(0x40000000);
    assertThat(SeccompArch.X32.number("execve")).contains(0x40000000 | 520);
    assertThat(SeccompArch.X86.number("socketcall")).contains(102);
    for (SeccompArch a : SeccompArch.values()) {
      assertThat(a.number("file_setattr")).as(a.name()).contains(469 | (a == SeccompArch.X32 ? 0x40000000 : 0));
    }
    assertThat(SeccompArch.of("SCMP_ARCH_ARM64")).contains(SeccompArch.AARCH64);
    assertThat(SeccompArch.of("SCMP_ARCH_MIPS")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = SeccompArch.class, names = {"X86_64", "AARCH64"})
  void everyActionAsDefaultAndAsRule(SeccompArch arch) throws Exception {
    Object[][] cases = {
        {"SCMP_ACT_KILL", null, RET_KILL_THREAD},
        {"SCMP_ACT_KILL_THREAD", null, RET_KILL_THREAD},
        {"SCMP_ACT_KILL_PROCESS", null, RET_KILL_PROCESS},
        {"SCMP_ACT_TRAP", null, RET_TRAP},
        {"SCMP_ACT_ERRNO", null, RET_ERRNO | EPERM},
        {"SCMP_ACT_ERRNO", 22L, RET_ERRNO | 22},
        {"SCMP_ACT_TRACE", null, RET_TRACE | EPERM},
        {"SCMP_ACT_TRACE", 7L, RET_TRACE | 7},
        {"SCMP_ACT_ALLOW", null, RET_ALLOW},
        {"SCMP_ACT_LOG", null, RET_LOG},
    };
    for (Object[] c : cases) {
      String action = (String) c[0];
      Long errno = (Long) c[1];
      int want = (int) c[2];
      // As the rule's action, with a default that differs.
      String other = action.equals("SCMP_ACT_ALLOW") ? "SCMP_ACT_LOG" : "SCMP_ACT_ALLOW";
      byte[] p = program(profile(other, rule(action, errno, List.of("getpid"))).build(), arch);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "getpid"))).as(action + " rule").isEqualTo(want);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "read"))).as(action + " rule, other call")
          .isEqualTo(other.equals("SCMP_ACT_ALLOW") ? RET_ALLOW : RET_LOG);
      // As the default action.
      p = program(profile(action, rule(other, null, List.of("getpid"))).defaultErrnoRet(errno).build(), arch);
      // (read: numbered below getpid, so not an ENOSYS case)
      assertThat(BpfInterpreter.run(p, Data.of(arch, "read"))).as(action + " default").isEqualTo(want);
    }
  }

  /** The reference semantics of each operator on unsigned 64-bit values. */
  private static boolean holds(String op, long arg, long value, long valueTwo) {
    int c = Long.compareUnsigned(arg, value);
    return switch (op) {
      case "EQ" -> c == 0;
      case "NE" -> c != 0;
      case "LT" -> c < 0;
      case "LE" -> c <= 0;
      case "GT" -> c > 0;
      case "GE" -> c >= 0;
      case "MASKED_EQ" -> (arg & value) == valueTwo;
      default -> throw new AssertionError(op);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"EQ", "NE", "LT", "LE", "GT", "GE", "MASKED_EQ"})
  void everyOperatorComparesBothWordsOfA64BitArgument(String op) throws Exception {
    long[] interesting = {0, 1, 2, 0xffffffffL, 0x100000000L, 0x100000001L, 0xfffffffeL,
        0x7fffffffffffffffL, 0x8000000000000000L, -1L, -2L, 0x1234567800000000L, 0x12345678L,
        0x1234567812345678L, 0x0000000112345678L};
    Random random = new Random(6);
    for (SeccompArch arch : both()) {
      for (int round = 0; round < 40; round++) {
        long value = round < interesting.length ? interesting[round] : random.nextLong();
        long valueTwo = op.equals("MASKED_EQ") ? value & interesting[round % interesting.length] : 0;
        int index = round % 6;
        byte[] p = program(profile("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 99L, List.of("write"),
            arg(index, op, value, op.equals("MASKED_EQ") ? valueTwo : null))).build(), arch);
        List<Long> args = new ArrayList<>();
        for (long x : interesting) {
          args.add(x);
        }
        args.add(value);
        args.add(value + 1);
        args.add(value - 1);
        args.add(value ^ 0x100000000L);
        args.add(value ^ 1);
        args.add(valueTwo);
        args.add(random.nextLong());
        for (long a : args) {
          long[] all = new long[6];
          for (int i = 0; i < 6; i++) {
            all[i] = i == index ? a : ~a; // the other arguments must not matter
          }
          int want = holds(op, a, value, valueTwo) ? RET_ERRNO | 99 : RET_ALLOW;
          assertThat(BpfInterpreter.run(p, Data.of(arch, "write", all)))
              .as("%s %s arg%d=%x value=%x valueTwo=%x", arch, op, index, a, value, valueTwo)
              .isEqualTo(want);
        }
      }
    }
  }

  @Test
  void on32BitX86OnlyTheLowWordOfAnArgumentIsCompared() throws Exception {
    Seccomp s = profile("SCMP_ACT_ALLOW",
        rule("SCMP_ACT_ERRNO", 97L, List.of("socket"), arg(0, "EQ", 40, null)),
        rule("SCMP_ACT_ERRNO", 98L, List.of("kill"), arg(1, "GT", 9, null)),
        rule("SCMP_ACT_ERRNO", 99L, List.of("personality"), arg(0, "MASKED_EQ", 0xff, 0x08L)))
        .architectures(List.of("SCMP_ARCH_X86")).build();
    byte[] p = program(s, SeccompArch.X86_64);
    SeccompArch x86 = SeccompArch.X86;
    assertThat(BpfInterpreter.run(p, Data.of(x86, "socket", 40))).isEqualTo(RET_ERRNO | 97);
    assertThat(BpfInterpreter.run(p, Data.of(x86, "socket", 2))).isEqualTo(RET_ALLOW);
    // what the high word holds does not count: a 32-bit call has none
    assertThat(BpfInterpreter.run(p, Data.of(x86, "socket", 0x500000028L))).isEqualTo(RET_ERRNO | 97);
    assertThat(BpfInterpreter.run(p, Data.of(x86, "kill", 1, 10))).isEqualTo(RET_ERRNO | 98);
    assertThat(BpfInterpreter.run(p, Data.of(x86, "kill", 1, 9))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, Data.of(x86, "personality", 0x1208))).isEqualTo(RET_ERRNO | 99);
    assertThat(BpfInterpreter.run(p, Data.of(x86, "personality", 0x1209))).isEqualTo(RET_ALLOW);
    // and x86_64 still compares both words
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "socket", 0x500000028L))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "socket", 40))).isEqualTo(RET_ERRNO | 97);
  }

  @Test
  void conditionsOfOneRuleAreAndedAndRulesAreOred() throws Exception {
    for (SeccompArch arch : both()) {
      byte[] p = program(profile("SCMP_ACT_ERRNO",
          rule("SCMP_ACT_ALLOW", null, List.of("kill"), arg(0, "GT", 10, null), arg(1, "EQ", 9, null)),
          rule("SCMP_ACT_ALLOW", null, List.of("kill"), arg(0, "EQ", 1, null))).build(), arch);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "kill", 11, 9))).isEqualTo(RET_ALLOW);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "kill", 11, 15))).isEqualTo(RET_ERRNO | EPERM);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "kill", 10, 9))).isEqualTo(RET_ERRNO | EPERM);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "kill", 1, 15))).isEqualTo(RET_ALLOW);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "read"))).isEqualTo(RET_ERRNO | EPERM);
    }
  }

  @Test
  void conditionalRulesComeBeforeTheUnconditionalOneOfTheSameCall() throws Exception {
    for (SeccompArch arch : both()) {
      byte[] p = program(profile("SCMP_ACT_KILL_PROCESS",
          rule("SCMP_ACT_ALLOW", null, List.of("socket", "getpid")),
          rule("SCMP_ACT_ERRNO", 13L, List.of("socket"), arg(0, "EQ", 40, null))).build(), arch);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "socket", 40))).isEqualTo(RET_ERRNO | 13);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "socket", 2))).isEqualTo(RET_ALLOW);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "getpid"))).isEqualTo(RET_ALLOW);
    }
  }

  @Test
  void aCallWithOnlyConditionalRulesGetsTheDefaultWhenNoneHolds() throws Exception {
    byte[] p = program(profile("SCMP_ACT_ERRNO",
        rule("SCMP_ACT_ALLOW", null, List.of("personality"), arg(0, "EQ", 8, null))).build(),
        SeccompArch.X86_64);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "personality", 8))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "personality", 9)))
        .isEqualTo(RET_ERRNO | EPERM);
  }

  @Test
  void anotherArchitectureIsKilled() throws Exception {
    byte[] p = program(profile("SCMP_ACT_ALLOW").build(), SeccompArch.X86_64);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.AARCH64, "getpid"))).isEqualTo(RET_KILL_THREAD);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "getpid"))).isEqualTo(RET_KILL_THREAD);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "getpid"))).isEqualTo(RET_ALLOW);
    p = program(profile("SCMP_ACT_ALLOW").build(), SeccompArch.AARCH64);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "getpid"))).isEqualTo(RET_KILL_THREAD);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.AARCH64, "getpid"))).isEqualTo(RET_ALLOW);
  }

  @Test
  void x32CallsAreKilledUnlessX32IsListedAndThenFollowTheX32Table() throws Exception {
    Seccomp.Builder s = profile("SCMP_ACT_ERRNO", rule("SCMP_ACT_ALLOW", null, List.of("getpid", "execve")));
    byte[] p = program(s.build(), SeccompArch.X86_64);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "getpid"))).isEqualTo(RET_KILL_THREAD);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "getpid"))).isEqualTo(RET_ALLOW);
    p = program(s.architectures(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86")).build(),
        SeccompArch.X86_64);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "getpid"))).isEqualTo(RET_ALLOW);
    // x32's execve is 520 | bit 30; x86_64's 59 with bit 30 set is not an x32 call it knows
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "execve"))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, new Data(0x40000000 | 59, SeccompArch.X32.auditArch(), 0)))
        .isEqualTo(RET_ERRNO | EPERM);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "getppid"))).isEqualTo(RET_ERRNO | EPERM);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "getpid"))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "read"))).isEqualTo(RET_ERRNO | EPERM);
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "getppid"))).isEqualTo(RET_ERRNO | ENOSYS);
  }

  @Test
  void callsNewerThanTheProfileGetEnosysKnownOnesNever() throws Exception {
    for (SeccompArch arch : both()) {
      // getpid is 39 on x86_64 and 172 on aarch64; openat is 257 and 56.
      byte[] p = program(profile("SCMP_ACT_ERRNO",
          rule("SCMP_ACT_ALLOW", null, List.of("getpid", "openat"))).build(), arch);
      int highest = Math.max(arch.number("getpid").get(), arch.number("openat").get());
      assertThat(BpfInterpreter.run(p, new Data(highest + 1, arch.auditArch(), 0))).isEqualTo(RET_ERRNO | ENOSYS);
      assertThat(BpfInterpreter.run(p, new Data(1000, arch.auditArch(), 0))).isEqualTo(RET_ERRNO | ENOSYS);
      assertThat(BpfInterpreter.run(p, new Data(highest - 1, arch.auditArch(), 0))).isEqualTo(RET_ERRNO | EPERM);
      assertThat(BpfInterpreter.run(p, Data.of(arch, "read"))).isEqualTo(RET_ERRNO | EPERM);
      // a permissive default: no stub
      p = program(profile("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null, List.of("getpid"))).build(), arch);
      assertThat(BpfInterpreter.run(p, new Data(1000, arch.auditArch(), 0))).isEqualTo(RET_ALLOW);
      p = program(profile("SCMP_ACT_LOG", rule("SCMP_ACT_ERRNO", null, List.of("getpid"))).build(), arch);
      assertThat(BpfInterpreter.run(p, new Data(1000, arch.auditArch(), 0))).isEqualTo(RET_LOG);
    }
  }

  @Test
  void maskedEqualWithoutValueTwoComparesWithZeroWithoutAWarning() throws Exception {
    // runtime-tools' (and Docker's) clone rule as Go writes it: a 0 valueTwo is left out.
    long namespaces = 0x7e020000L; // CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
    for (SeccompArch arch : both()) {
      SeccompCompiler.Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO",
          rule("SCMP_ACT_ALLOW", null, List.of("clone"), arg(0, "MASKED_EQ", namespaces, null))).build(), arch);
      assertThat(f.warnings()).isEmpty();
      byte[] p = f.program();
      assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x003d0f00))).isEqualTo(RET_ALLOW); // threads
      assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11))).isEqualTo(RET_ALLOW); // fork
      assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11 | 0x00020000))).isEqualTo(RET_ERRNO | EPERM);
      // the high word is masked with 0: set bits there do not matter
      assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11 | (1L << 40)))).isEqualTo(RET_ALLOW);
    }
  }

  @Test
  void unknownNamesAreSkippedWithAWarning() throws Exception {
    SeccompCompiler.Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ERRNO",
        rule("SCMP_ACT_ALLOW", null, List.of("getpid", "no_such_call", "open"))).build(), SeccompArch.AARCH64);
    assertThat(f.warnings()).containsExactly(
        "linux.seccomp.syscalls: skipping system calls no architecture knows: no_such_call");
    assertThat(BpfInterpreter.run(f.program(), Data.of(SeccompArch.AARCH64, "getpid"))).isEqualTo(RET_ALLOW);
  }

  @Test
  void flags() throws Exception {
    SeccompCompiler.Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW")
        .flags(List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")).build(), SeccompArch.X86_64);
    assertThat(f.flags()).isEqualTo(2 | 4);
    assertThat(f.warnings()).anyMatch(w -> w.contains("WAIT_KILLABLE_RECV applies only with SCMP_ACT_NOTIFY"));
  }

  @Test
  void problemsNameTheirField() {
    Seccomp s = profile("SCMP_ACT_ERRNO",
        rule("SCMP_ACT_ERRNO", 5000L, List.of("getpid")),
        rule("SCMP_ACT_NOTIFY", null, List.of("getppid"))).listenerPath("/run/x.sock")
        .flags(List.of("SECCOMP_FILTER_FLAG_TSYNC")).build();
    assertThatThrownBy(() -> SeccompCompiler.compile(s, SeccompArch.X86_64))
        .isInstanceOfSatisfying(SeccompCompiler.SeccompException.class, e -> assertThat(e.problems())
            .extracting(Problem::path)
            .containsExactly("linux.seccomp.syscalls[0].errnoRet", "linux.seccomp.flags"));
  }

  @Test
  void notifyRulesAskForAListener() throws Exception {
    for (SeccompArch arch : both()) {
      SeccompCompiler.Filter f = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW",
          rule("SCMP_ACT_NOTIFY", null, List.of("mkdirat"))).listenerPath("/run/agent.sock")
          .flags(List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")).build(), arch);
      assertThat(f.notifies()).isTrue();
      assertThat(f.flags()).isEqualTo(32); // kept: there is a listener
      assertThat(f.warnings()).isEmpty();
      assertThat(BpfInterpreter.run(f.program(), Data.of(arch, "mkdirat"))).isEqualTo(SeccompCompiler.RET_USER_NOTIF);
      assertThat(BpfInterpreter.run(f.program(), Data.of(arch, "getpid"))).isEqualTo(RET_ALLOW);
    }
    assertThat(SeccompCompiler.compile(profile("SCMP_ACT_ALLOW").build(), SeccompArch.X86_64).notifies())
        .isFalse();
  }

  @Test
  void longRuleListsStayWithinJumpRange() throws Exception {
    List<String> all = new ArrayList<>();
    for (String w : SyscallTables.X86_64.trim().split(" +")) {
      if (!Character.isDigit(w.charAt(0))) {
        all.add(w);
      }
    }
    List<Seccomp.Syscall> rules = new ArrayList<>();
    rules.add(rule("SCMP_ACT_ALLOW", null, all));
    for (int i = 0; i < 60; i++) {
      rules.add(rule("SCMP_ACT_ERRNO", (long) i + 1, List.of(all.get(i)), arg(i % 6, "GE", i, null),
          arg((i + 1) % 6, "LT", 1L << 40, null)));
    }
    byte[] p = program(Seccomp.builder().defaultAction("SCMP_ACT_KILL_PROCESS").syscalls(rules).build(),
        SeccompArch.X86_64);
    for (int i = 0; i < 60; i++) {
      long[] args = new long[6];
      args[i % 6] = i;
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, all.get(i), args))).isEqualTo(RET_ERRNO | (i + 1));
      args[(i + 1) % 6] = 1L << 41;
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, all.get(i), args))).isEqualTo(RET_ALLOW);
    }
    assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, all.get(all.size() - 1)))).isEqualTo(RET_ALLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "aarch64"})
  void aProfileThatNamesCallsAboveCloseRangeButNotItRefusesItWithTheDefaultErrno(String osArch)
      throws Exception {
    // The shape runtime-tools' runtimetest runs under: close_range is below the highest call
    // named, so it gets the default action (EPERM), not ENOSYS. The helper used to mark the fds
    // close-on-exec with it after installing the filter, and every such container failed to
    // start; the plan now does it before (PlanCompilerTest).
    SeccompArch arch = osArch.equals("amd64") ? SeccompArch.X86_64 : SeccompArch.AARCH64;
    SeccompCompiler.Filter f = SeccompCompiler.compile(ProfilesWithoutCloseRange.profile(osArch), arch);
    byte[] p = f.program();
    assertThat(arch.number("close_range").get()).isLessThan(arch.number("landlock_create_ruleset").get());
    assertThat(BpfInterpreter.run(p, Data.of(arch, "close_range"))).isEqualTo(RET_ERRNO | EPERM);
    assertThat(BpfInterpreter.run(p, Data.of(arch, "landlock_create_ruleset"))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, new Data(999, arch.auditArch(), 0))).isEqualTo(RET_ERRNO | ENOSYS);
    // What the helper does under the filter (changing credentials, checking the program, waiting
    // on the fifo, exec) and what a Go program like runtimetest does at start: all allowed.
    List<String> calls = new ArrayList<>(List.of("chdir", "prctl", "setgroups", "setresgid",
        "setresuid", "capset", "capget", "newfstatat", "faccessat", "openat", "write", "close",
        "execve", "rt_sigaction", "rt_sigprocmask", "sigaltstack", "mmap", "munmap", "madvise",
        "futex", "sched_getaffinity", "gettid", "tgkill", "getpid", "epoll_pwait", "epoll_ctl",
        "fcntl", "readlinkat", "getrandom", "rseq", "set_robust_list", "clock_gettime",
        "nanosleep", "exit_group", "read", "pipe2", "uname"));
    if (arch == SeccompArch.X86_64) {
      calls.addAll(List.of("arch_prctl", "access", "stat", "epoll_create1"));
    }
    for (String call : calls) {
      assertThat(BpfInterpreter.run(p, Data.of(arch, call))).as(call).isEqualTo(RET_ALLOW);
    }
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x003d0f00))).isEqualTo(RET_ALLOW); // threads
  }

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "aarch64"})
  void theDefaultProfile(String osArch) throws Exception {
    SeccompArch arch = osArch.equals("amd64") ? SeccompArch.X86_64 : SeccompArch.AARCH64;
    SeccompCompiler.Filter f = SeccompCompiler.compile(DefaultSeccompProfile.profile(osArch), arch);
    assertThat(f.warnings()).allMatch(w -> w.contains("no system call table for SCMP_ARCH_ARM"));
    assertThat(f.instructions()).isLessThan(Bpf.MAX_INSTRUCTIONS);
    byte[] p = f.program();
    int eperm = RET_ERRNO | EPERM;
    for (String call : List.of("unshare", "setns", "mount", "umount2", "pivot_root", "keyctl",
        "add_key", "request_key", "bpf", "perf_event_open", "init_module", "finit_module", "reboot",
        "open_by_handle_at", "clock_settime", "settimeofday", "kexec_load", "fsopen", "move_mount",
        "open_tree", "userfaultfd", "pidfd_getfd", "swapon", "syslog", "acct")) {
      assertThat(BpfInterpreter.run(p, Data.of(arch, call))).as(call).isEqualTo(eperm);
    }
    for (String call : List.of("read", "write", "openat", "execve", "wait4", "exit_group", "getpid",
        "mmap", "rt_sigaction", "fcntl", "chdir", "newfstatat", "pipe2", "dup3", "getdents64",
        "prctl", "kill", "nanosleep", "rseq", "statx", "close_range", "futex_waitv")) {
      assertThat(BpfInterpreter.run(p, Data.of(arch, call))).as(call).isEqualTo(RET_ALLOW);
    }
    assertThat(BpfInterpreter.run(p, Data.of(arch, "socket", 40, 1))).isEqualTo(eperm); // AF_VSOCK
    assertThat(BpfInterpreter.run(p, Data.of(arch, "socket", 2, 1))).isEqualTo(RET_ALLOW); // AF_INET
    assertThat(BpfInterpreter.run(p, Data.of(arch, "socket", 1, 1))).isEqualTo(RET_ALLOW); // AF_UNIX
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x003d0f00))).isEqualTo(RET_ALLOW); // threads
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11))).isEqualTo(RET_ALLOW); // fork
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11 | 0x20000000))).isEqualTo(eperm); // NEWPID
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone", 0x11 | 0x00020000))).isEqualTo(eperm); // NEWNS
    assertThat(BpfInterpreter.run(p, Data.of(arch, "clone3"))).isEqualTo(RET_ERRNO | ENOSYS);
    assertThat(BpfInterpreter.run(p, Data.of(arch, "personality", 0))).isEqualTo(RET_ALLOW);
    assertThat(BpfInterpreter.run(p, Data.of(arch, "personality", 0x0400000))).isEqualTo(eperm);
    assertThat(BpfInterpreter.run(p, new Data(999, arch.auditArch(), 0))).isEqualTo(RET_ERRNO | ENOSYS);
    if (arch == SeccompArch.X86_64) {
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "read"))).isEqualTo(RET_ALLOW);
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X32, "unshare"))).isEqualTo(eperm);
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "socketcall"))).isEqualTo(RET_ALLOW);
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86, "unshare"))).isEqualTo(eperm);
      assertThat(BpfInterpreter.run(p, Data.of(SeccompArch.X86_64, "arch_prctl"))).isEqualTo(RET_ALLOW);
    }
  }
}
