package io.jrunc.internal.linux;

import java.util.List;
import java.util.StringJoiner;

/** Linux capability numbers and names (as in linux/capability.h, up to CAP_CHECKPOINT_RESTORE). */
public final class Capabilities {
  private Capabilities() {}

  /** Names by number. */
  public static final List<String> NAMES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
      "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
      "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
      "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
      "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
      "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
      "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
      "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  /** The bit of a capability named like {@code CAP_SYS_ADMIN}; -1 if unknown. */
  public static long bit(String name) {
    int i = NAMES.indexOf(name);
    return i < 0 ? -1 : 1L << i;
  }

  /** The mask of the named capabilities; unknown names throw. */
  public static long mask(Iterable<String> names) {
    long m = 0;
    for (String n : names) {
      long b = bit(n);
      if (b < 0) {
        throw new IllegalArgumentException("unknown capability " + n);
      }
      m |= b;
    }
    return m;
  }

  /** {@code [CAP_CHOWN, CAP_KILL]}; unknown bits as numbers. */
  public static String format(long mask) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < 64; i++) {
      if ((mask & (1L << i)) != 0) {
        j.add(i < NAMES.size() ? NAMES.get(i) : Integer.toString(i));
      }
    }
    return j.toString();
  }
}
