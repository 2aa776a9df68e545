package io.jrunc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * The {@code jrunc} command line: runc's commands and flags, so that container engines can drive
 * jrunc as they drive runc.
 *
 * <p>Errors go to standard error as {@code jrunc: <message>} with exit status 1, as runc does.
 */
@Command(
    name = "jrunc",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // -h/--help (and -V) on every command, as runc has
    versionProvider = Main.Version.class,
    description = "An OCI container runtime for the JVM, with runc's command line.",
    subcommands = {SpecCommand.class, ExtractCommand.class, ContainerCommands.Run.class,
        ContainerCommands.Create.class, ContainerCommands.Start.class, ContainerCommands.StateCmd.class,
        ContainerCommands.Kill.class, ContainerCommands.Delete.class, ContainerCommands.ListCmd.class,
        CgroupCommands.Pause.class, CgroupCommands.Resume.class, CgroupCommands.Update.class,
        CgroupCommands.Events.class,
        CommandLine.HelpCommand.class})
public final class Main {

  /** Where container state lives ({@code --root}); runc's default is /run/runc. */
  @Option(names = "--root", description = "root directory for container state (default: /run/jrunc)",
      scope = CommandLine.ScopeType.INHERIT)
  String root;

  @Option(names = "--debug", description = "enable debug logging", scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @Option(names = "--log", description = "log file (default: standard error)",
      scope = CommandLine.ScopeType.INHERIT)
  String log;

  @Option(names = "--log-format", description = "log format: text or json (default: text)",
      scope = CommandLine.ScopeType.INHERIT)
  String logFormat;

  /** Runs jrunc with the given arguments and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs jrunc with the given arguments and output streams; returns the exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("jrunc: " + message(e));
      if (cmd.getCommandSpec().root().userObject() instanceof Main m && m.debug) {
        e.printStackTrace(err);
      }
      return 1;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("jrunc: " + e.getMessage());
      e.getCommandLine().usage(err);
      return 1;
    });
    return cl.execute(args);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }

  /** The version from the jar manifest, runc-style. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jrunc version " + (v == null ? "dev" : v), "spec: 1.3.0"};
    }
  }
}
