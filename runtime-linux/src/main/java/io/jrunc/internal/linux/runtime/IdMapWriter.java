package io.jrunc.internal.linux.runtime;

import io.jrunc.internal.linux.compile.IdMaps;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.spawn.Spawner;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the uid and gid maps of a container's new user namespace while its init waits at
 * WAIT_PARENT, as {@link IdMaps} decided: {@code deny} to {@code /proc/<pid>/setgroups} when the
 * gid map is written without CAP_SETGID, then each map either straight to {@code
 * /proc/<pid>/uid_map} and {@code gid_map} (one write each, as the kernel wants) or by executing
 * newuidmap / newgidmap.
 */
final class IdMapWriter {
  private static final Logger LOG = LoggerFactory.getLogger(IdMapWriter.class);
  private static final int HELPER_TIMEOUT_SECONDS = 30;

  private IdMapWriter() {}

  static void write(IdMaps maps, long pid) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    if (maps.denySetgroups()) {
      writeOnce(proc.resolve("setgroups"), "deny");
    }
    for (IdMaps.IdMap map : List.of(maps.uid(), maps.gid())) {
      if (map.mappings().isEmpty()) {
        continue;
      }
      if (map.helper() == null) {
        writeOnce(proc.resolve(map.kind() + "_map"), map.text());
      } else {
        runHelper(map.helper(), map.helperArgs(pid));
      }
      LOG.debug("user namespace of pid {}: {}_map {}", pid, map.kind(),
          map.text().strip().replace('\n', ';') + (map.helper() != null ? " (by " + map.helper() + ")" : ""));
    }
  }

  /** One write(2) of the whole text: the kernel takes a map in a single write only. */
  private static void writeOnce(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      int n = ch.write(ByteBuffer.wrap(bytes));
      if (n != bytes.length) {
        throw new IOException("short write to " + file + ": " + n + " of " + bytes.length + " bytes");
      }
    } catch (IOException e) {
      throw new IOException("cannot write " + file + " (\"" + text.strip().replace("\n", "\\n")
          + "\"): " + e.getMessage(), e);
    }
  }

  private static void runHelper(Path helper, List<String> args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(helper.toString());
    argv.addAll(args);
    SpawnedProcess p = Spawner.spawn(helper.toString(), argv, List.of("PATH=/usr/bin:/bin"),
        Redirect.DISCARD, Redirect.DISCARD, Redirect.PIPE);
    String err;
    try {
      err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new IOException(String.join(" ", argv) + ": did not finish within "
            + HELPER_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + ": interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed (exit status " + p.exitValue() + ")"
          + (err.isEmpty() ? "" : ": " + err));
    }
  }
}
