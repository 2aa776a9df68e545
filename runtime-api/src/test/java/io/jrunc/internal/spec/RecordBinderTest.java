package io.jrunc.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrunc.spec.Features;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecException;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The streaming binder that replaced Jackson databind: the names it binds, its output for the full
 * example config in every layout, and where its errors point.
 */
class RecordBinderTest {

  private static final List<Class<?>> DOCUMENTS =
      List.of(Spec.class, Linux.class, State.class, Features.class);

  private static String resource(String name) {
    try (InputStream in = Spec.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Class<?>> recordTypes() {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> top : DOCUMENTS) {
      collect(top, out);
    }
    return out;
  }

  private static void collect(Class<?> type, List<Class<?>> out) {
    if (type.isRecord()) {
      out.add(type);
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      collect(nested, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> definedNames(Class<?> type) throws ReflectiveOperationException {
    Field f = type.getDeclaredField("PROPERTIES");
    f.setAccessible(true);
    return (Set<String>) f.get(null);
  }

  @Test
  void everyRecordBindsExactlyTheMembersItDefines() throws Exception {
    List<Class<?>> types = recordTypes();
    assertThat(types).hasSizeGreaterThan(40);
    for (Class<?> type : types) {
      @SuppressWarnings("unchecked")
      Class<Record> t = (Class<Record>) type;
      Set<String> defined = definedNames(type);
      for (String name : defined) {
        // a defined member set to null is absent, not an extension
        Record r = SpecJson.parse("{\"" + name + "\": null}", "t.json", t);
        assertThat(extensions(r)).as("%s.%s", type.getSimpleName(), name).isEmpty();
      }
      for (RecordComponent c : type.getRecordComponents()) {
        if (!c.getName().equals("extensions") && !defined.contains(c.getName())) {
          // renamed in JSON (execCpuAffinity is execCPUAffinity): the Java name is unknown there
          Record r = SpecJson.parse("{\"" + c.getName() + "\": 1}", "t.json", t);
          assertThat(extensions(r)).as("%s.%s", type.getSimpleName(), c.getName())
              .containsOnlyKeys(c.getName());
        }
      }
      assertThat(extensions(SpecJson.parse("{\"x-y\": [1]}", "t.json", t)))
          .isEqualTo(Map.of("x-y", List.of(1)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> extensions(Record r) throws ReflectiveOperationException {
    return (Map<String, Object>) r.getClass().getMethod("extensions").invoke(r);
  }

  @Test
  void fullConfigInEveryLayout() throws Exception {
    String full = resource("full-config.json");
    Spec spec = Spec.parse(full);
    assertThat(spec.toJson()).isEqualTo(full);
    assertThat(SpecJson.toJson(spec, "\t")).isEqualTo(full);
    // compact and two-space output: the same document as the tab-indented one, laid out as Go's
    // json.Marshal and json.MarshalIndent(v, "", "  ") do
    ObjectMapper plain = new ObjectMapper();
    plain.getFactory().setCharacterEscapes(new GoCharacterEscapes());
    String compact = SpecJson.toJson(spec, "");
    assertThat(compact).doesNotContain("\n").isEqualTo(plain.writeValueAsString(plain.readTree(full)));
    assertThat(SpecJson.toJson(spec, "  ")).isEqualTo(full.replace("\t", "  "));
    assertThat(Spec.parse(compact)).isEqualTo(spec);
    assertThat(Spec.parse(SpecJson.toJson(spec, "  "))).isEqualTo(spec);
  }

  @Test
  void runcsDocumentsComeBackByteForByte() {
    for (String name : List.of("runc-spec.json", "runc-spec-rootless.json", "runc-spec-cgroup2.json",
        "runc-spec-rootless-1000-100.json")) {
      String text = resource(name);
      assertThat(Spec.parse(text).toJson()).as(name).isEqualTo(text.strip());
    }
    String features = resource("runc-features.json");
    // runc features indents with four spaces
    assertThat(SpecJson.toJson(Features.parse(features), "    ")).isEqualTo(features.strip());
  }

  @Test
  void errorsDeepInAMultiLineDocumentPointAtTheValue() {
    String json = "{\n"
        + "\t\"linux\": {\n"
        + "\t\t\"netDevices\": {\n"
        + "\t\t\t\"eth0\": {\"name\": \"a\"},\n"
        + "\t\t\t\"eth 1\": {\n"
        + "\t\t\t\t\"name\": false\n"
        + "\t\t\t}\n"
        + "\t\t}\n"
        + "\t}\n"
        + "}\n";
    SpecException e = catchThrowableOfType(SpecException.class, () -> Spec.parse(json));
    assertThat(e.path()).isEqualTo("linux.netDevices[\"eth 1\"].name");
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.column()).isEqualTo(13);
    assertThat(e.detail()).isEqualTo("expected a string, got false");

    String devices = "{\"linux\": {\"resources\": {\"devices\": [\r\n"
        + "  {\"allow\": true},\r\n"
        + "  {\"allow\": true, \"major\": \"8\"}]}}}";
    SpecException d = catchThrowableOfType(SpecException.class, () -> Spec.parse(devices));
    assertThat(d).hasMessage("config.json: linux.resources.devices[1].major: expected a number, "
        + "got \"8\" (line 3, column 28)");
  }

  @Test
  void unknownMembersMayHoldAnythingButBadSyntax() {
    Spec spec = Spec.parse("{\"x\": {\"a\": [null, 1, 2.50, 1E+3, 18446744073709551616, \"<&>\"],"
        + " \"b\": {}}, \"hostname\": \"h\"}");
    Map<?, ?> x = (Map<?, ?>) spec.extensions().get("x");
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) x.get("a");
    assertThat(a).containsExactly(null, 1, new BigDecimal("2.50"),
        new BigDecimal("1E+3"), new BigInteger("18446744073709551616"), "<&>");
    assertThat(SpecJson.toJson(spec, "")).isEqualTo("{\"hostname\":\"h\",\"x\":{\"a\":[null,1,2.50,"
        + "1E+3,18446744073709551616,\"\\u003c\\u0026\\u003e\"],\"b\":{}}}");
    SpecException e = catchThrowableOfType(SpecException.class,
        () -> Spec.parse("{\"x\": {\"a\": [1,\n 2,, 3]}}"));
    assertThat(e).hasMessage("config.json: line 2, column 4: unexpected character ','");
    SpecException dup = catchThrowableOfType(SpecException.class,
        () -> Spec.parse("{\"x\": {\"a\": 1, \"a\": 2}}"));
    assertThat(dup.detail()).isEqualTo("duplicate member \"a\"");
  }

  @Test
  void plainValuesReadAndWriteLikeRecords() {
    Object value = JsonIo.parseValue("{\"b\": [1, {\"c\": null}], \"a\": \"<x>\"}", "v.json");
    assertThat(value).isInstanceOf(LinkedHashMap.class);
    assertThat(JsonIo.valueToJson(value, "")).isEqualTo("{\"b\":[1,{\"c\":null}],\"a\":\"\\u003cx\\u003e\"}");
    assertThat(JsonIo.valueToJson(value, "\t"))
        .isEqualTo("{\n\t\"b\": [\n\t\t1,\n\t\t{\n\t\t\t\"c\": null\n\t\t}\n\t],\n\t\"a\": \"\\u003cx\\u003e\"\n}");
    assertThat(catchThrowableOfType(SpecException.class, () -> JsonIo.parseValue("[1] 2", "v.json")))
        .hasMessage("v.json: line 1, column 5: unexpected content after the JSON value");
    assertThat(catchThrowableOfType(SpecException.class, () -> JsonIo.parseValue(" ", "v.json")))
        .hasMessage("v.json: line 1, column 2: unexpected end of input");
  }
}
