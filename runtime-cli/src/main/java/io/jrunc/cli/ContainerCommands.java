package io.jrunc.cli;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ExitStatus;
import io.jrunc.Signal;
import io.jrunc.internal.linux.runtime.DirectOptions;
import io.jrunc.internal.linux.runtime.LinuxContainerRuntime;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.internal.linux.tty.TerminalAttachment;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The lifecycle commands, with runc's names, flags and exit codes. */
final class ContainerCommands {
  private ContainerCommands() {
  }

  /** What every lifecycle command shares: the runtime of {@code --root}. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec command;

    LinuxContainerRuntime runtime() {
      return main.root == null ? new LinuxContainerRuntime() : new LinuxContainerRuntime(Path.of(main.root));
    }

    Container container(String id) {
      return runtime().find(id).orElseThrow(() -> new CliException("container \"" + id + "\" does not exist"));
    }

    PrintWriter out() {
      return command.commandLine().getOut();
    }

    ContainerBuilder fromBundle(Path bundle, String id) throws java.io.IOException {
      Path dir = bundle == null ? Path.of("").toAbsolutePath() : bundle.toAbsolutePath();
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        throw new CliException("bundle " + dir + ": no config.json (create one with `jrunc spec`)");
      }
      return Container.fromBundle(dir).id(id).runtime(runtime()).inheritIO();
    }
  }

  static void writePidFile(Path file, long pid) throws java.io.IOException {
    if (file != null) {
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(pid), StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** {@code jrunc run}: create and start, then wait and exit with the container's status. */
  @Command(name = "run", description = "create and run a container")
  static final class Run extends Base {
    @Mixin
    CreateOptions create;

    @Option(names = {"-d", "--detach"}, description = "detach from the container's process")
    boolean detach;

    @Option(names = "--dry-run", description = "print the plan (every setup step) and run nothing")
    boolean dryRun;

    @Option(names = "--keep", description = "do not delete the container after it exits")
    boolean keep;

    @Option(names = "--no-subreaper", description = "(accepted for runc compatibility)")
    boolean noSubreaper;

    @Override
    public Integer call() throws Exception {
      ContainerBuilder b = fromBundle(create.bundle, create.id).detached(detach);
      if (dryRun) {
        out().print(runtime().plan(b.request()).describe());
        out().flush();
        return 0;
      }
      if (detach) { // as runc: no monitor of ours; the init is the caller's subreaper's
        Container c = create.createDirect(runtime(), b);
        try {
          c.start();
        } catch (RuntimeException e) {
          c.close();
          throw e;
        }
        return 0;
      }
      if (create.consoleSocket != null || create.noPivot || create.preserveFds > 0 || keep) {
        throw new CliException("--console-socket, --no-pivot, --preserve-fds and --keep are supported"
            + " with run --detach (and create) only");
      }
      Container c = b.start();
      writePidFile(create.pidFile, c.process().pid());
      forwardSignals(c);
      TerminalAttachment tty = null;
      try {
        java.util.Optional<PtyMaster> master = LinuxContainerRuntime.terminal(c);
        if (master.isPresent()) {
          tty = TerminalAttachment.attachHost(master.get());
        }
        c.process().waitFor();
        ExitStatus s = c.process().exitStatus();
        return s.exitValue();
      } finally {
        if (tty != null) {
          tty.close();
        }
        c.close();
      }
    }
  }

  /** Signals that {@code jrunc run} passes on to the container's init, as runc does. */
  private static final String[] FORWARDED = {"INT", "TERM", "HUP", "USR1", "USR2", "WINCH"};

