package io.jrunc.internal.linux.cgroup;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Linux.Resources.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The device rules a container's cgroup gets, as runc computes them: the spec's {@code
 * linux.resources.devices} in order, then the devices every container may use (runc's list:
 * mknod of any device, null, zero, full, tty, random, urandom, the pty slaves, ptmx, tun), then
 * each of the spec's {@code linux.devices}.
 */
public final class DeviceRules {
  private DeviceRules() {}

  /** runc's default allowed devices. */
  static final List<DeviceRule> DEFAULT_ALLOWED = List.of(
      allow("c", null, null, "m"), allow("b", null, null, "m"),
      allow("c", 1L, 3L, "rwm"), allow("c", 1L, 5L, "rwm"), allow("c", 1L, 7L, "rwm"),
      allow("c", 5L, 0L, "rwm"), allow("c", 1L, 8L, "rwm"), allow("c", 1L, 9L, "rwm"),
      allow("c", 136L, null, "rwm"), allow("c", 5L, 2L, "rwm"), allow("c", 10L, 200L, "rwm"));

  private static DeviceRule allow(String type, Long major, Long minor, String access) {
    return new DeviceRule(true, type, major, minor, access, null);
  }

  /** The rules for a container with this Linux part (null: the defaults only). */
  public static List<DeviceRule> of(Linux linux) {
    List<DeviceRule> rules = new ArrayList<>();
    if (linux != null && linux.resources() != null) {
      rules.addAll(Nulls.of(linux.resources().devices()));
    }
    if (rules.isEmpty()) {
      return rules; // nothing asked for: the cgroup's devices stay as they are
    }
    rules.addAll(DEFAULT_ALLOWED);
    if (linux != null && linux.devices() != null) {
      for (Linux.Device d : linux.devices()) {
        if ("p".equals(d.type())) {
          continue; // a FIFO: no device rule
        }
        String type = "u".equals(d.type()) ? "c" : d.type();
        rules.add(allow(type, d.major(), d.minor(), "rwm"));
      }
    }
    return rules;
  }
}
