package io.jrunc.internal.linux.spawn;

import java.lang.ref.Cleaner;

final class Streams {
  private Streams() {}

  /** Closes the fds of streams that became unreachable without being closed. */
  static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "jrunc-fd-cleaner");
    t.setDaemon(true);
    return t;
  });
}
