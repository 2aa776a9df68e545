package io.jrunc.internal.linux.compile;

import static io.jrunc.internal.linux.Linux.CLONE_NEWCGROUP;
import static io.jrunc.internal.linux.Linux.CLONE_NEWIPC;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNET;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNS;
import static io.jrunc.internal.linux.Linux.CLONE_NEWPID;
import static io.jrunc.internal.linux.Linux.CLONE_NEWTIME;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUSER;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUTS;
import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_MOVE;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_PRIVATE;
import static io.jrunc.internal.linux.Linux.MS_RDONLY;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_REMOUNT;
import static io.jrunc.internal.linux.Linux.MS_SHARED;
import static io.jrunc.internal.linux.Linux.MS_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.spec.SpecDefaults;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecValidationException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The compiler, without privileges: plans are looked at, not run (CompilerIT runs them). */
class PlanCompilerTest {
  static final Path BUNDLE = Path.of("/bundle");
  final FakeHost host = new FakeHost();

  /** runc's default spec for a host with cgroup v1 (no cgroup namespace): host-independent. */
  static Spec defaults() {
    return SpecDefaults.example(false);
  }

  static Spec withProcess(Spec s, java.util.function.UnaryOperator<Spec.Process.Builder> change) {
    return s.toBuilder().process(change.apply(s.process().toBuilder()).build()).build();
  }

  static Spec withLinux(Spec s, java.util.function.UnaryOperator<io.jrunc.spec.Linux.Builder> change) {
    return s.toBuilder().linux(change.apply(s.linux().toBuilder()).build()).build();
  }

  static Spec withMount(Spec s, Spec.Mount m) {
    List<Spec.Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(m);
    return s.toBuilder().mounts(mounts).build();
  }

  Plan compile(Spec spec) {
    return compile(spec, CompileOptions.builder());
  }

  Plan compile(Spec spec, CompileOptions.Builder opts) {
    return PlanCompiler.compile(spec, BUNDLE, opts.host(host).build());
  }

  static int first(Plan plan, Predicate<Step> p) {
    return IntStream.range(0, plan.size()).filter(i -> p.test(plan.step(i))).findFirst().orElse(-1);
  }

  static int last(Plan plan, Predicate<Step> p) {
    return IntStream.range(0, plan.size()).filter(i -> p.test(plan.step(i))).reduce((a, b) -> b)
        .orElse(-1);
  }

  static Predicate<Step> op(PlanOp op) {
    return s -> s.op() == op;
  }

  static Predicate<Step> mountOn(String target) {
    return s -> s.op() == PlanOp.MOUNT && (target.equals(s.str(2)) || target.equals(s.note()));
  }

  static List<String> describe(Plan plan, PlanOp op) {
    return plan.steps().stream().filter(s -> s.op() == op).map(Step::describe).toList();
  }

  // ---- the default spec ----------------------------------------------------------------------

  @Test
  void theDefaultSpecCompilesToTheGoldenPlan() throws Exception {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("defaults-plan.txt")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(compile(defaults()).describe()).isEqualTo(golden);
  }

  @Test
  void orderingFollowsRunc() {
    Spec spec = withLinux(defaults(), l -> l.seccomp(io.jrunc.spec.Linux.Seccomp.builder()
        .defaultAction("SCMP_ACT_ALLOW").build()));
    Plan plan = compile(spec, CompileOptions.builder()
        .seccomp(new CompileOptions.SeccompFilter(0, new byte[8]))
        .execFifo(Path.of("/run/jrunc/c1/exec.fifo")));
    int clone = first(plan, op(PlanOp.CLONE));
    int pivot = first(plan, op(PlanOp.PIVOT_ROOT));
    int lastBeforePivot = last(plan, s -> s.op() == PlanOp.MKNOD || s.op() == PlanOp.SYMLINK
        || s.op() == PlanOp.MOUNT && s.num(1) >= 0 && s.num(1) != Linux.AT_FDCWD);
    int firstMask = first(plan, op(PlanOp.SKIP_UNLESS));
    int rootReadonly = last(plan, s -> s.op() == PlanOp.MOUNT_SETATTR && "/".equals(s.str(1)));
    int lastMount = last(plan, s -> s.op() == PlanOp.MOUNT || s.op() == PlanOp.MOUNT_SETATTR);
    int sysctlOrHostname = first(plan, op(PlanOp.SETHOSTNAME));
    int bounding = first(plan, op(PlanOp.CAP_BOUNDING));
    int setgroups = first(plan, op(PlanOp.SETGROUPS));
    int setresgid = first(plan, op(PlanOp.SETRESGID));
    int setresuid = first(plan, op(PlanOp.SETRESUID));
    int capset = first(plan, op(PlanOp.CAPSET));
    int ambient = first(plan, op(PlanOp.CAP_AMBIENT));
    int nnp = first(plan, op(PlanOp.SET_NO_NEW_PRIVS));
    int seccomp = first(plan, op(PlanOp.SECCOMP));
    int fifo = first(plan, op(PlanOp.WAIT_FIFO));
    int closeFds = first(plan, op(PlanOp.CLOSE_FDS_FROM));
    int exec = first(plan, op(PlanOp.EXEC));

    // the exec fifo first, with the runtime's credentials (the init may not reach it as root in a
    // user namespace), then the clone
    assertThat(describe(plan, PlanOp.OPEN).get(0)).isEqualTo(plan.step(0).describe())
        .contains("/run/jrunc/c1/exec.fifo");
    assertThat(clone).isEqualTo(1);
    assertThat(lastBeforePivot).isLessThan(pivot); // mounts and /dev, then pivot
    assertThat(pivot).isLessThan(sysctlOrHostname).isLessThan(firstMask); // pivot before masks
    assertThat(rootReadonly).as("the root is remounted read-only last").isEqualTo(lastMount)
        .isGreaterThan(firstMask);
    // then the process: no_new_privs, bounding set, groups, gid, uid, caps, seccomp, fifo, exec
    assertThat(List.of(rootReadonly, nnp, bounding, setgroups, setresgid, setresuid, capset,
        ambient, seccomp, fifo, closeFds, exec)).isSorted();
    assertThat(exec).isEqualTo(plan.size() - 1);
    assertThat(fifo).isEqualTo(exec - 3); // wait, close the fifo, close-on-exec the rest, exec
  }

