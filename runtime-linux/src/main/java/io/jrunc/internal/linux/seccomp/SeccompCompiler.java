package io.jrunc.internal.linux.seccomp;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles {@code linux.seccomp} into a classic BPF program for seccomp(2), without libseccomp.
 *
 * <p>The program checks {@code seccomp_data.arch} first: the native architecture and those the
 * spec lists (that jrunc has a system call table for) each get a section; any other architecture
 * gets the bad-architecture action, libseccomp's default {@code SCMP_ACT_KILL}. On x86_64, calls
 * with bit 30 set are x32 calls: they go to the x32 section when {@code SCMP_ARCH_X32} is listed,
 * else they get the bad-architecture action. In a section, when the default action is not
 * permissive, a call numbered above the highest one the profile names for that architecture gets
 * ENOSYS, as runc does, so that a program can fall back from a call newer than the profile;
 * a call the profile knows never does. Then the rules: for each call, the rules with argument
 * conditions in spec order (all of a rule's conditions must hold), then its first unconditional
 * rule; the first that matches decides. Arguments are compared as unsigned 64-bit values, high
 * word first (32-bit architectures compare the low word). A name no table knows is skipped with
 * a warning, as runc does; a name only some architectures know is skipped on the others.
 */
public final class SeccompCompiler {
  static final int RET_KILL_THREAD = 0x00000000;
  static final int RET_KILL_PROCESS = 0x80000000;
  static final int RET_TRAP = 0x00030000;
  static final int RET_ERRNO = 0x00050000;
  static final int RET_USER_NOTIF = 0x7fc00000;
  static final int RET_TRACE = 0x7ff00000;
  static final int RET_LOG = 0x7ffc0000;
  static final int RET_ALLOW = 0x7fff0000;

  static final int FLAG_TSYNC = 1;
  static final int FLAG_LOG = 2;
  static final int FLAG_SPEC_ALLOW = 4;
  static final int FLAG_NEW_LISTENER = 8;
  static final int FLAG_WAIT_KILLABLE_RECV = 32;

  static final int EPERM = 1;
  static final int ENOSYS = 38;
  static final int MAX_ERRNO = 4095;

  /** Offsets in {@code struct seccomp_data}. */
  static final int OFF_NR = 0;
  static final int OFF_ARCH = 4;
  static final int OFF_ARGS = 16;

  /**
   * A compiled filter.
   *
   * @param flags the seccomp(2) flags
   * @param program the {@code struct sock_filter[]}
   * @param warnings what was skipped (unknown names, flags that do not apply)
   * @param summary one line saying what the filter does, for a plan's printout
   * @param notifies whether a rule is {@code SCMP_ACT_NOTIFY}: the filter is installed with
   *     SECCOMP_FILTER_FLAG_NEW_LISTENER (not in {@code flags}) and its listener fd goes to
   *     {@code listenerPath}
   */
  public record Filter(int flags, byte[] program, List<String> warnings, String summary,
      boolean notifies) {
    public Filter {
      program = program.clone();
      warnings = List.copyOf(warnings);
    }

    @Override
    public byte[] program() {
      return program.clone();
    }

    /** The number of BPF instructions. */
    public int instructions() {
      return program.length / 8;
    }
  }

  /** A compile that failed: every problem, each with its JSON path. */
  public static final class SeccompException extends Exception {
    private final List<Problem> problems;

    SeccompException(List<Problem> problems) {
      super(problems.toString());
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  private record Rule(int action, List<Linux.Seccomp.Arg> args) {
  }

  private final Linux.Seccomp spec;
  private final String path;
  private final SeccompArch nativeArch;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private SeccompCompiler(Linux.Seccomp spec, String path, SeccompArch nativeArch) {
    this.spec = spec;
    this.path = path;
    this.nativeArch = nativeArch;
  }

  /**
   * Compiles a filter.
   *
   * @param seccomp {@code linux.seccomp} (validated by the spec validator)
   * @param nativeArch the architecture the container runs on
   * @return the filter
   * @throws SeccompException naming every problem
   */
  public static Filter compile(Linux.Seccomp seccomp, SeccompArch nativeArch) throws SeccompException {
    // Most containers of a JVM share a profile (the default one): the last few are kept.
    CacheKey key = new CacheKey(seccomp, nativeArch);
    synchronized (CACHE) {
      Filter f = CACHE.get(key);
      if (f != null) {
        return f;
      }
    }
    Filter f = new SeccompCompiler(seccomp, "linux.seccomp", nativeArch).run();
    synchronized (CACHE) {
      CACHE.put(key, f);
    }
    return f;
  }

  private record CacheKey(Linux.Seccomp seccomp, SeccompArch arch) {
  }

  private static final Map<CacheKey, Filter> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CacheKey, Filter> eldest) {
      return size() > 8;
    }
  };

  private void problem(String where, String message) {
    problems.add(new Problem(where, message));
  }

  private Filter run() throws SeccompException {
    int defaultAction = action(spec.defaultAction(), spec.defaultErrnoRet(), path + ".defaultAction",
        path + ".defaultErrnoRet");
    int flags = flags();

    // Architectures: the native one first, then those listed, in order.
    Set<SeccompArch> arches = new LinkedHashSet<>();
    arches.add(nativeArch);
    List<String> listed = list(spec.architectures());
    for (int i = 0; i < listed.size(); i++) {
      String name = listed.get(i);
      SeccompArch a = SeccompArch.of(name).orElse(null);
      if (a == null) {
        warnings.add(path + ".architectures[" + i + "]: no system call table for " + name
            + "; its calls get the bad-architecture action (kill)");
      } else {
        arches.add(a);
      }
    }

    // Rules, per architecture and call number.
    Map<SeccompArch, Map<Integer, List<Rule>>> conditional = new LinkedHashMap<>();
    Map<SeccompArch, Map<Integer, Rule>> unconditional = new LinkedHashMap<>();
    Map<SeccompArch, Integer> highest = new LinkedHashMap<>();
    for (SeccompArch a : arches) {
      conditional.put(a, new LinkedHashMap<>());
      unconditional.put(a, new LinkedHashMap<>());
    }
    Set<String> unknown = new TreeSet<>();
    boolean notify = false;
    List<Linux.Seccomp.Syscall> syscalls = list(spec.syscalls());
    for (int i = 0; i < syscalls.size(); i++) {
      Linux.Seccomp.Syscall sc = syscalls.get(i);
      String sp = path + ".syscalls[" + i + "]";
      if ("SCMP_ACT_NOTIFY".equals(sc.action())) {
        notify = true;
      }
      int action = action(sc.action(), sc.errnoRet(), sp + ".action", sp + ".errnoRet");
      // SCMP_CMP_MASKED_EQ without valueTwo compares with 0, as libseccomp's datum: runtime-spec's
      // Go type omits a 0 valueTwo, so Docker's and runtime-tools' clone rules come that way.
      List<Linux.Seccomp.Arg> args = list(sc.args());
      Rule rule = new Rule(action, args);
      for (String name : list(sc.names())) {
        if (!knownAnywhere(name)) {
          unknown.add(name);
          continue;
        }
        for (SeccompArch a : arches) {
          Integer nr = a.number(name).orElse(null);
          if (nr == null) {
            continue;
          }
          highest.merge(a, nr, Math::max);
          if (args.isEmpty()) {
            unconditional.get(a).putIfAbsent(nr, rule);
          } else {
            conditional.get(a).computeIfAbsent(nr, k -> new ArrayList<>()).add(rule);
          }
        }
      }
    }
    if (!unknown.isEmpty()) {
      warnings.add(path + ".syscalls: skipping system calls no architecture knows: "
          + String.join(", ", unknown));
    }
    if (notify && (flags & FLAG_TSYNC) != 0) {
      problem(path + ".flags", "SECCOMP_FILTER_FLAG_TSYNC cannot be combined with SCMP_ACT_NOTIFY");
    }
    if (!notify && (flags & FLAG_WAIT_KILLABLE_RECV) != 0) {
      warnings.add(path + ".flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV applies only with"
          + " SCMP_ACT_NOTIFY; left out");
      flags &= ~FLAG_WAIT_KILLABLE_RECV;
    }
    if (!problems.isEmpty()) {
      throw new SeccompException(problems);
    }

    boolean enosys = !permissive(defaultAction)
        && !(defaultAction == (RET_ERRNO | ENOSYS));
    Bpf bpf = new Bpf();
    Map<Integer, Bpf.Label> sections = new LinkedHashMap<>();
    for (SeccompArch a : arches) {
      if (a != SeccompArch.X32) {
        sections.putIfAbsent(a.auditArch(), bpf.label());
      }
    }
    if (arches.contains(SeccompArch.X32)) {
      sections.putIfAbsent(SeccompArch.X32.auditArch(), bpf.label());
    }
    bpf.load(OFF_ARCH);
    for (Map.Entry<Integer, Bpf.Label> e : sections.entrySet()) {
      Bpf.Label skip = bpf.label();
      bpf.jump(Bpf.JMP_JEQ_K, e.getKey(), null, skip).ja(e.getValue()).bind(skip);
    }
    bpf.ret(RET_KILL_THREAD);
    Bpf.Label x32 = bpf.label();
    for (Map.Entry<Integer, Bpf.Label> e : sections.entrySet()) {
      bpf.bind(e.getValue()).load(OFF_NR);
      if (e.getKey() == SeccompArch.X86_64.auditArch()) {
        Bpf.Label notX32 = bpf.label();
        bpf.jump(Bpf.JMP_JSET_K, SeccompArch.X32_SYSCALL_BIT, null, notX32);
        if (arches.contains(SeccompArch.X32)) {
          bpf.ja(x32);
        } else {
          bpf.ret(RET_KILL_THREAD);
        }
        bpf.bind(notX32);
        if (arches.contains(SeccompArch.X86_64)) {
          body(bpf, SeccompArch.X86_64, conditional, unconditional, highest, enosys, defaultAction);
        } else {
          bpf.ret(RET_KILL_THREAD);
        }
        if (arches.contains(SeccompArch.X32)) {
          bpf.bind(x32);
          body(bpf, SeccompArch.X32, conditional, unconditional, highest, enosys, defaultAction);
        }
      } else {
        for (SeccompArch a : arches) {
          if (a.auditArch() == e.getKey()) {
            body(bpf, a, conditional, unconditional, highest, enosys, defaultAction);
          }
        }
      }
    }
    if (bpf.size() > Bpf.MAX_INSTRUCTIONS) {
      problem(path, "compiles to " + bpf.size() + " BPF instructions, more than the kernel's "
          + Bpf.MAX_INSTRUCTIONS);
      throw new SeccompException(problems);
    }
    byte[] program = bpf.assemble();
    int rules = 0;
    for (SeccompArch a : arches) {
      rules += unconditional.get(a).size() + conditional.get(a).size();
    }
    StringBuilder archNames = new StringBuilder();
    for (SeccompArch a : arches) {
      archNames.append(archNames.length() == 0 ? "" : " ").append(a.scmpName());
    }
    String summary = "default " + spec.defaultAction()
        + (spec.defaultErrnoRet() != null ? "(" + spec.defaultErrnoRet() + ")" : "")
        + ", " + rules + " call rules on " + archNames
        + (enosys ? ", ENOSYS above the highest call named" : "");
    return new Filter(flags, program, warnings, summary + (notify ? ", notifications to "
        + spec.listenerPath() : ""), notify);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static boolean knownAnywhere(String name) {
    for (SeccompArch a : SeccompArch.values()) {
      if (a.number(name).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static boolean permissive(int action) {
    int kind = action & 0xffff0000;
    return kind == RET_ALLOW || kind == RET_LOG || kind == RET_TRACE;
  }

  private void body(Bpf bpf, SeccompArch a, Map<SeccompArch, Map<Integer, List<Rule>>> conditional,
      Map<SeccompArch, Map<Integer, Rule>> unconditional, Map<SeccompArch, Integer> highest,
      boolean enosys, int defaultAction) {
    // A holds the call number.
    Integer max = highest.get(a);
    if (enosys && max != null) {
      Bpf.Label known = bpf.label();
      bpf.jump(Bpf.JMP_JGT_K, max, null, known).ret(RET_ERRNO | ENOSYS).bind(known);
    }
    Map<Integer, List<Rule>> cond = conditional.get(a);
    // Calls with only an unconditional rule, grouped by action: a run of jeq to one ret.
    Map<Integer, List<Integer>> byAction = new LinkedHashMap<>();
    for (Map.Entry<Integer, Rule> e : unconditional.get(a).entrySet()) {
      if (!cond.containsKey(e.getKey())) {
        byAction.computeIfAbsent(e.getValue().action(), k -> new ArrayList<>()).add(e.getKey());
      }
    }
    for (Map.Entry<Integer, List<Integer>> e : byAction.entrySet()) {
      List<Integer> nrs = e.getValue();
      for (int from = 0; from < nrs.size(); from += 200) {
        List<Integer> chunk = nrs.subList(from, Math.min(nrs.size(), from + 200));
        Bpf.Label hit = bpf.label();
        Bpf.Label miss = bpf.label();
        for (int i = 0; i < chunk.size(); i++) {
          bpf.jump(Bpf.JMP_JEQ_K, chunk.get(i), i == chunk.size() - 1 ? null : hit,
              i == chunk.size() - 1 ? miss : null);
        }
        bpf.bind(hit).ret(e.getKey()).bind(miss);
      }
    }
    // Calls with conditional rules: each a block that ends in a return.
    for (Map.Entry<Integer, List<Rule>> e : cond.entrySet()) {
      Bpf.Label in = bpf.label();
      Bpf.Label out = bpf.label();
      bpf.jump(Bpf.JMP_JEQ_K, e.getKey(), in, null).ja(out).bind(in);
      for (Rule r : e.getValue()) {
        Bpf.Label next = bpf.label();
        for (Linux.Seccomp.Arg arg : r.args()) {
          condition(bpf, a.is64(), arg, next);
        }
        bpf.ret(r.action()).bind(next);
      }
      Rule last = unconditional.get(a).get(e.getKey());
      bpf.ret(last != null ? last.action() : defaultAction).bind(out);
    }
    bpf.ret(defaultAction);
  }

  /** Falls through when the condition holds, jumps to fail when not. */
  static void condition(Bpf bpf, boolean is64, Linux.Seccomp.Arg arg, Bpf.Label fail) {
    int lo = OFF_ARGS + 8 * (int) arg.index();
    int hi = lo + 4;
    long v = arg.value();
    int vHi = (int) (v >>> 32);
    int vLo = (int) v;
    Bpf.Label pass = bpf.label();
    switch (arg.op()) {
      case "SCMP_CMP_EQ" -> {
        if (is64) {
          bpf.load(hi).jump(Bpf.JMP_JEQ_K, vHi, null, fail);
        }
        bpf.load(lo).jump(Bpf.JMP_JEQ_K, vLo, null, fail);
      }
      case "SCMP_CMP_NE" -> {
        if (is64) {
          bpf.load(hi).jump(Bpf.JMP_JEQ_K, vHi, null, pass);
        }
        bpf.load(lo).jump(Bpf.JMP_JEQ_K, vLo, fail, null);
      }
      case "SCMP_CMP_GT", "SCMP_CMP_GE" -> {
        if (is64) {
          bpf.load(hi).jump(Bpf.JMP_JGT_K, vHi, pass, null).jump(Bpf.JMP_JEQ_K, vHi, null, fail);
        }
        int op = arg.op().equals("SCMP_CMP_GT") ? Bpf.JMP_JGT_K : Bpf.JMP_JGE_K;
        bpf.load(lo).jump(op, vLo, null, fail);
      }
      case "SCMP_CMP_LT", "SCMP_CMP_LE" -> {
        if (is64) {
          bpf.load(hi).jump(Bpf.JMP_JGT_K, vHi, fail, null).jump(Bpf.JMP_JEQ_K, vHi, null, pass);
        }
        // lo < v  is  !(lo >= v);  lo <= v  is  !(lo > v)
        int op = arg.op().equals("SCMP_CMP_LT") ? Bpf.JMP_JGE_K : Bpf.JMP_JGT_K;
        bpf.load(lo).jump(op, vLo, fail, null);
      }
      case "SCMP_CMP_MASKED_EQ" -> {
        long want = arg.valueTwo() != null ? arg.valueTwo() : 0;
        if (is64) {
          bpf.load(hi).and(vHi).jump(Bpf.JMP_JEQ_K, (int) (want >>> 32), null, fail);
        }
        bpf.load(lo).and(vLo).jump(Bpf.JMP_JEQ_K, (int) want, null, fail);
      }
      default -> throw new IllegalArgumentException("unknown operator " + arg.op());
    }
    bpf.bind(pass);
  }

  private int action(String name, Long errnoRet, String where, String errnoWhere) {
    if (name == null) {
      problem(where, "must not be empty");
      return RET_KILL_PROCESS;
    }
    int errno = EPERM;
    if (errnoRet != null) {
      if (Long.compareUnsigned(errnoRet, MAX_ERRNO) > 0) {
        problem(errnoWhere, "must be at most " + MAX_ERRNO);
      } else {
        errno = errnoRet.intValue();
      }
    }
    switch (name) {
      case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD":
        return RET_KILL_THREAD;
      case "SCMP_ACT_KILL_PROCESS":
        return RET_KILL_PROCESS;
      case "SCMP_ACT_TRAP":
        return RET_TRAP;
      case "SCMP_ACT_ERRNO":
        return RET_ERRNO | errno;
      case "SCMP_ACT_TRACE":
        return RET_TRACE | errno;
      case "SCMP_ACT_ALLOW":
        return RET_ALLOW;
      case "SCMP_ACT_LOG":
        return RET_LOG;
      case "SCMP_ACT_NOTIFY":
        return RET_USER_NOTIF;
      default:
        problem(where, "unknown action \"" + name + "\"");
        return RET_KILL_PROCESS;
    }
  }

  private int flags() {
    int flags = 0;
    List<String> names = list(spec.flags());
    for (int i = 0; i < names.size(); i++) {
      switch (names.get(i)) {
        case "SECCOMP_FILTER_FLAG_TSYNC" -> flags |= FLAG_TSYNC;
        case "SECCOMP_FILTER_FLAG_LOG" -> flags |= FLAG_LOG;
        case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> flags |= FLAG_SPEC_ALLOW;
        case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> flags |= FLAG_WAIT_KILLABLE_RECV;
        default -> problem(path + ".flags[" + i + "]", "unknown flag \"" + names.get(i) + "\"");
      }
    }
    return flags;
  }
}
