package io.jrunc.spec;

import static io.jrunc.spec.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares our defaults and formatting with the real runc: {@code runc spec} and
 * {@code runc spec --rootless} must write byte for byte what {@link Spec#defaults()} and
 * {@link Spec#rootlessDefaults()} serialize to. Skipped without runc on PATH, failed instead when
 * {@code jrunc.it.required=true}.
 */
class RuncSpecOracleIT {

    private static Path runc;
    private static String version;

    @BeforeEach
    void findRunc() throws Exception {
        // per test rather than @BeforeAll, so that a skip shows on every test
        runc = Requirements.requireProgram("runc");
        if (version == null) {
            version = run(null, "--version").stdout.lines().findFirst().orElse("?");
        }
    }

    private record Result(int exit, String stdout) {
    }

    private static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(runc.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process process = pb.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("runc %s finished", List.of(args)).isTrue();
        return new Result(process.exitValue(), out);
    }

    private static String runcSpec(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("spec"));
        all.addAll(List.of(args));
        Result r = run(dir, all.toArray(String[]::new));
        assertThat(r.exit).as("runc %s: %s", all, r.stdout).isZero();
        return Files.readString(dir.resolve("config.json"));
    }

    @Test
    void defaultSpecIsByteIdenticalToRuncSpec(@TempDir Path dir) throws Exception {
        String expected = runcSpec(dir);
        String ours = Spec.defaults().toJson();
        assertThat(tree(ours)).as("JSON of Spec.defaults() vs %s", version).isEqualTo(tree(expected));
        assertThat(ours).as("text of Spec.defaults() vs %s", version).isEqualTo(expected);
    }

    @Test
    void rootlessSpecIsByteIdenticalToRuncSpecRootless(@TempDir Path dir) throws Exception {
        String expected = runcSpec(dir, "--rootless");
        String ours = Spec.rootlessDefaults().toJson();
        assertThat(tree(ours)).as("JSON of Spec.rootlessDefaults() vs %s", version).isEqualTo(tree(expected));
        assertThat(ours).as("text of Spec.rootlessDefaults() vs %s", version).isEqualTo(expected);
    }

    @Test
    void writtenDefaultSpecIsTheSameFileRuncWrites(@TempDir Path dir) throws Exception {
        Path runcDir = Files.createDirectory(dir.resolve("runc"));
        String expected = runcSpec(runcDir);
        Path ours = dir.resolve("config.json");
        Spec.defaults().write(ours);
        assertThat(Files.readAllBytes(ours)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(Spec.read(runcDir.resolve("config.json"))).isEqualTo(Spec.defaults());
    }

    @Test
    void runcFeaturesRoundTrip() throws Exception {
        Result r = run(null, "features");
        Requirements.require(r.exit == 0, "runc features (runc >= 1.1)");
        Features features = Features.parse(r.stdout);
        // runc prints features with json.Encoder, a 4-space indent and a final newline
        assertThat(SpecJson.toJson(features, "    ") + "\n").isEqualTo(r.stdout);
        assertThat(features.linux().capabilities()).contains("CAP_SYS_ADMIN");
    }
}
