package io.jrunc.internal.linux.cgroup;

import io.jrunc.spec.Linux.Resources;

/**
 * Whether a container gets cgroups. Root: always. Not root: only in a delegated, writable cgroup
 * v2 subtree (this process's own cgroup); otherwise the container runs without cgroups, with a
 * warning, unless it asks for limits, which then fails with a message saying what is missing.
 */
public final class CgroupPolicy {

  /** What to do. */
  public enum Kind { USE, SKIP, FAIL }

  /**
   * A decision.
   *
   * @param kind use, skip (with {@code message} as the warning) or fail (with it as the error)
   * @param delegated true when cgroups are used in this process's own delegated v2 subtree
   *     (the container's cgroup path is then taken relative to it)
   * @param message the warning or error, or null
   */
  public record Decision(Kind kind, boolean delegated, String message) {}

  private CgroupPolicy() {}

  /**
   * Decides.
   *
   * @param root whether this process is root (euid 0)
   * @param hierarchies the machine's cgroups, or null if none is mounted
   * @param delegatedWritable whether this process's own cgroup v2 directory is writable by it
   * @param resources the container's linux.resources (may be null)
   */
  public static Decision decide(boolean root, Hierarchies hierarchies, boolean delegatedWritable,
      Resources resources) {
    boolean needs = needsCgroup(resources);
    if (hierarchies == null) {
      String m = "no cgroup file system is mounted (/sys/fs/cgroup)";
      return needs ? new Decision(Kind.FAIL, false, "linux.resources needs cgroups, but " + m)
          : new Decision(Kind.SKIP, false, "running without cgroups: " + m);
    }
    if (root) {
      return new Decision(Kind.USE, false, null);
    }
    if (hierarchies.mode() == Hierarchies.Mode.V2 && delegatedWritable) {
      return new Decision(Kind.USE, true, null);
    }
    String why = hierarchies.mode() == Hierarchies.Mode.V2
        ? "this process's cgroup (" + hierarchies.unifiedOwn() + ") is not delegated to it (not writable)"
        : "cgroup v1 cannot be delegated to an unprivileged user, and this process is not root";
    String how = "run as root, or on cgroup v2 in a delegated subtree (with systemd: "
        + "systemd-run --user --scope -p Delegate=yes ..., or Delegate=yes in the user's service)";
    if (needs) {
      return new Decision(Kind.FAIL, false, "linux.resources asks for limits that need a cgroup, but "
          + why + ": " + how);
    }
    return new Decision(Kind.SKIP, false, "running without cgroups (no limits, stats, pause or "
        + "kill --all): " + why);
  }

  /** True if resources ask for a limit (device rules alone do not: runc's rootless defaults). */
  public static boolean needsCgroup(Resources r) {
    if (r == null) {
      return false;
    }
    return r.memory() != null || r.cpu() != null || r.pids() != null || r.blockIo() != null
        || !Nulls.of(r.hugepageLimits()).isEmpty() || r.network() != null || !Nulls.of(r.unified()).isEmpty()
        || !Nulls.of(r.rdma()).isEmpty();
  }
}
