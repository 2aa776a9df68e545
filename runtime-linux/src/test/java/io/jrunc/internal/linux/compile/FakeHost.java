package io.jrunc.internal.linux.compile;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host for unit tests: everything it says is set by the test. */
final class FakeHost implements Host {
  long hardLimit = 524288;
  boolean canRaise;
  boolean unified;
  boolean kcore = true;
  Path mountPoint = Path.of("/");
  final List<Path> procAndSysfs = new ArrayList<>(List.of(Path.of("/proc"), Path.of("/sys")));
  final Map<Path, FileKind> kinds = new HashMap<>();
  final Map<Path, Path> realPaths = new HashMap<>();
  final List<Path> missing = new ArrayList<>();
  String home;
  long euid;
  long egid;
  /** Capabilities in the effective set; all (as root) unless changed. */
  long caps = -1L;
  final Map<String, Path> programs = new HashMap<>(Map.of("newuidmap", Path.of("/usr/bin/newuidmap"),
      "newgidmap", Path.of("/usr/bin/newgidmap")));
  final Map<Long, String> users = new HashMap<>(Map.of(0L, "root", 1000L, "alice"));
  final Map<Path, List<String>> files = new HashMap<>();
  final Map<Path, Long> mountFlags = new HashMap<>();

  /** This host as an ordinary user, 1000:1000 (alice), with no capabilities. */
  FakeHost user() {
    euid = 1000;
    egid = 1000;
    caps = 0;
    return this;
  }

  @Override
  public long euid() {
    return euid;
  }

  @Override
  public long egid() {
    return egid;
  }

  @Override
  public boolean capable(int cap) {
    return (caps & (1L << cap)) != 0;
  }

  @Override
  public Optional<Path> program(String name) {
    return Optional.ofNullable(programs.get(name));
  }

  @Override
  public Optional<String> userName(long uid) {
    return Optional.ofNullable(users.get(uid));
  }

  @Override
  public List<String> lines(Path file) {
    return files.getOrDefault(file, List.of());
  }

  @Override
  public long mountFlags(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (mountFlags.containsKey(p)) {
        return mountFlags.get(p);
      }
    }
    return 0;
  }

  @Override
  public long hardLimit(int resource) {
    return hardLimit;
  }

  @Override
  public boolean canRaiseHardLimits() {
    return canRaise;
  }

  @Override
  public Path realPath(Path path) throws IOException {
    if (missing.contains(path)) {
      throw new NoSuchFileException(path.toString());
    }
    return realPaths.getOrDefault(path, path);
  }

  @Override
  public FileKind kind(Path path) {
    return kinds.getOrDefault(path, FileKind.DIRECTORY);
  }

  @Override
  public boolean unifiedCgroup() {
    return unified;
  }

  @Override
  public boolean exists(Path path) {
    return kcore;
  }

  @Override
  public Path mountPointOf(Path path) {
    return mountPoint;
  }

  @Override
  public List<Path> procAndSysfsMounts() {
    return procAndSysfs;
  }

  @Override
  public Optional<String> homeDirectory(Path rootfs, long uid) {
    return Optional.ofNullable(home);
  }
}
