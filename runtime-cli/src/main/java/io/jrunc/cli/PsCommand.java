package io.jrunc.cli;

import io.jrunc.Container;
import io.jrunc.internal.linux.runtime.LinuxContainerRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrunc ps}: the processes of a container, as runc: {@code --format json} prints the pids
 * as a JSON array; the table runs {@code ps} (with the given options, {@code -ef} by default) and
 * keeps its header and the lines of the container's processes.
 */
@Command(name = "ps", description = "display the processes running inside a container")
final class PsCommand extends ContainerCommands.Base {
  @Option(names = {"-f", "--format"}, description = "table or json (default: table)")
  String format = "table";

  @Parameters(index = "0", paramLabel = "ID", description = "the container id")
  String id;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "PS_OPTION", description = "options for ps (default: -ef)")
  List<String> psOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Container c = container(id);
    List<Long> pids = LinuxContainerRuntime.processes(c);
    PrintWriter out = out();
    if ("json".equals(format)) {
      out.println(json(pids));
      out.flush();
      return 0;
    }
    if (!"table".equals(format)) {
      throw new CliException("invalid format option \"" + format + "\": use table or json");
    }
    List<String> cmd = new ArrayList<>(List.of("ps"));
    cmd.addAll(psOptions.isEmpty() ? List.of("-ef") : psOptions);
    Process ps = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(ps.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (ps.waitFor() != 0) {
      throw new CliException("ps " + String.join(" ", cmd.subList(1, cmd.size())) + ": "
          + String.join("\n", lines));
    }
    for (String line : filter(lines, Set.copyOf(pids))) {
      out.println(line);
    }
    out.flush();
    return 0;
  }

  static String json(List<Long> pids) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    pids.forEach(p -> j.add(Long.toString(p)));
    return j.toString();
  }

  /** The header and the lines whose PID column is one of {@code pids}. */
  static List<String> filter(List<String> lines, Set<Long> pids) {
    List<String> out = new ArrayList<>();
    if (lines.isEmpty()) {
      return out;
    }
    String[] header = lines.get(0).trim().split("\\s+");
    int col = List.of(header).indexOf("PID");
    if (col < 0) {
      throw new CliException("ps: no PID column in its header: " + lines.get(0));
    }
    out.add(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      try {
        if (f.length > col && pids.contains(Long.parseLong(f[col]))) {
          out.add(line);
        }
      } catch (NumberFormatException e) {
        // not a process line
      }
    }
    return out;
  }
}
