package io.jrunc.internal.linux.helper;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import java.util.concurrent.TimeUnit;

/** The read end of the status channel: fixed records from the helper, then end of file. */
final class StatusChannel implements AutoCloseable {
  static final int RECORD_SIZE = 12;
  static final int READY = 1;
  static final int PID = 2;
  static final int ERROR = 3;
  static final int WAITING = 4;
  static final int SYNC = 60;
  static final int EOF = 0;

  private final Plan plan;
  private final Memory buf = new Memory(RECORD_SIZE);
  private int fd;
  int kind;
  int step;
  int value;
  private int errorStep;
  private int errorValue;

  StatusChannel(Plan plan, int fd) {
    this.plan = plan;
    this.fd = fd;
  }

  /** True once a record (or end of file) can be read without blocking, false after the timeout. */
  boolean poll(int timeoutMillis) throws HelperException {
    Memory pfd = new Memory(8);
    pfd.setInt(0, fd);
    pfd.setShort(4, LibC.POLLIN);
    pfd.setShort(6, (short) 0);
    try {
      return LibC.poll(pfd, 1, timeoutMillis) > 0;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EINTR) {
        return false;
      }
      throw new HelperException("poll on the helper's status channel: " + Errno.message(e.getErrorCode()), e);
    }
  }

  /** Reads one record into kind/step/value; kind is EOF at end of file. */
  int next() throws HelperException {
    int got = 0;
    while (got < RECORD_SIZE) {
      long n;
      try {
        n = LibC.read(fd, buf.share(got), RECORD_SIZE - got);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EINTR) {
          continue;
        }
        throw new HelperException("reading the helper's status: " + Errno.message(e.getErrorCode()), e);
      }
      if (n == 0) {
        if (got != 0) {
          throw new HelperException("the helper's status channel ended inside a record");
        }
        return kind = EOF;
      }
      got += (int) n;
    }
    kind = buf.getInt(0);
    step = buf.getInt(4);
    value = buf.getInt(8);
    return kind;
  }

  /** Reads to the end: returns normally if the plan ran to its end (its EXEC succeeded). */
  void awaitEnd(Process process) throws HelperException {
    try {
      boolean failed = false;
      while (next() != EOF) {
        if (kind == ERROR && !failed) {
          failed = true;
          errorStep = step;
          errorValue = value;
        }
      }
      if (failed) {
        // A shim stays until it is let go: its exit status would come only after a wait in vain.
        throw plan.steps().stream().anyMatch(s -> s.op() == PlanOp.SHIM)
            ? new PlanStepException(plan, errorStep, errorValue, -1) : failure(process);
      }
    } finally {
      close();
    }
  }

  /** Remembers the current record as the failure (the first one counts). */
  void noteError() {
    errorStep = step;
    errorValue = value;
  }

  /** The noted failure, after reaping the helper (it exits right after reporting one). */
  PlanStepException failure(Process process) {
    int exit = reap(process) ? process.exitValue() : -1;
    return new PlanStepException(plan, errorStep, errorValue, exit);
  }

  /** Waits a little for the helper to exit; true if it did. */
  static boolean reap(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    LibC.closeQuietly(fd);
    fd = -1;
  }
}
