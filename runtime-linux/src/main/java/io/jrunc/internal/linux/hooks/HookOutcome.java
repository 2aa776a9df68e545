package io.jrunc.internal.linux.hooks;

import io.jrunc.internal.linux.ExitStatus;

/**
 * How one run of a hook ended: its exit status, or that it ran out of time (and was killed); and
 * what it wrote to stderr (at most the first {@value #STDERR_LIMIT} bytes).
 *
 * @param status the exit status; null if it timed out
 * @param timedOut whether it was killed because its timeout passed
 * @param stderr its standard error output, as text
 */
public record HookOutcome(ExitStatus status, boolean timedOut, String stderr) {
  /** How much of a hook's stderr is kept. */
  public static final int STDERR_LIMIT = 64 * 1024;

  public HookOutcome {
    if ((status == null) != timedOut) {
      throw new IllegalArgumentException("a hook either exits or times out");
    }
    stderr = stderr == null ? "" : stderr;
  }

  public static HookOutcome exited(ExitStatus status, String stderr) {
    return new HookOutcome(status, false, stderr);
  }

  public static HookOutcome timedOut(String stderr) {
    return new HookOutcome(null, true, stderr);
  }

  /** It exited with status 0. */
  public boolean succeeded() {
    return !timedOut && !status.signaled() && status.exitCode() == 0;
  }

  /** The first line of stderr that is not blank, stripped; empty if none. */
  public String firstStderrLine() {
    return firstLine(stderr);
  }

  static String firstLine(String text) {
    for (String line : text.split("\n", -1)) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }
}
