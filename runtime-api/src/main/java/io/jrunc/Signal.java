package io.jrunc;

import java.util.Locale;

/**
 * The Linux signals a container's process can be sent, with their x86_64/aarch64 numbers.
 * {@link #parse(String)} reads the forms {@code kill} accepts: {@code TERM}, {@code SIGTERM},
 * {@code 15}.
 */
public enum Signal {
  /** Hangup. */ SIGHUP(1),
  /** Interrupt. */ SIGINT(2),
  /** Quit. */ SIGQUIT(3),
  /** Illegal instruction. */ SIGILL(4),
  /** Trace trap. */ SIGTRAP(5),
  /** Abort. */ SIGABRT(6),
  /** Bus error. */ SIGBUS(7),
  /** Floating-point exception. */ SIGFPE(8),
  /** Kill, cannot be caught. */ SIGKILL(9),
  /** User-defined 1. */ SIGUSR1(10),
  /** Segmentation fault. */ SIGSEGV(11),
  /** User-defined 2. */ SIGUSR2(12),
  /** Broken pipe. */ SIGPIPE(13),
  /** Alarm clock. */ SIGALRM(14),
  /** Termination. */ SIGTERM(15),
  /** Stack fault. */ SIGSTKFLT(16),
  /** Child stopped or exited. */ SIGCHLD(17),
  /** Continue. */ SIGCONT(18),
  /** Stop, cannot be caught. */ SIGSTOP(19),
  /** Terminal stop. */ SIGTSTP(20),
  /** Background read from the terminal. */ SIGTTIN(21),
  /** Background write to the terminal. */ SIGTTOU(22),
  /** Urgent socket data. */ SIGURG(23),
  /** CPU time limit exceeded. */ SIGXCPU(24),
  /** File size limit exceeded. */ SIGXFSZ(25),
  /** Virtual alarm clock. */ SIGVTALRM(26),
  /** Profiling alarm clock. */ SIGPROF(27),
  /** Window size change. */ SIGWINCH(28),
  /** I/O possible. */ SIGIO(29),
  /** Power failure. */ SIGPWR(30),
  /** Bad system call. */ SIGSYS(31);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /**
   * Returns the signal's number.
   *
   * @return the number, 1 to 31
   */
  public int number() {
    return number;
  }

  /**
   * Reads a signal as {@code kill} does: a name with or without {@code SIG} (any case), or a
   * number from 1 to 64 (real-time signals are numbers only).
   *
   * @param text the signal
   * @return its number
   * @throws IllegalArgumentException naming the text when it is no signal
   */
  public static int parse(String text) {
    String t = text.strip();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      int n = t.length() > 3 ? -1 : Integer.parseInt(t);
      if (n >= 1 && n <= 64) {
        return n;
      }
    } else {
      String u = t.toUpperCase(Locale.ROOT);
      String name = u.startsWith("SIG") ? u : "SIG" + u;
      for (Signal s : values()) {
        if (s.name().equals(name)) {
          return s.number;
        }
      }
    }
    throw new IllegalArgumentException("unknown signal \"" + text + "\"");
  }

  /**
   * Returns a signal's name.
   *
   * @param number the signal number
   * @return its name, like {@code SIGTERM}, or {@code SIG<n>} for one without a name here
   */
  public static String name(int number) {
    for (Signal s : values()) {
      if (s.number == number) {
        return s.name();
      }
    }
    return "SIG" + number;
  }
}
