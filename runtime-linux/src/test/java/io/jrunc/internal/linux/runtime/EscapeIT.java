package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerException;
import io.jrunc.ContainerProcess;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.testing.Output;
import io.jrunc.internal.linux.testing.Requirements;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every published container-escape class, tried against jrunc from a real container or a
 * malicious rootfs, and shown to fail. Races are made deterministic where jrunc gives a place to
 * act: a createRuntime hook runs while the container's init waits before pivot_root, and enters
 * its mount namespace ({@code nsenter}) to swap what the init is about to use, as a concurrent
 * attacker sharing those mounts would. Harmless targets stand in for dangerous ones
 * ({@code kernel.domainname}, per UTS namespace, for {@code core_pattern}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EscapeIT {
  @TempDir static Path work;
  static Path cleanRootfs;
  static Path probe;
  static LinuxContainerRuntime runtime;
  static Path stateRoot;
  static int counter;

  static final String ROOT_ONLY =
      "the attacks enter the init's mount namespace from a host hook (nsenter), make setuid-root files and target host paths";

  // Skipped per test (not in @BeforeAll), so that each skip is reported by name.
  @BeforeEach
  void root() {
    Requirements.root(ROOT_ONLY);
  }

  @BeforeAll
  static void setUp() throws Exception {
    if (!io.jrunc.testing.Requirements.isRoot()) {
      return;
    }
    io.jrunc.testing.Requirements.requireProgram("nsenter");
    probe = Requirements.probe(work.resolve("probe"));
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (stateRoot != null && Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  /** A fresh busybox rootfs with the probe, for one test to spoil. */
  static Path rootfs() throws Exception {
    Path r = work.resolve("rootfs-" + (++counter));
    Requirements.busyboxRootfs(r);
    Files.copy(probe, r.resolve("bin/probe"));
    Files.setPosixFilePermissions(r.resolve("bin/probe"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return r;
  }

  /** An empty host directory that must stay empty and unmounted. */
  static Path hostDir(String name) throws IOException {
    return Files.createDirectories(work.resolve("host-" + name + "-" + (++counter)));
  }

  static void assertUntouched(Path hostDir) throws IOException {
    try (Stream<Path> s = Files.list(hostDir)) {
      assertThat(s.toList()).as("files made in the host directory " + hostDir).isEmpty();
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .as("host mounts").doesNotContain(" " + hostDir + " ");
  }

  ContainerBuilder container(Path rootfs, String... args) {
    return Container.builder().runtime(runtime).rootfs(rootfs).args(args);
  }

  static Output run(ContainerBuilder b) throws Exception {
    return Output.of(b);
  }

  /** Spec mounts without the tmpfs on /dev: /dev comes from the (malicious) image. */
  static ContainerBuilder imageDev(ContainerBuilder b) {
    Spec s = b.spec();
    List<Spec.Mount> mounts = new ArrayList<>();
    for (Spec.Mount m : s.mounts()) {
      if (!m.destination().startsWith("/dev")) {
        mounts.add(m);
      }
    }
    return b.spec(s.toBuilder().mounts(mounts).build());
  }

  /** A createRuntime hook running {@code script} in the waiting init's mount namespace. */
  static ContainerBuilder inInitsMountsBeforePivot(ContainerBuilder b, String script) {
    String hook = "pid=$(sed -n 's/.*\"pid\": *\\([0-9]*\\).*/\\1/p'); "
        + "exec nsenter -t \"$pid\" -m sh -c '" + script.replace("'", "'\\''") + "'";
    Spec.Hooks hooks = Spec.Hooks.builder().createRuntime(List.of(Spec.Hooks.Hook.builder()
        .path("/bin/sh").args(List.of("sh", "-c", hook))
        .env(List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin")).build())).build();
    return b.hooks(hooks);
  }

  // ---- CVE-2019-5736 -------------------------------------------------------------------------

  @Test
  void cve_2019_5736_helperBinaryCannotBeRewritten() throws Exception {
    Path r = rootfs();
    // A startContainer hook runs in the container while the helper (PID 1 there) still waits to
    // exec the program: the moment runc's binary was exposed through /proc/<pid>/exe. The hook
    // writes to it directly and through an O_PATH fd reopened, as the exploit does.
    Spec.Hooks hooks = Spec.Hooks.builder().startContainer(List.of(Spec.Hooks.Hook.builder()
        .path("/bin/sh").args(List.of("sh", "-c",
            "readlink /proc/1/exe > /tmp/out; /bin/probe rewrite /proc/1/exe >> /tmp/out 2>&1"))
        .build())).build();
    Output res = run(container(r, "cat", "/tmp/out").tmpfs("/tmp").hooks(hooks));
    assertThat(res.code()).as(res.err()).isZero();
    // The exe is the sealed memfd the helper runs from, never a file on the host...
    assertThat(res.out()).startsWith("/memfd:jrunc");
    // ...and nothing could write to it.
    assertThat(res.out()).doesNotContain("write=ok", "write_reopened=ok", "open_wronly=ok",
        "reopen_wronly=ok");
    assertThat(res.out()).contains("open_path=ok"); // the attack did reach the helper
    // The same attempt as the container's program: /proc/self/exe is the program, not jrunc.
    res = run(container(r, "/bin/probe", "rewrite", "/proc/self/exe"));
    assertThat(res.out()).contains("open_wronly=26"); // ETXTBSY: its own running binary
  }

  // ---- CVE-2024-21626 ------------------------------------------------------------------------

  @Test
  void cve_2024_21626_noHostFdLeaksIntoTheContainer() throws Exception {
    Path r = rootfs();
    Path secretDir = hostDir("leaked-dir");
    Files.writeString(secretDir.resolve("secret"), "host secret");
    // fds this JVM holds open without close-on-exec: a directory and a file of the host
    int dirFd = LibC.open(secretDir.toString(), Linux.O_RDONLY | Linux.O_DIRECTORY, 0);
    int fileFd = LibC.open(secretDir.resolve("secret").toString(), Linux.O_RDONLY, 0);
    try {
      assertThat(LibC.fcntl(dirFd, 1 /* F_GETFD */, 0) & 1).as("fd is inheritable").isZero();
      Output res = run(container(r, "sh", "-c",
          "for f in /proc/self/fd/* /proc/1/fd/*; do echo \"$f $(readlink $f)\"; done"));
      assertThat(res.code()).isZero();
      assertThat(res.out()).doesNotContain(secretDir.toString());
      // only stdio (and the shell's own descriptor for the glob) are open
      for (String line : res.out().strip().split("\n")) {
        String fd = line.split(" ")[0].replaceAll(".*/", "");
        assertThat(Integer.parseInt(fd)).as(line).isLessThanOrEqualTo(3);
      }
      // process.cwd through a descriptor: a cwd outside the rootfs is refused, whatever fd
      for (int n = 3; n < 24; n++) {
        String cwd = "/proc/self/fd/" + n;
        try {
          Output c = run(container(r, "sh", "-c", "pwd; ls").cwd(cwd));
          assertThat(c.out()).as("cwd %s", cwd).doesNotContain("secret")
              .doesNotStartWith("(unreachable)");
          assertThat(c.code()).as("cwd %s", cwd).isNotZero(); // it never gets a directory there
        } catch (ContainerException e) {
          assertThat(e.getMessage()).as("cwd %s", cwd).contains(cwd);
        }
      }
    } finally {
      LibC.close(dirFd);
      LibC.close(fileFd);
    }
  }

  // ---- CVE-2021-30465 ------------------------------------------------------------------------

  @Test
  void cve_2021_30465_mountOnASymlinkStaysInTheRootfs() throws Exception {
    Path r = rootfs();
    Path target = hostDir("mount-target");
    Files.createSymbolicLink(r.resolve("abs"), target);
    Files.createSymbolicLink(r.resolve("rel"), Path.of("../../../../../../../../../../.." + target));
    // Where the link leads does not exist inside the rootfs: refused, nothing made on the host.
    for (String dest : List.of("/abs", "/rel")) {
      assertThatThrownBy(() -> run(container(r, "touch", dest + "/pwned").tmpfs(dest)))
          .isInstanceOf(ContainerException.class).hasMessageContaining(dest);
      assertUntouched(target);
    }
    // Where it exists inside the rootfs, the mount is made there: the link resolves in the root.
    Path inRoot = Files.createDirectories(r.resolve(target.toString().substring(1)));
    Output res = run(container(r, "sh", "-c", "touch /abs/pwned /rel/pwned && grep -c "
        + target + " /proc/self/mountinfo").tmpfs("/abs").tmpfs("/rel"));
    assertThat(res.out()).as(res.err()).isEqualTo("2\n");
    assertUntouched(target);
    try (Stream<Path> s = Files.list(inRoot)) {
      assertThat(s.toList()).as("the tmpfs took the files, not the rootfs").isEmpty();
    }
  }

  @Test
  void cve_2021_30465_mountTargetSwappedForASymlinkDuringSetup() throws Exception {
    Path r = rootfs();
    Path target = hostDir("race-target");
    Path dir = r.resolve("race");
    Files.createDirectory(dir);
    Path link = r.resolve("race-link");
    Files.createSymbolicLink(link, target);
    Path parked = r.resolve("race-dir");
    AtomicBoolean stop = new AtomicBoolean();
    // Swaps /race between a directory and a symlink to the host as fast as it can.
    Thread swapper = new Thread(() -> {
      while (!stop.get()) {
        try {
          Files.move(dir, parked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          Files.move(link, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          Files.move(dir, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          Files.move(parked, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // a container's mount holds it: try again
        }
      }
    });
    swapper.start();
    try {
      for (int i = 0; i < 20; i++) {
        try {
          run(container(r, "sh", "-c", "touch /race/pwned").tmpfs("/race"));
        } catch (ContainerException e) {
          // refused: fine, as long as nothing escaped
        }
        assertUntouched(target);
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertUntouched(target);
  }

  // ---- CVE-2019-16884, CVE-2019-19921 --------------------------------------------------------

  @Test
  void cve_2019_16884_procOrSysReplacedBySymlinkIsRefused() throws Exception {
    for (String dir : List.of("proc", "sys")) {
      Path r = rootfs();
      Path target = hostDir(dir + "-target");
      Files.delete(r.resolve(dir));
      Files.createSymbolicLink(r.resolve(dir), target);
      assertThatThrownBy(() -> run(container(r, "true")))
          .isInstanceOf(ContainerException.class)
          .hasMessageContaining("/" + dir);
      assertUntouched(target);
    }
  }

  @Test
  void cve_2019_19921_volumeOverProcIsRefused() throws Exception {
    Path r = rootfs();
    Path vol = hostDir("volume");
    for (String dest : List.of("/proc", "/proc/self", "/proc/sys", "/proc/self/attr", "/proc/1")) {
      assertThatThrownBy(() -> run(container(r, "true").bind(vol, dest, false)))
          .as(dest).isInstanceOf(ContainerException.class)
          .hasMessageContaining("mounts[");
    }
    // a volume whose path in the image is a symlink into /proc
    Files.createSymbolicLink(r.resolve("data"), Path.of("/proc/self/attr"));
    Output res;
    try {
      res = run(container(r, "sh", "-c", "ls /data; cat /proc/self/attr/current").bind(vol, "/data", false));
      assertThat(res.out()).doesNotContain("pwned");
    } catch (ContainerException e) {
      assertThat(e.getMessage()).contains("/data");
    }
    assertUntouched(vol);
  }

  // ---- CVE-2025-31133 ------------------------------------------------------------------------

  @Test
  void cve_2025_31133_maskSourceMustBeTheRealDevNull() throws Exception {
    // In the image: /dev/null a symlink to a procfs file (core_pattern in the exploit).
    Path r = rootfs();
    Files.createDirectories(r.resolve("dev"));
    Files.createSymbolicLink(r.resolve("dev/null"), Path.of("/proc/sys/kernel/domainname"));
    try {
      Output res = run(imageDev(container(r, "sh", "-c",
          "echo pwned > /proc/keys; cat /proc/sys/kernel/domainname; stat -L -c %t:%T /proc/keys")));
      assertThat(res.out()).doesNotContain("pwned").contains("1:3");
    } catch (ContainerException e) {
      assertThat(e.getMessage()).contains("/dev/null");
    }
    // Swapped while the init waits before pivot_root (the race of the advisory, made certain).
    Path r2 = rootfs();
    assertThatThrownBy(() -> run(inInitsMountsBeforePivot(container(r2, "sh", "-c",
        "echo pwned > /proc/keys; cat /proc/sys/kernel/domainname"),
        "rm " + r2 + "/dev/null && ln -s /proc/sys/kernel/domainname " + r2 + "/dev/null")))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("/dev/null");
  }

  // ---- CVE-2025-52565 ------------------------------------------------------------------------

  @Test
  void cve_2025_52565_consoleTargetCannotBeRedirected() throws Exception {
    Path r = rootfs();
    // /dev/console swapped for a symlink to a procfs file while the init waits before pivot_root
    assertThatThrownBy(() -> run(inInitsMountsBeforePivot(container(r, "sh", "-c",
        "cat /proc/sys/kernel/domainname").terminal(true),
        "touch " + r + "/dev/console; rm " + r + "/dev/console; "
            + "ln -s /proc/sys/kernel/domainname " + r + "/dev/console")))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("/dev/console");
    // and a /dev/pts/ptmx that is not the container's devpts instance's
    Path r2 = rootfs();
    assertThatThrownBy(() -> run(inInitsMountsBeforePivot(container(r2, "true").terminal(true),
        "umount -l " + r2 + "/dev/pts && mkdir -p " + r2 + "/dev/pts && ln -s /dev/tty " + r2
            + "/dev/pts/ptmx")))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("ptmx");
  }

  // ---- CVE-2026-41579 class: /dev a symlink in the image -------------------------------------

  @Test
  void cve_2026_41579_devSymlinkInTheImageNeverReachesTheHost() throws Exception {
    for (boolean tmpfsDev : List.of(true, false)) {
      Path r = rootfs();
      Path target = hostDir("dev-target");
      if (Files.exists(r.resolve("dev"))) {
        try (Stream<Path> s = Files.walk(r.resolve("dev"))) {
          for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createSymbolicLink(r.resolve("dev"), target);
      ContainerBuilder b = container(r, "sh", "-c", "ls /dev; echo x > /dev/null && echo ok");
      try {
        Output res = run(tmpfsDev ? b : imageDev(b));
        assertThat(res.out()).contains("ok");
      } catch (ContainerException e) {
        assertThat(e.getMessage()).contains("/dev");
      }
      assertUntouched(target);
    }
  }

  // ---- CVE-2025-52881 ------------------------------------------------------------------------

  @Test
  void cve_2025_52881_procfsWritesCannotBeRedirected() throws Exception {
    Path r = rootfs();
    Path fake = hostDir("fake-proc");
    Files.writeString(fake.resolve("domainname"), "host file\n");
    // While the init waits before pivot_root, a file of the host is bind-mounted over the
    // procfs file its sysctl write is about to go to.
    assertThatThrownBy(() -> run(inInitsMountsBeforePivot(container(r, "true")
            .linux(l -> l.toBuilder().sysctl(java.util.Map.of("kernel.domainname", "pwned")).build()),
        "mount --bind " + fake.resolve("domainname") + " " + r + "/proc/sys/kernel/domainname")))
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("kernel/domainname");
    assertThat(Files.readString(fake.resolve("domainname"))).isEqualTo("host file\n");
    // Unattacked, the same write lands in the container's own procfs.
    Output res = run(container(rootfs(), "cat", "/proc/sys/kernel/domainname")
        .linux(l -> l.toBuilder().sysctl(java.util.Map.of("kernel.domainname", "box.example")).build()));
    assertThat(res.out()).isEqualTo("box.example\n");
    // A volume over /proc/sys is refused outright.
    assertThatThrownBy(() -> run(container(r, "true").bind(fake, "/proc/sys/kernel", false)))
        .isInstanceOf(ContainerException.class).hasMessageContaining("inside /proc");
  }

  // ---- CVE-2022-29162 ------------------------------------------------------------------------

  @Test
  void cve_2022_29162_noMoreCapabilitiesThanAsked() throws Exception {
    Path r = rootfs();
    String caps = "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status";
    // runc's default spec lists its three capabilities as ambient but none as inheritable: the
    // kernel can raise none of them, and none is inheritable.
    Output res = run(container(r, "sh", "-c", caps));
    assertThat(res.out()).isEqualTo("CapInh:\t0000000000000000\nCapPrm:\t0000000020000420\n"
        + "CapEff:\t0000000020000420\nCapBnd:\t0000000020000420\nCapAmb:\t0000000000000000\n");
    // Asked for exactly: inheritable and ambient CAP_NET_RAW (13), bounding also CAP_CHOWN.
    res = run(container(r, "sh", "-c", caps).process(p -> p.toBuilder()
        .capabilities(Spec.Process.Capabilities.builder()
            .bounding(List.of("CAP_NET_RAW", "CAP_CHOWN")).effective(List.of("CAP_NET_RAW"))
            .permitted(List.of("CAP_NET_RAW")).inheritable(List.of("CAP_NET_RAW"))
            .ambient(List.of("CAP_NET_RAW")).build()).build()));
    assertThat(res.out()).isEqualTo("CapInh:\t0000000000002000\nCapPrm:\t0000000000002000\n"
        + "CapEff:\t0000000000002000\nCapBnd:\t0000000000002001\nCapAmb:\t0000000000002000\n");
    // A non-root user gets none, and a setuid-root program gives it none (no_new_privs).
    Files.copy(r.resolve("bin/busybox"), r.resolve("bin/busybox-suid"));
    Files.setAttribute(r.resolve("bin/busybox-suid"), "unix:mode", 04755);
    res = run(container(r, "/bin/busybox-suid", "sh", "-c", "id -u; " + caps).user(1000, 1000));
    assertThat(res.out()).isEqualTo("1000\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
        + "CapEff:\t0000000000000000\nCapBnd:\t0000000020000420\nCapAmb:\t0000000000000000\n");
  }

  @Test
  @Timeout(60)
  void cve_2022_29162_anExecGetsNoMoreCapabilitiesThanAsked() throws Exception {
    Path r = rootfs();
    String caps = "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status";
    try (Container c = container(r, "sleep", "100").start()) {
      // The init's process as it is: runc's default sets, nothing inheritable or ambient.
      assertThat(exec(c, c.spec().process().toBuilder().args(List.of("sh", "-c", caps)).build()))
          .isEqualTo("CapInh:\t0000000000000000\nCapPrm:\t0000000020000420\n"
              + "CapEff:\t0000000020000420\nCapBnd:\t0000000020000420\nCapAmb:\t0000000000000000\n");
      // Fewer than the init's: CAP_NET_RAW (13) only, nothing inheritable.
      assertThat(exec(c, c.spec().process().toBuilder().args(List.of("sh", "-c", caps))
          .capabilities(Spec.Process.Capabilities.builder().bounding(List.of("CAP_NET_RAW"))
              .effective(List.of("CAP_NET_RAW")).permitted(List.of("CAP_NET_RAW")).build())
          .build()))
          .isEqualTo("CapInh:\t0000000000000000\nCapPrm:\t0000000000002000\n"
              + "CapEff:\t0000000000002000\nCapBnd:\t0000000000002000\nCapAmb:\t0000000000000000\n");
      // A user other than root: nothing, also through a setuid-root program (no_new_privs).
      Files.copy(r.resolve("bin/busybox"), r.resolve("bin/busybox-suid"));
      Files.setAttribute(r.resolve("bin/busybox-suid"), "unix:mode", 04755);
      assertThat(exec(c, c.spec().process().toBuilder()
          .args(List.of("/bin/busybox-suid", "sh", "-c", "id -u; " + caps))
          .user(Spec.Process.User.of(1000, 1000)).build()))
          .isEqualTo("1000\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
              + "CapEff:\t0000000000000000\nCapBnd:\t0000000020000420\nCapAmb:\t0000000000000000\n");
    }
  }

  /** Runs {@code process} in the container; its stdout, once it exited 0. */
  static String exec(Container c, Spec.Process process) throws Exception {
    ContainerProcess p = c.exec(process);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("exit status; stderr: %s", err).isZero();
    return out;
  }
}