  @Test
  void withoutNoNewPrivilegesSeccompComesBeforeTheCapabilitiesGo() {
    Spec s = withProcess(defaults(), p -> p.noNewPrivileges(false));
    s = withLinux(s, l -> l.seccomp(io.jrunc.spec.Linux.Seccomp.builder()
        .defaultAction("SCMP_ACT_ALLOW").build()));
    Plan plan = compile(s, CompileOptions.builder()
        .seccomp(new CompileOptions.SeccompFilter(0, new byte[8])));
    assertThat(first(plan, op(PlanOp.SET_NO_NEW_PRIVS))).isEqualTo(-1);
    assertThat(first(plan, op(PlanOp.SECCOMP))).isLessThan(first(plan, op(PlanOp.CAP_BOUNDING)));
  }

  @Test
  void theProcessIsPlannedAsRuncDoesIt() {
    List<String> caps = List.of("CAP_CHOWN", "CAP_NET_BIND_SERVICE");
    Spec s = withProcess(defaults(), p -> p
        .user(Spec.Process.User.builder().uid(1000).gid(100).additionalGids(List.of(10L, 20L))
            .umask(077L).build())
        .args(List.of("/bin/app", "--flag"))
        .env(List.of("A=1", "HOME=", "PATH=/bin", "A=2"))
        .cwd("/srv/app")
        .oomScoreAdj(-100)
        .rlimits(List.of(Spec.Process.Rlimit.of("RLIMIT_NOFILE", 4096, 1024),
            Spec.Process.Rlimit.of("RLIMIT_CORE", 0, 0)))
        .capabilities(Spec.Process.Capabilities.builder().bounding(caps).effective(caps)
            .permitted(caps).inheritable(List.of("CAP_CHOWN")).ambient(caps).build()));
    host.home = "/home/app";
    Plan plan = compile(s);
    assertThat(describe(plan, PlanOp.SETRLIMIT)).containsExactly(
        "setrlimit RLIMIT_NOFILE soft 1024 hard 4096", "setrlimit RLIMIT_CORE soft 0 hard 0");
    assertThat(describe(plan, PlanOp.SETGROUPS)).containsExactly("setgroups [10, 20]");
    assertThat(describe(plan, PlanOp.SETRESGID)).containsExactly("setresgid 100 100 100");
    assertThat(describe(plan, PlanOp.SETRESUID)).containsExactly("setresuid 1000 1000 1000");
    assertThat(describe(plan, PlanOp.UMASK)).containsExactly("umask 0000", "umask 0077");
    assertThat(describe(plan, PlanOp.CHDIR)).containsExactly("chdir \"/srv/app\"");
    assertThat(describe(plan, PlanOp.MKDIR_ALL)).contains(
        "mkdir -p \"/srv/app\" 0755 resolve RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT");
    assertThat(describe(plan, PlanOp.WRITE_FILE))
        .containsExactly("write \"-100\" to \"/proc/self/oom_score_adj\" O_WRONLY");
    assertThat(describe(plan, PlanOp.CAPSET)).containsExactly(
        "capset effective [CAP_CHOWN, CAP_NET_BIND_SERVICE] permitted [CAP_CHOWN,"
            + " CAP_NET_BIND_SERVICE] inheritable [CAP_CHOWN]");
    // ambient needs permitted and inheritable: CAP_NET_BIND_SERVICE cannot be raised
    assertThat(describe(plan, PlanOp.CAP_AMBIENT)).containsExactly("ambient capabilities [CAP_CHOWN]");
    assertThat(describe(plan, PlanOp.PRCTL)).containsExactly(
        "prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)", "prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)");
    int keep = first(plan, op(PlanOp.PRCTL));
    assertThat(plan.step(keep - 1).op()).isEqualTo(PlanOp.CAP_BOUNDING);
    assertThat(plan.step(keep - 2).op()).isEqualTo(PlanOp.CHDIR);
    // the last A wins at its place, an empty HOME is dropped, HOME comes from /etc/passwd
    assertThat(plan.step(plan.size() - 1).describe()).isEqualTo("exec \"/bin/app\" argv"
        + " [\"/bin/app\", \"--flag\"] env [\"PATH=/bin\", \"A=2\", \"HOME=/home/app\"]");
  }

  @Test
  void args0IsLookedUpInTheContainersPath() {
    Spec base = defaults();
    Step exec = last(compile(withProcess(base, p -> p.args(List.of("sh", "-c", "x")))));
    assertThat(exec.str(0)).isEqualTo("sh");
    assertThat(exec.str(1)).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    exec = last(compile(withProcess(base, p -> p.args(List.of("app")).env(List.of("PATH=/opt/bin:/bin")))));
    assertThat(exec.str(1)).isEqualTo("/opt/bin:/bin");

    exec = last(compile(withProcess(base, p -> p.args(List.of("app")).env(List.of("TERM=dumb")))));
    assertThat(exec.str(1)).isEqualTo(PlanCompiler.DEFAULT_PATH);
    assertThat(exec.strings(3)).containsExactly("TERM=dumb", "HOME=/");

    exec = last(compile(withProcess(base, p -> p.args(List.of("/bin/sh")))));
    assertThat(exec.str(0)).isEqualTo("/bin/sh");
    assertThat(exec.str(1)).as("no search for a path").isNull();

    exec = last(compile(withProcess(base, p -> p.args(List.of("./run.sh")))));
    assertThat(exec.str(1)).isNull();
  }

  static List<String> head(Plan plan, int n) {
    return plan.steps().subList(0, n).stream().map(Step::describe).toList();
  }

