package io.jrunc.internal.linux.runtime;

import io.jrunc.internal.spec.JsonIo;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import java.util.Map;

/**
 * What {@code update} records: the spec with the update's resources merged into its {@code
 * linux.resources}, field by field (a field the update sets replaces the old one; lists are
 * replaced whole; fields it does not set stay), as runc keeps its config after {@code runc update}.
 */
final class ResourceUpdates {
  private ResourceUpdates() {}

  static Spec record(Spec spec, Linux.Resources update) {
    Linux linux = spec.linux() == null ? Linux.builder().build() : spec.linux();
    Linux.Resources merged = merge(linux.resources(), update);
    return spec.toBuilder().linux(linux.toBuilder().resources(merged).build()).build();
  }

  static Linux.Resources merge(Linux.Resources old, Linux.Resources update) {
    if (old == null) {
      return update;
    }
    Map<String, Object> a = tree(SpecJson.toJson(old));
    Map<String, Object> b = tree(SpecJson.toJson(update));
    deepMerge(a, b);
    return SpecJson.parse(JsonIo.valueToJson(a, ""), "linux.resources", Linux.Resources.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String json) {
    return (Map<String, Object>) JsonIo.parseValue(json, "linux.resources");
  }

  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      Object existing = into.get(e.getKey());
      if (existing instanceof Map<?, ?> o && e.getValue() instanceof Map<?, ?> v) {
        deepMerge((Map<String, Object>) o, (Map<String, Object>) v);
      } else if (e.getValue() != null) {
        into.put(e.getKey(), e.getValue());
      }
    }
  }
}
