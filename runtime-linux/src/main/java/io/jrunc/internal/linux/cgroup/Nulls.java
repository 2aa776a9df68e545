package io.jrunc.internal.linux.cgroup;

import java.util.List;
import java.util.Map;

/** The spec model keeps absent lists and maps as null: these read them as empty. */
final class Nulls {
  private Nulls() {}

  static <T> List<T> of(List<T> l) {
    return l == null ? List.of() : l;
  }

  static <K, V> Map<K, V> of(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }
}
