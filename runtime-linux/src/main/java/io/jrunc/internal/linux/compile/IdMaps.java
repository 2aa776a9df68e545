package io.jrunc.internal.linux.compile;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Problem;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the uid and gid maps of a container's new user namespace get written, decided before the
 * container exists: the runtime writes them while the init waits at WAIT_PARENT.
 *
 * <p>The kernel's rules (user_namespaces(7)): a process with CAP_SETUID (CAP_SETGID) in its user
 * namespace may write any map; one without may write only a single line mapping its own effective
 * uid (gid), and for the gid map only after {@code setgroups} of the child has been set to
 * {@code deny}. Anything else needs the setuid helpers {@code newuidmap} and {@code newgidmap}
 * (package uidmap), which map the caller's own id and the subordinate ranges that {@code
 * /etc/subuid} and {@code /etc/subgid} give it, as rootless runc and Podman do.
 *
 * @param uid how the uid map is written
 * @param gid how the gid map is written
 * @param denySetgroups whether {@code /proc/<pid>/setgroups} gets {@code deny} before the gid map
 */
public record IdMaps(IdMap uid, IdMap gid, boolean denySetgroups) {

  static final int CAP_SETGID = 6;
  static final int CAP_SETUID = 7;
  static final Path SUBUID = Path.of("/etc/subuid");
  static final Path SUBGID = Path.of("/etc/subgid");

  /**
   * One map.
   *
   * @param kind "uid" or "gid"
   * @param mappings the lines
   * @param helper the path of newuidmap or newgidmap, or null to write the map directly
   */
  public record IdMap(String kind, List<Linux.IdMapping> mappings, Path helper) {
    /** The map file's text: "containerID hostID size" lines. */
    public String text() {
      StringBuilder b = new StringBuilder();
      for (Linux.IdMapping m : mappings) {
        b.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.size())
            .append('\n');
      }
      return b.toString();
    }

