package io.jrunc.internal.linux.cgroup;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.cgroupsPath} as jrunc reads it (runc's cgroupfs driver): absent or empty means
 * {@code /jrunc/<id>}; an absolute path is taken from each hierarchy's root; a relative one from
 * this process's own cgroup in each hierarchy. The systemd form ({@code slice:prefix:name}) is
 * not supported; {@code ..} components are refused (a container's cgroup never leaves the tree it
 * names).
 */
public final class CgroupPaths {
  /** The parent of containers' cgroups when the spec names none. */
  public static final String DEFAULT_PARENT = "jrunc";

  private CgroupPaths() {}

  /**
   * The cgroup path a container gets: absolute ("/jrunc/id", "/a/b") or relative ("a/b"),
   * normalized (no empty or "." components).
   *
   * @throws CgroupException naming linux.cgroupsPath if it cannot be used
   */
  public static String resolve(String cgroupsPath, String id) throws CgroupException {
    if (cgroupsPath == null || cgroupsPath.isEmpty()) {
      return "/" + DEFAULT_PARENT + "/" + id;
    }
    if (!cgroupsPath.startsWith("/") && cgroupsPath.split(":", -1).length == 3) {
      throw new CgroupException("linux.cgroupsPath \"" + cgroupsPath + "\": the systemd form "
          + "(slice:prefix:name) is not supported; give a cgroup path such as /jrunc/" + id);
    }
    List<String> parts = new ArrayList<>();
    for (String p : cgroupsPath.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        throw new CgroupException("linux.cgroupsPath \"" + cgroupsPath + "\": \"..\" is not allowed");
      }
      if (p.indexOf('\0') >= 0) {
        throw new CgroupException("linux.cgroupsPath: a NUL character is not allowed");
      }
      parts.add(p);
    }
    if (parts.isEmpty()) {
      throw new CgroupException("linux.cgroupsPath \"" + cgroupsPath + "\" names a hierarchy's root; "
          + "a container needs a cgroup of its own");
    }
    String joined = String.join("/", parts);
    return cgroupsPath.startsWith("/") ? "/" + joined : joined;
  }

  /** The path relative to a hierarchy's mount: {@code path} itself, or under {@code own}. */
  public static String inHierarchy(String path, String own) {
    if (path.startsWith("/")) {
      return path.substring(1);
    }
    String base = own == null ? "" : own.replaceAll("^/+|/+$", "");
    return base.isEmpty() ? path : base + "/" + path;
  }
}
