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
