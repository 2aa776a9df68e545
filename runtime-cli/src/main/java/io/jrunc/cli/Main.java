package io.jrunc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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
    description = "An OCI container runtime for the JVM, with runc's command line.")
public final class Main {

  /**
   * The subcommands by name, in the order help lists them (then {@code help}). They are registered
   * in {@link #run} rather than in {@code @Command(subcommands = ...)}: building picocli's model of
   * a command (reflection, annotations) is a good part of a call's start-up, so a call that names
   * one of these commands registers only that one; anything else (no command, {@code help}, an
   * unknown name, -h or -V before the command) registers them all, so help and errors are the same.
   * MainTest checks that the names agree with the commands' {@code @Command} names.
   */
  static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("spec", SpecCommand.class);
    COMMANDS.put("extract", ExtractCommand.class);
    COMMANDS.put("run", ContainerCommands.Run.class);
    COMMANDS.put("create", ContainerCommands.Create.class);
    COMMANDS.put("start", ContainerCommands.Start.class);
    COMMANDS.put("state", ContainerCommands.StateCmd.class);
    COMMANDS.put("kill", ContainerCommands.Kill.class);
    COMMANDS.put("delete", ContainerCommands.Delete.class);
    COMMANDS.put("list", ContainerCommands.ListCmd.class);
    COMMANDS.put("pause", CgroupCommands.Pause.class);
    COMMANDS.put("resume", CgroupCommands.Resume.class);
    COMMANDS.put("update", CgroupCommands.Update.class);
    COMMANDS.put("events", CgroupCommands.Events.class);
  }

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
    Class<?> only = COMMANDS.get(commandName(args));
    if (only != null) {
      cl.addSubcommand(only);
    } else {
      COMMANDS.values().forEach(cl::addSubcommand);
      cl.addSubcommand(CommandLine.HelpCommand.class);
    }
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

  /**
   * The command a call names: its first argument that is not one of jrunc's global options (or
   * their values); {@code null} if an argument before it is anything else (like -h), so that
   * picocli sees every command.
   */
  static String commandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        return a;
      }
      if (a.equals("--root") || a.equals("--log") || a.equals("--log-format")) {
        i++; // its value
      } else if (!(a.equals("--debug") || a.startsWith("--root=") || a.startsWith("--log=")
          || a.startsWith("--log-format="))) {
        return null;
      }
    }
    return null;
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
