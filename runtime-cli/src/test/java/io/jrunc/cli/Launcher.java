package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as subprocesses in integration tests: the built {@code jrunc} launcher (system
 * property {@code jrunc.launcher}, set by Failsafe) and host programs such as runc.
 */
final class Launcher {
    private Launcher() {
    }

    /** What a program did. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** @return the jrunc launcher; skips (or fails, when required) if it was not built */
    static Path jrunc() {
        String path = System.getProperty("jrunc.launcher");
        Requirements.require(path != null && Files.isExecutable(Path.of(path)),
                "the jrunc launcher (mvn package makes runtime-cli/target/jrunc) at " + path);
        return Path.of(path);
    }

    /** Runs jrunc in a directory. */
    static Result jrunc(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(jrunc().toString());
        command.addAll(List.of(args));
        return run(dir, command);
    }

    /** Runs a program in a directory, with no input, and waits for it (at most a minute). */
    static Result run(Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
