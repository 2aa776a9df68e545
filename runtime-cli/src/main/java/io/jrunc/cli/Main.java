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
        ExecCommand.class, PsCommand.class, FeaturesCommand.class,
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
    cl.setOut(out);
    cl.setErr(err);
    // As runc (urfave/cli): after the id, everything is the command and its arguments.
    cl.getSubcommands().get("exec").setStopAtPositional(true);
    cl.getSubcommands().get("ps").setStopAtPositional(true);
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
