package io.jrunc.internal.linux.event;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.PidFd;
import java.io.IOException;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's one event loop: a single daemon thread in {@code epoll_wait} that serves every
 * process and container of this JVM. It reaps children through their pidfds (no thread per
 * process, unlike {@link Process}), notices the exit of processes that are not its children,
 * follows readable fds (a shim's exit records), and runs small timers.
 *
 * <p>Everything registered here runs on the loop thread and must not block. The futures this
 * class returns complete on the loop thread too; code that hands a future to users should hop off
 * it with {@link #callbacks()}, so that a user's blocking callback cannot stall the loop.
 *
 * <p>Fd ownership: a pidfd or fd given to a watch belongs to the loop until the watch ends; the
 * loop closes it then (pidfds under their lock, see {@link PidFd}). All epoll_ctl DEL and close
 * calls happen on the loop thread, so that no fd number can be reused under a pending event;
 * other threads ask for them through a queue and an eventfd that wakes the loop.
 */
public final class ExitWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
  private static final int MAX_EVENTS = 64;
  private static final long WAKE_TOKEN = 0;
  public static final String THREAD_NAME = "jrunc-exit-watcher";

  private static ExitWatcher instance;

  private final int epfd;
  private final int wakeFd;
  private final Thread thread;
  private final AtomicLong tokens = new AtomicLong(1);
  private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>(); // loop thread only
  private final Memory wakeValue = new Memory(8);
  private final ThreadPoolExecutor callbacks;
  private volatile boolean stopping;

  /** What a readable fd's handler is told; returns false to end the watch. */
  @FunctionalInterface
  public interface ReadyHandler {
    boolean onReady(int fd, int events) throws Exception;
  }

  /** A registered watch; {@link #cancel()} ends it (and closes its fd) on the loop thread. */
  public interface Registration {
    void cancel();
  }

  private abstract static class Watch {
    long token;

    abstract int fd();

    /** Handles readiness; returns false when the watch is over. */
    abstract boolean ready(int events) throws Exception;

    /** The watch ended (cause null), was cancelled, or failed (cause): release the fd. */
    abstract void ended(Throwable cause);
  }

  private ExitWatcher() throws IOException {
    try {
      epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
      wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
      ctl(LibC.EPOLL_CTL_ADD, wakeFd, WAKE_TOKEN);
    } catch (LastErrorException e) {
      throw LibC.ioException("epoll_create1/eventfd", e);
    }
    wakeValue.setLong(0, 1);
    callbacks = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "jrunc-exit-callbacks");
      t.setDaemon(true);
      return t;
    });
    thread = new Thread(this::loop, THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(this::stopForExit, "jrunc-exit-watcher-stop"));
    } catch (IllegalStateException e) {
      // first used by a shutdown hook: the JVM is exiting already
    }
  }

  /**
   * At JVM exit, brings the loop thread out of {@code epoll_wait}: HotSpot's exit waits up to
   * 300 ms for threads that are in native code (a third of a short-lived {@code jrunc} command's
   * time). Containers are not affected: shims hold their own state, and no watch runs after exit.
   */
  private void stopForExit() {
    stopping = true;
    wake();
    try {
      thread.join(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The JVM's event loop, started at first use. */
  public static synchronized ExitWatcher get() throws IOException {
    if (instance == null) {
      instance = new ExitWatcher();
    }
    return instance;
  }

  /** The loop's thread (tests count threads). */
  public Thread thread() {
    return thread;
  }

  /** Runs user-facing completions: one daemon thread at most, gone when idle. */
  public Executor callbacks() {
    return callbacks;
  }

  /** The number of live watches. */
  public int watchCount() {
    return watches.size();
  }

  /**
   * Reaps a child of this JVM when it exits: completes with its status once waitid(P_PIDFD)
   * has collected it. The pidfd is closed then; until then it can be used to signal the child.
   */
  public CompletableFuture<ExitStatus> reapWhenExited(PidFd pidfd) throws IOException {
    Memory info = new Memory(LibC.SIGINFO_SIZE);
    PidWatch<ExitStatus> w = new PidWatch<>(pidfd) {
      @Override
      boolean ready(int events) throws IOException {
        result = pidfd.withFd(fd -> {
          info.clear();
          try {
            LibC.waitid(LibC.P_PIDFD, fd, info, LibC.WEXITED | LibC.WNOHANG);
          } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
              return null;
            }
            throw LibC.ioException("waitid(P_PIDFD, " + pidfd.pid() + ")", e);
          }
          if (info.getInt(LibC.SIGINFO_PID) == 0) {
            return null; // not yet waitable: the next readiness will tell
          }
          return ExitStatus.fromSiginfo(info.getInt(LibC.SIGINFO_CODE), info.getInt(LibC.SIGINFO_STATUS));
        });
        return result == null;
      }
    };
    register(w);
    return w.done;
  }

  /**
   * Completes once the process (not necessarily a child: a re-attached shim, say) has exited; the
   * pidfd is closed then. Nothing is reaped. Cancelling the future ends the watch.
   */
  public CompletableFuture<Void> whenExited(PidFd pidfd) throws IOException {
    PidWatch<Void> w = new PidWatch<>(pidfd) {
      @Override
      boolean ready(int events) {
        return false;
      }
    };
    register(w);
    w.done.whenComplete((v, t) -> {
      if (t instanceof java.util.concurrent.CancellationException) {
        cancel(w.token);
      }
    });
    return w.done;
  }

  /**
   * Calls {@code handler} on the loop thread each time {@code fd} is readable or hung up, until it
   * returns false or throws, or the registration is cancelled; then closes {@code fd}, which
   * belongs to the loop from now on. The handler must not block (make the fd O_NONBLOCK).
   */
  public Registration watchReadable(int fd, ReadyHandler handler) throws IOException {
    Watch w = new Watch() {
      @Override
      int fd() {
        return fd;
      }

      @Override
      boolean ready(int events) throws Exception {
        return handler.onReady(fd, events);
      }

      @Override
      void ended(Throwable cause) {
        LibC.closeQuietly(fd);
      }
    };
    register(w);
    return () -> cancel(w.token);
  }

  /** Runs {@code task} on the loop thread after {@code delayMillis} (it must not block). */
  public void schedule(long delayMillis, Runnable task) {
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis));
    execute(() -> timers.add(new Timer(at, tokens.incrementAndGet(), task)));
  }

  /** Runs {@code task} on the loop thread, soon. */
  public void execute(Runnable task) {
    tasks.add(task);
    wake();
  }

  /** A watch on a pidfd; its future completes after the pidfd is closed. */
  private abstract static class PidWatch<T> extends Watch {
    final PidFd pidfd;
    final int fd;
    final CompletableFuture<T> done = new CompletableFuture<>();
    T result;

    PidWatch(PidFd pidfd) throws IOException {
      this.pidfd = pidfd;
      this.fd = pidfd.withFd(f -> f);
      if (fd < 0) {
        throw new IOException("the pidfd of " + pidfd.pid() + " is closed");
      }
    }

    @Override
    int fd() {
      return fd;
    }

    @Override
    void ended(Throwable cause) {
      pidfd.close();
      if (cause != null) {
        done.completeExceptionally(cause);
      } else {
        done.complete(result);
      }
    }
  }

  private record Timer(long at, long seq, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private void register(Watch w) throws IOException {
    w.token = tokens.incrementAndGet();
    watches.put(w.token, w);
    try {
      ctl(LibC.EPOLL_CTL_ADD, w.fd(), w.token);
    } catch (LastErrorException e) {
      watches.remove(w.token);
      throw LibC.ioException("epoll_ctl(ADD, " + w.fd() + ")", e);
    }
  }

  private void cancel(long token) {
    execute(() -> {
      Watch w = watches.get(token);
      if (w != null) {
        end(w, new java.util.concurrent.CancellationException("watch cancelled"));
      }
    });
  }

  /** Loop thread: removes the watch from epoll, then lets it release its fd. */
  private void end(Watch w, Throwable cause) {
    if (watches.remove(w.token) == null) {
      return;
    }
    try {
      ctl(LibC.EPOLL_CTL_DEL, w.fd(), w.token);
    } catch (LastErrorException e) {
      LOG.debug("epoll_ctl(DEL, {}): errno {}", w.fd(), e.getErrorCode());
    }
    try {
      w.ended(cause);
    } catch (RuntimeException e) {
      LOG.warn("ending a watch failed", e);
    }
  }

  private void ctl(int op, int fd, long token) {
    Memory ev = new Memory(LibC.EPOLL_EVENT_SIZE);
    ev.clear();
    ev.setInt(0, LibC.EPOLLIN);
    ev.setLong(LibC.EPOLL_EVENT_DATA, token);
    LibC.epoll_ctl(epfd, op, fd, ev);
  }

  private void wake() {
    try {
      LibC.write(wakeFd, wakeValue, 8);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Errno.EAGAIN) { // EAGAIN: the counter is full, the loop is woken
        LOG.error("cannot wake the exit watcher: errno {}", e.getErrorCode());
      }
    }
  }

  private void loop() {
    Memory events = new Memory((long) LibC.EPOLL_EVENT_SIZE * MAX_EVENTS);
    Memory drain = new Memory(8);
    while (true) {
      int n;
      try {
        n = LibC.epoll_wait(epfd, events, MAX_EVENTS, timeout());
        if (stopping) {
          return;
        }
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          LOG.error("epoll_wait failed: errno {}", e.getErrorCode());
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        long off = (long) i * LibC.EPOLL_EVENT_SIZE;
        int ev = events.getInt(off);
        long token = events.getLong(off + LibC.EPOLL_EVENT_DATA);
        if (token == WAKE_TOKEN) {
          try {
            LibC.read(wakeFd, drain, 8);
          } catch (LastErrorException e) {
            // EAGAIN: drained already
          }
          continue;
        }
        Watch w = watches.get(token);
        if (w == null) {
          continue; // ended earlier in this batch
        }
        boolean more;
        Throwable failure = null;
        try {
          more = w.ready(ev);
        } catch (Throwable t) {
          LOG.warn("an exit watch failed", t);
          more = false;
          failure = t;
        }
        if (!more) {
          end(w, failure);
        }
      }
      Runnable task;
      while ((task = tasks.poll()) != null) {
        run(task);
      }
      long now = System.nanoTime();
      while (!timers.isEmpty() && timers.peek().at - now <= 0) {
        run(timers.poll().task);
      }
    }
  }

  private int timeout() {
    if (!tasks.isEmpty()) {
      return 0;
    }
    Timer t = timers.peek();
    if (t == null) {
      return -1;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(t.at - System.nanoTime() + 999_999);
    return (int) Math.max(0, Math.min(ms, Integer.MAX_VALUE));
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      LOG.warn("an exit watcher task failed", t);
    }
  }
}
