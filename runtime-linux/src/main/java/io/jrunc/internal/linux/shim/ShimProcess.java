package io.jrunc.internal.linux.shim;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A container as a {@link Process}: the init's pid and exit value, the container's stdio. */
final class ShimProcess extends Process {
  private final ShimHandle handle;

  ShimProcess(ShimHandle handle) {
    this.handle = handle;
  }

  @Override
  public OutputStream getOutputStream() {
    return handle.stdin();
  }

  @Override
  public InputStream getInputStream() {
    return handle.stdout();
  }

  @Override
  public InputStream getErrorStream() {
    return handle.stderr();
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return handle.onExit().get().exitValue();
    } catch (ExecutionException e) {
      throw new IllegalStateException(handle + ": exit status unknown", e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      handle.onExit().get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(handle + ": exit status unknown", e.getCause());
    }
  }

  @Override
  public int exitValue() {
    ExitStatus s = handle.exitStatusNow();
    if (s == null) {
      throw new IllegalThreadStateException(handle + " has not exited");
    }
    return s.exitValue();
  }

  @Override
  public void destroy() {
    signal(Linux.SIGTERM);
  }

  @Override
  public Process destroyForcibly() {
    signal(Linux.SIGKILL);
    return this;
  }

  private void signal(int sig) {
    try {
      handle.signal(sig);
    } catch (IOException e) {
      // as Process.destroy: nothing to report
    }
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public boolean isAlive() {
    return !handle.exited();
  }

  @Override
  public long pid() {
    return handle.initPid();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return handle.onExit().handle((s, t) -> this);
  }

  @Override
  public String toString() {
    return handle.toString();
  }
}
