package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.internal.linux.testing.Output;
import io.jrunc.internal.linux.testing.Requirements;
import io.jrunc.spec.Linux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seccomp from inside real containers, as root and rootless: the filter is installed ({@code
 * Seccomp: 2}), the default
 * profile stops what reaches past the container even with the capability that would allow it,
 * an errno given in the profile is the one the program sees, and busybox's applets still work.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SeccompIT {
  @TempDir static Path work;
  static Path rootfs;
  static LinuxContainerRuntime runtime;

  @BeforeAll
  static void setUp() throws Exception {
    // As root, or as a user in the builder's rootless mode (the filter is the same).
    rootfs = Requirements.busyboxRootfs(work.resolve("bundle/rootfs"));
    Requirements.probe(rootfs.resolve("bin/probe"));
    runtime = new LinuxContainerRuntime(work.resolve("state"));
  }

  ContainerBuilder container(String... args) {
    return Container.builder().runtime(runtime).rootfs(rootfs).args(args);
  }

  static Output run(ContainerBuilder b) throws Exception {
    return Output.of(b);
  }

  static String sh(ContainerBuilder b) throws Exception {
    Output r = run(b);
    assertThat(r.status().code()).as("exit status; stderr: %s", r.err()).isZero();
    return r.out();
  }

  @Test
  void theFilterIsInstalledInTheContainer() throws Exception {
    assertThat(sh(container("grep", "-E", "^(Seccomp|Seccomp_filters|NoNewPrivs):", "/proc/self/status")))
        .isEqualTo("NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n");
    assertThat(sh(container("grep", "^Seccomp:", "/proc/self/status").seccomp(null)))
        .isEqualTo("Seccomp:\t0\n");
    // without no_new_privs the filter goes in before the capabilities are dropped
    assertThat(sh(container("grep", "-E", "^(Seccomp|NoNewPrivs):", "/proc/self/status")
        .noNewPrivileges(false))).isEqualTo("NoNewPrivs:\t0\nSeccomp:\t2\n");
  }

  @Test
  void theDefaultProfileStopsNamespacesMountsKeyringsAndVsockEvenWithCapSysAdmin() throws Exception {
    Requirements.root("compares filtered and unfiltered containers holding CAP_SYS_ADMIN in the host's"
        + " user namespace");
    String confined = sh(container("/bin/probe", "syscalls").capabilities("CAP_SYS_ADMIN"));
    assertThat(confined).isEqualTo("unshare=1\nsetns=1\nmount=1\nkeyctl=1\nadd_key=1\nvsock=1\n"
        + "inet=ok\nunix=ok\nclone3=38\nnr1000=38\ngetpid=ok\n");
    // The control: the same container without the filter may do all of it (so it was the filter).
    String unconfined = sh(container("/bin/probe", "syscalls").capabilities("CAP_SYS_ADMIN").seccomp(null));
    assertThat(unconfined).contains("unshare=ok\n", "mount=ok\n", "setns=22\n", "clone3=22\n")
        .doesNotContain("keyctl=1\n", "add_key=1\n");
    // and the busybox applets that would do it fail
    Output r = run(container("sh", "-c", "unshare -m true; echo $?; mount -t tmpfs none /tmp; echo $?")
        .capabilities("CAP_SYS_ADMIN"));
    assertThat(r.out()).isEqualTo("1\n1\n"); // busybox unshare and mount report failure
    assertThat(r.err()).contains("Operation not permitted");
  }

  @Test
  void aRulesErrnoIsWhatTheProgramSees() throws Exception {
    Linux.Seccomp profile = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
        .syscalls(List.of(
            Linux.Seccomp.Syscall.builder().names(List.of("mkdir", "mkdirat")).action("SCMP_ACT_ERRNO")
                .errnoRet(28L).build(), // ENOSPC
            Linux.Seccomp.Syscall.builder().names(List.of("socket")).action("SCMP_ACT_ERRNO")
                .errnoRet(97L) // EAFNOSUPPORT, for AF_INET only
                .args(List.of(Linux.Seccomp.Arg.builder().index(0).value(2).op("SCMP_CMP_EQ").build()))
                .build()))
        .build();
    Output r = run(container("sh", "-c", "mkdir /tmp/x; /bin/probe syscalls | grep -E '^(inet|unix)='")
        .seccomp(profile));
    assertThat(r.err()).contains("No space left on device");
    assertThat(r.out()).isEqualTo("inet=97\nunix=ok\n");
  }

  @Test
  void aKillActionKillsWithSigsys() throws Exception {
    Linux.Seccomp profile = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
        .syscalls(List.of(Linux.Seccomp.Syscall.builder().names(List.of("getpid"))
            .action("SCMP_ACT_KILL_PROCESS").build()))
        .build();
    Output r = run(container("/bin/probe", "syscalls").seccomp(profile));
    assertThat(r.status().signal()).as("%s", r.status()).isEqualTo(31); // SIGSYS
  }

  @Test
  void flagsAndTheLogAndTrapActions() throws Exception {
    Linux.Seccomp.Syscall getpid = Linux.Seccomp.Syscall.builder().names(List.of("getpid"))
        .action("SCMP_ACT_LOG").build();
    Linux.Seccomp log = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
        .flags(List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
        .syscalls(List.of(getpid)).build();
    // LOG lets the call through; the flags are taken by the kernel
    assertThat(sh(container("sh", "-c", "/bin/probe syscalls | grep getpid; grep ^Seccomp: /proc/self/status")
        .seccomp(log))).isEqualTo("getpid=ok\nSeccomp:\t2\n");
    Output trap = run(container("/bin/probe", "syscalls").seccomp(log.toBuilder()
        .syscalls(List.of(getpid.toBuilder().action("SCMP_ACT_TRAP").build())).build()));
    assertThat(trap.status().signal()).as("%s", trap.status()).isEqualTo(31); // SIGSYS
    assertThat(trap.out()).contains("unshare=").doesNotContain("getpid=");
  }

  @Test
  void notifyHandsTheListenerToListenerPathWithTheState() throws Exception {
    Path agent = work.resolve("agent.sock");
    int listener = io.jrunc.internal.linux.UnixSockets.listen(agent, 1);
    try {
      Linux.Seccomp profile = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
          .listenerPath(agent.toString()).listenerMetadata("meta \"data\"")
          .syscalls(List.of(Linux.Seccomp.Syscall.builder().names(List.of("mkdir", "mkdirat"))
              .action("SCMP_ACT_NOTIFY").build()))
          .build();
      // The agent: takes the fd and the state, checks the fd is a seccomp listener, and closes
      // it unanswered, so that the call it would have decided fails with ENOSYS.
      CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
        try {
          int conn = io.jrunc.internal.linux.UnixSockets.accept(listener);
          try {
            io.jrunc.internal.linux.UnixSockets.Received r =
                io.jrunc.internal.linux.UnixSockets.receiveFd(conn, true);
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + r.fd())).toString();
            io.jrunc.internal.linux.LibC.closeQuietly(r.fd());
            return link + "\n" + r.name();
          } finally {
            io.jrunc.internal.linux.LibC.closeQuietly(conn);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (Container c = container("sh", "-c", "sleep 0.5; mkdir /tmp/x; echo $?").tmpfs("/tmp")
          .seccomp(profile).start()) {
        String msg = got.get(60, TimeUnit.SECONDS);
        assertThat(msg).startsWith("anon_inode:seccomp notify\n");
        assertThat(msg).contains("\"fds\":[\"seccompFd\"]", "\"metadata\":\"meta \\\"data\\\"\"",
            "\"pid\":" + c.state().pid(), "\"status\":\"creating\"", "\"id\":\"" + c.id() + "\"");
        String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(c.process().getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        c.process().waitFor();
        assertThat(out).isEqualTo("1\n");
        assertThat(err).contains("Function not implemented"); // ENOSYS: no agent to answer
      }
    } finally {
      io.jrunc.internal.linux.LibC.closeQuietly(listener);
    }
  }

  @Test
  void x32CallsAreKilledWhenTheProfileDoesNotListX32() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"));
    Linux.Seccomp profile = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
        .architectures(List.of("SCMP_ARCH_X86_64")).build();
    Output r = run(container("/bin/probe", "x32").seccomp(profile));
    assertThat(r.status().signal()).as("%s", r.status()).isEqualTo(31); // SIGSYS
    // listed, an x32 call reaches the kernel (which says ENOSYS when it has no x32 support)
    Output listed = run(container("/bin/probe", "x32").seccomp(profile.toBuilder()
        .architectures(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32")).build()));
    assertThat(listed.status().code()).isZero();
    assertThat(listed.out()).matches("x32_getpid=(ok|38)\n");
  }

  @Test
  void busyboxsOrdinaryAppletsWorkUnderTheDefaultProfile() throws Exception {
    String script = String.join("\n",
        "set -e",
        "cd /tmp && mkdir -p a/b && echo hello > a/b/f && cp a/b/f g && mv g h && ln -s h l",
        "cat l | grep -q hello && sort a/b/f | uniq | wc -l > /dev/null",
        "tar cf t.tar a && rm -rf a && tar xf t.tar && test -f a/b/f",
        "gzip -k t.tar && gunzip -c t.tar.gz | tar t > /dev/null",
        "sed -i s/hello/bye/ a/b/f && grep -q bye a/b/f && awk 'END{print NR}' a/b/f > /dev/null",
        "find / -xdev -name passwd > /dev/null; ls -la / > /dev/null; ps > /dev/null; top -bn1 > /dev/null",
        "date > /dev/null; id > /dev/null; uname -a > /dev/null; hostname > /dev/null; df > /dev/null",
        "sleep 0.1 & wait; (echo sub) | cat > /dev/null; x=$(echo cmdsub); test \"$x\" = cmdsub",
        "chmod 600 h && chown 1:1 h && touch -d 2020-01-01 h && stat h > /dev/null && dd if=/dev/zero of=z bs=1k count=4 2>/dev/null",
        "md5sum z > /dev/null && sha256sum z > /dev/null && xargs echo < /dev/null > /dev/null",
        "nc -l -p 9999 -w 1 > /dev/null 2>&1 & sleep 0.1; kill $! 2>/dev/null || true; wait || true",
        "timeout 5 true; renice -n 1 $$ > /dev/null; env > /dev/null; printf '%s' ok");
    assertThat(sh(container("sh", "-c", script).tmpfs("/tmp"))).isEqualTo("ok");
  }
}
