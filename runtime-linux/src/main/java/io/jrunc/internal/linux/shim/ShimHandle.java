package io.jrunc.internal.linux.shim;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.event.ExitWatcher;
import io.jrunc.internal.linux.helper.HelperException;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.tty.PtyMaster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running (or finished) container as its shim keeps it: the shim's and the init's pids, the
 * init's exit status, signals to the init (through a pidfd), and the stdio pipes.
 *
 * <p>A handle from {@link ShimLauncher#start} holds the shim's lifeline. {@link #close()} lets go
 * of it: a shim that is not detached then kills the init if it still runs, runs its cleanup steps
 * (removing the state dir, say) and exits; a detached one carries on alone. {@link #destroy()}
 * ends the container either way. A handle from {@link #attach(Path)} (another JVM started the
 * container, detached) has no lifeline: it watches the shim and the init through pidfds and reads
 * the exit status from the state dir.
 *
 * <p>A container started with a terminal has it here ({@link #terminal()}): its stdin and stdout
 * are the terminal's ({@link #stdin()}, {@link #stdout()}; stderr is empty, as the terminal
 * carries both outputs). {@link #close()} and {@link #destroy()} close the terminal's master too:
 * the container's session gets SIGHUP unless someone else holds a copy, so a detached container
 * with a terminal should have its master sent to a console socket ({@link ShimOptions#consoleSocket}).
 */
public final class ShimHandle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShimHandle.class);
  private static final long RELEASE_TIMEOUT_MILLIS = 10_000;
  private static final long EXIT_FILE_RETRY_MILLIS = 5;
  private static final int EXIT_FILE_RETRIES = 1000;
  private static final int RECORD = 12;

  private final long shimPid;
  private final long initPid;
  private final Path stateDir;
  private final Plan plan; // the shim's plan, for naming failed steps; null when attached
  private final SpawnedProcess shim; // null when attached
  private final HelperProcess helper; // null when attached
  private final PidFd initPidfd; // null if the init was gone when the handle was made
  private final ExitWatcher watcher;
  private final PtyMaster terminal; // null: no terminal (or not held here)
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>(); // loop thread
  private final CompletableFuture<?> shimGone; // loop thread
  private final CompletableFuture<Void> initGone; // attached handles: the init's end, if watched
  private final List<String> shimErrors = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private int lifeline; // our write end; -1 once let go, or when attached
  private boolean initVerified; // guarded by lock
  private volatile boolean detached;
  private Memory records;
  private int carried;

  /** A launched container (ShimLauncher). */
  ShimHandle(Plan plan, HelperProcess helper, PidFd initPidfd, int lifeline, int exitFd,
      boolean detached, Path stateDir, PtyMaster terminal, ExitWatcher watcher) throws IOException {
    this.plan = plan;
    this.terminal = terminal;
    this.helper = helper;
    this.shim = helper.process();
    this.shimPid = shim.pid();
    this.initPid = helper.childPid();
    this.initPidfd = initPidfd;
    this.lifeline = lifeline;
    this.detached = detached;
    this.stateDir = stateDir;
    this.watcher = watcher;
    this.shimGone = shim.exitStatus();
    this.initGone = null;
    this.records = new Memory(RECORD * 16L);
    watcher.watchReadable(exitFd, this::onExitRecords);
  }

  /** An attached container. */
  private ShimHandle(ShimState state, Path stateDir, PidFd shimPidfd, PidFd initPidfd,
      ExitWatcher watcher) throws IOException {
    this.plan = null;
    this.terminal = null;
    this.helper = null;
    this.shim = null;
    this.shimPid = state.shimPid();
    this.initPid = state.initPid();
    this.initPidfd = initPidfd;
    this.initVerified = true; // by its start time
    this.lifeline = -1;
    this.detached = true;
    this.stateDir = stateDir;
    this.watcher = watcher;
    this.shimGone = shimPidfd == null ? CompletableFuture.completedFuture(null)
        : watcher.whenExited(shimPidfd);
    this.initGone = initPidfd == null ? null : watcher.whenExited(initPidfd);
    shimGone.whenComplete((v, t) -> checkExitFile(0));
    if (initGone != null) {
      initGone.whenComplete((v, t) -> checkExitFile(0));
    }
    checkExitFile(0);
  }

  /**
   * Re-attaches to a container that a JVM (this one or an earlier one) started with a state dir:
   * from {@value ShimState#SHIM_FILE} and {@value ShimState#EXIT_FILE} there. Processes are
   * recognised by pid and start time, so a recycled pid is not mistaken for them. Stdio is not
   * re-attached (the handle's streams are empty).
   */
  public static ShimHandle attach(Path stateDir) throws IOException {
    ShimState state = ShimState.read(stateDir);
    PidFd shim = openVerified(state.shimPid(), state.shimStartTime());
    PidFd init = openVerified(state.initPid(), state.initStartTime());
    return new ShimHandle(state, stateDir, shim, init, ExitWatcher.get());
  }

  /** A pidfd for pid if it is still the process that started at startTime; null otherwise. */
  private static PidFd openVerified(long pid, long startTime) throws IOException {
    PidFd fd = PidFd.openIfAlive(pid);
    if (fd != null && PidFd.startTime(pid) != startTime) {
      fd.close(); // the pid now names another process
      return null;
    }
    return fd;
  }

  // ---- what the handle tells --------------------------------------------------------------

  public long shimPid() {
    return shimPid;
  }

  /** The container's init, as this JVM's pid namespace numbers it. */
  public long initPid() {
    return initPid;
  }

  public Optional<Path> stateDir() {
    return Optional.ofNullable(stateDir);
  }

  /** True for a handle from {@link #attach}. */
  public boolean attached() {
    return shim == null;
  }

  public boolean detached() {
    return detached;
  }

  /**
   * Completes with the init's exit status when it has exited (on a callback thread, never the
   * event loop's). Fails if the shim went away without telling it.
   */
  public CompletableFuture<ExitStatus> onExit() {
    return exit.thenApplyAsync(s -> s, watcher.callbacks());
  }

  /** True once the init's end is known (its exit status, or that it cannot be known). */
  public boolean exited() {
    return exit.isDone();
  }

  /** The exit status if the init has exited (and the shim said so), else null. */
  public ExitStatus exitStatusNow() {
    return exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : null;
  }

  /** Waits for the init's exit status; null on timeout. */
  public ExitStatus waitFor(long timeout, TimeUnit unit) throws InterruptedException, IOException {
    try {
      return exit.get(timeout, unit);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException ? (IOException) e.getCause()
          : new IOException(e.getCause());
    }
  }

  /** What the shim reported going wrong after the start (exit file, cleanup steps). */
  public List<String> shimErrors() {
    return List.copyOf(shimErrors);
  }

  /**
   * The master of the container's terminal, if it was started with one and its master was kept
   * (not sent to a console socket). Empty for attached handles.
   */
  public Optional<PtyMaster> terminal() {
    return Optional.ofNullable(terminal);
  }

  /** The container's stdin (with a terminal: its keys; otherwise a closed stream unless piped). */
  public OutputStream stdin() {
    if (terminal != null) {
      try {
        return terminal.output();
      } catch (IOException e) {
        return closedOutput();
      }
    }
    return shim != null ? shim.getOutputStream() : OutputStream.nullOutputStream();
  }

  /** The container's stdout (with a terminal: everything it shows; otherwise empty unless piped). */
  public InputStream stdout() {
    if (terminal != null) {
      try {
        return terminal.input();
      } catch (IOException e) {
        return InputStream.nullInputStream();
      }
    }
    return shim != null ? shim.getInputStream() : InputStream.nullInputStream();
  }

  /** The container's stderr (empty unless piped; a terminal carries it on stdout). */
  public InputStream stderr() {
    return shim != null && terminal == null ? shim.getErrorStream() : InputStream.nullInputStream();
  }

  private static OutputStream closedOutput() {
    OutputStream o = OutputStream.nullOutputStream();
    try {
      o.close();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return o;
  }

  /** The container as a {@link Process}: the init's pid, exit value and signals. */
  public Process asProcess() {
    return new ShimProcess(this);
  }

  /** True while the plan is blocked at a WAIT_FIFO step (created, not started). */
  public boolean waitingAtFifo() {
    return helper != null && helper.waitingAtFifo();
  }

  /** After a start that stopped at a WAIT_FIFO: waits until the init has executed its program. */
  public void awaitExec() throws HelperException {
    if (helper != null) {
      helper.awaitExec();
    }
  }

  // ---- what the handle does -----------------------------------------------------------------

  /** Sends {@code signal} to the init through its pidfd; false if it has exited. */
  public boolean signal(int signal) throws IOException {
    return initPidfd != null && verifyInit() && initPidfd.signal(signal);
  }

  /**
   * A launched handle opens the init's pidfd right after the start, when the init may have
   * exited and been reaped already and its pid even recycled. A pidfd stays with the process it
   * was opened for, so it suffices to check once, while that process is alive, that it is the
   * shim's child: then no other process can hold the pid.
   */
  private boolean verifyInit() throws IOException {
    synchronized (lock) {
      if (initVerified) {
        return true;
      }
      if (!initPidfd.signal(0)) {
        return false; // gone: nothing to signal, whichever process it was
      }
      if (PidFd.parentPid(initPid) != shimPid) {
        if (!initPidfd.signal(0)) {
          return false;
        }
        LOG.warn("pid {} is no longer the init of shim {}; not signalling it", initPid, shimPid);
        initPidfd.close();
        return false;
      }
      initVerified = true;
      return true;
    }
  }

  /** From now on the container outlives this JVM (tells the shim; for a launched handle). */
  public void detach() throws IOException {
    command(ShimLauncher.DETACH);
    detached = true;
  }

  /**
   * Lets go of the shim. Not detached: the shim kills the init if it still runs, runs its
   * cleanup steps, and exits; this waits until it has (up to 10 s, then kills both). Detached:
   * the container goes on without this JVM. Attached handles only stop watching.
   */
  @Override
  public void close() throws IOException {
    if (shim == null) {
      exit.completeExceptionally(new java.util.concurrent.CancellationException("handle closed"));
      shimGone.cancel(false);
      if (initGone != null) {
        initGone.cancel(false);
      }
      return;
    }
    try {
      if (release() && !detached) {
        awaitShim();
      }
    } finally {
      if (terminal != null) {
        terminal.close();
      }
    }
  }

  /**
   * Ends the container whatever its mode: the init is killed, the shim runs its cleanup steps
   * and exits; waits for that. For an attached handle, whose shim has no lifeline to this JVM,
   * the init is killed, the shim's end awaited, and the state dir removed here (no symlink
   * followed); cleanup steps the original plan had (cgroups) are then the caller's.
   */
  public void destroy() throws IOException {
    if (shim != null) {
      try {
        command(ShimLauncher.KILL);
      } catch (IOException e) {
        // already let go: the shim is on its own (detached) or exiting; kill the init directly
        signal(Linux.SIGKILL);
      }
      detached = false;
      release();
      try {
        awaitShim();
      } finally {
        if (terminal != null) {
          terminal.close();
        }
      }
      return;
    }
    signal(Linux.SIGKILL);
    awaitShim();
    if (stateDir != null) {
      removeTree(stateDir);
    }
  }

  private void command(byte c) throws IOException {
    synchronized (lock) {
      if (lifeline < 0) {
        throw new IOException("the shim of " + initPid + " is not held by this handle");
      }
      LibC.writeFully(lifeline, new byte[] {c}, 0, 1);
    }
  }

  /** Closes the lifeline; true if this call did. */
  private boolean release() {
    synchronized (lock) {
      if (lifeline < 0) {
        return false;
      }
      LibC.closeQuietly(lifeline);
      lifeline = -1;
      return true;
    }
  }

  /** Waits for the shim to end; kills it (and the init) if it takes too long. */
  private void awaitShim() throws IOException {
    try {
      shimGone.get(RELEASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the shim of " + initPid);
    } catch (ExecutionException e) {
      throw new IOException("the shim of " + initPid + " could not be reaped", e.getCause());
    } catch (TimeoutException e) {
      LOG.warn("the shim {} of container init {} did not end in {} ms; killing both", shimPid,
          initPid, RELEASE_TIMEOUT_MILLIS);
    }
    signal(Linux.SIGKILL);
    if (shim != null) {
      shim.destroyForcibly();
    }
    try {
      shimGone.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the shim " + shimPid + " does not go away", e);
    }
  }

  // ---- the event loop's side ----------------------------------------------------------------

  /** Loop thread: reads the shim's records (REC_EXIT, REC_ERROR) until end of file. */
  private boolean onExitRecords(int fd, int events) {
    while (true) {
      long n;
      try {
        n = LibC.read(fd, records.share(carried), RECORD * 16L - carried);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EINTR) {
          continue;
        }
        if (e.getErrorCode() == Errno.EAGAIN) {
          return true;
        }
        exit.completeExceptionally(LibC.ioException("reading the shim's records", e));
        return false;
      }
      if (n == 0) { // the shim has exited (it holds the pipe to the end)
        exit.completeExceptionally(new IOException("the shim " + shimPid + " of container init "
            + initPid + " ended without reporting the init's exit"));
        return false;
      }
      carried += (int) n;
      int whole = carried / RECORD * RECORD;
      for (int off = 0; off < whole; off += RECORD) {
        record(records.getInt(off), records.getInt(off + 4), records.getInt(off + 8));
      }
      byte[] rest = records.getByteArray(whole, carried - whole);
      records.write(0, rest, 0, rest.length);
      carried -= whole;
    }
  }

  private void record(int kind, int step, int value) {
    if (kind == ShimLauncher.REC_EXIT) {
      if (initPidfd != null) {
        initPidfd.close(); // reaped: no signal may go anywhere now
      }
      try {
        exit.complete(ExitStatus.fromWaitStatus(value));
      } catch (IllegalArgumentException e) {
        exit.completeExceptionally(new IOException("the shim reported " + e.getMessage()));
      }
    } else if (kind == ShimLauncher.REC_ERROR) {
      String message = PlanStepException.message(plan, step, value);
      shimErrors.add(message);
      LOG.warn("shim {} of container init {}: {}", shimPid, initPid, message);
    }
  }

  /**
   * Attached handles (on the loop thread, or at construction): completes the exit from the exit
   * file. Once the init is gone, the shim is about to write it: retried every few ms while the
   * shim lives. With both gone and no file, the status cannot be known.
   */
  private void checkExitFile(int attempt) {
    if (exit.isDone()) {
      return;
    }
    try {
      ExitStatus s = stateDir == null ? null : ShimState.readExit(stateDir);
      if (s != null) {
        exit.complete(s);
        return;
      }
    } catch (IOException e) {
      exit.completeExceptionally(e);
      return;
    }
    boolean initDone = initGone == null || initGone.isDone();
    if (initDone && shimGone.isDone()) {
      exit.completeExceptionally(new IOException("the shim " + shimPid + " of container init "
          + initPid + " is gone and left no exit status in " + stateDir));
    } else if (initDone && attempt < EXIT_FILE_RETRIES) {
      watcher.schedule(EXIT_FILE_RETRY_MILLIS, () -> checkExitFile(attempt + 1));
    } // else: the init's or the shim's end calls again
  }

  /** Removes {@code dir} and everything below it without following symlinks. */
  public static void removeTree(Path dir) throws IOException {
    io.jrunc.internal.rootfs.FileTrees.deleteTree(dir);
  }

  @Override
  public String toString() {
    ExitStatus s = exitStatusNow();
    return "container init " + initPid + " (shim " + shimPid + ")" + (s != null ? ", " + s : "");
  }
}
