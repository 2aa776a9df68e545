package io.jrunc.spec;

import static io.jrunc.spec.TestJson.resource;
import static io.jrunc.spec.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecRoundTripTest {

    private static final String FULL = resource("full-config.json");

    @Test
    void fullConfigIsWrittenBackByteForByte() {
        assertThat(Spec.parse(FULL).toJson()).isEqualTo(FULL);
    }

    @Test
    void fullConfigReadWriteReadIsEqualAndTreeEqual(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.json");
        Files.writeString(in, FULL);
        Spec first = Spec.read(in);
        Path out = dir.resolve("config.json");
        first.write(out);
        Spec second = Spec.read(out);
        assertThat(second).isEqualTo(first);
        assertThat(second.hashCode()).isEqualTo(first.hashCode());
        assertThat(tree(Files.readString(out))).isEqualTo(tree(FULL));
    }

    @Test
    void fullConfigSetsEveryComponentOfEveryRecord() {
        Map<Class<?>, Set<String>> seen = new HashMap<>();
        walk(Spec.parse(FULL), seen);
        List<Class<?>> expectedTypes = new ArrayList<>();
        collectTypes(Spec.class, expectedTypes);
        collectTypes(Linux.class, expectedTypes);
        for (Class<?> type : expectedTypes) {
            Set<String> all = new TreeSet<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (!c.getName().equals("extensions")) {
                    all.add(c.getName());
                }
            }
            assertThat(seen.getOrDefault(type, Set.of()))
                    .as("components of %s set in full-config.json", type.getName())
                    .containsAll(all);
        }
    }

    private static void collectTypes(Class<?> type, List<Class<?>> out) {
        if (type.isRecord()) {
            out.add(type);
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collectTypes(nested, out);
        }
    }

    private static void walk(Object value, Map<Class<?>, Set<String>> seen) {
        if (value instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
                boolean set = v != null && !(c.getName().equals("extensions") && ((Map<?, ?>) v).isEmpty());
                if (set) {
                    seen.computeIfAbsent(record.getClass(), k -> new HashSet<>()).add(c.getName());
                    if (!c.getName().equals("extensions")) {
                        walk(v, seen);
                    }
                }
            }
        } else if (value instanceof List<?> list) {
            list.forEach(e -> walk(e, seen));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(e -> walk(e, seen));
        }
    }

    @Test
    void valuesAreReadWithTheirMeaning() {
        Spec spec = Spec.parse(FULL);
        Spec.Process p = spec.process();
        assertThat(p.terminal()).isTrue();
        assertThat(p.user().uid()).isEqualTo(1000L);
        assertThat(p.user().umask()).isEqualTo(18L);
        assertThat(p.user().additionalGids()).containsExactly(5L, 6L, 4294967295L);
        assertThat(p.rlimits().get(1).hard()).isEqualTo(-1L); // 2^64-1, RLIM_INFINITY
        assertThat(Long.toUnsignedString(p.rlimits().get(1).soft())).isEqualTo("18446744073709551615");
        assertThat(p.oomScoreAdj()).isEqualTo(-1000);
        assertThat(p.ioPriority().ioClass()).isEqualTo("IOPRIO_CLASS_IDLE");
        assertThat(p.execCpuAffinity().initialCpus()).isEqualTo("0-3,7");
        assertThat(p.execCpuAffinity().finalCpus()).isEqualTo("4-7");
        assertThat(p.capabilities().inheritable()).isEmpty();
        assertThat(spec.root().readonly()).isFalse();
        assertThat(spec.mounts().get(2).options()).isNotNull().isEmpty();
        assertThat(spec.mounts().get(0).options()).isNull();
        assertThat(spec.mounts().get(1).gidMappings().get(0).hostId()).isEqualTo(200000L);

        Linux linux = spec.linux();
        assertThat(linux.resources().memory().limit()).isEqualTo(536870912L);
        assertThat(linux.resources().memory().swap()).isEqualTo(-1L);
        assertThat(linux.resources().memory().disableOomKiller()).isFalse();
        assertThat(linux.resources().blockIo().throttleWriteBpsDevice().get(0).rate()).isEqualTo(-1L);
        assertThat(linux.resources().blockIo().weightDevice().get(1).leafWeight()).isNull();
        assertThat(linux.resources().devices().get(0).major()).isNull();
        assertThat(linux.resources().network().classId()).isEqualTo(1048577L);
        assertThat(linux.resources().rdma().get("mlx5_2").hcaObjects()).isNull();
        assertThat(linux.devices().get(2).major()).isNull();
        assertThat(linux.netDevices().get("ens4").name()).isNull();
        assertThat(linux.seccomp().syscalls().get(1).args().get(0).value()).isEqualTo(-1L);
        assertThat(linux.seccomp().syscalls().get(1).errnoRet()).isEqualTo(38L);
        assertThat(linux.personality().flags()).isNotNull().isEmpty();
        assertThat(linux.timeOffsets().get("monotonic").secs()).isEqualTo(-3600L);
        assertThat(linux.timeOffsets().get("monotonic").nanosecs()).isEqualTo(999999999L);
        assertThat(linux.intelRdt().closId()).isEqualTo("guaranteed_group");
    }

    @Test
    void unknownMembersAreKeptAtEveryLevelInDocumentOrder() {
        Spec spec = Spec.parse(FULL);
        assertThat(spec.extensions().keySet()).containsExactly("vm", "x-vendor");
        assertThat(spec.extensions().get("x-vendor")).isEqualTo(
                Arrays.asList(1, new java.math.BigDecimal("-0.0025"), null, Map.of("deep", true),
                        "caf\u00e9 \u2603"));
        assertThat(spec.extensions().get("vm")).isEqualTo(Map.of(
                "hypervisor", Map.of("path", "/usr/bin/qemu"), "kernel", Map.of("path", "/boot/vmlinuz")));
        assertThat(spec.process().extensions()).containsExactly(Map.entry("x-process", "kept"));
        assertThat(spec.process().user().extensions()).containsKey("x-user");
        assertThat(spec.process().user().extensions().get("x-user")).isNull();
        assertThat(spec.process().capabilities().extensions()).containsEntry("x-caps", List.of(1, 2));
        assertThat(spec.hooks().extensions()).containsEntry("x-hooks", List.of());
        assertThat(spec.hooks().createRuntime().get(0).extensions()).containsEntry("x-hook", "kept");
        assertThat(spec.linux().namespaces().get(7).extensions()).containsEntry("x-ns", "kept");
        assertThat(spec.linux().seccomp().syscalls().get(1).args().get(0).extensions())
                .containsEntry("x-arg", "kept");
        Map<String, Object> xLinux = new LinkedHashMap<>();
        xLinux.put("b", 2);
        xLinux.put("a", 1);
        assertThat(spec.linux().extensions().get("x-linux")).isEqualTo(xLinux);
        assertThat(new ArrayList<Object>(((Map<?, ?>) spec.linux().extensions().get("x-linux")).keySet()))
                .containsExactly("b", "a");
        assertThat(spec.linux().resources().extensions())
                .containsEntry("x-resources", new java.math.BigDecimal("1.5"));
    }

    @Test
    void unknownMembersNamedLikeJavaThingsAreStillUnknown() {
        String json = "{\"extensions\":{\"a\":1},\"build\":2,\"toBuilder\":3,\"linux\":{\"uidMappings\":"
                + "[{\"containerID\":1,\"hostID\":2,\"size\":3,\"containerId\":9,\"extensions\":[]}]},"
                + "\"process\":{\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":0,\"ioClass\":\"x\"}}}";
        Spec spec = Spec.parse(json);
        assertThat(spec.extensions()).containsExactly(Map.entry("extensions", Map.of("a", 1)),
                Map.entry("build", 2), Map.entry("toBuilder", 3));
        Linux.IdMapping mapping = spec.linux().uidMappings().get(0);
        assertThat(mapping.containerId()).isEqualTo(1L);
        assertThat(mapping.extensions()).containsExactly(Map.entry("containerId", 9), Map.entry("extensions", List.of()));
        assertThat(spec.process().ioPriority().ioClass()).isEqualTo("IOPRIO_CLASS_BE");
        assertThat(spec.process().ioPriority().extensions()).containsExactly(Map.entry("ioClass", "x"));
        assertThat(tree(spec.toJson())).isEqualTo(tree(json));
    }

    @Test
    void messyInputKeepsItsMeaning() {
        String messy = "{\"x-first\":{\"z\":[true,{}],\"a\":\"<&>\"},\"linux\":{\"sysctl\":{\"b\":\"2\",\"a\":\"1\"},"
                + "\"x\":1e3,\"namespaces\":[{\"path\":\"/proc/1/ns/net\",\"type\":\"network\",\"q\":[]}]},"
                + "\"process\":{\"cwd\":\"/\",\"x\":\"y\",\"args\":[\"sh\"],\"user\":{\"gid\":7,\"uid\":8}},"
                + "\"ociVersion\":\"1.0.2\",\"hostname\":null}";
        Spec spec = Spec.parse(messy);
        String written = spec.toJson();
        assertThat(tree(written)).isEqualTo(tree(messy.replace(",\"hostname\":null", "")));
        assertThat(Spec.parse(written)).isEqualTo(spec);
        assertThat(spec.hostname()).isNull();
        assertThat(spec.linux().sysctl().keySet()).containsExactly("a", "b");
    }

    @Test
    void absentAndEmptyStayDistinct() {
        Spec spec = Spec.parse("{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[],\"cwd\":\"/\"},"
                + "\"annotations\":{},\"linux\":{}}");
        assertThat(spec.process().args()).isEmpty();
        assertThat(spec.process().env()).isNull();
        assertThat(spec.annotations()).isEmpty();
        assertThat(spec.mounts()).isNull();
        assertThat(spec.toJson()).isEqualTo("{\n\t\"ociVersion\": \"1.0.0\",\n\t\"process\": {\n"
                + "\t\t\"args\": [],\n\t\t\"cwd\": \"/\"\n\t},\n\t\"annotations\": {},\n\t\"linux\": {}\n}");
    }

    @Test
    void absentPrimitivesReadAsZeroLikeGo() {
        Spec spec = Spec.parse("{\"process\":{\"user\":{},\"rlimits\":[{\"type\":\"RLIMIT_CPU\"}]},"
                + "\"linux\":{\"resources\":{\"devices\":[{\"access\":\"r\"}]}}}");
        assertThat(spec.process().user().uid()).isZero();
        assertThat(spec.process().rlimits().get(0).hard()).isZero();
        assertThat(spec.linux().resources().devices().get(0).allow()).isFalse();
        assertThat(SpecJson.toJson(spec, "")).isEqualTo("{\"process\":{\"user\":{\"uid\":0,\"gid\":0},"
                + "\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"hard\":0,\"soft\":0}]},"
                + "\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"r\"}]}}}");
    }
}
