package io.jrunc.internal.linux.helper;

import io.jrunc.internal.linux.spawn.SpawnedProcess;
import java.util.concurrent.TimeUnit;

/**
 * A started helper. With a CLONE in its plan the helper is the parent of the container's init:
 * it exits with the init's status (128 + signal if killed), so {@link #process()} stands for the
 * container. {@link #childPid()} is the init's pid as this JVM sees it.
 */
public final class HelperProcess {
  private final SpawnedProcess process;
  private final long childPid;
  private final StatusChannel status;

  HelperProcess(SpawnedProcess process, long childPid, StatusChannel status) {
    this.process = process;
    this.childPid = childPid;
    this.status = status;
  }

  /** The helper process: its stdio is the container's, its exit status the container's. */
  public SpawnedProcess process() {
    return process;
  }

  public long helperPid() {
    return process.pid();
  }

  /** The pid of the process the plan cloned, or -1 if the plan has no CLONE. */
  public long childPid() {
    return childPid;
  }

  /** True while the plan is blocked at a WAIT_FIFO step (the container is created, not started). */
  public boolean waitingAtFifo() {
    return status != null;
  }

  /**
   * After a launch that stopped at a WAIT_FIFO: waits until the plan has executed its program
   * (or failed). Returns at once otherwise.
   */
  public HelperProcess awaitExec() throws HelperException {
    if (status != null) {
      status.awaitEnd(process);
    }
    return new HelperProcess(process, childPid, null);
  }

  /** Waits for the helper (the container) to exit; returns its exit status. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }
}
