package io.jrunc.internal.linux.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What a terminal has shown so far: a daemon thread reads its output into a buffer, and tests
 * wait for text to appear (or for the end) instead of sleeping.
 */
public final class Screen {
  private final StringBuilder text = new StringBuilder();
  private boolean ended;
  private IOException failure;

  private Screen(InputStream in) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (this) {
            text.append(new String(buf, 0, n, StandardCharsets.UTF_8)); // (ASCII in these tests)
            notifyAll();
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          failure = e;
        }
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }, "screen");
    t.setDaemon(true);
    t.start();
  }

  public static Screen of(InputStream terminalOutput) {
    return new Screen(terminalOutput);
  }

  /** Waits until {@code s} has been shown after {@code from}; returns where it ends. */
  public synchronized int await(String s, int from, long timeout, TimeUnit unit) throws Exception {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    int at;
    while ((at = text.indexOf(s, from)) < 0) {
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        throw new AssertionError("the terminal did not show " + quote(s) + (ended ? " before its end" : " in time")
            + (failure != null ? " (" + failure + ")" : "") + "; it showed " + quote(text.toString()));
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return at + s.length();
  }

  /** Waits for the end of the output; returns all of it. */
  public synchronized String awaitEnd(long timeout, TimeUnit unit) throws Exception {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the terminal's output did not end; it showed " + quote(text.toString()));
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return text.toString();
  }

  public synchronized String text() {
    return text.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
