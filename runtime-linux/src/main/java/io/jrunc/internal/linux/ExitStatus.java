package io.jrunc.internal.linux;

/**
 * How a process ended: it exited with a code, or a signal killed it. {@link #exitValue()} is what
 * shells report: the code, or 128 + the signal. {@code oomKilled} is not known from a wait
 * status (always false here): the runtime sets the public one from the container's cgroup.
 */
public record ExitStatus(int exitCode, int signal, boolean coreDumped, boolean oomKilled) {
  public ExitStatus {
    if ((exitCode < 0 || exitCode > 255) || signal < 0 || signal > 127 || (signal != 0 && exitCode != 0)
        || (coreDumped && signal == 0)) {
      throw new IllegalArgumentException("not an exit status: code " + exitCode + ", signal " + signal);
    }
  }

  public static ExitStatus exited(int code) {
    return new ExitStatus(code, 0, false, false);
  }

  public static ExitStatus killed(int signal, boolean coreDumped) {
    if (signal <= 0) {
      throw new IllegalArgumentException("not a signal: " + signal);
    }
    return new ExitStatus(0, signal, coreDumped, false);
  }

  /**
   * Decodes a wait status as waitpid(2) returns it (WIFEXITED / WIFSIGNALED); throws
   * IllegalArgumentException for a stopped or continued status, which is no exit.
   */
  public static ExitStatus fromWaitStatus(int status) {
    int sig = status & 0x7f;
    if (sig == 0) {
      return exited((status >> 8) & 0xff);
    }
    if (sig != 0x7f && (status & 0xffff0000) == 0 && status != 0xffff) {
      return killed(sig, (status & 0x80) != 0);
    }
    throw new IllegalArgumentException("not an exit: wait status 0x" + Integer.toHexString(status));
  }

  /**
   * A wait status in words, for messages: {@code exited with status 3}, {@code killed by signal 9
   * (SIGKILL)}, or the raw value if it is no exit.
   */
  public static String describe(int waitStatus) {
    ExitStatus s;
    try {
      s = fromWaitStatus(waitStatus);
    } catch (IllegalArgumentException e) {
      return "ended with wait status 0x" + Integer.toHexString(waitStatus);
    }
    return s.signaled()
        ? "killed by signal " + s.signal + " (" + io.jrunc.Signal.name(s.signal) + ")"
            + (s.coreDumped ? " (core dumped)" : "")
        : "exited with status " + s.exitCode;
  }

  /** Decodes si_code and si_status of a siginfo_t from waitid(2) (CLD_EXITED, CLD_KILLED, CLD_DUMPED). */
  public static ExitStatus fromSiginfo(int code, int status) {
    switch (code) {
      case LibC.CLD_EXITED: return exited(status & 0xff);
      case LibC.CLD_KILLED: return killed(status, false);
      case LibC.CLD_DUMPED: return killed(status, true);
      default: throw new IllegalArgumentException("not an exit: si_code " + code);
    }
  }

  /** The wait status this stands for (for the exit file's format). */
  public int waitStatus() {
    return signal != 0 ? signal | (coreDumped ? 0x80 : 0) : exitCode << 8;
  }

  public boolean signaled() {
    return signal != 0;
  }

  /** The exit code, or 128 + the signal that killed the process. */
  public int exitValue() {
    return signal != 0 ? 128 + signal : exitCode;
  }

  public ExitStatus withOomKilled(boolean oom) {
    return new ExitStatus(exitCode, signal, coreDumped, oom);
  }

  @Override
  public String toString() {
    String s = signal != 0 ? "killed by signal " + signal + (coreDumped ? " (core dumped)" : "")
        : "exited with code " + exitCode;
    return oomKilled ? s + " (out of memory)" : s;
  }
}
