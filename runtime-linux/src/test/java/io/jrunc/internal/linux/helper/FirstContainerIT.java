package io.jrunc.internal.linux.helper;

import static io.jrunc.internal.linux.Linux.CLONE_NEWIPC;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNET;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNS;
import static io.jrunc.internal.linux.Linux.CLONE_NEWPID;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUSER;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUTS;
import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_NODEV;
import static io.jrunc.internal.linux.Linux.MS_NOEXEC;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_PRIVATE;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_STRICTATIME;
import static io.jrunc.internal.linux.Linux.S_IFCHR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Capabilities;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first real container: a plan written by hand (the spec compiler comes later) that clones
 * into new namespaces, sets up the busybox rootfs with proc and a tmpfs /dev, pivots and execs.
 */
class FirstContainerIT {
  private static final long NAMESPACES = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC
      | CLONE_NEWNET;
  private static final List<String> ENV = List.of("PATH=/bin", "HOME=/root");

  @TempDir static Path tmp;
  static Path rootfs;
  static HelperLauncher launcher;

  /** Each test, by name, needs root (skipped for a user, also in CI: see Requirements.root). */
  @BeforeEach
  void root() {
    Requirements.root("hand-written plans with namespaces but no user namespace (the rootless path is RootlessIT's)");
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!io.jrunc.testing.Requirements.isRoot()) {
      return; // every test is skipped
    }
    rootfs = Requirements.busyboxRootfs(tmp.resolve("rootfs"));
    launcher = HelperLauncher.create();
  }

  /** Everything up to the final exec; {@code extra} goes in just before the pivot. */
  static PlanBuilder container(String hostname) {
    String r = rootfs.toString();
    PlanBuilder b = new PlanBuilder()
        .clone(NAMESPACES)
        .prctl(Linux.PR_SET_PDEATHSIG, Linux.SIGKILL, 0, 0, 0)
        .mount(null, "/", null, MS_REC | MS_PRIVATE, null)
        .mount(r, r, null, MS_BIND | MS_REC, null)
        .mount("proc", r + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, null)
        .mount("tmpfs", r + "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k")
        .umask(0);
    String[][] nodes = {{"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"},
        {"random", "1", "8"}, {"urandom", "1", "9"}, {"tty", "5", "0"}};
    for (String[] n : nodes) {
      b.mknod(r + "/dev/" + n[0], S_IFCHR | 0666, Integer.parseInt(n[1]), Integer.parseInt(n[2]));
    }
    return b.umask(022)
        .sethostname(hostname)
        .pivotRoot(r)
        .closeFdsFrom(3);
  }

  static String run(Plan plan) throws Exception {
    HelperProcess p = launcher.launch(plan);
    String out = new String(p.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.process().getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.process().exitValue()).as("exit status; stderr: %s", err).isZero();
    return out;
  }

  @Test
  void runsAShellAsPid1InItsOwnNamespaces() throws Exception {
    String script = "echo $$; hostname; cat /proc/self/status | grep -E \"^(NSpid|Seccomp|CapEff)\";"
        + " ls /proc/self/fd; ls -l /dev/null";
    Plan plan = container("jrunc-it").exec("/bin/sh", List.of("sh", "-c", script), ENV).build();
    List<String> lines = run(plan).lines().toList();
    assertThat(lines.get(0)).isEqualTo("1");
    assertThat(lines.get(1)).isEqualTo("jrunc-it");
    assertThat(lines).anyMatch(l -> l.matches("NSpid:\\s+\\d+")); // one level: the container's
    assertThat(lines).contains("Seccomp:\t0");
    assertThat(lines).anyMatch(l -> l.startsWith("CapEff:\t"));
    // 0, 1, 2 and the directory ls reads /proc/self/fd through: nothing leaked from the JVM.
    assertThat(lines.subList(2, lines.size() - 1).stream().filter(l -> l.matches("\\d+")))
        .containsExactly("0", "1", "2", "3");
    assertThat(lines.get(lines.size() - 1)).startsWith("crw-rw-rw-").contains("1,").contains("3");
  }

  @Test
  void theInitPidIsReportedAndItsStatusIsTheHelpers() throws Exception {
    Plan plan = container("c2").exec("/bin/sh", List.of("sh", "-c", "exit 42"), ENV).build();
    HelperProcess p = launcher.launch(plan);
    assertThat(p.childPid()).isPositive().isNotEqualTo(p.helperPid());
    assertThat(p.waitFor()).isEqualTo(42);
  }

  @Test
  void aBogusFilesystemTypeNamesTheMountStep() throws Exception {
    Plan plan = container("c3")
        .mount("none", "/proc", "bogusfs", 0, null)
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    int step = plan.size() - 2;
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessage("mount \"none\" on \"/proc\": No such device (plan step " + step + ")");
  }

  @Test
  void aMissingProgramNamesTheExecStep() throws Exception {
    Plan plan = container("c4").exec("/bin/nope", List.of("nope"), ENV).build();
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessage("exec \"/bin/nope\": no such file or directory (plan step "
            + (plan.size() - 1) + ")");
  }

  @Test
  void theRuntimeWritesTheUidMapWhileTheChildWaits() throws Exception {
    Plan plan = new PlanBuilder()
        .clone(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID)
        .waitParent()
        .setresgid(0, 0, 0) // the ids this process had at clone time are not mapped in its namespace
        .setresuid(0, 0, 0)
        .exec("/bin/busybox", List.of("sh", "-c", "id -u; id -g; cat /proc/self/uid_map"), ENV)
        .build();
    HelperProcess p = launcher.launch(plan, HelperLauncher.Stdio.pipes(), pid -> {
      Files.writeString(Path.of("/proc/" + pid + "/uid_map"), "0 100000 65536");
      Files.writeString(Path.of("/proc/" + pid + "/setgroups"), "deny");
      Files.writeString(Path.of("/proc/" + pid + "/gid_map"), "0 200000 65536");
    });
    String out = new String(p.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out.lines().map(String::trim).toList())
        .containsExactly("0", "0", "0     100000      65536");
  }

  @Test
  void dropsPrivilegesAsThePlanSays() throws Exception {
    long netBind = Capabilities.bit("CAP_NET_BIND_SERVICE");
    long kill = Capabilities.bit("CAP_KILL");
    byte[] allowAll = {0x06, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}; // BPF_RET|BPF_K SECCOMP_RET_ALLOW
    Plan plan = container("c5")
        .setrlimit(Linux.RLIMIT_NOFILE, 512, 1024)
        .capBounding(netBind | kill)
        .prctl(Linux.PR_SET_KEEPCAPS, 1, 0, 0, 0)
        .setgroups(65534)
        .setresgid(65534, 65534, 65534)
        .setresuid(65534, 65534, 65534)
        .prctl(Linux.PR_SET_KEEPCAPS, 0, 0, 0, 0)
        .capset(netBind, netBind | kill, netBind)
        .capAmbient(netBind)
        .setNoNewPrivs()
        .seccomp(0, allowAll)
        .exec("/bin/sh", List.of("sh", "-c",
            "id; grep -E '^(Cap|Seccomp:|NoNewPrivs|Groups)' /proc/self/status; ulimit -n"), ENV)
        .build();
    assertThat(run(plan).lines().map(String::trim).toList()).containsExactly(
        "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)",
        "Groups:\t65534",
        "CapInh:\t0000000000000400",
        "CapPrm:\t0000000000000400",
        "CapEff:\t0000000000000400",
        "CapBnd:\t0000000000000420",
        "CapAmb:\t0000000000000400",
        "NoNewPrivs:\t1",
        "Seccomp:\t2",
        "512");
  }

  @Test
  void joinsTheNamespacesOfARunningContainer() throws Exception {
    Plan first = container("first").exec("/bin/sh", List.of("sh", "-c", "read x"), ENV).build();
    HelperProcess a = launcher.launch(first);
    try {
      String netns = Files.readSymbolicLink(Path.of("/proc/" + a.childPid() + "/ns/net")).toString();
      Plan join = new PlanBuilder()
          .setns("/proc/" + a.childPid() + "/ns/net", (int) CLONE_NEWNET)
          .setns("/proc/" + a.childPid() + "/ns/uts", (int) CLONE_NEWUTS)
          .exec("/bin/busybox", List.of("sh", "-c", "readlink /proc/self/ns/net; hostname"), ENV)
          .build();
      assertThat(run(join).lines().toList()).containsExactly(netns, "first");
    } finally {
      a.process().getOutputStream().close(); // "read x" ends
      assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Launch-to-exit of /bin/true in the full container, warm JVM; prints the median. */
  @Test
  void startupTime() throws Exception {
    Plan plan = container("bench").exec("/bin/true", List.of("true"), ENV).build();
    int warmup = 30;
    int rounds = Integer.getInteger("jrunc.bench.rounds", 200);
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < warmup + rounds; i++) {
      long t0 = System.nanoTime();
      HelperProcess p = launcher.launch(plan, HelperLauncher.Stdio.inherit(), null);
      assertThat(p.waitFor()).isZero();
      if (i >= warmup) {
        nanos.add(System.nanoTime() - t0);
      }
    }
    Collections.sort(nanos);
    double median = nanos.get(nanos.size() / 2) / 1e6;
    double p90 = nanos.get(nanos.size() * 9 / 10) / 1e6;
    String report = String.format("jrunc-helper startup, /bin/true in pid+mount+uts+ipc+net "
        + "namespaces with pivot_root, %d runs: median %.2f ms, p90 %.2f ms, min %.2f ms (helper %d bytes)",
        rounds, median, p90, nanos.get(0) / 1e6, Helper.get().size());
    System.out.println(report);
    Files.writeString(Path.of("target", "startup-time.txt"), report + "\n");
    assertThat(median).isLessThan(1000);
  }
}
