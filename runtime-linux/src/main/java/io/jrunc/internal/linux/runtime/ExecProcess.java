package io.jrunc.internal.linux.runtime;

import io.jrunc.Container;
import io.jrunc.ContainerProcess;
import io.jrunc.ExitStatus;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process exec'd into a container ({@link Container#exec}): the helper that cloned it waits for
 * it and exits with its status (128 plus the signal number if it was killed), so the helper's
 * streams and exit are the process's; signals go to the process itself.
 */
final class ExecProcess extends ContainerProcess {
  private final Container container;
  private final SpawnedProcess helper;
  private final long pid;
  private final CompletableFuture<ExitStatus> exit;

  ExecProcess(Container container, HelperProcess started) {
    this.container = container;
    this.helper = started.process();
    this.pid = started.childPid();
    this.exit = helper.exitStatus().thenApply(s -> {
      // The helper's own status stands for the process's: its exit code, or 128 + the signal.
      int code = s.signaled() ? 128 + s.signal() : s.exitCode();
      return code > 128 && code < 128 + 65 ? ExitStatus.killed(code - 128) : ExitStatus.exited(code);
    });
  }

  @Override
  public Container container() {
    return container;
  }

  @Override
  public ExitStatus exitStatus() {
    ExitStatus s = exit.getNow(null);
    if (s == null) {
      throw new IllegalThreadStateException("process " + pid + " in " + container.id() + " has not exited");
    }
    return s;
  }

  @Override
  public CompletableFuture<ExitStatus> onExitStatus() {
    return exit.copy();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.handle((s, t) -> this);
  }

  @Override
  public void destroy() {
    signal(15);
  }

  @Override
  public Process destroyForcibly() {
    signal(9);
    return this;
  }

  private void signal(int sig) {
    try {
      if (isAlive()) {
        io.jrunc.internal.linux.PidFd fd = io.jrunc.internal.linux.PidFd.openIfAlive(pid);
        if (fd != null) {
          try {
            // still the helper's child (the helper reaps it only when it exits)
            if (io.jrunc.internal.linux.PidFd.parentPid(pid) == helper.pid()) {
              fd.signal(sig);
            }
          } finally {
            fd.close();
          }
        }
      }
    } catch (IOException e) {
      throw new io.jrunc.ContainerException("signal " + sig + " to " + pid + ": " + e.getMessage(), e);
    }
  }

  @Override
  public OutputStream getOutputStream() {
    return helper.getOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return helper.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return helper.getErrorStream();
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get().exitValue();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("process " + pid + " in " + container.id()
          + ": exit status unknown: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public String toString() {
    return "ContainerProcess[" + container.id() + ", exec pid " + pid + "]";
  }
}
