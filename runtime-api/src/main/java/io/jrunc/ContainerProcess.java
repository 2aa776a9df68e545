package io.jrunc;

import java.util.concurrent.CompletableFuture;

/**
 * A container's process, as a {@link Process}: its standard streams (when piped),
 * {@link #waitFor()}, {@link #exitValue()} (128 plus the signal number for a process killed by a
 * signal), {@link #destroy()} (SIGTERM), {@link #destroyForcibly()} (SIGKILL), {@link #pid()} (as
 * the host numbers it) and {@link #onExit()}.
 *
 * <p>{@code onExit()} and {@link #onExitStatus()} are completed by one event loop shared by all
 * containers, never by a thread per container.
 */
public abstract class ContainerProcess extends Process {

  /** For implementations. */
  protected ContainerProcess() {
  }

  /**
   * Returns the container this is the process of.
   *
   * @return the container
   */
  public abstract Container container();

  /**
   * Returns how the process ended.
   *
   * @return the exit status
   * @throws IllegalThreadStateException if it has not ended yet, as {@link #exitValue()}
   */
  public abstract ExitStatus exitStatus();

  /**
   * Returns a future completed with the exit status when the process ends.
   *
   * @return the future; completing it from outside has no effect on the process
   */
  public abstract CompletableFuture<ExitStatus> onExitStatus();

  /**
   * Returns the exit value: the code, or 128 plus the signal number.
   *
   * @return the exit value
   * @throws IllegalThreadStateException if the process has not ended yet
   */
  @Override
  public int exitValue() {
    return exitStatus().exitValue();
  }

  /** Sends SIGTERM. */
  @Override
  public void destroy() {
    container().kill(Signal.SIGTERM.number());
  }

  /**
   * Sends SIGKILL.
   *
   * @return this process
   */
  @Override
  public Process destroyForcibly() {
    container().kill(Signal.SIGKILL.number());
    return this;
  }

  /**
   * Returns true: {@link #destroy()} sends SIGTERM, a normal termination request.
   *
   * @return true
   */
  @Override
  public boolean supportsNormalTermination() {
    return true;
  }
}
