package io.jrunc.internal.linux.spawn;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.event.ExitWatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link Spawner}: a {@link Process} whose exit the {@link ExitWatcher}
 * collects through a pidfd, and whose signals go through that pidfd (never to a recycled pid).
 * Streams that were not piped are empty (input) or closed (output), as with ProcessBuilder.
 */
public final class SpawnedProcess extends Process {
  private final long pid;
  private final PidFd pidfd;
  private final CompletableFuture<ExitStatus> exit;
  private final ExitWatcher watcher;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;

  SpawnedProcess(long pid, PidFd pidfd, CompletableFuture<ExitStatus> exit, ExitWatcher watcher,
      OutputStream stdin, InputStream stdout, InputStream stderr) {
    this.pid = pid;
    this.pidfd = pidfd;
    this.exit = exit;
    this.watcher = watcher;
    this.stdin = stdin != null ? stdin : OutputStream.nullOutputStream();
    if (stdin == null) {
      try {
        this.stdin.close(); // writing to a stream that is not piped fails, as with ProcessBuilder
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    this.stdout = stdout != null ? stdout : InputStream.nullInputStream();
    this.stderr = stderr != null ? stderr : InputStream.nullInputStream();
  }

  /** Completes (on the event loop's thread) when the process has exited and been reaped. */
  public CompletableFuture<ExitStatus> exitStatus() {
    return exit;
  }

  /** The exit status, once it has exited; null before. */
  public ExitStatus exitStatusNow() {
    return exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : null;
  }

  /** Sends a signal through the pidfd; false if the process is gone. */
  public boolean signal(int signal) throws IOException {
    return pidfd.signal(signal);
  }

  @Override
  public OutputStream getOutputStream() {
    return stdin;
  }

  @Override
  public InputStream getInputStream() {
    return stdout;
  }

  @Override
  public InputStream getErrorStream() {
    return stderr;
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get().exitValue();
    } catch (ExecutionException e) {
      throw new IllegalStateException("process " + pid + " could not be reaped", e.getCause());
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
      throw new IllegalStateException("process " + pid + " could not be reaped", e.getCause());
    }
  }

  @Override
  public int exitValue() {
    ExitStatus s = exitStatusNow();
    if (s == null) {
      if (exit.isCompletedExceptionally()) {
        throw new IllegalStateException("process " + pid + " could not be reaped");
      }
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return s.exitValue();
  }

  @Override
  public void destroy() {
    signalQuietly(Linux.SIGTERM);
  }

  @Override
  public Process destroyForcibly() {
    signalQuietly(Linux.SIGKILL);
    return this;
  }

  private void signalQuietly(int sig) {
    try {
      pidfd.signal(sig);
    } catch (IOException e) {
      // gone or not ours to signal: as Process.destroy, nothing to report
    }
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
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
  public CompletableFuture<Process> onExit() {
    return exit.handleAsync((s, t) -> this, watcher.callbacks());
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has exited"));
  }

  @Override
  public String toString() {
    ExitStatus s = exitStatusNow();
    return "SpawnedProcess[pid=" + pid + (s == null ? ", alive]" : ", " + s + "]");
  }
}
