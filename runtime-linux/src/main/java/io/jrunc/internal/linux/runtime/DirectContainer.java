package io.jrunc.internal.linux.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.ContainerProcess;
import io.jrunc.ContainerStats;
import io.jrunc.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.cgroup.CgroupException;
import io.jrunc.internal.linux.cgroup.Cgroups;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.hooks.LifecycleHooks;
import io.jrunc.internal.linux.shim.ShimHandle;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container created without a shim of ours ({@code jrunc create} driven by containerd-shim,
 * conmon or dockerd, as runc): its init was left an orphan, reparented to the caller's subreaper,
 * which reaps it and reads its exit status itself. What this runtime knows of it is its state
 * directory: {@link InitRecord} (pid and start time) and {@code exec.fifo} while created.
 *
 * <p>Status as runc tells it: {@code stopped} once the init is gone, a zombie, or another
 * process holds its pid; else {@code created} while exec.fifo exists, {@code running} after.
 */
final class DirectContainer implements Container {
  private static final Logger LOG = LoggerFactory.getLogger(DirectContainer.class);
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long KILL_WAIT_MILLIS = 10_000;

  private final String id;
  private final Spec spec;
  private final Path bundle;
  private final Path stateDir;
  private final InitRecord init;
  private final LifecycleHooks hooks;
  private final String plan;
  private final Cgroups cgroups; // null: none
  private final Process process = new Process();
  private final Object lock = new Object();
  private final CgroupOperations cgroupOps;
  private volatile Spec currentSpec;

