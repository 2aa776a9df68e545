package io.jrunc.internal.linux.runtime;

import io.jrunc.ContainerException;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.compile.CompileOptions;
import io.jrunc.internal.linux.compile.PlanCompiler;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.internal.linux.tty.TerminalSteps;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a process in a running container (runc's {@code exec}): the helper joins the container's
 * cgroups and namespaces (all at once, through a pidfd of its init), clones the process into
 * them, and the process takes its own credentials, limits and terminal
 * ({@link PlanCompiler#compileExec}).
 */
public final class ExecLaunch {
  /** The init's pidfd in the helper; the terminal's socket and scratch fds after it. */
  static final int PIDFD_FD = 5;
  static final int SOCKET_FD = 6;
  static final int SCRATCH_FD = 7;

  /** The namespaces an exec can join, with their /proc/PID/ns names, in no particular order. */
  static final Map<String, Long> NAMESPACES = new LinkedHashMap<>();

  static {
    NAMESPACES.put("user", Linux.CLONE_NEWUSER);
    NAMESPACES.put("mnt", Linux.CLONE_NEWNS);
    NAMESPACES.put("pid", Linux.CLONE_NEWPID);
    NAMESPACES.put("net", Linux.CLONE_NEWNET);
    NAMESPACES.put("ipc", Linux.CLONE_NEWIPC);
    NAMESPACES.put("uts", Linux.CLONE_NEWUTS);
    NAMESPACES.put("cgroup", Linux.CLONE_NEWCGROUP);
    NAMESPACES.put("time", Linux.CLONE_NEWTIME);
  }

  private ExecLaunch() {
  }

  /** How the process is started. */
  public enum Mode {
    /** The helper exits once the process is cloned: it is an orphan for the caller's subreaper. */
    DETACH,
    /** The helper waits for the process and exits with its status (the helper stands for it). */
    WAIT
  }

  /**
   * A started process: the helper (in {@link Mode#WAIT}, its exit status is the process's), the
   * process's pid, and its terminal's master when one was asked for without a console socket.
   */
  public record Started(HelperProcess helper, long pid, PtyMaster terminal) {}

  /**
   * The CLONE_NEW* flags of the namespaces the process {@code pid} is in and this process is not:
   * what an exec joins.
   */
  static long joinFlags(long pid) throws IOException {
    long flags = 0;
    for (Map.Entry<String, Long> e : NAMESPACES.entrySet()) {
      Path theirs = Path.of("/proc/" + pid + "/ns/" + e.getKey());
      Path ours = Path.of("/proc/self/ns/" + e.getKey());
      if (!Files.exists(ours) || !Files.exists(theirs)) {
        continue; // a kernel without this namespace type
      }
      if (!Files.isSameFile(theirs, ours)) {
        flags |= e.getValue();
      }
    }
    return flags;
  }

  /**
   * Starts {@code process} in the container whose init is {@code init} (verified by start time).
   * With {@code process.terminal}: the master goes to {@code consoleSocket} if given, else it is
   * received here and returned.
   */
  static Started start(String id, Spec spec, Path bundle, InitRecord init, Spec.Process process,
      List<String> cgroupProcs, Mode mode, Path consoleSocket, HelperLauncher.Stdio stdio) {
    boolean terminal = Boolean.TRUE.equals(process.terminal());
    int socket = -1;
    int receiver = -1;
    try (PidFd pidfd = init.open()) {
      if (pidfd == null || !init.alive()) {
        throw new ContainerException("cannot exec in container " + id + ": it is not running");
      }
      long flags = joinFlags(init.pid());
      CompileOptions.Builder opts = CompileOptions.builder();
      if (terminal) {
        Spec.Process.ConsoleSize cs = process.consoleSize();
        ConsoleSize size = cs == null ? null : ConsoleSize.ofSpec(cs.height(), cs.width());
        opts.terminalSetup((plan, s) -> TerminalSteps.add(plan, SOCKET_FD, SCRATCH_FD, size, false));
        if (consoleSocket != null) {
          socket = UnixSockets.connect(consoleSocket);
        } else {
          int[] pair = UnixSockets.socketPair();
          receiver = pair[0];
          socket = pair[1];
        }
      }
      Plan plan;
      try {
        plan = PlanCompiler.compileExec(spec, bundle, process, flags, PIDFD_FD, cgroupProcs,
            mode == Mode.DETACH, opts.build());
      } catch (SpecException e) {
        throw new ContainerException(e.getMessage(), e);
      }
      HelperLauncher launcher = HelperLauncher.create();
      int sock = socket;
      HelperProcess helper = pidfd.withFd(fd -> launcher.launch(plan, plan.encode(), stdio, null,
          sock >= 0 ? new int[] {fd, sock} : new int[] {fd}, SpawnedProcess::destroyForcibly));
      PtyMaster master = null;
      if (receiver >= 0) {
        LibC.closeQuietly(socket);
        socket = -1;
        UnixSockets.Received r = UnixSockets.receiveFd(receiver, false);
        if (r == null) {
          throw new ContainerException("exec in " + id + ": the process sent no terminal");
        }
        master = PtyMaster.adopt(r.fd(), r.name());
      }
      return new Started(helper, helper.childPid(), master);
    } catch (IOException e) {
      throw new ContainerException("exec in " + id + ": " + e.getMessage(), e);
    } finally {
      LibC.closeQuietly(socket);
      LibC.closeQuietly(receiver);
    }
  }
}
