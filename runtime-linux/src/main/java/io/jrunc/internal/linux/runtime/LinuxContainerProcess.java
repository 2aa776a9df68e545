package io.jrunc.internal.linux.runtime;

import io.jrunc.Container;
import io.jrunc.ContainerProcess;
import io.jrunc.ExitStatus;
import io.jrunc.internal.linux.shim.ShimHandle;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The init process of a {@link LinuxContainer}, through its shim's handle. */
final class LinuxContainerProcess extends ContainerProcess {
  private final LinuxContainer container;
  private final ShimHandle shim;
  private final CompletableFuture<ExitStatus> exit;

  LinuxContainerProcess(LinuxContainer container, ShimHandle shim) {
    this.container = container;
    this.shim = shim;
    this.exit = shim.onExit().thenApply(s -> toPublic(s, container.oomKilled()));
  }

  /** The public status; {@code oomKilled}: the container's cgroup counted an OOM kill. */
  static ExitStatus toPublic(io.jrunc.internal.linux.ExitStatus s, boolean oomKilled) {
    boolean oom = s.oomKilled() || oomKilled;
    return s.signaled()
        ? new ExitStatus(-1, s.signal(), oom)
        : new ExitStatus(s.exitCode(), 0, oom);
  }

  @Override
  public Container container() {
    return container;
  }

  @Override
  public OutputStream getOutputStream() {
    return shim.stdin();
  }

  @Override
  public InputStream getInputStream() {
    return shim.stdout();
  }

  @Override
  public InputStream getErrorStream() {
    return shim.stderr();
  }

  @Override
  public int waitFor() throws InterruptedException {
    return await().exitValue();
  }

  private ExitStatus await() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("container " + container.id() + ": exit status unknown: "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  @Override
  public ExitStatus exitStatus() {
    ExitStatus s = exit.getNow(null);
    if (s == null) {
      if (exit.isCompletedExceptionally()) {
        throw new IllegalStateException("container " + container.id() + ": exit status unknown");
      }
      throw new IllegalThreadStateException("container " + container.id() + " has not exited");
    }
    return s;
  }

  @Override
  public CompletableFuture<ExitStatus> onExitStatus() {
    return exit.copy();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.handle((s, e) -> (Process) this);
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public long pid() {
    return shim.initPid();
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid()).orElseThrow(
        () -> new IllegalStateException("container " + container.id() + ": process " + pid() + " is gone"));
  }

  @Override
  public String toString() {
    return "ContainerProcess[" + container.id() + ", pid " + shim.initPid() + "]";
  }
}
