package io.jrunc.internal.linux.hooks;

import static io.jrunc.internal.linux.Linux.AT_FDCWD;

import com.sun.jna.LastErrorException;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.compile.Host;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.spawn.Spawner;
import io.jrunc.spec.Spec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link HookRunner}s: hooks spawned with posix_spawn ({@link Spawner}), never by forking
 * the JVM. The state goes to a hook's stdin from a memfd and its stderr into another (files: no
 * pipe to keep draining, no thread, and a hook that does not read its stdin cannot block anyone),
 * stdout is discarded, as runc keeps only the output of a hook that failed.
 *
 * <ul>
 *   <li>{@link #runtimeNamespace()}: the hook is spawned directly, in the runtime's namespaces.
 *   <li>{@link #inNamespacesOf(long)} (createContainer): the helper is spawned on a plan that
 *       opens the namespaces of the container's init that differ from this JVM's ({@code
 *       /proc/<pid>/ns/*}), joins them (the user namespace last, then root in it), clones once
 *       (to be in the pid and time namespaces, which setns gives to children only; the helper
 *       waits and exits with the hook's status), sets PR_SET_PDEATHSIG SIGKILL (the hook dies
 *       with the helper) and executes the hook; at the timeout the hook is killed through a
 *       pidfd, and the helper reaps it. Joining the mount
 *       namespace puts it at that namespace's root; before pivot_root this is the host's tree as
 *       the container's mount namespace sees it, so the path resolves as runc resolves it.
 * </ul>
 */
public final class SpawnedHooks {
  /** How long a killed hook may take to be reaped. */
  private static final long REAP_SECONDS = 5;

  /** The namespaces a createContainer hook joins, in the order it joins them (user last). */
  private static final Map<String, Long> NAMESPACES = new LinkedHashMap<>();

  static {
    NAMESPACES.put("ipc", Linux.CLONE_NEWIPC);
    NAMESPACES.put("uts", Linux.CLONE_NEWUTS);
    NAMESPACES.put("net", Linux.CLONE_NEWNET);
    NAMESPACES.put("pid", Linux.CLONE_NEWPID);
    NAMESPACES.put("cgroup", Linux.CLONE_NEWCGROUP);
    NAMESPACES.put("time", Linux.CLONE_NEWTIME);
    NAMESPACES.put("mnt", Linux.CLONE_NEWNS);
    NAMESPACES.put("user", Linux.CLONE_NEWUSER);
  }

  /** The first fd the namespace plan opens namespaces at (clear of the helper's channels). */
  private static final int NS_FD_BASE = 10;

  private static final int CAP_SYS_ADMIN = 21;

  private SpawnedHooks() {}

  /** Runs hooks in the runtime namespace. */
  public static HookRunner runtimeNamespace() {
    return (hook, stdin) -> run(hook, stdin, (in, err) -> {
      SpawnedProcess p = Spawner.spawn(hook.path(), argv(hook), env(hook), in, Redirect.DISCARD, err);
      return new Started(p, p::destroyForcibly, () -> { });
    });
  }

  /** Runs hooks in the namespaces of the process {@code pid} (a container's init). */
  public static HookRunner inNamespacesOf(long pid) {
    return (hook, stdin) -> {
      Plan plan = namespacePlan(pid, hook, differingNamespaces(pid),
          !Host.system().capable(CAP_SYS_ADMIN));
      return run(hook, stdin, (in, err) -> {
        HelperProcess helper;
        try {
          helper = HelperLauncher.create().launch(plan, new HelperLauncher.Stdio(in, Redirect.DISCARD, err), null);
        } catch (PlanStepException e) {
          if (e.step() != null && e.step().op() == PlanOp.EXEC) {
            throw new IOException("cannot run it: " + io.jrunc.internal.linux.Errno.message(e.errno()), e);
          }
          throw new IOException("cannot enter the namespaces of process " + pid + ": " + e.getMessage(), e);
        }
        // At the timeout the hook itself is killed, and the helper reaps it and exits. (Killing
        // the helper instead would leave the hook's zombie to this machine's init, and the
        // container's pid namespace, of which it is a member, could not end before that reaps it.)
        SpawnedProcess p = helper.process();
        PidFd hookPidfd = hookPidfd(helper);
        return new Started(p, () -> {
          try {
            if (hookPidfd == null || !hookPidfd.signal(Linux.SIGKILL)) {
              p.destroyForcibly();
            }
          } catch (IOException e) {
            p.destroyForcibly();
          }
        }, () -> {
          if (hookPidfd != null) {
            hookPidfd.close();
          }
        });
      });
    };
  }

  /** A pidfd for the helper's child (the hook) if it is still that; null if it is gone. */
  private static PidFd hookPidfd(HelperProcess helper) {
    PidFd fd = null;
    try {
      fd = PidFd.openIfAlive(helper.childPid());
      if (fd != null && fd.signal(0) && PidFd.parentPid(helper.childPid()) == helper.helperPid()) {
        return fd;
      }
    } catch (IOException e) {
      // gone meanwhile
    }
    if (fd != null) {
      fd.close(); // reaped already (and the pid perhaps taken again): nothing of ours to kill
    }
    return null;
  }

  /** The namespaces (names under /proc/PID/ns) in which {@code pid} differs from this JVM. */
  static List<String> differingNamespaces(long pid) throws IOException {
    List<String> out = new ArrayList<>();
    for (String ns : NAMESPACES.keySet()) {
      Path mine = Path.of("/proc/self/ns", ns);
      Path theirs = Path.of("/proc/" + pid + "/ns", ns);
      if (!Files.exists(mine)) {
        continue; // the kernel has no such namespace
      }
      try {
        if (!Files.readSymbolicLink(mine).equals(Files.readSymbolicLink(theirs))) {
          out.add(ns);
        }
      } catch (IOException e) {
        throw new IOException("cannot read the namespaces of process " + pid + ": " + e, e);
      }
    }
    return out;
  }

  /**
   * The helper's plan for a hook in the namespaces {@code join} of {@code pid} (see the class).
   * The user namespace is joined last, unless {@code userFirst}: a runtime without CAP_SYS_ADMIN
   * (rootless) may join the others only from inside the user namespace that owns them.
   */
  static Plan namespacePlan(long pid, Spec.Hooks.Hook hook, List<String> join, boolean userFirst) {
    PlanBuilder b = new PlanBuilder();
    Map<String, Integer> fds = new LinkedHashMap<>();
    int fd = NS_FD_BASE;
    List<String> order = new ArrayList<>(NAMESPACES.keySet());
    if (userFirst) {
      order.remove("user");
      order.add(0, "user");
    }
    for (String ns : order) {
      if (join.contains(ns)) {
        fds.put(ns, fd);
        b.open(AT_FDCWD, "/proc/" + pid + "/ns/" + ns, Linux.O_RDONLY | Linux.O_CLOEXEC, 0, fd++);
      }
    }
    fds.forEach((ns, f) -> {
      b.setnsFd(f, (int) (long) NAMESPACES.get(ns)).note("/proc/" + pid + "/ns/" + ns).close(f);
      if (ns.equals("user")) {
        b.setresgid(0, 0, 0).setresuid(0, 0, 0); // root in the joined namespace, as runc's init
      }
    });
    return b.clone(0)
        .prctl(Linux.PR_SET_PDEATHSIG, Linux.SIGKILL, 0, 0, 0)
        .exec(hook.path(), argv(hook), env(hook))
        .build();
  }

  static List<String> argv(Spec.Hooks.Hook hook) {
    return hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
  }

  static List<String> env(Spec.Hooks.Hook hook) {
    return hook.env() == null ? List.of() : hook.env();
  }

  /** A started hook: the process to wait for, how to kill the hook, what to release after. */
  private record Started(Process process, Runnable kill, Runnable release) {}

  @FunctionalInterface
  private interface Start {
    Started start(Redirect stdin, Redirect stderr) throws IOException;
  }

  /** Starts the hook with stdin and stderr in memfds; waits for it, at most its timeout. */
  private static HookOutcome run(Spec.Hooks.Hook hook, byte[] stdin, Start start) throws IOException {
    try (MemFile in = MemFile.create("jrunc-hook-stdin"); MemFile err = MemFile.create("jrunc-hook-stderr")) {
      in.write(stdin);
      Started started = start.start(Redirect.from(new File(in.path())), Redirect.to(new File(err.path())));
      Process p = started.process();
      boolean timedOut = false;
      try {
        if (hook.timeout() != null) {
          timedOut = !p.waitFor(hook.timeout(), TimeUnit.SECONDS);
        } else {
          p.waitFor();
        }
        if (timedOut) {
          started.kill().run();
          if (!p.waitFor(REAP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            if (!p.waitFor(REAP_SECONDS, TimeUnit.SECONDS)) {
              throw new IOException("timed out after " + hook.timeout() + " s, and does not die");
            }
          }
        }
      } catch (InterruptedException e) {
        started.kill().run();
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } finally {
        started.release().run();
      }
      String stderr = err.read(HookOutcome.STDERR_LIMIT);
      if (timedOut) {
        return HookOutcome.timedOut(stderr);
      }
      io.jrunc.internal.linux.ExitStatus status = p instanceof SpawnedProcess sp
          ? Objects.requireNonNull(sp.exitStatusNow(), "exit status")
          : io.jrunc.internal.linux.ExitStatus.exited(p.exitValue());
      return HookOutcome.exited(status, stderr);
    }
  }

  /** A memfd, reached by path as {@code /proc/self/fd/N} (also from a child spawned meanwhile). */
  static final class MemFile implements AutoCloseable {
    private final int fd;

    private MemFile(int fd) {
      this.fd = fd;
    }

    static MemFile create(String name) throws IOException {
      try {
        return new MemFile(LibC.memfdCreate(name, LibC.MFD_CLOEXEC));
      } catch (LastErrorException e) {
        throw LibC.ioException("memfd_create", e);
      }
    }

    String path() {
      return "/proc/self/fd/" + fd;
    }

    void write(byte[] data) throws IOException {
      Files.write(Path.of(path()), data);
    }

    String read(int limit) throws IOException {
      try (InputStream s = Files.newInputStream(Path.of(path()))) {
        return new String(s.readNBytes(limit), StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      LibC.closeQuietly(fd);
    }
  }
}
