package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerException;
import io.jrunc.internal.linux.testing.Output;
import io.jrunc.internal.spec.RootlessMode;
import io.jrunc.internal.spec.SpecDefaults;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers in a new user namespace, checked from inside. Run as an ordinary user (the second
 * run of scripts/test.sh) they are rootless containers: the builder's rootless mode, maps written
 * by the runtime itself (one id) or by newuidmap/newgidmap (subordinate ranges). Run as root the
 * same containers get an explicit user namespace whose maps root writes directly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RootlessIT {

  @TempDir static Path work;
  static Path rootfs;
  static Path stateRoot;
  static LinuxContainerRuntime runtime;
  static boolean root;
  static long[] ids;

  @BeforeAll
  static void rootfs() throws IOException {
    root = Requirements.isRoot();
    ids = SpecDefaults.effectiveIds();
    if (root) { // root inside is host uid 100000: it must reach the rootfs
      Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    rootfs = work.resolve("bundle/rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    if (root) { // shifted, as for a container whose root is host uid 100000
      java.util.Set<Object> seen = new java.util.HashSet<>(); // (hard links: each inode once)
      try (Stream<Path> all = Files.walk(rootfs)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          if (!seen.add(Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
              java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey())) {
            continue;
          }
          for (String id : new String[] {"unix:uid", "unix:gid"}) {
            int v = (Integer) Files.getAttribute(p, id, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, id, 100000 + v, java.nio.file.LinkOption.NOFOLLOW_LINKS);
          }
        }
      }
    }
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  /** The uid map the containers below get, as /proc/self/uid_map shows it (columns squeezed). */
  static String expectedUidMap() {
    if (root) {
      return "0 100000 65536\n";
    }
    RootlessMode.Caller c = RootlessMode.thisProcess();
    return "0 " + c.uid() + " 1\n" + (c.subUid() != null ? "1 " + c.subUid().hostId() + " "
        + c.subUid().size() + "\n" : "");
  }

  /**
   * A container in a new user namespace: as a user, the builder's rootless mode, unchanged; as
   * root, with the namespace and maps added (root in the container is host uid 100000).
   */
  ContainerBuilder container(String... args) {
    ContainerBuilder b = Container.builder().runtime(runtime).rootfs(rootfs).args(args);
    if (root) {
      b.linux(l -> {
        List<Linux.Namespace> ns = new ArrayList<>(l.namespaces());
        ns.add(Linux.Namespace.of("user"));
        return l.toBuilder().namespaces(ns)
            .uidMappings(List.of(Linux.IdMapping.of(0, 100000, 65536)))
            .gidMappings(List.of(Linux.IdMapping.of(0, 100000, 65536))).build();
      });
    }
    return b;
  }

  static String run(ContainerBuilder b) throws Exception {
    Output r = Output.of(b);
    assertThat(r.code()).as("exit status; stdout: %s; stderr: %s", r.out(), r.err()).isZero();
    return r.out();
  }

  String sh(String script) throws Exception {
    return run(container("sh", "-c", script));
  }

  @Test
  void rootInsideIsTheCallerOutside() throws Exception {
    assertThat(sh("id -u; id -g")).isEqualTo("0\n0\n");
    assertThat(sh("cat /proc/self/uid_map").replaceAll("[ \t]+", " ").replaceAll("(?m)^ ", ""))
        .isEqualTo(expectedUidMap());
    String ns = sh("readlink /proc/self/ns/user").strip();
    assertThat(ns).startsWith("user:[").isNotEqualTo(
        Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString());
  }

  @Test
  void hostnameAndPid1AreTheContainersOwn() throws Exception {
    assertThat(run(container("sh", "-c", "hostname; echo $$; cat /proc/1/cmdline | tr '\\0' ' '")
        .hostname("rootless"))).isEqualTo("rootless\n1\nsh -c hostname; echo $$; cat /proc/1/cmdline"
        + " | tr '\\0' ' ' ");
    for (String line : sh("for t in pid net mnt uts ipc; do readlink /proc/self/ns/$t; done")
        .strip().split("\n")) {
      String type = line.substring(0, line.indexOf(':'));
      assertThat(line).as(type)
          .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString());
    }
  }

  @Test
  void capabilitiesAreRuncsDefaultsInsideTheUserNamespace() throws Exception {
    // CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE
    assertThat(sh("grep -E '^Cap(Eff|Prm|Bnd|Amb|Inh)' /proc/self/status")).isEqualTo(
        "CapInh:\t0000000000000000\nCapPrm:\t0000000020000420\nCapEff:\t0000000020000420\n"
            + "CapBnd:\t0000000020000420\nCapAmb:\t0000000000000000\n");
  }

  @Test
  void hostFilesOfOtherUsersStayTheirs() throws Exception {
    // /etc of the host belongs to host root, which is not mapped: nobody inside, and not writable
    // even by root inside, although the bind mount is read-write.
    String out = run(container("sh", "-c", "stat -c '%u %g' /host-etc/passwd;"
        + " touch /host-etc/passwd 2>&1; echo status $?;"
        + " echo x > /host-etc/jrunc-rootless-test 2>&1; echo status $?")
        .bind(Path.of("/etc"), "/host-etc", false));
    assertThat(out).startsWith("65534 65534\n")
        .contains("touch: /host-etc/passwd: Permission denied\nstatus 1\n")
        .endsWith("status 1\n");
    assertThat(Path.of("/etc/jrunc-rootless-test")).doesNotExist();
  }

  @Test
  void whatRootInsideWritesToABindMountIsTheCallersOutside() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    if (root) {
      Files.setAttribute(data, "unix:uid", 100000); // root inside is 100000 here
      Files.setAttribute(data, "unix:gid", 100000);
    }
    run(container("sh", "-c", "echo hello > /data/out").bind(data, "/data", false));
    assertThat(Files.readString(data.resolve("out"))).isEqualTo("hello\n");
    assertThat(((Number) Files.getAttribute(data.resolve("out"), "unix:uid")).longValue())
        .isEqualTo(root ? 100000 : ids[0]);
  }

  @Test
  void sysfsIsMountedWithANetworkNamespaceAndBoundReadOnlyWithout() throws Exception {
    // The default has a network namespace (owned by the user namespace): a sysfs of its own.
    assertThat(sh("ls /sys/class/net")).isEqualTo("lo\n");
    // `runc spec --rootless` has none: sysfs cannot be mounted, the host's is bound read-only.
    String out = run(container("sh", "-c", "grep ' /sys ' /proc/self/mountinfo | cut -d' ' -f6;"
        + " touch /sys/x 2>&1; echo status $?; test -d /sys/class/net && echo net")
        .linux(l -> l.toBuilder().namespaces(l.namespaces().stream()
            .filter(n -> !n.type().equals("network")).toList()).build()));
    assertThat(out).startsWith("ro,").contains("status 1\n").endsWith("net\n");
  }

  @Test
  void otherUsersInsideNeedSubordinateIds() throws Exception {
    // CI's user has subordinate ids (scripts/unprivileged.sh); root maps a range anyway.
    Requirements.require(root || RootlessMode.thisProcess().subUid() != null,
        "subordinate ids in /etc/subuid and /etc/subgid, and newuidmap/newgidmap");
    assertThat(run(container("id").user(65534, 65534)))
        .isEqualTo("uid=65534(nobody) gid=65534(nobody)\n");
    assertThat(run(container("sh", "-c", "id -G; cat /proc/self/setgroups").user(65534, 65534, 10)))
        .isEqualTo("65534 10\nallow\n");
  }

  @Test
  void aSingleOwnIdMappingIsWrittenWithoutHelpersAndDeniesSetgroups() throws Exception {
    // What `jrunc spec --rootless` writes: only the caller's own ids.
    long uid = root ? 0 : ids[0];
    long gid = root ? 0 : ids[1];
    ContainerBuilder b = Container.builder().runtime(runtime).rootfs(rootfs)
        .spec(Spec.rootlessDefaults(uid, gid)).rootfs(rootfs)
        .process(p -> p.toBuilder().terminal(false).args(List.of("sh", "-c",
            "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups")).build());
    assertThat(run(b).replaceAll("[ \t]+", " ").replaceAll("(?m)^ ", ""))
        .isEqualTo("0 " + uid + " 1\n0 " + gid + " 1\n" + (root ? "allow" : "deny") + "\n");
  }

  @Test
  void anUnmappedUserIsAClearErrorThatMakesNothing() {
    assertThatThrownBy(() -> container("id").user(4242424242L, 0).start())
        .isInstanceOf(ContainerException.class)
        .hasMessageContaining("process.user.uid: 4242424242 is not mapped in the container's user"
            + " namespace");
  }

  @Test
  void aContainerJoinsTheUserNamespaceOfAnother() throws Exception {
    try (Container first = container("sleep", "60").start()) {
      long pid = first.process().pid();
      Path userns = Path.of("/proc", Long.toString(pid), "ns", "user");
      String expected = Files.readSymbolicLink(userns).toString();
      ContainerBuilder b = Container.builder().runtime(runtime).rootfs(rootfs)
          .args("sh", "-c", "readlink /proc/self/ns/user; id -u")
          .joinNamespace("user", userns);
      assertThat(run(b)).isEqualTo(expected + "\n0\n");
      first.process().destroyForcibly();
    }
  }

  @Test
  void aTerminalIsTheContainersConsole() throws Exception {
    try (Container c = container("sh", "-c", "tty; stat -c %t:%T /dev/console; echo done")
        .terminal(true).start()) {
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(c.process().waitFor()).isZero();
      assertThat(out.replace("\r", "")).isEqualTo("/dev/pts/0\n88:0\ndone\n"); // 136 = 0x88
    }
  }

  @Test
  void extractedFilesOfRootAreRootsInsideAndSetuidGivesNothingMore() throws Exception {
    // The busybox rootfs: every entry is 0:0 in the archive. Extracted by a user, the files are
    // the user's, which is root inside; extracted by root (and shifted here), root's too.
    assertThat(sh("stat -c '%u:%g' /bin/busybox /etc/passwd")).isEqualTo("0:0\n0:0\n");
    // A setuid-root file: a user's extraction drops the bit (recorded, not applied), so nobody
    // who runs it gets more than they had; root's keeps it, owned by host root, which is nobody
    // inside this user namespace.
    Path extra = work.resolve("extra");
    RootfsExtractor.builder().build().extract(new java.io.ByteArrayInputStream(
        new io.jrunc.testing.TarBuilder().file("su", "x".getBytes(StandardCharsets.UTF_8), 04755,
            e -> e.setIds(0, 0)).build()), extra);
    if (root) {
      Files.setPosixFilePermissions(extra, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String out = run(container("stat", "-c", "%u %a", "/extra/su").bind(extra, "/extra", true));
    assertThat(out).isEqualTo(root ? "65534 4755\n" : "0 755\n");
  }
}
