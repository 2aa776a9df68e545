package io.jrunc.internal.linux;

import io.jrunc.internal.spec.KnownNames;
import java.util.List;
import java.util.StringJoiner;

/** Linux capability numbers and names (as in linux/capability.h, up to CAP_CHECKPOINT_RESTORE). */
public final class Capabilities {
  private Capabilities() {}

  /** Names by number: the list the spec model validates against. */
  public static final List<String> NAMES = KnownNames.CAPABILITIES;

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
