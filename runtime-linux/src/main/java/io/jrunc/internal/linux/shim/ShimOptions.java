package io.jrunc.internal.linux.shim;

import java.io.IOException;

import io.jrunc.internal.linux.helper.HelperLauncher.Stdio;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.tty.ConsoleSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a container's shim is set up. Immutable; start from {@link #defaults()}.
 *
 * <ul>
 *   <li>{@code detached}: the container keeps running when this JVM goes away (or lets go);
 *       otherwise the shim kills it, runs the cleanup steps and exits.
 *   <li>{@code stateDir}: the container's state directory ({@code /run/jrunc/<id>}, created if
 *       missing): the shim writes {@value ShimState#EXIT_FILE} there, this runtime {@value
 *       ShimState#SHIM_FILE} (the pids that {@link ShimHandle#attach} needs). Null: no files.
 *   <li>{@code cleanup}: steps the shim runs after the init is gone when it is not detached
 *       (rmdir the cgroup, say); with a state dir and {@code removeStateDir}, a REMOVE_TREE of the
 *       state dir is added last.
 *   <li>{@code stdio}: the container's stdio (pipes by default).
 *   <li>{@code terminal}: the container gets a pseudo-terminal as its stdio ({@code
 *       process.terminal}), of {@code consoleSize} if given; see {@link ShimLauncher}. The
 *       {@code stdio} option is then not used. With a {@code consoleSocket}, the terminal's
 *       master is handed to whoever listens there (runc's {@code --console-socket}) instead of
 *       being kept by the handle.
 * </ul>
 */
public final class ShimOptions {
  private boolean detached;
  private Path stateDir;
  private List<Step> cleanup = List.of();
  private boolean removeStateDir = true;
  private Stdio stdio = Stdio.pipes();
  private boolean terminal;
  private ConsoleSize consoleSize;
  private Path consoleSocket;
  private SeccompListenerSink seccompListener;

  /**
   * Takes the seccomp listener fd a container's init sent (its plan has SCMP_ACT_NOTIFY rules),
   * during the start; the fd is closed when it returns. An exception fails the start.
   */
  @FunctionalInterface
  public interface SeccompListenerSink {
    void accept(int listenerFd, long initPid) throws IOException;
  }

  private ShimOptions() {}

  private ShimOptions copy() {
    ShimOptions o = new ShimOptions();
    o.detached = detached;
    o.stateDir = stateDir;
    o.cleanup = cleanup;
    o.removeStateDir = removeStateDir;
    o.stdio = stdio;
    o.terminal = terminal;
    o.consoleSize = consoleSize;
    o.consoleSocket = consoleSocket;
    o.seccompListener = seccompListener;
    return o;
  }

  /** Where a plan's seccomp listener fd goes (see {@link SeccompListenerSink}); null: none. */
  public ShimOptions seccompListener(SeccompListenerSink sink) {
    ShimOptions o = copy();
    o.seccompListener = sink;
    return o;
  }

  /** Where a plan's seccomp listener fd goes, or null. */
  public SeccompListenerSink seccompListener() {
    return seccompListener;
  }

  /** Not detached, no state dir, no cleanup steps, stdio piped, no terminal. */
  public static ShimOptions defaults() {
    return new ShimOptions();
  }

  public ShimOptions detached(boolean d) {
    ShimOptions o = copy();
    o.detached = d;
    return o;
  }

  public ShimOptions stateDir(Path dir) {
    ShimOptions o = copy();
    o.stateDir = dir == null ? null : dir.toAbsolutePath().normalize();
    return o;
  }

  public ShimOptions cleanup(List<Step> steps) {
    ShimOptions o = copy();
    o.cleanup = List.copyOf(steps);
    return o;
  }

  public ShimOptions removeStateDir(boolean remove) {
    ShimOptions o = copy();
    o.removeStateDir = remove;
    return o;
  }

  public ShimOptions stdio(Stdio s) {
    ShimOptions o = copy();
    o.stdio = Objects.requireNonNull(s, "stdio");
    return o;
  }

  /** A terminal of this size ({@code process.consoleSize}; null: the kernel's, 0x0). */
  public ShimOptions terminal(ConsoleSize size) {
    ShimOptions o = copy();
    o.terminal = true;
    o.consoleSize = size;
    return o;
  }

  /** No terminal (the default). */
  public ShimOptions noTerminal() {
    ShimOptions o = copy();
    o.terminal = false;
    o.consoleSize = null;
    o.consoleSocket = null;
    return o;
  }

  /** With a terminal: send its master to the unix socket at {@code path} (null: keep it). */
  public ShimOptions consoleSocket(Path path) {
    ShimOptions o = copy();
    o.consoleSocket = path;
    return o;
  }

  public boolean detached() {
    return detached;
  }

  public Path stateDir() {
    return stateDir;
  }

  public List<Step> cleanup() {
    return cleanup;
  }

  public boolean removeStateDir() {
    return removeStateDir;
  }

  public Stdio stdio() {
    return stdio;
  }

  public boolean terminal() {
    return terminal;
  }

  /** The terminal's size, or null. */
  public ConsoleSize consoleSize() {
    return consoleSize;
  }

  /** Where the terminal's master goes, or null (the handle keeps it). */
  public Path consoleSocket() {
    return consoleSocket;
  }
}
