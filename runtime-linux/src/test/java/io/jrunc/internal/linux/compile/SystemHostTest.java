package io.jrunc.internal.linux.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.internal.linux.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real host, read without privileges. */
class SystemHostTest {
  final Host host = Host.system();

  @Test
  void theHardLimitIsTheOneInProcSelfLimits() throws Exception {
    String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
    String hard = line.substring("Max open files".length()).trim().split("\\s+")[1];
    long expected = hard.equals("unlimited") ? Linux.RLIM_INFINITY : Long.parseLong(hard);
    assertThat(host.hardLimit(Linux.RLIMIT_NOFILE)).isEqualTo(expected);
  }

  @Test
  void mountPointsAndKinds(@TempDir Path dir) throws Exception {
    assertThat(host.mountPointOf(Path.of("/proc/self/status"))).isEqualTo(Path.of("/proc"));
    assertThat(host.procAndSysfsMounts()).contains(Path.of("/proc"));
    Files.writeString(dir.resolve("f"), "x");
    assertThat(host.kind(dir)).isEqualTo(Host.FileKind.DIRECTORY);
    assertThat(host.kind(dir.resolve("f"))).isEqualTo(Host.FileKind.OTHER);
    assertThat(host.kind(dir.resolve("none"))).isEqualTo(Host.FileKind.MISSING);
  }

  @Test
  void homeDirectoriesComeFromTheContainersPasswdWithoutSymlinks(@TempDir Path rootfs)
      throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    assertThat(host.homeDirectory(rootfs, 1000)).contains("/home/app");
    assertThat(host.homeDirectory(rootfs, 0)).contains("/root");
    assertThat(host.homeDirectory(rootfs, 7)).isEmpty();
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
    assertThat(host.homeDirectory(rootfs, 0)).isEmpty();
  }

  @Test
  void mountinfoEscapesAreDecoded() {
    assertThat(SystemHost.unescape("/mnt/a\\040b\\134c")).isEqualTo("/mnt/a b\\c");
    assertThat(SystemHost.unescape("/plain")).isEqualTo("/plain");
  }

  @Test
  void idsCapabilitiesProgramsAndFiles(@TempDir Path dir) throws Exception {
    long owner = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    assertThat(host.euid()).isEqualTo(owner);
    assertThat(host.egid()).isEqualTo(
        ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue());
    assertThat(host.capable(21)).isEqualTo(owner == 0); // CAP_SYS_ADMIN: root here, no one else
    assertThat(host.program("sh")).hasValueSatisfying(p -> assertThat(p).isExecutable());
    assertThat(host.program("no-such-program-jrunc")).isEmpty();
    assertThat(host.userName(0)).contains("root");
    Files.writeString(dir.resolve("subuid"), "a:1:2\nb:3:4\n");
    assertThat(host.lines(dir.resolve("subuid"))).containsExactly("a:1:2", "b:3:4");
    assertThat(host.lines(dir.resolve("missing"))).isEmpty();
  }

  /** statvfs's flags are the per-mount options that /proc/self/mountinfo lists. */
  @Test
  void mountFlagsAreTheMountsOptions() throws Exception {
    for (String mountPoint : new String[] {"/", "/proc", "/dev", "/sys"}) {
      String options = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(l -> l.split(" ")).filter(f -> f[4].equals(mountPoint))
          .reduce((a, b) -> b).orElseThrow()[5];
      java.util.List<String> opts = java.util.List.of(options.split(","));
      long flags = host.mountFlags(Path.of(mountPoint));
      assertThat((flags & Linux.MS_RDONLY) != 0).as(mountPoint + " ro").isEqualTo(opts.contains("ro"));
      assertThat((flags & Linux.MS_NOSUID) != 0).as(mountPoint + " nosuid").isEqualTo(opts.contains("nosuid"));
      assertThat((flags & Linux.MS_NODEV) != 0).as(mountPoint + " nodev").isEqualTo(opts.contains("nodev"));
      assertThat((flags & Linux.MS_NOEXEC) != 0).as(mountPoint + " noexec").isEqualTo(opts.contains("noexec"));
      assertThat((flags & Linux.MS_RELATIME) != 0).as(mountPoint + " relatime")
          .isEqualTo(opts.contains("relatime"));
      assertThat((flags & Linux.MS_NOATIME) != 0).as(mountPoint + " noatime")
          .isEqualTo(opts.contains("noatime"));
    }
  }
}
