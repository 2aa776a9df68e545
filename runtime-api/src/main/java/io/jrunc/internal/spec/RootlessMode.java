package io.jrunc.internal.spec;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link io.jrunc.ContainerBuilder} does for a caller who is not root: the container gets a
 * new user namespace in which root is the caller, as with Podman. Root in the container maps to
 * the caller's own uid and gid; when {@code newuidmap} and {@code newgidmap} are installed and
 * {@code /etc/subuid} and {@code /etc/subgid} give the caller subordinate ids, container ids from
 * 1 map to the first range of them, so that other users exist in the container too. The other
 * namespaces stay (a network namespace owned by the user namespace needs no privilege, and lets
 * sysfs be mounted); {@code uid=}/{@code gid=} mount options that name unmapped ids are left out.
 * Not public API.
 */
public final class RootlessMode {
  private RootlessMode() {}

  /**
   * The caller's side: effective ids and the subordinate ranges it may map ({@code subUid} and
   * {@code subGid} are null when it has none, or newuidmap/newgidmap are missing).
   */
  public record Caller(long uid, long gid, Linux.IdMapping subUid, Linux.IdMapping subGid) {
    /** A description for the log. */
    public String describe() {
      return "uid " + uid + ", gid " + gid + (subUid == null ? ", no subordinate ids"
          : ", subordinate uids " + subUid.hostId() + "+" + subUid.size() + ", gids "
              + subGid.hostId() + "+" + subGid.size());
    }
  }

  /** True if {@code spec} has no user namespace (new or joined) of its own. */
  public static boolean lacksUserNamespace(Spec spec) {
    return spec.linux() == null || spec.linux().namespaces() == null
        || spec.linux().namespaces().stream().noneMatch(n -> "user".equals(n.type()));
  }

  /** {@code spec} with a new user namespace for {@code caller}, as the class says. */
  public static Spec adapt(Spec spec, Caller caller) {
    Linux linux = spec.linux() != null ? spec.linux() : Linux.builder().build();
    List<Linux.Namespace> namespaces = new ArrayList<>(
        linux.namespaces() == null ? List.of() : linux.namespaces());
    namespaces.add(Linux.Namespace.of("user"));
    List<Linux.IdMapping> uids = new ArrayList<>(List.of(Linux.IdMapping.of(0, caller.uid(), 1)));
    List<Linux.IdMapping> gids = new ArrayList<>(List.of(Linux.IdMapping.of(0, caller.gid(), 1)));
    if (caller.subUid() != null && caller.subGid() != null) {
      uids.add(Linux.IdMapping.of(1, caller.subUid().hostId(), caller.subUid().size()));
      gids.add(Linux.IdMapping.of(1, caller.subGid().hostId(), caller.subGid().size()));
    }
    List<Spec.Mount> mounts = null;
    if (spec.mounts() != null) {
      mounts = new ArrayList<>();
      for (Spec.Mount m : spec.mounts()) {
        List<String> options = new ArrayList<>();
        boolean changed = false;
        for (String o : m.options() == null ? List.<String>of() : m.options()) {
          if ((o.startsWith("uid=") && !mapped(uids, o.substring(4)))
              || (o.startsWith("gid=") && !mapped(gids, o.substring(4)))) {
            changed = true;
            continue;
          }
          options.add(o);
        }
        mounts.add(changed ? m.toBuilder().options(options).build() : m);
      }
    }
    return spec.toBuilder()
        .mounts(mounts)
        .linux(linux.toBuilder().namespaces(namespaces).uidMappings(uids).gidMappings(gids).build())
        .build();
  }

  private static boolean mapped(List<Linux.IdMapping> maps, String id) {
    try {
      long v = Long.parseLong(id);
      return maps.stream().anyMatch(m -> v >= m.containerId() && v < m.containerId() + m.size());
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  /** This process as a caller: its effective ids, and its subordinate ids when usable. */
  public static Caller thisProcess() {
    long[] ids = SpecDefaults.effectiveIds();
    Linux.IdMapping subUid = null;
    Linux.IdMapping subGid = null;
    if (onPath("newuidmap") && onPath("newgidmap")) {
      String name = userName(ids[0]).orElse(null);
      subUid = firstRange(Path.of("/etc/subuid"), name, ids[0]);
      subGid = firstRange(Path.of("/etc/subgid"), name, ids[0]);
      if (subUid == null || subGid == null) {
        subUid = subGid = null;
      }
    }
    return new Caller(ids[0], ids[1], subUid, subGid);
  }

  private static boolean onPath(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
    return dirs.stream().filter(d -> d.startsWith("/"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
  }

  private static Optional<String> userName(long uid) {
    for (String line : lines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[2].equals(Long.toString(uid))) {
        return Optional.of(f[0]);
      }
    }
    return Optional.empty();
  }

  /** The first {@code name:start:count} range for the user (by name or id) in the file. */
  static Linux.IdMapping firstRange(Path file, String name, long uid) {
    return firstRange(lines(file), name, uid);
  }

  static Linux.IdMapping firstRange(List<String> lines, String name, long uid) {
    for (String line : lines) {
      String[] f = line.strip().split(":");
      if (f.length == 3 && (f[0].equals(name) || f[0].equals(Long.toString(uid)))) {
        try {
          long start = Long.parseLong(f[1]);
          long count = Long.parseLong(f[2]);
          if (start > 0 && count > 0 && count <= 0xffffffffL - 1) {
            return Linux.IdMapping.of(0, start, count);
          }
        } catch (NumberFormatException e) {
          // not a range
        }
      }
    }
    return null;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
