package io.jrunc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builders, immutability and extensions of the records. */
class SpecModelTest {

    @Test
    void builderStartsWithTheSpecVersion() {
        Spec spec = Spec.builder().build();
        assertThat(spec.ociVersion()).isEqualTo(Spec.VERSION).isEqualTo("1.3.0");
        assertThat(spec.process()).isNull();
        assertThat(spec.extensions()).isEmpty();
        assertThat(spec.toJson()).isEqualTo("{\n\t\"ociVersion\": \"1.3.0\"\n}");
    }

    @Test
    void toBuilderMakesModifiedCopies() {
        Spec base = Spec.builder().hostname("a").extensions(Map.of("x", 1)).build();
        Spec changed = base.toBuilder().hostname("b").build();
        assertThat(base.hostname()).isEqualTo("a");
        assertThat(changed.hostname()).isEqualTo("b");
        assertThat(changed.extensions()).isEqualTo(Map.of("x", 1));
        assertThat(changed.toBuilder().hostname("a").build()).isEqualTo(base);
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        List<String> args = new ArrayList<>(List.of("sh"));
        Map<String, String> annotations = new HashMap<>(Map.of("k", "v"));
        Spec spec = Spec.builder().annotations(annotations)
                .process(Spec.Process.builder().args(args).build()).build();
        args.add("-c");
        annotations.put("k2", "v2");
        assertThat(spec.process().args()).containsExactly("sh");
        assertThat(spec.annotations()).containsOnlyKeys("k");
        assertThatThrownBy(() -> spec.process().args().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.annotations().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Spec.Process.builder().args(java.util.Arrays.asList("a", null)).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void extensionsAreDeepCopiesThatKeepNullsAndOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", null);
        inner.put("a", new ArrayList<>(List.of(1, "two")));
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("y-second", BigInteger.TEN.pow(30));
        ext.put("x-first", inner);
        Spec spec = Spec.builder().extensions(ext).build();
        inner.put("later", true);
        assertThat(spec.extensions().keySet()).containsExactly("y-second", "x-first");
        Map<?, ?> copied = (Map<?, ?>) spec.extensions().get("x-first");
        assertThat(new ArrayList<Object>(copied.keySet())).containsExactly("z", "a");
        assertThatThrownBy(() -> ((List<Object>) copied.get("a")).add(3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(SpecJson.toJson(spec, "")).isEqualTo("{\"ociVersion\":\"1.3.0\","
                + "\"y-second\":1000000000000000000000000000000,\"x-first\":{\"z\":null,\"a\":[1,\"two\"]}}");
    }

    @Test
    void extensionsCannotShadowDefinedMembers() {
        assertThatThrownBy(() -> Spec.builder().extensions(Map.of("hostname", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extension \"hostname\" is a property of Spec; set it directly");
        assertThatThrownBy(() -> new Linux.IdMapping(0, 0, 1, Map.of("containerID", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extension \"containerID\" is a property of IdMapping; set it directly");
    }

    @Test
    void extensionsHoldOnlyJsonValues() {
        assertThatThrownBy(() -> Spec.builder().extensions(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON value");
        assertThatThrownBy(() -> Spec.builder().extensions(Map.of("x", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON number: NaN");
    }

    @Test
    void javaNamesMapToSpecNames() {
        Linux linux = Linux.builder()
                .uidMappings(List.of(Linux.IdMapping.of(0, 1000, 1)))
                .resources(Linux.Resources.builder()
                        .memory(Linux.Resources.Memory.builder().kernelTcp(1L).disableOomKiller(true).build())
                        .blockIo(Linux.Resources.BlockIo.builder().throttleReadIopsDevice(List.of()).build())
                        .network(Linux.Resources.Network.builder().classId(7L).build())
                        .build())
                .intelRdt(Linux.IntelRdt.builder().closId("c").build())
                .build();
        assertThat(SpecJson.toJson(linux, "")).isEqualTo("{\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,"
                + "\"size\":1}],\"resources\":{\"memory\":{\"kernelTCP\":1,\"disableOOMKiller\":true},"
                + "\"blockIO\":{\"throttleReadIOPSDevice\":[]},\"network\":{\"classID\":7}},"
                + "\"intelRdt\":{\"closID\":\"c\"}}");
        Spec.Process process = Spec.Process.builder()
                .ioPriority(Spec.Process.IoPriority.builder().ioClass("IOPRIO_CLASS_BE").priority(2).build())
                .execCpuAffinity(Spec.Process.CpuAffinity.builder().initialCpus("0").finalCpus("1").build())
                .build();
        assertThat(SpecJson.toJson(process, "")).isEqualTo("{\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\","
                + "\"priority\":2},\"execCPUAffinity\":{\"initial\":\"0\",\"final\":\"1\"}}");
    }

    @Test
    void unsignedValuesAreWrittenUnsigned() {
        Spec.Process.Rlimit rlimit = Spec.Process.Rlimit.of("RLIMIT_CORE", -1, Long.MIN_VALUE);
        assertThat(SpecJson.toJson(rlimit, "")).isEqualTo(
                "{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":9223372036854775808}");
        assertThat(SpecJson.parse(SpecJson.toJson(rlimit, ""), "rlimit.json", Spec.Process.Rlimit.class))
                .isEqualTo(rlimit);
    }

    @Test
    void specJsonReadsPartsOfTheModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("process.json");
        Spec.Process process = Spec.Process.builder().args(List.of("ls")).cwd("/").build();
        SpecJson.write(file, process);
        assertThat(java.nio.file.Files.readString(file))
                .isEqualTo("{\n\t\"args\": [\n\t\t\"ls\"\n\t],\n\t\"cwd\": \"/\"\n}");
        assertThat(SpecJson.read(file, Spec.Process.class)).isEqualTo(process);
    }

    @Test
    void specJsonRejectsForeignTypes() {
        record Foreign(String a) { }
        assertThatThrownBy(() -> SpecJson.parse("{}", "x.json", Foreign.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a document type of io.jrunc.spec");
        assertThatThrownBy(() -> SpecJson.toJson(new Problem("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void problemsPrintAsPathAndMessage() {
        assertThat(new Problem("process.args", "must not be empty")).hasToString("process.args: must not be empty");
        assertThat(new Problem("", "empty document")).hasToString("empty document");
    }

    @Test
    void exceptionMessagesWithoutPositions() {
        assertThat(new SpecException("config.json", "root.path", 0, 0, "must not be empty"))
                .hasMessage("config.json: root.path: must not be empty");
        assertThat(new SpecException(null, null, 0, 0, "bad")).hasMessage("bad");
        assertThatThrownBy(() -> new SpecValidationException("config.json", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