    /** newuidmap's (newgidmap's) arguments after its path: the pid, then the mappings. */
    public List<String> helperArgs(long pid) {
      List<String> args = new ArrayList<>();
      args.add(Long.toString(pid));
      for (Linux.IdMapping m : mappings) {
        args.add(Long.toString(m.containerId()));
        args.add(Long.toString(m.hostId()));
        args.add(Long.toString(m.size()));
      }
      return args;
    }
  }

  /** A range of subordinate ids: {@code start} to {@code start + count - 1}. */
  record Range(long start, long count) {
    boolean contains(long first, long size) {
      return first >= start && first + size <= start + count;
    }

    @Override
    public String toString() {
      return start + "-" + (start + count - 1);
    }
  }

  /**
   * The maps of the spec's new user namespace, or empty when it makes none. What cannot be done
   * by this process on this host is added to {@code problems}, each saying what is missing and
   * how to get it.
   */
  public static Optional<IdMaps> decide(Spec spec, Host host, List<Problem> problems) {
    Linux linux = spec.linux();
    if (linux == null || linux.namespaces() == null || linux.namespaces().stream()
        .noneMatch(n -> n.type().equals("user") && (n.path() == null || n.path().isEmpty()))) {
      if (linux != null && linux.namespaces() != null
          && linux.namespaces().stream().anyMatch(n -> n.type().equals("user"))) {
        for (String kind : new String[] {"uid", "gid"}) {
          List<Linux.IdMapping> m = kind.equals("uid") ? linux.uidMappings() : linux.gidMappings();
          if (m != null && !m.isEmpty()) {
            problems.add(new Problem("linux." + kind + "Mappings", "cannot be applied: the user"
                + " namespace is joined by path, and has its maps already; leave them out"));
          }
        }
      }
      return Optional.empty();
    }
    List<Linux.IdMapping> uids = linux.uidMappings() == null ? List.of() : linux.uidMappings();
    List<Linux.IdMapping> gids = linux.gidMappings() == null ? List.of() : linux.gidMappings();
    int before = problems.size();
    IdMap uid = map("uid", uids, host.euid(), host.capable(CAP_SETUID), SUBUID, "newuidmap", host,
        problems);
    IdMap gid = map("gid", gids, host.egid(), host.capable(CAP_SETGID), SUBGID, "newgidmap", host,
        problems);
    boolean deny = gid != null && gid.helper() == null && !host.capable(CAP_SETGID);
    Spec.Process.User user = spec.process() != null ? spec.process().user() : null;
    // How a user without privileges gets more ids mapped.
    String hint = host.capable(CAP_SETUID) ? "" : "; a user who is not root can map more ids"
        + " with subordinate ids from " + SUBUID + " and " + SUBGID + " and newuidmap/newgidmap"
        + " (package uidmap)";
    if (user != null) {
      if (!mapped(uids, user.uid())) {
        problems.add(new Problem("process.user.uid", user.uid() + " is not mapped in the"
            + " container's user namespace (linux.uidMappings maps " + containerIds(uids) + ")"
            + hint));
      }
      if (!mapped(gids, user.gid())) {
        problems.add(new Problem("process.user.gid", user.gid() + " is not mapped in the"
            + " container's user namespace (linux.gidMappings maps " + containerIds(gids) + ")"
            + hint));
      }
      List<Long> extra = user.additionalGids() == null ? List.of() : user.additionalGids();
      for (int i = 0; i < extra.size(); i++) {
        if (!mapped(gids, extra.get(i))) {
          problems.add(new Problem("process.user.additionalGids[" + i + "]", extra.get(i)
              + " is not mapped in the container's user namespace (linux.gidMappings maps "
              + containerIds(gids) + ")"));
        }
      }
      if (deny && !extra.isEmpty()) {
        problems.add(new Problem("process.user.additionalGids", "cannot be set: a gid map written"
            + " without CAP_SETGID denies setgroups in the container; map the gids with newgidmap"
            + " (package uidmap) from ranges in " + SUBGID + ", or run as root"));
      }
    }
    return problems.size() > before ? Optional.empty() : Optional.of(new IdMaps(uid, gid, deny));
  }

  private static boolean mapped(List<Linux.IdMapping> maps, long id) {
    return maps.stream().anyMatch(m -> id >= m.containerId() && id < m.containerId() + m.size());
  }

  private static String containerIds(List<Linux.IdMapping> maps) {
    List<String> out = new ArrayList<>();
    for (Linux.IdMapping m : maps) {
      out.add(m.size() == 1 ? Long.toString(m.containerId())
          : m.containerId() + "-" + (m.containerId() + m.size() - 1));
    }
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  private static IdMap map(String kind, List<Linux.IdMapping> maps, long own, boolean capable,
      Path subIdFile, String helperName, Host host, List<Problem> problems) {
    String field = "linux." + kind + "Mappings";
    if (capable || maps.isEmpty()) {
      return new IdMap(kind, maps, null); // (an empty map is a validation problem already)
    }
    if (maps.size() == 1 && maps.get(0).hostId() == own && maps.get(0).size() == 1) {
      return new IdMap(kind, maps, null);
    }
    // newuidmap/newgidmap: the caller's own id, and ranges from /etc/subuid (/etc/subgid).
    String user = host.userName(own).orElse(null);
    List<Range> ranges = subordinateIds(host.lines(subIdFile), user, own);
    String who = (user != null ? user + " (" + kind + " " + own + ")" : kind + " " + own);
    boolean covered = true;
    for (int i = 0; i < maps.size(); i++) {
      Linux.IdMapping m = maps.get(i);
      boolean ok = (m.size() == 1 && m.hostId() == own)
          || ranges.stream().anyMatch(r -> r.contains(m.hostId(), m.size()));
      if (!ok) {
        covered = false;
        String hostIds = m.size() == 1 ? "host " + kind + " " + m.hostId()
            : "host " + kind + "s " + m.hostId() + "-" + (m.hostId() + m.size() - 1);
        problems.add(new Problem(field + "[" + i + "]", hostIds + " cannot be mapped by "
            + who + " without CAP_SET" + kind.toUpperCase() + ": it may map only its own "
            + kind + " and the subordinate " + kind + "s that " + subIdFile + " gives it ("
            + (ranges.isEmpty() ? "none" : ranges.toString().replaceAll("[\\[\\]]", "")) + ")"
            + (ranges.isEmpty() ? "; add a range there, e.g. as root: usermod --add-sub" + kind
                + "s 100000-165535 " + (user != null ? user : own) : "")));
      }
    }
    if (!covered) {
      return null;
    }
    Optional<Path> helper = host.program(helperName);
    if (helper.isEmpty()) {
      problems.add(new Problem(field, "maps more than " + who + "'s own " + kind + ": without"
          + " CAP_SET" + kind.toUpperCase() + " that needs " + helperName + " (package uidmap on"
          + " Debian and Ubuntu, shadow-utils on Fedora), which is not installed; or map only your"
          + " own " + kind + " (" + own + ") with size 1"));
      return null;
    }
    return new IdMap(kind, maps, helper.get());
  }

  /**
   * The ranges that an /etc/subuid (/etc/subgid) file gives a user, named or by id: lines of
   * {@code name:start:count}; comments, blank and malformed lines are ignored.
   */
  static List<Range> subordinateIds(List<String> lines, String user, long id) {
    List<Range> out = new ArrayList<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(":");
      if (f.length != 3 || !(f[0].equals(user) || f[0].equals(Long.toString(id)))) {
        continue;
      }
      try {
        long start = Long.parseLong(f[1]);
        long count = Long.parseLong(f[2]);
        if (start >= 0 && count > 0) {
          out.add(new Range(start, count));
        }
      } catch (NumberFormatException e) {
        // malformed: not a range
      }
    }
    return out;
  }
}
