package io.jrunc;

/**
 * How a container's process ended: with an exit code, or killed by a signal.
 *
 * <p>{@link #exitValue()} follows the shells' convention, as {@link Process#exitValue()} of a
 * container does: the code itself, or 128 plus the signal number.
 *
 * @param code the exit code (0 to 255) when the process exited, else -1
 * @param signal the number of the signal that killed it, else 0
 * @param oomKilled whether the kernel's OOM killer ended it (known where cgroups say so)
 */
public record ExitStatus(int code, int signal, boolean oomKilled) {

  /**
   * Checks that exactly one of code and signal is set.
   *
   * @param code the exit code, or -1
   * @param signal the signal, or 0
   * @param oomKilled whether the OOM killer ended the process
   */
  public ExitStatus {
    if ((code < 0) == (signal <= 0) || code > 255 || signal > 64) {
      throw new IllegalArgumentException("exit status needs a code (0-255) or a signal (1-64), not both: code "
          + code + ", signal " + signal);
    }
  }

  /**
   * A normal exit.
   *
   * @param code the exit code, 0 to 255
   * @return the status
   */
  public static ExitStatus exited(int code) {
    return new ExitStatus(code, 0, false);
  }

  /**
   * A death by signal.
   *
   * @param signal the signal number
   * @return the status
   */
  public static ExitStatus killed(int signal) {
    return new ExitStatus(-1, signal, false);
  }

  /**
   * Returns whether the process was killed by a signal.
   *
   * @return true when {@link #signal()} is set
   */
  public boolean signaled() {
    return signal > 0;
  }

  /**
   * Returns the exit value as a shell reports it: the code, or 128 plus the signal number.
   *
   * @return the exit value
   */
  public int exitValue() {
    return signaled() ? 128 + signal : code;
  }

  @Override
  public String toString() {
    String s = signaled() ? "killed by signal " + signal + " (" + Signal.name(signal) + ")" : "exited with " + code;
    return oomKilled ? s + ", OOM killed" : s;
  }
}
