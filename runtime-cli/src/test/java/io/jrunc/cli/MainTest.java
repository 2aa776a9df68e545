package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Spec;
import io.jrunc.testing.TarBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picocli wiring: commands, options, exit statuses and messages, in process. */
class MainTest {

    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) { }

    private static Result jrunc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    // ---- the command line itself ------------------------------------------------------------

    @Test
    void versionNamesJruncAndTheSpecVersion() {
        Result r = jrunc("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(2).first().asString().startsWith("jrunc version ");
        assertThat(r.out()).contains("spec: 1.3.0");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void helpListsTheCommands() {
        Result r = jrunc("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: jrunc").contains("spec ", "extract ", "--root");
        assertThat(jrunc("help", "extract").out()).contains("ARCHIVE", "DIR", "--overwrite", "--ownership");
        assertThat(jrunc("spec", "--help").out()).contains("--bundle", "--rootless", "--force");
    }

    @Test
    void unknownCommandsAndOptionsFailWithUsage() {
        Result r = jrunc("bogus");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("jrunc: Unmatched argument at index 0: 'bogus'").contains("Usage: jrunc");
        Result o = jrunc("spec", "--bogus");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).startsWith("jrunc: Unknown option: '--bogus'").contains("Usage: jrunc spec");
    }

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheCommand() {
        Path bundle = tmp.resolve("b");
        assertThat(bundle.toFile().mkdir()).isTrue();
        assertThat(jrunc("--root", "/tmp/x", "--log-format", "json", "spec", "-b", bundle.toString()).exit()).isZero();
        assertThat(jrunc("spec", "--debug", "--force", "--bundle", bundle.toString()).exit()).isZero();
    }

    @Test
    void theCommandTableHasTheCommandsOwnNames() {
        Main.COMMANDS.forEach((name, type) -> {
            picocli.CommandLine cl = new picocli.CommandLine(type);
            assertThat(cl.getCommandName()).isEqualTo(name);
            assertThat(cl.getCommandSpec().aliases()).as(name).isEmpty();
        });
        assertThat(Main.COMMANDS.keySet()).doesNotHaveDuplicates().doesNotContain("help");
    }

    @Test
    void theGlobalOptionSetsAreMainsOptions() {
        java.util.Set<String> valued = new java.util.HashSet<>();
        java.util.Set<String> flags = new java.util.HashSet<>();
        for (picocli.CommandLine.Model.OptionSpec o : new picocli.CommandLine(new Main()).getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            assertThat(o.names()).hasSize(1);
            (o.arity().max() == 0 ? flags : valued).add(o.longestName());
        }
        assertThat(Main.VALUED_GLOBALS).isEqualTo(valued);
        assertThat(Main.FLAG_GLOBALS).isEqualTo(flags);
    }

    @Test
    void theNamedCommandIsFoundPastTheGlobalOptions() {
        assertThat(Main.commandName(new String[] {"state", "x"})).isEqualTo("state");
        assertThat(Main.commandName(new String[] {"--root", "/r", "--log", "l", "--log-format", "json",
            "--debug", "run", "--bundle", "b", "x"})).isEqualTo("run");
        assertThat(Main.commandName(new String[] {"--root=/r", "--log=state", "--log-format=text", "kill"}))
                .isEqualTo("kill");
        assertThat(Main.commandName(new String[] {"--log", "state", "delete"})).isEqualTo("delete");
        assertThat(Main.commandName(new String[] {"--rootless", "true", "--criu", "c", "--systemd-cgroup",
            "exec", "x", "sh"})).isEqualTo("exec");
        assertThat(Main.commandName(new String[] {"-h", "state"})).isNull();
        assertThat(Main.commandName(new String[] {"--bogus", "state"})).isNull();
        assertThat(Main.commandName(new String[] {"--root"})).isNull();
        assertThat(Main.commandName(new String[] {})).isNull();
    }

    @Test
    void aCommandAloneHasTheUsageItHasAmongAllCommands() {
        // `help NAME` registers every command; `NAME --help` only that one
        for (String name : Main.COMMANDS.keySet()) {
            Result alone = jrunc(name, "--help");
            Result among = jrunc("help", name);
            assertThat(alone.exit()).as(name).isZero();
            assertThat(alone.out()).as(name).startsWith("Usage: jrunc " + name).isEqualTo(among.out());
        }
        Result missing = jrunc("--root", tmp.toString(), "state");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("jrunc: Missing required parameter").contains("Usage: jrunc state");
    }

    // ---- spec -------------------------------------------------------------------------------

    @Test
    void specWritesRuncsDefaultsAndRefusesToReplaceThem() throws IOException {
        Path config = tmp.resolve("config.json");
        assertThat(jrunc("spec", "--bundle", tmp.toString()).exit()).isZero();
        assertThat(Files.readString(config)).isEqualTo(Spec.defaults().toJson());

        Files.writeString(config, "mine");
        Result r = jrunc("spec", "--bundle", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: File " + config + " exists. Remove it first (or use --force)\n");
        assertThat(config).hasContent("mine");

        assertThat(jrunc("spec", "--rootless", "--force", "-b", tmp.toString()).exit()).isZero();
        assertThat(Files.readString(config)).isEqualTo(Spec.rootlessDefaults().toJson());
    }

    @Test
    void specIntoAMissingBundleNamesIt() {
        Path missing = tmp.resolve("no/such/bundle");
        Result r = jrunc("spec", "--bundle", missing.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: spec: bundle " + missing + ": No such file or directory\n");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void specIntoAFileNamesIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThat(jrunc("spec", "-b", file.toString()).err())
                .isEqualTo("jrunc: spec: bundle " + file + ": Not a directory\n");
    }

    // ---- extract ----------------------------------------------------------------------------

    @Test
    void extractMakesTheTree() throws IOException {
        Path archive = new TarBuilder().dir("etc").file("etc/hostname", "box\n").symlink("bin", "usr/bin")
                .write(tmp.resolve("a.tar"));
        Path target = tmp.resolve("rootfs");
        Result r = jrunc("extract", archive.toString(), target.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("skipped");
        assertThat(target.resolve("etc/hostname")).hasContent("box");
        assertThat(Files.readSymbolicLink(target.resolve("bin"))).hasToString("usr/bin");
    }

    @Test
    void verboseExtractionReportsTheTotal() throws IOException {
        Path archive = new TarBuilder().file("a", "x").write(tmp.resolve("a.tar"));
        Result r = jrunc("extract", "-v", archive.toString(), tmp.resolve("t").toString());
        assertThat(r.exit()).isZero();
        // (as a user who is not root, a line on recorded owners comes first)
        assertThat(r.err()).containsOnlyOnce("jrunc: extract: 1 entries, 1 bytes (NONE) into ");
    }

    @Test
    void nonEmptyTargetIsRefusedWithTheOptionToUse() throws IOException {
        Path archive = new TarBuilder().file("a", "new").write(tmp.resolve("a.tar"));
        Path target = Files.createDirectory(tmp.resolve("t"));
        Files.writeString(target.resolve("a"), "mine");
        Result r = jrunc("extract", archive.toString(), target.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: " + target + ": exists and is not empty (use --overwrite to extract over it)\n");
        assertThat(target.resolve("a")).hasContent("mine");

        assertThat(jrunc("extract", "--overwrite", archive.toString(), target.toString()).exit()).isZero();
        assertThat(target.resolve("a")).hasContent("new");
    }

    @Test
    void extractErrorsNameTheArchiveAndLeaveNothingBehind() throws IOException {
        Path text = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n".repeat(30));
        Result r = jrunc("extract", text.toString(), tmp.resolve("a/b/rootfs").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jrunc: " + text + ": not a tar archive (no tar header at offset 0)\n");

        Path missing = tmp.resolve("nope.tar");
        assertThat(jrunc("extract", missing.toString(), tmp.resolve("a/b/rootfs").toString()).err())
                .isEqualTo("jrunc: " + missing + ": No such file or directory\n");

        Path broken = new TarBuilder().file("a", "x").hardLink("h", "missing").write(tmp.resolve("broken.tar"));
        assertThat(jrunc("extract", broken.toString(), tmp.resolve("a/b/rootfs").toString()).err())
                .isEqualTo("jrunc: h: hard link target \"missing\" does not exist\n");
        assertThat(contents()).containsExactly("broken.tar", "passwd");
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path text = Files.writeString(tmp.resolve("text"), "x".repeat(600));
        Result r = jrunc("--debug", "extract", text.toString(), tmp.resolve("t").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("jrunc: " + text + ": not a tar archive").contains("\tat io.jrunc.");
    }

    @Test
    void ownershipModeIsCheckedByPicocli() throws IOException {
        Path archive = new TarBuilder().file("a", "x".getBytes(StandardCharsets.UTF_8), 04755, e -> e.setIds(0, 0))
                .write(tmp.resolve("a.tar"));
        Result bad = jrunc("extract", "--ownership", "KEEP", archive.toString(), tmp.resolve("t").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--ownership", "KEEP", "AUTO, PRESERVE, RECORD");

        Result r = jrunc("extract", "--ownership", "RECORD", archive.toString(), tmp.resolve("t").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("jrunc: extract: owners of 1 entries were recorded, not applied (--ownership RECORD)\n");
    }

    @Test
    void extractNeedsBothArguments() {
        Result r = jrunc("extract", "only-one.tar");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("jrunc: Missing required parameter: 'DIR'");
    }

    private List<String> contents() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