  static Step last(Plan plan) {
    return plan.step(plan.size() - 1);
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void aHardLimitAboveTheRuntimesOwnIsRefusedAtCompileTime() {
    Spec s = withProcess(defaults(), p -> p.rlimits(List.of(
        Spec.Process.Rlimit.of("RLIMIT_NOFILE", 1048576, 1024))));
    assertThatThrownBy(() -> compile(s))
        .isInstanceOf(SpecCompileException.class)
        .hasMessage("config.json: process.rlimits[0]: RLIMIT_NOFILE hard limit 1048576 is above"
            + " this runtime's own (524288) and raising it needs CAP_SYS_RESOURCE");
    host.canRaise = true;
    assertThat(describe(compile(s), PlanOp.SETRLIMIT))
        .containsExactly("setrlimit RLIMIT_NOFILE soft 1024 hard 1048576");
    host.canRaise = false;
    host.hardLimit = Linux.RLIM_INFINITY;
    assertThat(compile(s).size()).isPositive();
  }

  @Test
  void unsupportedThingsAreNamedByTheirJsonPath() {
    Spec s = withMount(defaults(), Spec.Mount.of("/data", "bind", "/srv/data",
        List.of("rbind", "idmap")));
    s = withMount(s, Spec.Mount.of("/t", "tmpfs", "tmpfs", List.of("tmpcopyup")));
    s = withProcess(s, p -> p.apparmorProfile("docker-default"));
    s = withLinux(s, l -> l.mountLabel("system_u:object_r:container_file_t:s0"));
    Spec spec = s;
    assertThatThrownBy(() -> compile(spec))
        .isInstanceOf(SpecCompileException.class)
        .isInstanceOf(SpecValidationException.class)
        .hasMessageContaining("process.apparmorProfile: is not supported yet")
        .hasMessageContaining("linux.mountLabel: is not supported yet")
        .hasMessageContaining("mounts[7].options: \"idmap\" is not supported yet")
        .hasMessageContaining("mounts[8].options: \"tmpcopyup\" is not supported");
  }

  @Test
  void seccompIsCompiledFromTheSpecUnlessAFilterIsGiven() {
    Spec s = withLinux(defaults(), l -> l.seccomp(io.jrunc.spec.Linux.Seccomp.defaultProfile()));
    assertThat(describe(compile(s), PlanOp.SECCOMP)).singleElement().asString()
        .startsWith("seccomp filter of ").contains("flags 0x0");
    assertThat(compile(s).describe()).contains("default SCMP_ACT_ERRNO(1), ")
        .contains("ENOSYS above the highest call named");
    Spec notify = withLinux(defaults(), l -> l.seccomp(io.jrunc.spec.Linux.Seccomp.builder()
        .defaultAction("SCMP_ACT_ALLOW").listenerPath("/run/l.sock")
        .syscalls(List.of(io.jrunc.spec.Linux.Seccomp.Syscall.builder().names(List.of("mkdir"))
            .action("SCMP_ACT_NOTIFY").build())).build()));
    // SCMP_ACT_NOTIFY: the listener fd is sent over fd 9 for the runtime to pass on
    Plan withNotify = compile(notify);
    assertThat(PlanCompiler.needsSeccompSocket(withNotify)).isTrue();
    assertThat(PlanCompiler.needsSeccompSocket(compile(s))).isFalse();
    int listener = first(withNotify, op(PlanOp.SECCOMP_LISTENER));
    assertThat(withNotify.step(listener).describe()).matches("seccomp filter of \\d+ instructions, flags"
        + " 0x8, its listener as fd 12: default SCMP_ACT_ALLOW, 1 call rules on SCMP_ARCH_\\w+,"
        + " notifications to /run/l.sock");
    assertThat(withNotify.steps().subList(listener + 1, listener + 4).stream().map(Step::describe))
        .containsExactly(
            "send fd 12 as \"seccompFd\" over socket fd 9",
            "close fd 12",
            "close fd 9");
    assertThat(listener).isGreaterThan(first(withNotify, op(PlanOp.CAPSET)))
        .isLessThan(first(withNotify, op(PlanOp.EXEC)));
    Plan plan = compile(s, CompileOptions.builder()
        .seccomp(new CompileOptions.SeccompFilter(1, new byte[16])));
    assertThat(describe(plan, PlanOp.SECCOMP)).containsExactly("seccomp filter of 2 instructions, flags 0x1: given by the runtime");
  }

  @Test
  void invalidSpecsAreRefusedBeforeCompiling() {
    Spec s = withProcess(defaults(), p -> p.args(List.of()));
    assertThatThrownBy(() -> compile(s)).isInstanceOf(SpecValidationException.class)
        .isNotInstanceOf(SpecCompileException.class)
        .hasMessageContaining("process.args");
  }

  @Test
  void aMountNamespaceIsRequired() {
    Spec s = withLinux(defaults(), l -> l.namespaces(List.of(
        io.jrunc.spec.Linux.Namespace.of("pid"), io.jrunc.spec.Linux.Namespace.of("uts"))));
    assertThatThrownBy(() -> compile(s))
        .hasMessageContaining("linux.namespaces: must have a mount namespace");
  }

  @Test
  void aMissingRootfsOrBindSourceIsNamed() {
    host.missing.add(Path.of("/bundle/rootfs"));
    host.kinds.put(Path.of("/nowhere"), Host.FileKind.MISSING);
    Spec s = withMount(defaults(), Spec.Mount.of("/data", "bind", "/nowhere", List.of("bind")));
    assertThatThrownBy(() -> compile(s))
        .hasMessageContaining("root.path: \"/bundle/rootfs\" does not exist")
        .hasMessageContaining("mounts[7].source: \"/nowhere\" does not exist");
  }

  @Test
  void mountsIntoProcAreRefusedButTheLxcfsOnesAndProcItself() {
    Spec s = withMount(defaults(), Spec.Mount.of("/proc/self/attr", "tmpfs", "tmpfs", null));
    assertThatThrownBy(() -> compile(s))
        .hasMessageContaining("mounts[7].destination: \"/proc/self/attr\" is inside /proc");
    Spec t = withMount(defaults(), Spec.Mount.of("/proc", "tmpfs", "tmpfs", null));
    assertThatThrownBy(() -> compile(t))
        .hasMessageContaining("mounts[7].destination: only a proc mount can be mounted on /proc");
    Plan plan = compile(withMount(defaults(),
        Spec.Mount.of("/proc/cpuinfo", "bind", "/var/lib/lxcfs/proc/cpuinfo", List.of("bind"))));
    assertThat(plan.steps()).anyMatch(mountOn("/proc/cpuinfo"));
  }

  @Test
  void sysctlsMustBeNamespacedAndWellFormed() {
    Spec s = withLinux(defaults(), l -> l.sysctl(Map.of("kernel.panic", "1",
        "net.ipv4.ip_forward", "1", "kernel.hostname", "x", "net/../../etc/x", "1",
        "user.max_user_namespaces", "0")));
    assertThatThrownBy(() -> compile(s))
        .hasMessageContaining("linux.sysctl[\"kernel.panic\"]: is not in a separate kernel namespace")
        .hasMessageContaining("linux.sysctl[\"kernel.hostname\"]: is not allowed: it conflicts with the hostname field")
        .hasMessageContaining("linux.sysctl[\"net/../../etc/x\"]: is not a valid sysctl name")
        .hasMessageContaining("linux.sysctl[\"user.max_user_namespaces\"]: is not allowed without a user namespace")
        .hasMessageNotContaining("ip_forward");
  }

  @Test
  void sysctlsAreWrittenAfterPivotBothSpellings() {
    Spec s = withLinux(defaults(), l -> l.sysctl(Map.of("kernel.msgmax", "4096",
        "net/ipv4/conf/eth0.100/forwarding", "1")));
    Plan plan = compile(s);
    assertThat(describe(plan, PlanOp.WRITE_FD)).containsExactly(
        "write \"4096\" to fd 12 (/proc/sys/kernel/msgmax)",
        "write \"1\" to fd 12 (/proc/sys/net/ipv4/conf/eth0.100/forwarding)");
    int write = first(plan, op(PlanOp.WRITE_FD));
    assertThat(write).isGreaterThan(first(plan, op(PlanOp.PIVOT_ROOT)));
    // through a checked handle on the container's procfs, beneath it, crossing no mount
    assertThat(plan.steps().subList(write - 3, write).stream().map(Step::describe)).containsExactly(
        "open \"/proc\" O_DIRECTORY|O_CLOEXEC|O_PATH resolve RESOLVE_NO_MAGICLINKS|RESOLVE_NO_SYMLINKS as fd 11",
        "check fd 11 (/proc) is a directory on filesystem 0x9fa0",
        "open \"/proc/sys/kernel/msgmax\" (beneath fd 11) O_WRONLY|O_TRUNC|O_CLOEXEC resolve"
            + " RESOLVE_NO_XDEV|RESOLVE_NO_MAGICLINKS|RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH as fd 12");
    assertThat(PlanCompiler.sysctlName("net/ipv4/conf/eth0.100/forwarding"))
        .isEqualTo("net.ipv4.conf.eth0/100.forwarding");
  }

  // ---- namespaces ----------------------------------------------------------------------------

  @Test
  void joinedNamespacesAreOpenedFirstThenJoinedUserLast() {
    Spec s = withLinux(defaults(), l -> l.namespaces(List.of(
        io.jrunc.spec.Linux.Namespace.of("user", "/proc/42/ns/user"),
        io.jrunc.spec.Linux.Namespace.of("network", "/proc/42/ns/net"),
        io.jrunc.spec.Linux.Namespace.of("mount"), io.jrunc.spec.Linux.Namespace.of("pid"))));
    s = withMount(s.toBuilder().hostname(null).mounts(List.of()).build(),
        Spec.Mount.of("/proc", "proc", "proc", null));
    assertThat(head(compile(s), 10)).containsExactly(
        "open \"/proc/42/ns/user\" O_CLOEXEC 0000 as fd 14",
        "open \"/proc/42/ns/net\" O_CLOEXEC 0000 as fd 15",
        "setns fd 15 (\"/proc/42/ns/net\") CLONE_NEWNET",
        "close fd 15",
        "setns fd 14 (\"/proc/42/ns/user\") CLONE_NEWUSER",
        "close fd 14",
        "setresgid 0 0 0 (EINVAL is fine)",
        "setresuid 0 0 0",
        "clone CLONE_NEWNS|CLONE_NEWPID, parent waits and exits with its status",
        "setsid"); // no lo: the network namespace is joined, not new
  }

  @Test
  void aNewUserNamespaceIsClonedFirstAndMappedBeforeTheRest() {
    List<io.jrunc.spec.Linux.Namespace> ns = new ArrayList<>(defaults().linux().namespaces());
    ns.add(io.jrunc.spec.Linux.Namespace.of("user"));
    ns.add(io.jrunc.spec.Linux.Namespace.of("cgroup"));
    Spec s = withLinux(defaults(), l -> l.namespaces(ns)
        .uidMappings(List.of(io.jrunc.spec.Linux.IdMapping.of(0, 100000, 65536)))
        .gidMappings(List.of(io.jrunc.spec.Linux.IdMapping.of(0, 100000, 65536))));
    Plan plan = compile(s);
    assertThat(head(plan, 8)).containsExactly(
        "clone CLONE_NEWUSER|CLONE_NEWPID, parent waits and exits with its status",
        "wait for the runtime to continue (it writes the uid and gid maps)",
        "setresgid 0 0 0 (EINVAL is fine)",
        "setresuid 0 0 0",
        "unshare CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET",
        "unshare CLONE_NEWCGROUP",
        "setsid",
        "bring up network interface \"lo\"");
    assertThat(plan.waitsForParent()).isTrue();
    // no mknod in a user namespace: the host's nodes are bind-mounted
    assertThat(describe(plan, PlanOp.MKNOD)).isEmpty();
    assertThat(plan.steps()).anyMatch(st -> st.op() == PlanOp.MOUNT && "/dev/null".equals(st.str(0))
        && st.num64(5) == MS_BIND && "/dev/null".equals(st.note()));
    assertThat(describe(plan, PlanOp.SETGROUPS)).containsExactly("setgroups [] (EPERM is fine)");
  }

  @Test
  void timeOffsetsAreWrittenBetweenUnshareAndClone() {
    List<io.jrunc.spec.Linux.Namespace> ns = new ArrayList<>(defaults().linux().namespaces());
    ns.add(io.jrunc.spec.Linux.Namespace.of("time"));
    Spec s = withLinux(defaults(), l -> l.namespaces(ns).timeOffsets(Map.of(
        "monotonic", io.jrunc.spec.Linux.TimeOffset.builder().secs(-5L).nanosecs(0L).build(),
        "boottime", io.jrunc.spec.Linux.TimeOffset.builder().secs(86400L).nanosecs(5L).build())));
    Plan plan = compile(s);
    assertThat(head(plan, 3)).containsExactly(
        "unshare CLONE_NEWTIME",
        "write \"boottime 86400 5\\x0amonotonic -5 0\\x0a\" to \"/proc/self/timens_offsets\" O_WRONLY",
        "clone CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET, parent waits"
            + " and exits with its status");
    assertThat(new String((byte[]) plan.step(1).arg(4), StandardCharsets.UTF_8))
        .isEqualTo("boottime 86400 5\nmonotonic -5 0\n");
    List<io.jrunc.spec.Linux.Namespace> joined = new ArrayList<>(defaults().linux().namespaces());
    joined.add(io.jrunc.spec.Linux.Namespace.of("time", "/proc/42/ns/time"));
    Spec joinedTimeNs = withLinux(defaults(), l -> l.namespaces(joined).timeOffsets(Map.of(
        "boottime", io.jrunc.spec.Linux.TimeOffset.builder().secs(1L).build())));
    assertThatThrownBy(() -> compile(joinedTimeNs)).isInstanceOf(SpecValidationException.class)
        .hasMessageContaining("linux.timeOffsets: not allowed when joining");
  }

  @Test
  void everyNamespaceHasItsFlag() {
    long all = 0;
    for (String t : List.of("pid", "network", "mount", "ipc", "uts", "cgroup", "time")) {
      List<io.jrunc.spec.Linux.Namespace> ns = new ArrayList<>(List.of(
          io.jrunc.spec.Linux.Namespace.of("mount")));
      if (!t.equals("mount")) {
        ns.add(io.jrunc.spec.Linux.Namespace.of(t));
      }
      Spec s = withLinux(defaults().toBuilder().hostname(null).build(), l -> l.namespaces(ns)
          .sysctl(null));
      s = s.toBuilder().mounts(List.of()).build();
      Plan plan = compile(s);
      for (Step st : plan.steps()) {
        if (st.op() == PlanOp.CLONE || st.op() == PlanOp.UNSHARE) {
          all |= st.num64(0);
        }
      }
    }
    assertThat(all).isEqualTo(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC
        | CLONE_NEWUTS | CLONE_NEWCGROUP | CLONE_NEWTIME);
  }

  // ---- the root filesystem -------------------------------------------------------------------

  @Test
  void maskedAndReadonlyPathsTolerateWhatIsNotThere() {
    Spec s = withLinux(defaults(), l -> l.maskedPaths(List.of("/proc/kcore", "/proc/kcore/"))
        .readonlyPaths(List.of("/proc/sys")));
    Plan plan = compile(s);
    int pivot = first(plan, op(PlanOp.PIVOT_ROOT));
    int ro = first(plan, s2 -> s2.op() == PlanOp.MOUNT && "/proc/sys".equals(s2.str(2)));
    assertThat(ro).isGreaterThan(pivot);
    assertThat(plan.step(ro).describe())
        .isEqualTo("mount \"/proc/sys\" on \"/proc/sys\" flags MS_BIND|MS_REC (ENOENT is fine)");
    assertThat(plan.step(ro + 1).describe())
        .isEqualTo("mount_setattr \"/proc/sys\" set RDONLY clear 0 propagation 0 (ENOENT is fine)");
    int mask = first(plan, op(PlanOp.SKIP_UNLESS));
    assertThat(plan.steps().subList(mask, mask + 4).stream().map(Step::describe)).containsExactly(
        "skip the next 1 step unless \"/proc/kcore\" exists and is a directory",
        "mount \"tmpfs\" on \"/proc/kcore\" type \"tmpfs\" flags MS_RDONLY data \"nr_blocks=1,nr_inodes=1\"",
        "skip the next 1 step unless \"/proc/kcore\" exists and is not a directory",
        "mount \"/proc/self/fd/11\" on \"/proc/kcore\" flags MS_BIND");
    assertThat(describe(plan, PlanOp.SKIP_UNLESS)).hasSize(2); // the duplicate is masked once
  }

  @Test
  void bindMountsAreRemountedForTheirOptionsThroughAReopenedTarget() {
    host.kinds.put(Path.of("/etc/resolv.conf"), Host.FileKind.OTHER);
    Spec s = withMount(defaults(), Spec.Mount.of("/etc/resolv.conf", "bind", "/etc/resolv.conf",
        List.of("rbind", "ro", "nosuid", "rprivate", "rnoexec")));
    s = withMount(s, Spec.Mount.of("/data", null, "data", List.of("bind")));
    Plan plan = compile(s);
    int at = first(plan, st -> st.op() == PlanOp.MKDIR_ALL && "etc/resolv.conf".equals(st.str(1)));
    List<String> steps = plan.steps().subList(at, at + 10).stream().map(Step::describe).toList();
    String resolve = "resolve RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT";
    assertThat(steps).containsExactly(
        "mkdir -p \"/etc/resolv.conf\" (beneath fd 10) 0644 (the last one an empty file) " + resolve,
        "open \"/etc/resolv.conf\" (beneath fd 10) O_CLOEXEC|O_PATH " + resolve + " as fd 11",
        "check that \"/etc/resolv.conf\" (fd 11) is not inside \"/bundle/rootfs/proc\"",
        "mount \"/etc/resolv.conf\" on \"/etc/resolv.conf\" (fd 11) flags"
            + " MS_RDONLY|MS_NOSUID|MS_BIND|MS_REC",
        "open \"/etc/resolv.conf\" (beneath fd 10) O_CLOEXEC|O_PATH " + resolve + " as fd 11",
        "mount none on \"/etc/resolv.conf\" (fd 11) flags"
            + " MS_RDONLY|MS_NOSUID|MS_REMOUNT|MS_BIND|MS_REC",
        "mount none on \"/etc/resolv.conf\" (fd 11) flags MS_REC|MS_PRIVATE",
        "mount_setattr \"/etc/resolv.conf\" (fd 11) set NOEXEC clear 0 propagation 0 recursive",
        // a relative source is the bundle's; no options: the source's flags stay, no remount
        "mkdir -p \"/data\" (beneath fd 10) 0755 " + resolve,
        "open \"/data\" (beneath fd 10) O_CLOEXEC|O_PATH " + resolve + " as fd 11");
    assertThat(plan.steps()).anyMatch(st -> st.op() == PlanOp.MOUNT && "/bundle/data".equals(st.str(0))
        && st.num64(5) == MS_BIND);
  }

  @Test
  void readonlyTmpfsAndDevAreRemountedAfterThePivot() {
    Spec s = withMount(defaults(), Spec.Mount.of("/run", "tmpfs", "tmpfs",
        List.of("ro", "nosuid", "size=1m")));
    Plan plan = compile(s);
    int mount = first(plan, mountOn("/run"));
    assertThat(plan.step(mount).num64(5)).isEqualTo(MS_NOSUID); // not yet read-only
    int remount = first(plan, st -> st.op() == PlanOp.MOUNT && "/run".equals(st.str(2)));
    assertThat(remount).isGreaterThan(first(plan, op(PlanOp.PIVOT_ROOT)));
    assertThat(plan.step(remount).num64(5))
        .isEqualTo(MS_RDONLY | MS_NOSUID | MS_REMOUNT | MS_BIND);
  }

  @Test
  void cgroupIsCgroup2OnAUnifiedHostAndAReadOnlyTmpfsOnV1() {
    host.unified = true;
    Step cg = compile(defaults()).steps().stream().filter(mountOn("/sys/fs/cgroup")).findFirst()
        .orElseThrow();
    assertThat(cg.str(3)).isEqualTo("cgroup2");
    host.unified = false;
    cg = compile(defaults()).steps().stream().filter(mountOn("/sys/fs/cgroup")).findFirst()
        .orElseThrow();
    assertThat(cg.str(3)).isEqualTo("tmpfs");
    assertThat(cg.str(4)).isEqualTo("mode=755");
  }

  @Test
  void procAndSysRefuseSymlinksOtherTargetsStayInTheRoot() {
    Plan plan = compile(defaults());
    for (Step st : plan.steps()) {
      if (st.op() == PlanOp.OPENAT2 || st.op() == PlanOp.MKDIR_ALL) {
        long resolve = st.op() == PlanOp.OPENAT2 ? st.num64(4) : st.num64(4);
        boolean strict = st.str(1).equals("proc") || st.str(1).equals("sys");
        assertThat(resolve).as(st.describe()).isEqualTo(strict ? PlanCompiler.RESOLVE_STRICT
            : PlanCompiler.RESOLVE);
        assertThat(resolve & Linux.RESOLVE_IN_ROOT).isNotZero();
      }
    }
  }

  @Test
  void devicesFromTheSpecReplaceDefaultsAndKeepTheirOwners() {
    Spec s = withLinux(defaults(), l -> l.devices(List.of(
        io.jrunc.spec.Linux.Device.builder().path("/dev/null").type("c").major(1L).minor(3L)
            .fileMode(0600L).build(),
        io.jrunc.spec.Linux.Device.builder().path("/dev/net/tun").type("c").major(10L).minor(200L)
            .uid(1000L).gid(1000L).build(),
        io.jrunc.spec.Linux.Device.builder().path("/dev/sda").type("b").major(8L).minor(0L)
            .fileMode(0660L).build())));
    Plan plan = compile(s);
    assertThat(describe(plan, PlanOp.MKNOD)).containsExactly(
        "mknod \"/dev/random\" (beneath fd 12) c 1:8 0666 (EEXIST is fine)",
        "mknod \"/dev/full\" (beneath fd 12) c 1:7 0666 (EEXIST is fine)",
        "mknod \"/dev/tty\" (beneath fd 12) c 5:0 0666 (EEXIST is fine)",
        "mknod \"/dev/zero\" (beneath fd 12) c 1:5 0666 (EEXIST is fine)",
        "mknod \"/dev/urandom\" (beneath fd 12) c 1:9 0666 (EEXIST is fine)",
        "mknod \"/dev/null\" (beneath fd 12) c 1:3 0600 (EEXIST is fine)",
        "mknod \"/dev/sda\" (beneath fd 12) b 8:0 0660 (EEXIST is fine)",
        "mknod \"/dev/net/tun\" (beneath fd 12) c 10:200 0666 (EEXIST is fine)");
    assertThat(describe(plan, PlanOp.CHOWN))
        .containsExactly("chown \"/dev/net/tun\" (beneath fd 12) 1000:1000 (not following symlinks)");
    assertThat(describe(plan, PlanOp.MKDIR_ALL)).contains(
        "mkdir -p \"/dev/net\" (beneath fd 10) 0755 resolve RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT");
  }

  @Test
  void aBindMountOnDevMeansNoDevices() {
    Spec s = defaults();
    List<Spec.Mount> mounts = new ArrayList<>();
    for (Spec.Mount m : s.mounts()) {
      mounts.add(m.destination().equals("/dev")
          ? Spec.Mount.of("/dev", "bind", "/dev", List.of("rbind")) : m);
    }
    Plan plan = compile(s.toBuilder().mounts(mounts).build());
    assertThat(describe(plan, PlanOp.MKNOD)).isEmpty();
    assertThat(describe(plan, PlanOp.SYMLINK)).isEmpty();
  }

  @Test
  void noPivotMovesTheRootAndDetachesTheHostsProcAndSys() {
    Plan plan = compile(defaults(), CompileOptions.builder().noPivotRoot(true));
    assertThat(first(plan, op(PlanOp.PIVOT_ROOT))).isEqualTo(-1);
    int chdir = first(plan, op(PlanOp.CHDIR));
    assertThat(plan.steps().subList(chdir, chdir + 7).stream().map(Step::describe)).containsExactly(
        "chdir \"/bundle/rootfs\"",
        "mount none on \"/proc\" flags MS_REC|MS_SLAVE (ENOENT is fine)",
        "umount \"/proc\" flags 2 (EINVAL is fine)",
        "mount none on \"/sys\" flags MS_REC|MS_SLAVE (ENOENT is fine)",
        "umount \"/sys\" flags 2 (EINVAL is fine)",
        "mount \"/bundle/rootfs\" on \"/\" flags MS_MOVE",
        "chroot \".\"");
    assertThat(plan.step(chdir + 5).num64(5)).isEqualTo(MS_MOVE);
    Spec priv = withLinux(defaults(), l -> l.rootfsPropagation("rprivate"));
    assertThatThrownBy(() -> compile(priv, CompileOptions.builder().noPivotRoot(true)))
        .hasMessageContaining("linux.rootfsPropagation: \"rprivate\" is not safe without pivot_root");
  }

  @Test
  void rootfsPropagation() {
    Plan slave = compile(defaults());
    assertThat(slave.step(first(slave, op(PlanOp.MOUNT))).num64(5)).isEqualTo(MS_SLAVE | MS_REC);
    host.mountPoint = Path.of("/bundle");
    Plan shared = compile(withLinux(defaults(), l -> l.rootfsPropagation("rshared")));
    List<String> mounts = describe(shared, PlanOp.MOUNT);
    assertThat(mounts.subList(0, 3)).containsExactly(
        "mount none on \"/\" flags MS_REC|MS_SHARED",
        "mount none on \"/bundle\" flags MS_PRIVATE", // the rootfs's parent mount, not shared
        "mount \"/bundle/rootfs\" on \"/bundle/rootfs\" flags MS_BIND|MS_REC");
    int pivot = first(shared, op(PlanOp.PIVOT_ROOT));
    assertThat(shared.step(pivot + 2).describe()).isEqualTo("mount none on \"/\" flags MS_REC|MS_SHARED");
    assertThat(shared.step(pivot + 2).num64(5)).isEqualTo(MS_SHARED | MS_REC);
    Plan priv = compile(withLinux(defaults(), l -> l.rootfsPropagation("private")));
    assertThat(describe(priv, PlanOp.MOUNT).get(0)).isEqualTo("mount none on \"/\" flags MS_PRIVATE");
    assertThat(priv.step(first(priv, op(PlanOp.MOUNT))).num64(5)).isEqualTo(MS_PRIVATE);
  }

  @Test
  void theExecFifoIsOpenedEarlyAndReopenedRightBeforeExec() {
    Plan plan = compile(defaults(), CompileOptions.builder()
        .execFifo(Path.of("/run/jrunc/c1/exec.fifo")).preserveFds(2));
    assertThat(describe(plan, PlanOp.OPEN)).contains(
        "open \"/run/jrunc/c1/exec.fifo\" O_CLOEXEC|O_PATH 0000 as fd 13");
    assertThat(first(plan, st -> st.op() == PlanOp.OPEN && st.str(1).endsWith("exec.fifo")))
        .isLessThan(first(plan, op(PlanOp.PIVOT_ROOT)));
    List<String> tail = plan.steps().subList(plan.size() - 4, plan.size() - 1).stream()
        .map(Step::describe).toList();
    assertThat(tail).containsExactly(
        "wait for start: open fifo \"/run/jrunc/c1/exec.fifo\" for writing",
        "close fd 13",
        "close-on-exec every fd from 5"); // 0, 1, 2 and the two preserved
  }

  @Test
  void theTerminalHookRunsWhereRuncSetsUpTheConsole() {
    Spec s = withProcess(defaults(), p -> p.terminal(true));
    Plan plan = compile(s, CompileOptions.builder()
        .terminalSetup((b, spec) -> b.open(Linux.AT_FDCWD, "/dev/pts/ptmx", Linux.O_RDWR, 0, -1)));
    int hook = first(plan, st -> st.op() == PlanOp.OPEN && "/dev/pts/ptmx".equals(st.str(1)));
    assertThat(hook).isGreaterThan(first(plan, op(PlanOp.PIVOT_ROOT)))
        .isLessThan(first(plan, st -> st.op() == PlanOp.MOUNT && "/sys/fs/cgroup".equals(st.str(2))));
    assertThat(compile(withProcess(s, p -> p.terminal(false)), CompileOptions.builder()
        .terminalSetup((b, spec) -> b.linkUp("never"))).steps())
        .noneMatch(st -> st.op() == PlanOp.LINK_UP && "never".equals(st.str(0)));
  }

  @Test
  void theParentDeathSignalIsSetAndRestoredAfterTheUidChange() {
    Plan plan = compile(defaults(), CompileOptions.builder().parentDeathSignal(9));
    List<Integer> at = IntStream.range(0, plan.size()).filter(i -> plan.step(i).op() == PlanOp.PRCTL
        && plan.step(i).num(0) == Linux.PR_SET_PDEATHSIG).boxed().toList();
    assertThat(at).hasSize(2);
    assertThat(at.get(0)).isLessThan(first(plan, op(PlanOp.PIVOT_ROOT)));
    assertThat(at.get(1)).isGreaterThan(first(plan, op(PlanOp.SETRESUID)));
  }

  @Test
  void preservedFdsMoveThePlansOwnFdsUp() {
    Plan plan = compile(defaults(), CompileOptions.builder().preserveFds(20));
    assertThat(describe(plan, PlanOp.OPEN)).containsExactly(
        "open \"/bundle/rootfs\" O_DIRECTORY|O_CLOEXEC|O_PATH 0000 as fd 23",
        "open \"/dev/null\" O_NOFOLLOW|O_CLOEXEC|O_PATH 0000 as fd 24");
    assertThat(describe(plan, PlanOp.CLOSE_FDS_FROM)).containsExactly("close-on-exec every fd from 23");
  }

  @Test
  void timeAndCgroupNamespacesAreNotInTheClone() {
    List<io.jrunc.spec.Linux.Namespace> ns = new ArrayList<>(defaults().linux().namespaces());
    ns.add(io.jrunc.spec.Linux.Namespace.of("time"));
    ns.add(io.jrunc.spec.Linux.Namespace.of("cgroup"));
    Plan plan = compile(withLinux(defaults(), l -> l.namespaces(ns)));
    Step clone = plan.step(first(plan, op(PlanOp.CLONE)));
    assertThat(clone.num64(0) & (CLONE_NEWTIME | CLONE_NEWCGROUP | CLONE_NEWUSER)).isZero();
    // the time namespace before (children enter it), the cgroup one after (once in the cgroup)
    assertThat(first(plan, st -> st.op() == PlanOp.UNSHARE && st.num64(0) == CLONE_NEWTIME))
        .isLessThan(first(plan, op(PlanOp.CLONE)));
    assertThat(first(plan, st -> st.op() == PlanOp.UNSHARE && st.num64(0) == CLONE_NEWCGROUP))
        .isGreaterThan(first(plan, op(PlanOp.CLONE)));
  }

  // ---- hooks -------------------------------------------------------------------------------

  static Spec withHooks(Spec s, Spec.Hooks hooks) {
    return s.toBuilder().hooks(hooks).build();
  }

  static Spec.Hooks.Hook hook(String path, Integer timeout, String... args) {
    return Spec.Hooks.Hook.builder().path(path).args(List.of(args)).env(List.of("A=1")).timeout(timeout)
        .build();
  }

  @Test
  void syncBeforePivotStopsTheInitOnceItsRootfsIsReady() {
    assertThat(first(compile(defaults()), op(PlanOp.SYNC))).isEqualTo(-1);
    Plan plan = compile(defaults(), CompileOptions.builder().syncBeforePivot(true));
    int sync = first(plan, op(PlanOp.SYNC));
    assertThat(sync).isEqualTo(first(plan, op(PlanOp.PIVOT_ROOT)) - 1);
    assertThat(sync).isGreaterThan(last(plan, s -> s.op() == PlanOp.MKNOD || s.op() == PlanOp.SYMLINK
        || s.op() == PlanOp.MOUNT && s.num(1) != Linux.AT_FDCWD));
    assertThat(last(plan, op(PlanOp.SYNC))).isEqualTo(sync);
    // no pivot: before the root is moved
    Plan noPivot = compile(defaults(), CompileOptions.builder().syncBeforePivot(true).noPivotRoot(true));
    assertThat(first(noPivot, op(PlanOp.SYNC))).isLessThan(first(noPivot, mountOn("/")
        .and(st -> (st.num64(5) & MS_MOVE) != 0)));
  }

  @Test
  void startContainerHooksRunInTheInitAfterTheStartBeforeTheProgram() {
    Spec s = withHooks(defaults(), Spec.Hooks.builder()
        .startContainer(List.of(hook("/bin/hook1", 5, "h1", "-x"), hook("/bin/hook2", null)))
        .build());
    Plan plan = compile(s, CompileOptions.builder()
        .execFifo(Path.of("/run/jrunc/c1/exec.fifo"))
        .hookStdin(Path.of("/run/jrunc/c1/hook-stdin.json"))
        .hookStderr(Path.of("/run/jrunc/c1/hook-stderr.log")));
    List<String> opens = describe(plan, PlanOp.OPEN);
    assertThat(opens).contains(
        "open \"/run/jrunc/c1/hook-stdin.json\" O_CLOEXEC 0000 as fd 14",
        "open \"/run/jrunc/c1/hook-stderr.log\" O_WRONLY|O_CREAT|O_CLOEXEC 0600 as fd 15");
    assertThat(first(plan, s2 -> s2.op() == PlanOp.OPEN && s2.num(4) == 14))
        .isLessThan(first(plan, op(PlanOp.PIVOT_ROOT)));
    assertThat(describe(plan, PlanOp.RUN_WAIT)).containsExactly(
        "run \"/bin/hook1\" (hooks.startContainer[0]) argv [\"h1\", \"-x\"] env [\"A=1\"], stdin fd 14,"
            + " stderr fd 15, and wait for it (at most 5 s); it must exit with 0",
        "run \"/bin/hook2\" (hooks.startContainer[1]) argv [\"/bin/hook2\"] env [\"A=1\"], stdin fd 14,"
            + " stderr fd 15, and wait for it; it must exit with 0");
    int fifo = first(plan, op(PlanOp.WAIT_FIFO));
    int run = first(plan, op(PlanOp.RUN_WAIT));
    assertThat(run).isEqualTo(fifo + 2); // wait, close the fifo, the hooks
    assertThat(describe(new Plan(plan.steps().subList(run + 2, plan.size())), PlanOp.CLOSE))
        .containsExactly("close fd 14", "close fd 15");
    assertThat(run).isGreaterThan(first(plan, op(PlanOp.SETRESUID))).isGreaterThan(first(plan, op(PlanOp.CAPSET)));
    assertThat(first(plan, op(PlanOp.EXEC))).isEqualTo(plan.size() - 1).isEqualTo(run + 5);
    // without the files: the container's own stdin and stderr
    Plan plain = compile(s, CompileOptions.builder());
    assertThat(plain.steps().stream().filter(op(PlanOp.RUN_WAIT)).map(st -> st.num(0) + " " + st.num(1)))
        .containsExactly("-1 -1", "-1 -1");
    // and nothing of this without startContainer hooks
    Plan none = compile(withHooks(defaults(), Spec.Hooks.builder()
        .poststart(List.of(hook("/bin/p", null))).build()), CompileOptions.builder()
        .hookStdin(Path.of("/run/jrunc/c1/hook-stdin.json")));
    assertThat(none).isEqualTo(compile(defaults()));
  }

  @Test
  void cgroupsTheInitWaitsRightAfterItsCloneAndSeesItsOwnV1Cgroups() {
    Map<String, Path> binds = new java.util.LinkedHashMap<>();
    binds.put("memory", Path.of("/sys/fs/cgroup/memory/jrunc/c1"));
    binds.put("cpu,cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct/jrunc/c1"));
    Plan plan = compile(defaults(), CompileOptions.builder().waitForCgroups(true).cgroupBinds(binds));
    int clone = first(plan, s -> s.op() == PlanOp.CLONE);
    assertThat(plan.step(clone + 1).op()).isEqualTo(PlanOp.WAIT_PARENT);
    String text = plan.describe();
    assertThat(text).contains("\"/sys/fs/cgroup/memory/jrunc/c1\"", "\"/sys/fs/cgroup/cpu,cpuacct/jrunc/c1\"",
        "\"cpu,cpuacct\"");
    int tmpfs = first(plan, s -> s.op() == PlanOp.MOUNT && "/sys/fs/cgroup".equals(s.note()));
    int bind = first(plan, s -> s.op() == PlanOp.MOUNT && "/sys/fs/cgroup/memory".equals(s.note()));
    int pivot = first(plan, s -> s.op() == PlanOp.PIVOT_ROOT);
    assertThat(tmpfs).isPositive().isLessThan(bind);
    assertThat(bind).isLessThan(pivot);
    // without: no wait, an empty tmpfs
    Plan none = compile(defaults());
    assertThat(none.step(first(none, s -> s.op() == PlanOp.CLONE) + 1).op()).isNotEqualTo(PlanOp.WAIT_PARENT);
    assertThat(none.describe()).doesNotContain("/sys/fs/cgroup/memory");
  }
}
