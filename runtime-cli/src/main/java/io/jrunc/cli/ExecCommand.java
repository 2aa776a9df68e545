package io.jrunc.cli;

import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.runtime.ExecLaunch;
import io.jrunc.internal.linux.tty.TerminalAttachment;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrunc exec}: runs a process in a running container, with runc's flags. The process is
 * the container's {@code process} with the flags' changes, or the one {@code --process} gives.
 * Without {@code --detach} jrunc waits and exits with the process's status (forwarding signals to
 * it); with it the process is left to the caller's subreaper, as runc does. A failure to start
 * the process exits 255, as runc's does.
 */
@Command(name = "exec", description = "execute a new process inside a container")
final class ExecCommand extends ContainerCommands.Base {
  /** runc's exit status when the process could not be started. */
  static final int EXEC_FAILED = 255;

  @Option(names = "--console-socket", paramLabel = "PATH",
      description = "unix socket that receives the pty master")
  Path consoleSocket;

  @Option(names = "--cwd", description = "working directory in the container")
  String cwd;

  @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "set an environment variable")
  List<String> env = new ArrayList<>();

  @Option(names = {"-t", "--tty"}, description = "allocate a pseudo-TTY")
  boolean tty;

  @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "the user to run as")
  String user;

  @Option(names = {"-g", "--additional-gids"}, paramLabel = "GID", description = "an additional group")
  List<Long> additionalGids = new ArrayList<>();

  @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "the process, as config.json's"
      + " process object (its other flags do not apply then)")
  Path processFile;

  @Option(names = {"-d", "--detach"}, description = "detach from the process")
  boolean detach;

  @Option(names = "--pid-file", description = "file to write the process id to")
  Path pidFile;

  @Option(names = "--process-label", description = "SELinux label (not supported)")
  String processLabel;

  @Option(names = "--apparmor", description = "AppArmor profile (not supported)")
  String apparmor;

  @Option(names = "--no-new-privs", description = "set no_new_privs for the process")
  boolean noNewPrivs;

  @Option(names = {"-c", "--cap"}, paramLabel = "CAP", description = "add a capability (e.g. CAP_KILL)")
  List<String> caps = new ArrayList<>();

  @Option(names = "--preserve-fds", paramLabel = "N", description = "pass N more fds (from 3 on)")
  int preserveFds;

  @Option(names = "--cgroup", description = "run in this sub-cgroup (not supported)")
  String cgroup;

  @Option(names = "--ignore-paused", description = "(accepted for runc compatibility)")
  boolean ignorePaused;

  @Parameters(index = "0", paramLabel = "ID", description = "the container id")
  String id;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND", description = "the command and its arguments")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (processLabel != null && !processLabel.isEmpty()) {
      throw new CliException("--process-label: SELinux labels are not supported by jrunc");
    }
    if (apparmor != null && !apparmor.isEmpty()) {
      throw new CliException("--apparmor: AppArmor profiles are not supported by jrunc");
    }
    if (cgroup != null) {
      throw new CliException("--cgroup: running an exec in a sub-cgroup is not supported by jrunc");
    }
    if (preserveFds != 0) {
      throw new CliException("--preserve-fds is not supported by jrunc exec yet");
    }
    Container c = container(id);
    String status = c.state().status();
    if (!State.RUNNING.equals(status)) {
      throw new CliException("cannot exec in a container that is not running (" + status + ")");
    }
    Spec.Process process = process(c.spec().process());
    boolean terminal = Boolean.TRUE.equals(process.terminal());
    if (detach && terminal && consoleSocket == null) {
      throw new CliException("cannot allocate tty if jrunc will detach without setting console socket");
    }
    if (!terminal && consoleSocket != null) {
      throw new CliException("cannot use console socket if jrunc will not detach or allocate tty");
    }
    ExecLaunch.Started started;
    try {
      started = runtime().execCli(c, process, detach,
          consoleSocket == null ? null : consoleSocket.toAbsolutePath());
    } catch (ContainerException e) {
      throw new CliException("exec failed: " + e.getMessage(), EXEC_FAILED);
    }
    ContainerCommands.writePidFile(pidFile, started.pid());
    if (detach) {
      return 0;
    }
    forwardSignals(started.pid(), started.helper().helperPid());
    TerminalAttachment attachment = started.terminal() == null ? null
        : TerminalAttachment.attachHost(started.terminal());
    try {
      return started.helper().waitFor();
    } finally {
      if (attachment != null) {
        attachment.close();
      }
      if (started.terminal() != null) {
        started.terminal().close();
      }
    }
  }

  /** The process to run: from --process, or the container's with the flags' changes. */
  Spec.Process process(Spec.Process base) throws IOException {
    if (processFile != null) {
      Spec.Process p = SpecJson.read(processFile, Spec.Process.class);
      if (p.args() == null || p.args().isEmpty()) {
        throw new CliException(processFile + ": process.args must not be empty");
      }
      return p;
    }
    if (args.isEmpty()) {
      throw new CliException("exec: give the command to run (or --process FILE)");
    }
    Spec.Process.Builder b = (base != null ? base.toBuilder() : Spec.Process.builder())
        .args(args)
        .terminal(tty)
        .consoleSize(null);
    if (cwd != null) {
      b.cwd(cwd);
    } else if (base == null || base.cwd() == null) {
      b.cwd("/");
    }
    List<String> environment = new ArrayList<>(base != null && base.env() != null ? base.env() : List.of());
    for (String e : env) {
      if (e.indexOf('=') <= 0) {
        throw new CliException("--env \"" + e + "\": use NAME=VALUE");
      }
      environment.add(e);
    }
    b.env(environment);
    Spec.Process.User baseUser = base != null && base.user() != null ? base.user()
        : Spec.Process.User.builder().uid(0L).gid(0L).build();
    Spec.Process.User.Builder u = baseUser.toBuilder();
    if (user != null) {
      String[] ids = user.split(":", -1);
      try {
        u.uid(Long.parseLong(ids[0]));
        u.gid(ids.length > 1 ? Long.parseLong(ids[1]) : 0L);
        if (ids.length > 2) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new CliException("--user \"" + user + "\": use UID[:GID] (numbers; names are not looked up)");
      }
    }
    if (!additionalGids.isEmpty()) {
      u.additionalGids(additionalGids);
    }
    b.user(u.build());
    if (!caps.isEmpty()) {
      Spec.Process.Capabilities c = base != null && base.capabilities() != null ? base.capabilities()
          : Spec.Process.Capabilities.builder().build();
      b.capabilities(c.toBuilder()
          .bounding(plus(c.bounding(), caps))
          .effective(plus(c.effective(), caps))
          .permitted(plus(c.permitted(), caps))
          .inheritable(plus(c.inheritable(), caps))
          .ambient(plus(c.ambient(), caps))
          .build());
    }
    if (noNewPrivs) {
      b.noNewPrivileges(true);
    }
    return b.build();
  }

  private static List<String> plus(List<String> list, List<String> more) {
    List<String> out = new ArrayList<>(list == null ? List.of() : list);
    for (String m : more) {
      String name = m.toUpperCase(java.util.Locale.ROOT);
      name = name.startsWith("CAP_") ? name : "CAP_" + name;
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Signals to jrunc go to the process (while it is the helper's child, so its pid is its own). */
  private static void forwardSignals(long pid, long helperPid) {
    for (String name : new String[] {"INT", "TERM", "HUP", "USR1", "USR2", "WINCH"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
          try (PidFd fd = PidFd.openIfAlive(pid)) {
            if (fd != null && PidFd.parentPid(pid) == helperPid) {
              fd.signal(sig.getNumber());
            }
          } catch (IOException e) {
            // gone
          }
        });
      } catch (IllegalArgumentException e) {
        // the JVM keeps this one
      }
    }
  }
}
