package io.jrunc.internal.linux.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Finds a container's processes in a proc filesystem (a directory, so that tests can fake one). */
final class ProcessScan {
  private ProcessScan() {
  }

  /**
   * The init, then every other process in its pid namespace if it has one the host does not
   * share, else its descendants; in pid order after the init.
   */
  static List<Long> inContainer(long init, Path proc) throws IOException {
    String initNs = pidNs(proc, init);
    String ourNs = pidNs(proc.resolve("self"));
    Map<Long, Long> parents = new HashMap<>();
    Map<Long, String> namespaces = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        long pid = Long.parseLong(d.getFileName().toString());
        String stat = read(d.resolve("stat"));
        if (stat == null) {
          continue; // gone meanwhile
        }
        int close = stat.lastIndexOf(')');
        String[] rest = stat.substring(close + 2).trim().split(" ");
        parents.put(pid, Long.parseLong(rest[1]));
        namespaces.put(pid, pidNs(d));
      }
    }
    List<Long> out = new ArrayList<>();
    if (!parents.containsKey(init)) {
      return out;
    }
    out.add(init);
    boolean ownNs = initNs != null && !initNs.equals(ourNs);
    List<Long> others = new ArrayList<>();
    if (ownNs) {
      for (Map.Entry<Long, String> e : namespaces.entrySet()) {
        if (e.getKey() != init && Objects.equals(e.getValue(), initNs)) {
          others.add(e.getKey());
        }
      }
    } else {
      Deque<Long> todo = new ArrayDeque<>(List.of(init));
      while (!todo.isEmpty()) {
        long p = todo.pop();
        for (Map.Entry<Long, Long> e : parents.entrySet()) {
          if (e.getValue() == p && e.getKey() != init) {
            others.add(e.getKey());
            todo.push(e.getKey());
          }
        }
      }
    }
    others.sort(null);
    out.addAll(others);
    return out;
  }

  private static String pidNs(Path proc, long pid) {
    return pidNs(proc.resolve(Long.toString(pid)));
  }

  /** The target of ns/pid (e.g. "pid:[4026531836]"), or null. */
  private static String pidNs(Path procDir) {
    try {
      return Files.readSymbolicLink(procDir.resolve("ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
  }
}
