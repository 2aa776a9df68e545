package io.jrunc.cli.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.testing.Requirements;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the engine ITs share: running a command with a timeout, starting and stopping a daemon
 * (only processes the test started are ever signalled), and the checks that nothing is left
 * behind (processes, mounts, cgroups, container state).
 */
final class Engines {
  private Engines() {
  }

  /** A finished command. */
  record Result(int status, String out, String err) {
    Result ok() {
      assertThat(status).as("exit status; stdout: %s; stderr: %s", out, err).isZero();
      return this;
    }
  }

  /** The jrunc launcher the build made. */
  static Path jrunc() {
    String launcher = System.getProperty("jrunc.launcher");
    Requirements.require(launcher != null && Files.isExecutable(Path.of(launcher)),
        "the jrunc launcher (sysprop jrunc.launcher, built by `package`)");
    return Path.of(launcher);
  }

  static Path busyboxTar() {
    return Path.of(System.getProperty("jrunc.busybox.tar"));
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code cmd} with stdin from /dev/null (or {@code stdin}); fails the test on timeout. */
  static Result run(Path work, Map<String, String> env, String stdin, Duration timeout, List<String> cmd)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // it did not read it all; its status tells
      }
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(cmd + " did not finish within " + timeout + "; stdout: "
          + Files.readString(out) + "; stderr: " + Files.readString(err));
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  /** Starts a daemon with its output in {@code log}. */
  static Process start(List<String> cmd, Path log) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  /** Waits until {@code ready} holds; fails with the daemon's log if it does not in time. */
  static void await(BooleanSupplier ready, Duration timeout, Process daemon, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!daemon.isAlive()) {
        throw new AssertionError(daemon.info().command().orElse("the daemon") + " exited with "
            + daemon.exitValue() + ":\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not ready within " + timeout + ":\n" + tail(log));
      }
      Thread.sleep(100);
    }
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** SIGTERM to a daemon this test started, then SIGKILL after {@code grace}. */
  static void stop(ProcessHandle daemon, Duration grace) throws InterruptedException {
    if (daemon == null || !daemon.isAlive()) {
      return;
    }
    daemon.destroy();
    try {
      daemon.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      daemon.destroyForcibly();
      try {
        daemon.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e2) {
        throw new AssertionError("daemon " + daemon.pid() + " does not go away", e2);
      }
    }
  }

  /** The pid in a pid file, if the file is there. */
  static ProcessHandle fromPidFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String text = Files.readString(file).trim();
    return text.isEmpty() ? null : ProcessHandle.of(Long.parseLong(text)).orElse(null);
  }

  /**
   * Processes (not zombies) whose command line mentions {@code text}: what a daemon, a shim or a
   * container started for a test (all of which name the test's directory) left running.
   */
  static List<String> processesMentioning(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        try {
          String stat = Files.readString(d.resolve("stat"));
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          String cmdline = Files.readString(d.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
          if (state != 'Z' && state != 'X' && cmdline.contains(text)) {
            found.add(d.getFileName() + ": " + cmdline.trim());
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    return found;
  }

  /** Mount points at or below {@code dir}, from /proc/self/mountinfo. */
  static List<String> mountsUnder(Path dir) throws IOException {
    String prefix = dir.toRealPath().toString();
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4].replace("\\040", " ");
      if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
        found.add(mountPoint);
      }
    }
    return found;
  }

  /** Unmounts (lazily) what a daemon left mounted below {@code dir}: the deepest first. */
  static void unmountUnder(Path dir, Path work) throws IOException, InterruptedException {
    List<String> mounts = mountsUnder(dir);
    mounts.sort(Comparator.comparing(String::length).reversed());
    for (String m : mounts) {
      run(work, Map.of(), null, Duration.ofSeconds(30), List.of("umount", "-l", m));
    }
  }

  /** cgroup directories (every v1 controller and the v2 tree, 4 levels down) named with one of {@code ids}. */
  static List<Path> cgroupsNamed(Collection<String> ids) throws IOException {
    List<Path> found = new ArrayList<>();
    Path root = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(root) || ids.isEmpty()) {
      return found;
    }
    try (Stream<Path> s = Files.walk(root, 4)) {
      s.filter(Files::isDirectory).forEach(p -> {
        String name = p.getFileName().toString();
        if (ids.stream().anyMatch(name::contains)) {
          found.add(p);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      // a cgroup removed while walking
    }
    return found;
  }

  /** The directories at depth 1-2 of every cgroup hierarchy, to tell what a test added. */
  static List<Path> cgroupDirs() throws IOException {
    List<Path> dirs = new ArrayList<>();
    Path root = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(root)) {
      return dirs;
    }
    try (Stream<Path> s = Files.walk(root, 3)) {
      s.filter(Files::isDirectory).forEach(dirs::add);
    } catch (java.io.UncheckedIOException e) {
      // removed while walking
    }
    return dirs;
  }

  /**
   * Removes the cgroups that appeared since {@code before} and whose name starts with {@code
   * prefix} (a daemon's own, e.g. podman's libpod_parent), the deepest first; only empty ones
   * can go (rmdir), so nothing running is touched.
   */
  static void removeNewCgroups(List<Path> before, String prefix) throws IOException {
    List<Path> added = new ArrayList<>(cgroupDirs());
    added.removeAll(before);
    added.removeIf(p -> !p.toString().contains("/" + prefix));
    added.sort(Comparator.comparing((Path p) -> p.getNameCount()).reversed());
    for (Path p : added) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // busy: the check after this names it
      }
    }
  }

  /** Entries left in a runtime's state root (there should be none once containers are removed). */
  static List<String> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Host directories a daemon makes whatever its configured roots (e.g. /run/containerd/s for
   * shim sockets): those that did not exist before the test lose their empty directories after it.
   */
  record CreatedDirs(List<Path> created) {
    static CreatedDirs note(Path... dirs) {
      List<Path> absent = new ArrayList<>();
      for (Path d : dirs) {
        if (!Files.exists(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          absent.add(d);
        }
      }
      return new CreatedDirs(absent);
    }

    void removeEmpty() throws IOException {
      for (Path d : created) {
        if (!Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(d)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              try {
                Files.deleteIfExists(p);
              } catch (java.nio.file.DirectoryNotEmptyException e) {
                // holds a file: not empty, so not only ours
              }
            }
          }
        }
      }
    }
  }

  /** Deletes a tree (no symlink followed); what a daemon left that is not ours to keep. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
