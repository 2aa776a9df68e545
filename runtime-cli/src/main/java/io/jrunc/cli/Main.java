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
    COMMANDS.put("exec", ExecCommand.class);
    COMMANDS.put("ps", PsCommand.class);
    COMMANDS.put("features", FeaturesCommand.class);
    COMMANDS.put("pause", CgroupCommands.Pause.class);
    COMMANDS.put("resume", CgroupCommands.Resume.class);
    COMMANDS.put("update", CgroupCommands.Update.class);
    COMMANDS.put("events", CgroupCommands.Events.class);
  }

  /** jrunc's own options that take a value, and those that do not; see {@link #commandName}. */
  static final java.util.Set<String> VALUED_GLOBALS =
      java.util.Set.of("--root", "--log", "--log-format", "--rootless", "--criu");
  static final java.util.Set<String> FLAG_GLOBALS = java.util.Set.of("--debug", "--systemd-cgroup");

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

  @Option(names = "--systemd-cgroup", description = "manage cgroups through systemd (not supported:"
      + " jrunc is refused with this flag)", scope = CommandLine.ScopeType.INHERIT)
  boolean systemdCgroup;

  @Option(names = "--rootless", paramLabel = "auto|true|false",
      description = "ignore cgroup permission errors: true, false, or auto (default); before the"
          + " command, as runc's (\"spec --rootless\" is spec's own flag)",
      scope = CommandLine.ScopeType.LOCAL)
  String rootless = "auto";

  @Option(names = "--criu", paramLabel = "PATH", hidden = true,
      description = "runc's path to criu (checkpoint and restore); not used by jrunc",
      scope = CommandLine.ScopeType.INHERIT)
  String criu;

  /** The global flags' values, checked: called by every command before it does anything. */
  void checkGlobalFlags() {
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      throw new CliException("invalid log format \"" + logFormat + "\": use text or json");
    }
    rootlessMode();
    if (systemdCgroup) {
      throw new CliException("--systemd-cgroup: the systemd cgroup driver is not supported by jrunc;"
          + " use the cgroupfs driver (e.g. dockerd --exec-opt native.cgroupdriver=cgroupfs)");
    }
  }

  /** {@code --rootless}: TRUE, FALSE, or null for auto. */
  Boolean rootlessMode() {
    return switch (rootless) {
      case "auto" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new CliException("invalid --rootless value \"" + rootless
          + "\": use auto, true or false");
    };
  }

  /** Runs jrunc with the given arguments and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs jrunc with the given arguments and output streams; returns the exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    Class<?> only = COMMANDS.get(commandName(args));
    if (only != null) {
      cl.addSubcommand(only);
    } else {
      COMMANDS.values().forEach(cl::addSubcommand);
      cl.addSubcommand(CommandLine.HelpCommand.class);
    }
    cl.setOut(out);
    cl.setErr(err);
    // As runc (urfave/cli): after the id, everything is the command and its arguments.
    for (String name : new String[] {"exec", "ps"}) {
      CommandLine sub = cl.getSubcommands().get(name); // (absent when another command is called)
      if (sub != null) {
        sub.setStopAtPositional(true);
      }
    }
    cl.setExecutionStrategy(parsed -> {
      main.configureLogging();
      try {
        main.checkGlobalFlags();
      } catch (CliException e) {
        throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String message = message(e);
      err.println("jrunc: " + message);
      main.logError(message);
      if (main.debug) {
        e.printStackTrace(err);
      }
      return e instanceof CliException c ? c.exitCode() : 1;
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
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      if (VALUED_GLOBALS.contains(name)) {
        if (eq < 0) {
          i++; // its value
        }
      } else if (!FLAG_GLOBALS.contains(a)) {
        return null;
      }
    }
    return null;
  }

  /**
   * Where the library's own log lines go: with {@code --log} and the text format, to that file
   * (never to stdout or stderr, which are the container's stdio when an engine runs {@code
   * create}); with the json format only {@link #logError} writes to the file, so that every line
   * there is a JSON object as engines expect. {@code --debug} logs at debug level.
   */
  void configureLogging() {
    if (log != null) {
      boolean json = "json".equals(logFormat);
      System.setProperty("org.slf4j.simpleLogger.logFile", json ? "/dev/null" : log);
      System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
  }

  /**
   * Appends an error line to the {@code --log} file, as runc's logrus writes it: text {@code
   * time="..." level=error msg="..."}, or json {@code {"level":"error","msg":"...","time":"..."}}
   * (containerd's shim reads the last error of the json log when a command fails).
   */
  void logError(String message) {
    if (log == null) {
      return;
    }
    String line = LogLine.format("json".equals(logFormat), "error", message, java.time.Instant.now());
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(log), line,
          java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE);
    } catch (java.io.IOException | RuntimeException e) {
      // the message went to stderr already
    }
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
