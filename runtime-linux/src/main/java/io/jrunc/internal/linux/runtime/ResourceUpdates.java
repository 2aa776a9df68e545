package io.jrunc.internal.linux.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import java.util.Iterator;
import java.util.Map;

/**
 * What {@code update} records: the spec with the update's resources merged into its {@code
 * linux.resources}, field by field (a field the update sets replaces the old one; lists are
 * replaced whole; fields it does not set stay), as runc keeps its config after {@code runc update}.
 */
final class ResourceUpdates {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
    try {
      ObjectNode a = (ObjectNode) MAPPER.readTree(SpecJson.toJson(old));
      JsonNode b = MAPPER.readTree(SpecJson.toJson(update));
      deepMerge(a, b);
      return SpecJson.parse(MAPPER.writeValueAsString(a), "linux.resources", Linux.Resources.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("merging linux.resources: " + e.getMessage(), e);
    }
  }

  private static void deepMerge(ObjectNode into, JsonNode from) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        deepMerge(o, e.getValue());
      } else if (!e.getValue().isNull()) {
        into.set(e.getKey(), e.getValue());
      }
    }
  }
}
