package io.jrunc.cli;

import static io.jrunc.cli.Launcher.jrunc;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.cli.Launcher.Result;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jrunc spec}, {@code --version} and {@code --help}, through the built launcher. */
class SpecCommandIT {

    @TempDir
    Path tmp;

    @Test
    void versionAndHelpExitZero() {
        Result version = jrunc(tmp, "--version");
        assertThat(version.exit()).as("%s", version).isZero();
        assertThat(version.out()).startsWith("jrunc version ").contains("spec: 1.3.0");

        Result help = jrunc(tmp, "--help");
        assertThat(help.exit()).as("%s", help).isZero();
        assertThat(help.out()).startsWith("Usage: jrunc").contains("spec ", "extract ");
        assertThat(help.err()).isEmpty();

        Result specHelp = jrunc(tmp, "spec", "--help");
        assertThat(specHelp.exit()).as("%s", specHelp).isZero();
        assertThat(specHelp.out()).startsWith("Usage: jrunc spec").contains("--bundle", "--rootless");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--rootless"})
    void specIsByteIdenticalToRuncSpec(String flag) throws IOException {
        Path runc = Requirements.requireProgram("runc");
        Path theirs = Files.createDirectory(tmp.resolve("runc"));
        Path ours = Files.createDirectory(tmp.resolve("jrunc"));
        List<String> args = flag.isEmpty() ? List.of("spec") : List.of("spec", flag);

        Result r = Launcher.run(theirs, concat(runc.toString(), args));
        assertThat(r.exit()).as("runc %s: %s", args, r).isZero();
        Result j = jrunc(ours, args.toArray(String[]::new));
        assertThat(j.exit()).as("%s", j).isZero();
        assertThat(j.out()).isEmpty();
        assertThat(j.err()).isEmpty();

        assertThat(Files.readAllBytes(ours.resolve("config.json")))
                .as("config.json of jrunc %s vs runc", args)
                .isEqualTo(Files.readAllBytes(theirs.resolve("config.json")));
        assertThat(Files.getPosixFilePermissions(ours.resolve("config.json")))
                .isEqualTo(Files.getPosixFilePermissions(theirs.resolve("config.json")));
    }

    @Test
    void existingConfigIsKeptUnlessForced() throws IOException {
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"mine\": true}\n");
        Result r = jrunc(tmp, "spec");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: File config.json exists. Remove it first (or use --force)\n");
        assertThat(config).hasContent("{\"mine\": true}");

        Result forced = jrunc(tmp, "spec", "--force");
        assertThat(forced.exit()).as("%s", forced).isZero();
        assertThat(Files.readString(config)).isEqualTo(io.jrunc.spec.Spec.defaults().toJson());
    }

    @Test
    void bundleOptionWritesThereAndAMissingBundleIsNamed() throws IOException {
        Path bundle = Files.createDirectory(tmp.resolve("bundle"));
        Result ok = jrunc(tmp, "spec", "--bundle", "bundle");
        assertThat(ok.exit()).as("%s", ok).isZero();
        assertThat(bundle.resolve("config.json")).exists();
        assertThat(tmp.resolve("config.json")).doesNotExist();

        Path missing = tmp.resolve("missing");
        Result r = jrunc(tmp, "spec", "-b", missing.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: spec: bundle " + missing + ": No such file or directory\n");
        assertThat(missing).doesNotExist();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
