package io.jrunc.internal.linux.compile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the compiler asks of the machine it compiles for. Everything here is about the host side
 * (the runtime process, the bundle, the host's mounts), never about paths inside the container's
 * root filesystem, which the helper resolves itself when the container is set up. Tests pass a
 * fake; {@link #system()} is the real one.
 */
public interface Host {
  /** The machine this JVM runs on. */
  static Host system() {
    return SystemHost.INSTANCE;
  }

  /** The hard limit of resource limit {@code resource} (RLIMIT_*) of this process; -1: unlimited. */
  long hardLimit(int resource);

  /** True if this process may raise hard resource limits (CAP_SYS_RESOURCE in its effective set). */
  boolean canRaiseHardLimits();

  /** The path with every symlink resolved; throws if it does not exist. */
  Path realPath(Path path) throws IOException;

  /** What a bind mount source is, following symlinks. */
  FileKind kind(Path path);

  /** True if the host has only cgroup v2 (a cgroup2 mount at /sys/fs/cgroup). */
  boolean unifiedCgroup();

  /** True if {@code path} exists on the host (for {@code /proc/kcore}). */
  boolean exists(Path path);

  /** The mount point {@code path} is on (the longest mount point that contains it). */
  Path mountPointOf(Path path);

  /** The mount points of whole proc and sysfs mounts (root "/"), in mount order. */
  List<Path> procAndSysfsMounts();

  /**
   * The home directory of {@code uid} in the container's {@code /etc/passwd}, if that file is a
   * regular file reached without symlinks and lists the uid.
   */
  Optional<String> homeDirectory(Path rootfs, long uid);

  /** This process's effective uid. */
  long euid();

  /** This process's effective gid. */
  long egid();

  /** True if capability {@code cap} (CAP_* number) is in this process's effective set. */
  boolean capable(int cap);

  /** The executable {@code name}: found on PATH, else in /usr/bin, /usr/sbin, /bin or /sbin. */
  Optional<Path> program(String name);

  /** The name of the host user {@code uid} (from /etc/passwd). */
  Optional<String> userName(long uid);

  /** The lines of a host file like /etc/subuid; none if it does not exist or cannot be read. */
  List<String> lines(Path file);

  /**
   * The flags of the mount that {@code path} is on, as MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC,
   * MS_NOATIME, MS_NODIRATIME and MS_RELATIME bits (statvfs(3) of the path).
   */
  long mountFlags(Path path) throws IOException;

  /** What a path on the host is. */
  enum FileKind { DIRECTORY, OTHER, MISSING }
}