  /** Passes the signals jrunc gets on to the container, instead of dying of them. */
  static void forwardSignals(Container c) {
    for (String name : FORWARDED) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
          try {
            c.kill(sig.getNumber());
          } catch (RuntimeException e) {
            // the container is gone already
          }
        });
      } catch (IllegalArgumentException e) {
        // the JVM keeps this one for itself (e.g. SIGQUIT for thread dumps, or with -Xrs)
      }
    }
  }

  /** What {@code create} and {@code run} share: the bundle, the id, and how the init is set up. */
  static final class CreateOptions {
    @Option(names = {"-b", "--bundle"}, description = "path to the root of the bundle directory (default: current directory)")
    Path bundle;

    @Option(names = "--pid-file", description = "file to write the process id to")
    Path pidFile;

    @Option(names = "--console-socket", paramLabel = "PATH",
        description = "unix socket that receives the pty master (required with process.terminal; run: with --detach)")
    Path consoleSocket;

    @Option(names = "--no-pivot", description = "chroot instead of pivot_root (for a ramdisk root)")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "keep the caller's session keyring (jrunc never"
        + " makes a new one)")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", paramLabel = "N", description = "pass N more fds (from 3 on)")
    int preserveFds;

    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    /** Creates the container without a shim of ours and writes --pid-file (else deletes it again). */
    Container createDirect(LinuxContainerRuntime runtime, ContainerBuilder b) throws java.io.IOException {
      if (preserveFds < 0) {
        throw new CliException("--preserve-fds: " + preserveFds + " is negative");
      }
      Container c = runtime.createDirect(b.request(), new DirectOptions(
          consoleSocket == null ? null : consoleSocket.toAbsolutePath(),
          preserveFds + Create.listenFds(System.getenv()), noPivot));
      try {
        writePidFile(pidFile, c.process().pid());
      } catch (java.io.IOException | RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    }
  }

  /** {@code jrunc create}: the init waits on exec.fifo; the command returns. */
  @Command(name = "create", description = "create a container")
  static final class Create extends Base {
    @Mixin
    CreateOptions create;

    /**
     * As runc: no shim of ours. The init is left blocked on exec.fifo, an orphan that the
     * caller's subreaper (containerd-shim, conmon) adopts and reaps; {@code start} releases it.
     */
    @Override
    public Integer call() throws Exception {
      create.createDirect(runtime(), fromBundle(create.bundle, create.id));
      return 0;
    }

    /** systemd's socket activation: LISTEN_FDS fds from 3 on go to the container too, as runc. */
    static int listenFds(java.util.Map<String, String> env) {
      String n = env.get("LISTEN_FDS");
      if (n == null || n.isEmpty()
          || !Long.toString(ProcessHandle.current().pid()).equals(env.get("LISTEN_PID"))) {
        return 0; // not ours (systemd names the process the fds are for)
      }
      try {
        return Math.max(0, Integer.parseInt(n));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /** {@code jrunc start}: releases a created container's init. */
  @Command(name = "start", description = "start a created container")
  static final class Start extends Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Override
    public Integer call() {
      container(id).start();
      return 0;
    }
  }

  /** {@code jrunc state}: the OCI state as JSON. */
  @Command(name = "state", description = "output the state of a container")
  static final class StateCmd extends Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Override
    public Integer call() {
      out().println(container(id).state().toJson());
      return 0;
    }
  }

  /** {@code jrunc kill}: sends a signal (SIGTERM by default) to the init. */
  @Command(name = "kill", description = "send a signal to a container's init process")
  static final class Kill extends Base {
    @Parameters(index = "0", paramLabel = "ID", description = "the container id")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", description = "name or number (default: SIGTERM)")
    String signal = "SIGTERM";

    @Option(names = {"-a", "--all"}, description = "send the signal to every process of the container (its cgroup)")
    boolean all;

    @Override
    public Integer call() {
      int sig;
      try {
        sig = Signal.parse(signal);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      if (all) {
        container(id).killAll(sig);
      } else {
        container(id).kill(sig);
      }
      return 0;
    }
  }

  /** {@code jrunc delete}: removes a stopped container (any, with --force). */
  @Command(name = "delete", description = "delete a container")
  static final class Delete extends Base {
    @Option(names = {"-f", "--force"}, description = "kill the container if it runs")
    boolean force;

    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Override
    public Integer call() {
      Container c = runtime().find(id).orElse(null);
      if (c == null) {
        if (force) { // what a crashed run may have left: empty cgroups at the default path
          runtime().removeLeftoverCgroups(id);
          return 0;
        }
        throw new CliException("container \"" + id + "\" does not exist");
      }
      if (force) {
        c.close();
      } else {
        c.delete();
      }
      return 0;
    }
  }

  /** {@code jrunc list}: the containers of the state root. */
  @Command(name = "list", description = "list containers")
  static final class ListCmd extends Base {
    @Option(names = {"-f", "--format"}, description = "table or json (default: table)")
    String format = "table";

    @Option(names = {"-q", "--quiet"}, description = "print only the ids")
    boolean quiet;

    @Override
    public Integer call() {
      List<Container> all = runtime().list();
      PrintWriter out = out();
      if (quiet) {
        all.forEach(c -> out.println(c.id()));
      } else if ("json".equals(format)) {
        StringBuilder sb = new StringBuilder("[");
        for (Container c : all) {
          if (sb.length() > 1) {
            sb.append(',');
          }
          sb.append(SpecJson.toJson(c.state(), ""));
        }
        out.println(sb.append(']'));
      } else if ("table".equals(format)) {
        out.printf("%-20s %-8s %-10s %s%n", "ID", "PID", "STATUS", "BUNDLE");
        for (Container c : all) {
          State s = c.state();
          out.printf("%-20s %-8d %-10s %s%n", s.id(), s.pid() == null ? 0 : s.pid(), s.status(), s.bundle());
        }
      } else {
        throw new CliException("invalid format option \"" + format + "\": use table or json");
      }
      out.flush();
      return 0;
    }
  }
}
