package io.jrunc.internal.linux.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cgroup hierarchies of this machine, as this process sees them: {@link Mode#V1} (one
 * hierarchy per controller, or a few controllers together), {@link Mode#HYBRID} (v1 controllers
 * plus a cgroup2 mount, usually at {@code /sys/fs/cgroup/unified}, with no controllers: only its
 * core files count) or {@link Mode#V2} (one unified hierarchy at {@code /sys/fs/cgroup}).
 *
 * @param mode which of the three
 * @param v1Mounts v1 controller (or {@code name=systemd}) → its hierarchy's mount point
 * @param v1Own v1 controller → this process's cgroup in it ({@code /proc/self/cgroup})
 * @param unifiedMount the cgroup2 mount, or null
 * @param unifiedOwn this process's cgroup in it, or null
 */
public record Hierarchies(Mode mode, Map<String, Path> v1Mounts, Map<String, String> v1Own,
    Path unifiedMount, String unifiedOwn) {

  /** The three layouts. */
  public enum Mode { V1, HYBRID, V2 }

  /** The v1 hierarchies jrunc puts containers in (runc's list), in this order. */
  public static final List<String> V1_CONTROLLERS = List.of("cpuset", "cpu", "cpuacct", "memory",
      "devices", "freezer", "blkio", "pids", "hugetlb", "net_cls", "net_prio", "perf_event", "rdma",
      "misc", "name=systemd");

  public Hierarchies {
    v1Mounts = Map.copyOf(v1Mounts);
    v1Own = Map.copyOf(v1Own);
  }

  /** This machine's, from /proc/self/mountinfo and /proc/self/cgroup. */
  public static Hierarchies system() throws IOException {
    return parse(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8),
        Files.readString(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8));
  }

  /** Parses a mountinfo and a /proc/PID/cgroup text. */
  public static Hierarchies parse(String mountinfo, String procCgroup) {
    Map<String, Path> v1 = new LinkedHashMap<>();
    Path unified = null;
    for (String line : mountinfo.split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      Path mountPoint = Path.of(unescape(left[4]));
      if (right[0].equals("cgroup2")) {
        if (unified == null || mountPoint.toString().equals("/sys/fs/cgroup")) {
          unified = mountPoint;
        }
      } else if (right[0].equals("cgroup")) {
        Set<String> opts = Set.of(right[2].split(","));
        for (String c : V1_CONTROLLERS) {
          if (opts.contains(c) && !v1.containsKey(c)) {
            v1.put(c, mountPoint);
          }
        }
      }
    }
    Map<String, String> own = new LinkedHashMap<>();
    String unifiedOwn = null;
    for (String line : procCgroup.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("0") && f[1].isEmpty()) {
        unifiedOwn = f[2];
      } else {
        for (String c : f[1].split(",")) {
          own.put(c, f[2]);
        }
      }
    }
    Mode mode = v1.isEmpty() ? Mode.V2 : unified != null ? Mode.HYBRID : Mode.V1;
    if (mode == Mode.V2 && unified == null) {
      throw new IllegalArgumentException("no cgroup file system is mounted");
    }
    if (unified != null && unifiedOwn == null) {
      unifiedOwn = "/";
    }
    return new Hierarchies(mode, v1, own, unified, unifiedOwn);
  }

  /** A v2-only machine with the unified hierarchy at {@code mount} (tests, fake trees). */
  public static Hierarchies v2(Path mount, String own) {
    return new Hierarchies(Mode.V2, Map.of(), Map.of(), mount, own);
  }

  /** True if the controllers are v2's (not only its core files). */
  public boolean controllersOnV2() {
    return mode == Mode.V2;
  }

  /** Mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        try {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape
        }
      }
      b.append(c);
    }
    return b.toString();
  }
}
