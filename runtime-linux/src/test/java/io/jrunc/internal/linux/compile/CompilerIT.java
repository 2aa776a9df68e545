package io.jrunc.internal.linux.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.testing.Requirements;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real busybox containers from {@link Spec#defaults()} (args changed, no terminal), compiled by
 * {@link PlanCompiler} and run by the helper, as root.
 */
class CompilerIT {
  @TempDir static Path tmp;
  static Path bundle;
  static HelperLauncher launcher;

  /** Each test, by name, needs root (skipped for a user, also in CI: see Requirements.root). */
  @BeforeEach
  void root() {
    Requirements.root("plans compiled from runc's default spec, which has no user namespace");
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!io.jrunc.testing.Requirements.isRoot()) {
      return; // every test is skipped
    }
    bundle = newBundle("bundle");
    launcher = HelperLauncher.create();
  }

  static Path newBundle(String name) throws Exception {
    Path b = tmp.resolve(name);
    Requirements.busyboxRootfs(b.resolve("rootfs"));
    return b;
  }

  /** The default spec running {@code sh -c script}, without a terminal. */
  static Spec spec(String script) {
    Spec d = Spec.defaults();
    return d.toBuilder().process(d.process().toBuilder().terminal(false)
        .args(List.of("sh", "-c", script)).build()).build();
  }

  record Result(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Result run(Spec spec) throws Exception {
    return run(spec, bundle, CompileOptions.defaults());
  }

  static Result run(Spec spec, Path bundle, CompileOptions opts) throws Exception {
    Plan plan = PlanCompiler.compile(spec, bundle, opts);
    HelperProcess p = launcher.launch(plan);
    return finish(p);
  }

  static Result finish(HelperProcess p) throws Exception {
    p.process().getOutputStream().close();
    String out = read(p.process().getInputStream());
    String err = read(p.process().getErrorStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the container exits").isTrue();
    return new Result(p.process().exitValue(), out, err);
  }

  static String read(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  static Result ok(Result r) {
    assertThat(r.status()).as("exit status; stdout: %s; stderr: %s", r.out(), r.err()).isZero();
    return r;
  }

  @Test
  void theDefaultSpecRunsAsPid1InItsNamespaces() throws Exception {
    String script = "tr '\\0' ' ' < /proc/1/cmdline; echo; hostname; id; ulimit -n;"
        + " grep -E '^(CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status;"
        + " echo fds $(ls /proc/self/fd); cat /sys/class/net/lo/flags; pwd";
    List<String> lines = ok(run(spec(script))).lines();
    assertThat(lines.get(0)).isEqualTo("sh -c " + script + " ");
    // CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE: bits 5, 10, 29; no ambient (none inheritable)
    assertThat(lines.subList(1, lines.size())).containsExactly(
        "runc",
        "uid=0(root) gid=0(root)", // no supplementary groups: setgroups([])
        "1024",
        "CapEff:\t0000000020000420",
        "CapBnd:\t0000000020000420",
        "CapAmb:\t0000000000000000",
        "NoNewPrivs:\t1",
        "fds 0 1 2 3", // 3: the directory ls reads; nothing leaked from the JVM or the helper
        "0x9", // lo is up (IFF_UP|IFF_LOOPBACK)
        "/");
  }

  @Test
  void theMountsAreThoseOfTheSpec() throws Exception {
    Result r = ok(run(spec("cat /proc/self/mountinfo")));
    Map<String, String[]> byPoint = new java.util.HashMap<>();
    for (String line : r.lines()) {
      String[] f = line.split(" ");
      byPoint.put(f[4], f);
    }
    assertThat(byPoint).containsKeys("/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
        "/sys", "/sys/fs/cgroup", "/proc/timer_list", "/proc/sys", "/sys/firmware");
    assertThat(fsType(byPoint.get("/proc"))).isEqualTo("proc");
    assertThat(fsType(byPoint.get("/dev"))).isEqualTo("tmpfs");
    assertThat(fsType(byPoint.get("/dev/pts"))).isEqualTo("devpts");
    assertThat(fsType(byPoint.get("/dev/shm"))).isEqualTo("tmpfs");
    assertThat(fsType(byPoint.get("/dev/mqueue"))).isEqualTo("mqueue");
    assertThat(fsType(byPoint.get("/sys"))).isEqualTo("sysfs");
    assertThat(byPoint.get("/sys")[5]).startsWith("ro,").contains("nosuid", "nodev", "noexec");
    assertThat(byPoint.get("/")[5]).startsWith("ro");
    assertThat(byPoint.get("/proc/sys")[5]).startsWith("ro");
    assertThat(byPoint.get("/sys/fs/cgroup")[5]).startsWith("ro");
    assertThat(byPoint.get("/dev/shm")[5]).contains("nosuid", "nodev", "noexec");
  }

  static String fsType(String[] mountinfo) {
    for (int i = 0; i < mountinfo.length; i++) {
      if (mountinfo[i].equals("-")) {
        return mountinfo[i + 1];
      }
    }
    return null;
  }

  @Test
  void maskedPathsShowNothingAndTheRootIsReadOnly() throws Exception {
    // (/proc/kcore, runc's classic example, is not in every kernel; timer_list is.)
    String script = "echo timer_list $(wc -c < /proc/timer_list) $(stat -c %t:%T /proc/timer_list);"
        + " echo firmware $(ls -A /sys/firmware | wc -l);"
        + " touch /x 2>&1; touch /sys/firmware/x 2>&1; { echo 1 > /proc/sys/kernel/shmmni; } 2>&1;"
        + " touch /dev/shm/ok && echo shm writable";
    List<String> lines = run(spec(script)).lines();
    assertThat(lines).containsExactly(
        "timer_list 0 1:3", // /dev/null over it
        "firmware 0", // an empty tmpfs over it
        "touch: /x: Read-only file system",
        "touch: /sys/firmware/x: Read-only file system",
        "sh: can't create /proc/sys/kernel/shmmni: Read-only file system",
        "shm writable");
  }

  @Test
  void sysctlsAreSetInTheContainersNamespaces() throws Exception {
    Spec s = spec("cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward");
    s = s.toBuilder().linux(s.linux().toBuilder()
        .sysctl(Map.of("kernel.msgmax", "4242", "net.ipv4.ip_forward", "1")).build()).build();
    assertThat(ok(run(s)).lines()).containsExactly("4242", "1");
    assertThat(Files.readString(Path.of("/proc/sys/kernel/msgmax")).trim()).isNotEqualTo("4242");
  }

  @Test
  void bindMountsReadOnlyAndReadWrite() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("hello"), "hi\n");
    Files.writeString(tmp.resolve("single-file"), "one file\n");
    Spec s = spec("cat /ro/hello /file; touch /ro/x 2>&1; touch /rw/y && echo rw ok;"
        + " grep -E ' /(ro|rw|file) ' /proc/self/mountinfo | cut -d' ' -f5,6 | cut -d, -f1");
    List<Spec.Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(Spec.Mount.of("/ro", "bind", data.toString(), List.of("bind", "ro")));
    mounts.add(Spec.Mount.of("/rw", "bind", data.toString(), List.of("rbind", "rw")));
    mounts.add(Spec.Mount.of("/file", "none", tmp.resolve("single-file").toString(),
        List.of("bind", "ro", "nosuid")));
    s = s.toBuilder().mounts(mounts).build();
    assertThat(ok(run(s)).lines()).containsExactly(
        "hi", "one file",
        "touch: /ro/x: Read-only file system",
        "rw ok",
        "/ro ro", "/rw rw", "/file ro");
    assertThat(data.resolve("y")).exists();
    assertThat(data.resolve("x")).doesNotExist();
  }

  @Test
  void aMountThroughASymlinkOutOfTheRootfsLandsInsideIt() throws Exception {
    Path b = newBundle("escape");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("marker"), "host\n");
    Path rootfs = b.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("mnt"));
    Files.createSymbolicLink(rootfs.resolve("mnt/evil"), outside); // an absolute host path
    Files.createDirectories(rootfs.resolve(outside.toString().substring(1))); // ... and inside
    Spec s = spec("touch /mnt/evil/written; ls /mnt/evil;"
        + " grep ' " + outside + " ' /proc/self/mountinfo | cut -d' ' -f5,9");
    List<Spec.Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(Spec.Mount.of("/mnt/evil", "tmpfs", "tmpfs", List.of("size=1m")));
    s = s.toBuilder().mounts(mounts).build();
    assertThat(ok(run(s, b, CompileOptions.defaults())).lines())
        .containsExactly("written", outside + " tmpfs");
    try (var files = Files.list(outside)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("marker");
    }
    String hostMounts = Files.readString(Path.of("/proc/self/mountinfo"));
    assertThat(hostMounts).doesNotContain(" " + outside + " ");
  }

  @Test
  void aProcThatIsASymlinkIsRefused() throws Exception {
    Path b = newBundle("symlinked-proc");
    Path proc = b.resolve("rootfs/proc");
    if (Files.exists(proc, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(proc);
    }
    Files.createSymbolicLink(proc, Path.of("/tmp"));
    Plan plan = PlanCompiler.compile(spec("true"), b, CompileOptions.defaults());
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessageMatching("create \"/proc\" \\(no symlinks allowed\\): Too many levels of symbolic"
            + " links \\(plan step \\d+\\)");
  }

  @Test
  void anInvalidMountNamesItsStep() throws Exception {
    Spec s = spec("true");
    List<Spec.Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(Spec.Mount.of("/mnt/bogus", "bogusfs", "none", null));
    s = s.toBuilder().mounts(mounts).build();
    Plan plan = PlanCompiler.compile(s, bundle, CompileOptions.defaults());
    PlanStepException e = (PlanStepException) catchThrowable(() -> launcher.launch(plan));
    assertThat(e).hasMessage("mount \"none\" on \"/mnt/bogus\": No such device (plan step "
        + e.stepIndex() + ")");
    assertThat(plan.step(e.stepIndex()).str(3)).isEqualTo("bogusfs");
  }

  static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    return org.assertj.core.api.Assertions.catchThrowable(c);
  }

  @Test
  void aMissingProgramNamesTheExec() throws Exception {
    Spec d = spec("true");
    Spec s = d.toBuilder().process(d.process().toBuilder().args(List.of("/bin/nope")).build())
        .build();
    Plan plan = PlanCompiler.compile(s, bundle, CompileOptions.defaults());
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessage("exec \"/bin/nope\": no such file or directory (plan step "
            + (plan.size() - 1) + ")");
    Spec searched = d.toBuilder().process(d.process().toBuilder().args(List.of("nope")).build())
        .build();
    Plan plan2 = PlanCompiler.compile(searched, bundle, CompileOptions.defaults());
    assertThatThrownBy(() -> launcher.launch(plan2))
        .hasMessage("exec \"nope\": executable file not found in $PATH (plan step "
            + (plan2.size() - 1) + ")");
  }

  @Test
  void aUserWithGroupsUmaskAndCapabilities() throws Exception {
    Spec d = spec("id; umask; grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status; pwd;"
        + " echo $HOME");
    List<String> caps = List.of("CAP_NET_BIND_SERVICE");
    Spec s = d.toBuilder().process(d.process().toBuilder()
        .user(Spec.Process.User.builder().uid(1000).gid(1000).additionalGids(List.of(10L, 20L))
            .umask(027L).build())
        .cwd("/home/someone/work")
        .capabilities(Spec.Process.Capabilities.builder().bounding(List.of(
            "CAP_NET_BIND_SERVICE", "CAP_KILL")).effective(caps).permitted(caps)
            .inheritable(caps).ambient(caps).build())
        .build()).build();
    assertThat(ok(run(s)).lines()).containsExactly(
        "uid=1000 gid=1000 groups=10,20",
        "0027",
        "CapInh:\t0000000000000400",
        "CapPrm:\t0000000000000400",
        "CapEff:\t0000000000000400",
        "CapBnd:\t0000000000000420",
        "CapAmb:\t0000000000000400",
        "/home/someone/work",
        "/");
  }

  @Test
  void createWaitsAtTheExecFifoUntilStarted() throws Exception {
    Path fifo = tmp.resolve("exec.fifo");
    Process mk = new ProcessBuilder("mkfifo", "-m", "0622", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    Plan plan = PlanCompiler.compile(spec("echo started"), bundle,
        CompileOptions.builder().execFifo(fifo).build());
    HelperProcess p = launcher.launch(plan);
    assertThat(p.waitingAtFifo()).isTrue();
    Thread.sleep(100);
    assertThat(p.process().isAlive()).isTrue();
    try (InputStream in = Files.newInputStream(fifo)) { // start
      assertThat(in.readAllBytes()).containsExactly('0');
    }
    HelperProcess started = p.awaitExec();
    assertThat(ok(finish(started)).lines()).containsExactly("started");
  }

  @Test
  void aCompiledPlanRunsUnderTheShim() throws Exception {
    Plan plan = PlanCompiler.compile(spec("echo $$; hostname; exit 7"), bundle,
        CompileOptions.defaults());
    try (io.jrunc.internal.linux.shim.ShimHandle h = io.jrunc.internal.linux.shim.ShimLauncher
        .create().start(plan, io.jrunc.internal.linux.shim.ShimOptions.defaults())) {
      h.stdin().close();
      String out = read(h.stdout());
      assertThat(h.waitFor(30, TimeUnit.SECONDS).exitCode()).isEqualTo(7);
      assertThat(out.lines()).containsExactly("1", "runc");
    }
  }

  @Test
  void timeNamespaceOffsets() throws Exception {
    io.jrunc.testing.Requirements.require(Files.exists(Path.of("/proc/self/ns/time")),
        "time namespaces (CONFIG_TIME_NS)");
    Spec s = spec("cut -d' ' -f1 /proc/uptime; readlink /proc/self/ns/time");
    List<Linux.Namespace> ns = new ArrayList<>(s.linux().namespaces());
    ns.add(Linux.Namespace.of("time"));
    s = s.toBuilder().linux(s.linux().toBuilder().namespaces(ns).timeOffsets(Map.of(
        "boottime", Linux.TimeOffset.builder().secs(10L * 86400).nanosecs(0L).build())).build())
        .build();
    List<String> lines = ok(run(s)).lines();
    double hostUptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    assertThat(Double.parseDouble(lines.get(0))).isGreaterThan(hostUptime + 10 * 86400 - 60);
    assertThat(lines.get(1)).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString());
  }

  @Test
  void noPivotRootMovesAndChroots() throws Exception {
    Spec s = spec("hostname; tr '\\0' ' ' < /proc/1/cmdline; echo; ls /bin/busybox;"
        + " touch /x 2>&1; true");
    List<String> lines = ok(run(s, bundle, CompileOptions.builder().noPivotRoot(true).build()))
        .lines();
    assertThat(lines).containsExactly("runc", String.join(" ", s.process().args()) + " ",
        "/bin/busybox", "touch: /x: Read-only file system");
  }

  @Test
  void theCwdIsMadeAndSymlinkedDestinationsCannotReachProc() throws Exception {
    Path b = newBundle("proc-link");
    Files.createSymbolicLink(b.resolve("rootfs/sneaky"), Path.of("/proc/sys/kernel"));
    Spec s = spec("true");
    List<Spec.Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(Spec.Mount.of("/sneaky", "tmpfs", "tmpfs", null));
    s = s.toBuilder().mounts(mounts).build();
    Plan plan = PlanCompiler.compile(s, b, CompileOptions.defaults());
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessageMatching(Pattern.quote("check that \"/sneaky\" is not inside \"" + b.resolve("rootfs")
            .toRealPath() + "/proc\": Operation not permitted (plan step ") + "\\d+\\)");
  }
}
