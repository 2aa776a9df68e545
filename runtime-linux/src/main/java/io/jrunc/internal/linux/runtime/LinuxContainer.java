package io.jrunc.internal.linux.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.ContainerProcess;
import io.jrunc.ContainerStats;
import io.jrunc.internal.linux.cgroup.CgroupException;
import io.jrunc.internal.linux.cgroup.Cgroups;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.helper.HelperException;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.hooks.HookOutcome;
import io.jrunc.internal.linux.hooks.LifecycleHooks;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.shim.ShimHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container of {@link LinuxContainerRuntime}: its state directory and the handle of its shim.
 * Created: the init waits at {@code exec.fifo}; started: the fifo was read and removed.
 */
final class LinuxContainer implements Container {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxContainer.class);
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int FIFO_POLL_MILLIS = 5;

  private final String id;
  private final Spec spec;
  private final Path bundle;
  private final Path stateDir;
  private final Plan plan;
  private final ShimHandle shim;
  private final LinuxContainerProcess process;
  private final LifecycleHooks hooks;
  private final Cgroups cgroups; // null: the container runs without cgroups
  private final Object lock = new Object();
  private final CgroupOperations cgroupOps;
  private volatile Spec currentSpec;
  private boolean deleted;

  LinuxContainer(String id, Spec spec, Path bundle, Path stateDir, Plan plan, ShimHandle shim,
      LifecycleHooks hooks, Cgroups cgroups) {
    this.hooks = hooks;
    this.cgroups = cgroups;
    this.currentSpec = spec;
    this.id = id;
    this.spec = spec;
    this.bundle = bundle;
    this.stateDir = stateDir;
    this.cgroupOps = new CgroupOperations(id, cgroups, lock, this::status, stateDir);
    this.plan = plan;
    this.shim = shim;
    this.process = new LinuxContainerProcess(this, shim);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Spec spec() {
    return currentSpec;
  }

  /** The container's cgroups, or null. */
  Cgroups cgroups() {
    return cgroups;
  }

  /** True if the OOM killer killed a process of the container (read from its cgroup now). */
  boolean oomKilled() {
    return cgroups != null && cgroups.oomKills() > 0;
  }

  Path bundle() {
    return bundle;
  }

  ShimHandle shim() {
    return shim;
  }

  Path stateDir() {
    return stateDir;
  }

  private Path fifo() {
    return stateDir.resolve(StateStore.FIFO);
  }

  /** The OCI status now. */
  String status() {
    synchronized (lock) {
      if (deleted || shim.exited()) {
        return State.STOPPED;
      }
      return liveStatus(fifo(), cgroups);
    }
  }

  /**
   * The status of a container whose init is alive: created while its exec.fifo exists, else
   * paused when its cgroup (null: none) is frozen, else running.
   */
  static String liveStatus(Path fifo, Cgroups cgroups) {
    if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
      return State.CREATED;
    }
    return cgroups != null && cgroups.frozen() ? State.PAUSED : State.RUNNING;
  }

  @Override
  public State state() {
    String status = status();
    return state(spec, id, bundle, status, State.STOPPED.equals(status) ? 0 : (int) shim.initPid());
  }

  /** The OCI state of a container with this spec, id and bundle ({@code pid} null: none). */
  static State state(Spec spec, String id, Path bundle, String status, Integer pid) {
    Map<String, String> annotations = spec.annotations();
    return State.builder()
        .ociVersion(spec.ociVersion() != null ? spec.ociVersion() : Spec.VERSION)
        .id(id)
        .status(status)
        .pid(pid)
        .bundle(bundle.toString())
        .annotations(annotations == null || annotations.isEmpty() ? null : annotations)
        .build();
  }

  @Override
  public ContainerProcess process() {
    return process;
  }

  /**
   * Starts the container: the init's startContainer hooks run (in the container, RUN_WAIT steps),
   * then its program; then the poststart hooks (whose failures are warnings). A startContainer
   * hook that fails fails the start, and the container is destroyed (poststop hooks included).
   */
  @Override
  public Container start() {
    startInit();
    hooks.poststart(state(spec, id, bundle, State.RUNNING, (int) shim.initPid()));
    return this;
  }

  private void startInit() {
    synchronized (lock) {
      String status = status();
      if (!deleted && shim.exited() && Files.exists(fifo(), LinkOption.NOFOLLOW_LINKS)) {
        failedBeforeStart(); // the init died waiting: say why
      }
      if (!State.CREATED.equals(status)) {
        throw new ContainerException("cannot start container " + id + ": it is " + status + ", not created");
      }
      releaseFifo();
      try {
        Files.deleteIfExists(fifo());
        shim.awaitExec();
      } catch (PlanStepException e) {
        String hookFailure = LifecycleHooks.startContainerFailure(e, hookStderr());
        if (hookFailure == null) {
          throw new ContainerException(e.getMessage(), e);
        }
        try {
          destroy(); // runtime.md: a failed startContainer hook goes on at "delete"
        } catch (ContainerException d) {
          e.addSuppressed(d);
        }
        throw new ContainerException(hookFailure, e);
      } catch (HelperException e) {
        throw new ContainerException(e.getMessage(), e);
      } catch (IOException e) {
        throw new ContainerException("start " + id + ": " + e.getMessage(), e);
      }
    }
  }

  /** What the startContainer hook that ran last wrote to stderr (empty if nothing, or unknown). */
  private String hookStderr() {
    try (InputStream in = Files.newInputStream(stateDir.resolve(StateStore.HOOK_STDERR))) {
      return new String(in.readNBytes(HookOutcome.STDERR_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Opens exec.fifo for reading, which lets the init's WAIT_FIFO go on, and reads its byte. */
  private void releaseFifo() {
    int fd;
    try {
      fd = LibC.open(fifo().toString(), Linux.O_RDONLY | Linux.O_NONBLOCK | Linux.O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new ContainerException("start " + id + ": open " + fifo() + ": " + LibC.ioException("open", e).getMessage());
    }
    try (Memory buf = new Memory(1); Memory pfd = new Memory(8)) {
      long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
      while (true) {
        if (readFifo(fd, buf) == 1) {
          return;
        }
        if (shim.exited()) {
          // The init may have written its byte, executed its program and exited since the read.
          if (readFifo(fd, buf) == 1) {
            return;
          }
          failedBeforeStart();
        }
        if (System.nanoTime() > deadline) {
          throw new ContainerException("start " + id + ": the init did not answer on " + fifo() + " within 30 s");
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new ContainerException("start " + id + ": interrupted");
        }
        // Wait for the byte: poll returns as soon as the init writes it. (Not a sleep: on JDK 17
        // Thread.sleep(0, 200_000) sleeps a whole millisecond, a quarter of a container's start.)
        // Until a writer has opened the fifo poll reports no hangup; once one has gone without
        // writing it reports POLLHUP at once, so then wait a little rather than spin until the
        // shim reports the init's end.
        int revents = pollFifo(fd, pfd);
        if (revents != 0 && (revents & LibC.POLLIN) == 0) {
          LockSupport.parkNanos(200_000);
        }
      }
    } finally {
      LibC.closeQuietly(fd);
    }
  }

  /** Polls exec.fifo for input, up to {@value #FIFO_POLL_MILLIS} ms: the revents, 0 on timeout. */
  private static int pollFifo(int fd, Memory pfd) {
    pfd.setInt(0, fd);
    pfd.setShort(4, LibC.POLLIN);
    pfd.setShort(6, (short) 0);
    try {
      return LibC.poll(pfd, 1, FIFO_POLL_MILLIS) > 0 ? pfd.getShort(6) : 0;
    } catch (LastErrorException e) {
      return 0; // EINTR: the loop reads and checks again
    }
  }

  /** Reads exec.fifo without blocking: 1 if the init's byte was there, 0 if not (yet). */
  private long readFifo(int fd, Memory buf) {
    try {
      return LibC.read(fd, buf, 1);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == 11 /* EAGAIN */) {
        return 0;
      }
      throw new ContainerException("start " + id + ": read " + fifo() + ": " + LibC.ioException("read", e).getMessage());
    }
  }

  /** Throws what ended an init that was waiting to be started: its failed step, or its status. */
  private void failedBeforeStart() {
    try {
      shim.awaitExec(); // throws the failed step, if the init reported one
    } catch (HelperException e) {
      throw new ContainerException(e.getMessage(), e);
    }
    throw new ContainerException("start " + id + ": the container's init exited before it was started ("
        + shim.exitStatusNow() + ")");
  }

  @Override
  public ContainerProcess exec(Spec.Process process) {
    return LinuxContainerRuntime.exec(this, process);
  }

  @Override
  public void kill(int signal) {
    String status = status();
    if (State.STOPPED.equals(status)) {
      throw new ContainerException("cannot kill container " + id + ": it is not running");
    }
    try {
      if (!shim.signal(signal)) {
        throw new ContainerException("cannot kill container " + id + ": it is not running");
      }
    } catch (IOException e) {
      throw new ContainerException("kill " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void killAll(int signal) {
    cgroupOps.killAll(signal);
  }

  @Override
  public void pause() {
    cgroupOps.pause();
  }

  @Override
  public void resume() {
    cgroupOps.resume();
  }

  @Override
  public ContainerStats stats() {
    return cgroupOps.stats();
  }

  @Override
  public void update(io.jrunc.spec.Linux.Resources resources) {
    synchronized (lock) {
      currentSpec = cgroupOps.update(currentSpec, resources);
    }
  }

  @Override
  public void delete() {
    synchronized (lock) {
      if (deleted) {
        return;
      }
      String st = status();
      if (State.RUNNING.equals(st) || State.PAUSED.equals(st)) {
        throw new ContainerException("cannot delete container " + id + " that is not stopped: " + st);
      }
      destroy();
    }
  }

  /**
   * Kills what runs, lets the shim clean up, and makes sure the state directory is gone; then
   * runs the poststop hooks (whose failures are warnings).
   */
  private void destroy() {
    deleted = true;
    if (cgroups != null && cgroups.frozen()) {
      try { // frozen (v1) processes die of SIGKILL only when thawed
        cgroups.signalAll(Linux.SIGKILL, LinuxContainer::signal);
        cgroups.thaw();
      } catch (CgroupException e) {
        LOG.warn("container {}: cannot thaw its cgroup: {}", id, e.getMessage());
      }
    }
    try {
      shim.destroy();
    } catch (IOException e) {
      throw new ContainerException("delete " + id + ": " + e.getMessage(), e);
    } finally {
      if (cgroups != null) {
        removeCgroups(id, cgroups);
      }
      if (Files.exists(stateDir, LinkOption.NOFOLLOW_LINKS)) {
        LOG.debug("container {}: removing what the shim left of {}", id, stateDir);
        try {
          ShimHandle.removeTree(stateDir);
        } catch (IOException e) {
          LOG.warn("container {}: cannot remove {}: {}", id, stateDir, e.toString());
        }
      }
      hooks.poststop(state(spec, id, bundle, State.STOPPED, null));
    }
  }

  /**
   * Removes the cgroups the runtime made for a container: what is left in them (processes
   * outside its pid namespace, if it has none) is killed first.
   */
  /** kill(2) of a process found in the container's cgroup; one that is gone is no error. */
  static void signal(long pid, int signal) throws IOException {
    try {
      LibC.kill((int) pid, signal);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != 3 /* ESRCH */) {
        throw LibC.ioException("kill", e);
      }
    }
  }

  static void removeCgroups(String id, Cgroups cgroups) {
    try {
      if (cgroups.createdDirs().isEmpty()) {
        return;
      }
      if (cgroups.pids().length > 0) {
        cgroups.signalAll(Linux.SIGKILL, LinuxContainer::signal);
      }
      cgroups.destroy();
    } catch (CgroupException e) {
      LOG.warn("container {}: {}", id, e.getMessage());
    }
  }

  @Override
  public String plan() {
    return plan == null ? "(the plan is known only to the JVM that created the container)" : plan.describe();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (deleted) {
        return;
      }
      destroy();
    }
  }

  @Override
  public String toString() {
    return "Container[" + id + ", " + status() + "]";
  }
}
