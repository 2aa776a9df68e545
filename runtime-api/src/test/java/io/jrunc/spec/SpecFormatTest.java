package io.jrunc.spec;

import static io.jrunc.spec.TestJson.resource;
import static io.jrunc.spec.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.internal.spec.SpecDefaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default specs and the Go/runc formatting of the output. */
class SpecFormatTest {

    @Test
    void defaultsAreWhatRuncSpecWritesOnACgroupV1Host() {
        Spec spec = SpecDefaults.example(false);
        String expected = resource("runc-spec.json");
        assertThat(tree(spec.toJson())).isEqualTo(tree(expected));
        assertThat(spec.toJson()).isEqualTo(expected);
        assertThat(Spec.parse(expected)).isEqualTo(spec);
    }

    @Test
    void defaultsAddACgroupNamespaceOnACgroupV2Host() {
        Spec spec = SpecDefaults.example(true);
        String expected = resource("runc-spec-cgroup2.json");
        assertThat(tree(spec.toJson())).isEqualTo(tree(expected));
        assertThat(spec.toJson()).isEqualTo(expected);
    }

    @Test
    void defaultsFollowTheHost() {
        assertThat(Spec.defaults()).isEqualTo(SpecDefaults.example(SpecDefaults.hostHasUnifiedCgroup()));
    }

    @Test
    void rootlessDefaultsAreWhatRuncSpecRootlessWritesForRoot() {
        String expected = resource("runc-spec-rootless.json");
        Spec spec = SpecDefaults.toRootless(SpecDefaults.example(false), 0, 0);
        assertThat(tree(spec.toJson())).isEqualTo(tree(expected));
        assertThat(spec.toJson()).isEqualTo(expected);
    }

    @Test
    void rootlessDefaultsMapRootToTheGivenUser() {
        String expected = resource("runc-spec-rootless-1000-100.json");
        Spec spec = SpecDefaults.toRootless(SpecDefaults.example(false), 1000, 100);
        assertThat(spec.toJson()).isEqualTo(expected);
        assertThat(spec.linux().uidMappings()).containsExactly(Linux.IdMapping.of(0, 1000, 1));
        assertThat(spec.linux().gidMappings()).containsExactly(Linux.IdMapping.of(0, 100, 1));
        assertThat(Spec.rootlessDefaults(1000, 100))
                .isEqualTo(SpecDefaults.toRootless(Spec.defaults(), 1000, 100));
    }

    @Test
    void rootlessDefaultsUseTheEffectiveIdsOfThisProcess() {
        long[] ids = SpecDefaults.effectiveIds();
        assertThat(Spec.rootlessDefaults()).isEqualTo(Spec.rootlessDefaults(ids[0], ids[1]));
    }

    @Test
    void rootlessKeepsACgroupNamespaceAndCleansSysDestinations() {
        Spec spec = SpecDefaults.example(true).toBuilder()
                .mounts(List.of(Spec.Mount.of("/sys/", "sysfs", "sysfs", List.of("ro")),
                        Spec.Mount.of("/mnt", "tmpfs", "tmpfs", List.of("uid=1", "gid=2"))))
                .build();
        Spec rootless = SpecDefaults.toRootless(spec, 5, 6);
        assertThat(rootless.linux().namespaces()).extracting(Linux.Namespace::type)
                .containsExactly("pid", "ipc", "uts", "mount", "cgroup", "user");
        assertThat(rootless.mounts()).containsExactly(
                Spec.Mount.of("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")),
                Spec.Mount.of("/mnt", "tmpfs", "tmpfs", null));
        assertThat(rootless.linux().resources()).isNull();
    }

    @Test
    void defaultsAreValid() {
        assertThat(SpecDefaults.example(false).validate()).isEmpty();
        assertThat(SpecDefaults.example(true).validate()).isEmpty();
        assertThat(Spec.rootlessDefaults(1000, 1000).validate()).isEmpty();
    }

    @Test
    void stringsAreEscapedLikeGo() {
        Spec spec = Spec.builder().hostname("a<b>&c\u2028\u2029\"\\\n\r\t\u0001\u007f caf\u00e9")
                .build();
        assertThat(SpecJson.toJson(spec, "")).isEqualTo("{\"ociVersion\":\"1.3.0\",\"hostname\":"
                + "\"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\\"\\\\\\n\\r\\t\\u0001\u007f caf\u00e9\"}");
    }

    @Test
    void keysAreEscapedToo() {
        Spec spec = Spec.builder().annotations(Map.of("<k>", "v")).build();
        assertThat(SpecJson.toJson(spec, "")).contains("\"\\u003ck\\u003e\":\"v\"");
    }

    @Test
    void indentationIsConfigurable() {
        Spec spec = Spec.builder().ociVersion("1.0.0").mounts(List.of())
                .annotations(Map.of("b", "2", "a", "1")).build();
        assertThat(SpecJson.toJson(spec, "  ")).isEqualTo(
                "{\n  \"ociVersion\": \"1.0.0\",\n  \"mounts\": [],\n  \"annotations\": {\n"
                        + "    \"a\": \"1\",\n    \"b\": \"2\"\n  }\n}");
        assertThat(SpecJson.toJson(spec, "")).isEqualTo(
                "{\"ociVersion\":\"1.0.0\",\"mounts\":[],\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertThat(SpecJson.toJson(spec)).isEqualTo(spec.toJson());
    }

    @Test
    void mapsAreWrittenInCodePointOrderLikeGo() {
        // U+FF21 sorts before U+1F600 in UTF-8 (code point) order, but after it in UTF-16 order.
        Spec spec = Spec.builder().annotations(Map.of("\uD83D\uDE00", "1", "\uFF21", "2", "B", "3", "a", "4"))
                .build();
        assertThat(spec.annotations().keySet()).containsExactly("B", "a", "\uFF21", "\uD83D\uDE00");
        assertThat(SpecJson.toJson(spec, "")).endsWith(
                "{\"B\":\"3\",\"a\":\"4\",\"\uFF21\":\"2\",\"\uD83D\uDE00\":\"1\"}}");
    }
}