  DirectContainer(String id, Spec spec, Path bundle, Path stateDir, InitRecord init,
      LifecycleHooks hooks, String plan, Cgroups cgroups) {
    this.id = id;
    this.spec = spec;
    this.currentSpec = spec;
    this.cgroups = cgroups;
    this.bundle = bundle;
    this.stateDir = stateDir;
    this.cgroupOps = new CgroupOperations(id, cgroups, lock, this::status, stateDir);
    this.init = init;
    this.hooks = hooks;
    this.plan = plan;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Spec spec() {
    return currentSpec;
  }

  Cgroups cgroups() {
    return cgroups;
  }

  Path bundle() {
    return bundle;
  }

  Path stateDir() {
    return stateDir;
  }

  long initPid() {
    return init.pid();
  }

  private Path fifo() {
    return stateDir.resolve(StateStore.FIFO);
  }

  /** The OCI status now. */
  String status() {
    try {
      if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS) || !init.alive()) {
        return State.STOPPED;
      }
    } catch (IOException e) {
      throw new ContainerException("container " + id + ": " + e.getMessage(), e);
    }
    return LinuxContainer.liveStatus(fifo(), cgroups);
  }

  @Override
  public State state() {
    String status = status();
    return LinuxContainer.state(spec, id, bundle, status, State.STOPPED.equals(status) ? 0 : (int) init.pid());
  }

  @Override
  public ContainerProcess process() {
    return process;
  }

  /**
   * Releases the init blocked on exec.fifo (reads its byte), removes the fifo, then runs the
   * poststart hooks (whose failures are warnings).
   */
  @Override
  public Container start() {
    String status = status();
    if (!State.CREATED.equals(status)) {
      throw new ContainerException("cannot start container " + id + ": it is " + status + ", not created");
    }
    releaseFifo();
    try {
      Files.deleteIfExists(fifo());
    } catch (IOException e) {
      throw new ContainerException("start " + id + ": " + e.getMessage(), e);
    }
    hooks.poststart(LinuxContainer.state(spec, id, bundle, State.RUNNING, (int) init.pid()));
    return this;
  }

  private void releaseFifo() {
    int fd;
    try {
      fd = LibC.open(fifo().toString(), Linux.O_RDONLY | Linux.O_NONBLOCK | Linux.O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new ContainerException("start " + id + ": open " + fifo() + ": "
          + LibC.ioException("open", e).getMessage());
    }
    try (Memory buf = new Memory(1); Memory pfd = new Memory(8)) {
      long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
      while (true) {
        if (read(fd, buf) == 1) {
          return;
        }
        if (!init.alive()) {
          if (read(fd, buf) == 1) {
            return;
          }
          throw new ContainerException("cannot start container " + id
              + ": its init exited before it was started");
        }
        if (System.nanoTime() > deadline) {
          throw new ContainerException("start " + id + ": the init did not answer on " + fifo() + " within 30 s");
        }
        pfd.setInt(0, fd);
        pfd.setShort(4, LibC.POLLIN);
        pfd.setShort(6, (short) 0);
        int revents;
        try {
          revents = LibC.poll(pfd, 1, 5) > 0 ? pfd.getShort(6) : 0;
        } catch (LastErrorException e) {
          revents = 0;
        }
        if (revents != 0 && (revents & LibC.POLLIN) == 0) {
          LockSupport.parkNanos(200_000); // a writer came and went: see LinuxContainer
        }
      }
    } catch (IOException e) {
      throw new ContainerException("start " + id + ": " + e.getMessage(), e);
    } finally {
      LibC.closeQuietly(fd);
    }
  }

  private long read(int fd, Memory buf) {
    try {
      return LibC.read(fd, buf, 1);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == 11 /* EAGAIN */) {
        return 0;
      }
      throw new ContainerException("start " + id + ": read " + fifo() + ": "
          + LibC.ioException("read", e).getMessage());
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
  public ContainerProcess exec(Spec.Process process) {
    return LinuxContainerRuntime.exec(this, process);
  }

  @Override
  public void kill(int signal) {
    try (PidFd fd = init.open()) {
      if (fd == null || !init.alive() || !fd.signal(signal)) {
        throw new ContainerException("cannot kill container " + id + ": it is not running");
      }
    } catch (IOException e) {
      throw new ContainerException("kill " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a stopped container (its state directory; then the poststop hooks). A created one is
   * killed first, as runc does; a running one is refused.
   */
  @Override
  public void delete() {
    String status = status();
    if (State.RUNNING.equals(status) || State.PAUSED.equals(status)) {
      throw new ContainerException("cannot delete container " + id + " that is not stopped: " + status);
    }
    destroy();
  }

  /** delete --force: kills the init if it runs, waits until it has exited, then deletes. */
  @Override
  public void close() {
    destroy();
  }

  private void destroy() {
    if (cgroups != null && cgroups.frozen()) {
      try { // frozen (v1) processes die of SIGKILL only when thawed
        cgroups.signalAll(Linux.SIGKILL, LinuxContainer::signal);
        cgroups.thaw();
      } catch (CgroupException e) {
        LOG.warn("container {}: cannot thaw its cgroup: {}", id, e.getMessage());
      }
    }
    try {
      killAndWait();
    } finally {
      if (cgroups != null) {
        LinuxContainer.removeCgroups(id, cgroups);
      }
      boolean existed = Files.exists(stateDir, LinkOption.NOFOLLOW_LINKS);
      try {
        ShimHandle.removeTree(stateDir);
      } catch (IOException e) {
        throw new ContainerException("delete " + id + ": cannot remove " + stateDir + ": " + e.getMessage(), e);
      }
      if (existed) {
        hooks.poststop(LinuxContainer.state(spec, id, bundle, State.STOPPED, null));
      }
    }
  }

  private void killAndWait() {
    try (PidFd fd = init.open()) {
      if (fd == null || !init.alive()) {
        return;
      }
      fd.signal(Linux.SIGKILL);
      CompletableFuture<Void> gone = ExitWatcher.get().whenExited(fd);
      try {
        gone.get(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("container {}: init {} still there {} ms after SIGKILL", id, init.pid(), KILL_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // gone or not watchable: the state dir goes either way
      }
    } catch (IOException e) {
      throw new ContainerException("delete " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String plan() {
    return plan != null ? plan : "(the plan is known only to the process that created the container)";
  }

  @Override
  public String toString() {
    return "Container[" + id + ", " + status() + ", no shim]";
  }

  /**
   * The init as a process: its pid and signals. Its exit status is its parent's to read (the
   * engine's subreaper), so it is unknown here; {@link #onExit()} completes when it exits.
   */
  private final class Process extends ContainerProcess {
    private CompletableFuture<Void> gone;

    @Override
    public Container container() {
      return DirectContainer.this;
    }

    private synchronized CompletableFuture<Void> gone() {
      if (gone == null) {
        try {
          PidFd fd = init.open();
          gone = fd == null ? CompletableFuture.completedFuture(null) : ExitWatcher.get().whenExited(fd);
          if (fd != null) {
            gone.whenComplete((v, t) -> fd.close());
          }
        } catch (IOException e) {
          gone = CompletableFuture.failedFuture(e);
        }
      }
      return gone;
    }

    private IllegalStateException unknown() {
      return new IllegalStateException("container " + id + ": the exit status of its init (pid "
          + init.pid() + ") is its parent's to read: it was created without a shim (jrunc create)");
    }

    @Override
    public ExitStatus exitStatus() {
      if (isAlive()) {
        throw new IllegalThreadStateException("container " + id + " has not exited");
      }
      throw unknown();
    }

    @Override
    public CompletableFuture<ExitStatus> onExitStatus() {
      return gone().thenApply(v -> {
        throw unknown();
      });
    }

    @Override
    public CompletableFuture<java.lang.Process> onExit() {
      return gone().handle((v, t) -> this);
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
      try {
        gone().get();
      } catch (ExecutionException e) {
        // not watchable: treat as gone
      }
      throw unknown();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        gone().get(timeout, unit);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        return true;
      }
    }

    @Override
    public boolean isAlive() {
      try {
        return init.alive();
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public long pid() {
      return init.pid();
    }

    @Override
    public String toString() {
      return "ContainerProcess[" + id + ", pid " + init.pid() + ", no shim]";
    }
  }
}
