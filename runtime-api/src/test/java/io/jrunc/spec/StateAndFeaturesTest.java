package io.jrunc.spec;

import static io.jrunc.spec.TestJson.resource;
import static io.jrunc.spec.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateAndFeaturesTest {

    private static final String STATE = "{\n\t\"ociVersion\": \"1.3.0\",\n\t\"id\": \"busybox2\",\n"
            + "\t\"status\": \"running\",\n\t\"pid\": 4422,\n\t\"bundle\": \"/containers/busybox2\",\n"
            + "\t\"annotations\": {\n\t\t\"myKey\": \"myValue\"\n\t},\n\t\"x-runtime\": {\n\t\t\"created\": "
            + "\"2026-01-01T00:00:00Z\"\n\t}\n}";

    @Test
    void stateRoundTrips(@TempDir Path dir) throws Exception {
        State state = State.parse(STATE);
        assertThat(state.ociVersion()).isEqualTo("1.3.0");
        assertThat(state.id()).isEqualTo("busybox2");
        assertThat(state.status()).isEqualTo(State.RUNNING);
        assertThat(state.pid()).isEqualTo(4422);
        assertThat(state.bundle()).isEqualTo("/containers/busybox2");
        assertThat(state.annotations()).containsExactly(Map.entry("myKey", "myValue"));
        assertThat(state.extensions()).containsExactly(
                Map.entry("x-runtime", Map.of("created", "2026-01-01T00:00:00Z")));
        assertThat(state.toJson()).isEqualTo(STATE);

        Path file = dir.resolve("state.json");
        state.write(file);
        assertThat(Files.readString(file)).isEqualTo(STATE);
        assertThat(State.read(file)).isEqualTo(state);
        assertThat(dir.toFile().list()).containsExactly("state.json");
    }

    @Test
    void stoppedStateHasNoPid() {
        State state = State.builder().ociVersion(Spec.VERSION).id("c1").status(State.STOPPED).bundle("/b")
                .build();
        assertThat(SpecJson.toJson(state, "  ")).isEqualTo("{\n  \"ociVersion\": \"1.3.0\",\n  \"id\": \"c1\",\n"
                + "  \"status\": \"stopped\",\n  \"bundle\": \"/b\"\n}");
        assertThat(State.CREATING).isEqualTo("creating");
        assertThat(State.CREATED).isEqualTo("created");
    }

    @Test
    void runcFeaturesRoundTripByteForByte() {
        // runc features prints with a 4-space indent and a final newline (json.Encoder)
        String runc = resource("runc-features.json");
        Features features = Features.parse(runc);
        assertThat(SpecJson.toJson(features, "    ") + "\n").isEqualTo(runc);
        assertThat(tree(features.toJson())).isEqualTo(tree(runc));

        assertThat(features.ociVersionMin()).isEqualTo("1.0.0");
        assertThat(features.hooks()).contains("createRuntime", "poststop");
        assertThat(features.mountOptions()).contains("rbind", "ro");
        assertThat(features.linux().namespaces()).contains("cgroup", "user");
        assertThat(features.linux().capabilities()).contains("CAP_SYS_ADMIN");
        assertThat(features.linux().cgroup().v2()).isTrue();
        assertThat(features.linux().seccomp().actions()).contains("SCMP_ACT_NOTIFY");
        assertThat(features.linux().apparmor().enabled()).isTrue();
        assertThat(features.linux().intelRdt()).isNull();
        assertThat(features.annotations()).containsKey("org.opencontainers.runc.version");
    }

    @Test
    void featuresDistinguishUnknownFromNone() {
        String json = "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.3.0\",\"hooks\":[],"
                + "\"linux\":{\"cgroup\":{\"v1\":false},\"selinux\":{},\"intelRdt\":{\"enabled\":true,\"schemata\":true,"
                + "\"monitoring\":false},\"memoryPolicy\":{\"modes\":[\"MPOL_BIND\"],\"flags\":[]},"
                + "\"mountExtensions\":{\"idmap\":{\"enabled\":true}},\"netDevices\":{\"enabled\":true},"
                + "\"x\":1},\"potentiallyUnsafeConfigAnnotations\":[\"com.example.\"]}";
        Features features = Features.parse(json);
        assertThat(features.hooks()).isEmpty();
        assertThat(features.mountOptions()).isNull();
        assertThat(features.linux().cgroup().v1()).isFalse();
        assertThat(features.linux().cgroup().v2()).isNull();
        assertThat(features.linux().selinux().enabled()).isNull();
        assertThat(features.linux().mountExtensions().idmap().enabled()).isTrue();
        assertThat(features.linux().extensions()).containsEntry("x", 1);
        assertThat(SpecJson.toJson(features, "")).isEqualTo(json);
    }
}
