package io.jrunc.internal.linux.shim;

import io.jrunc.internal.linux.helper.HelperLauncher.Stdio;
import io.jrunc.internal.linux.plan.Step;
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
 * </ul>
 */
public final class ShimOptions {
  private final boolean detached;
  private final Path stateDir;
  private final List<Step> cleanup;
  private final boolean removeStateDir;
  private final Stdio stdio;

  private ShimOptions(boolean detached, Path stateDir, List<Step> cleanup, boolean removeStateDir,
      Stdio stdio) {
    this.detached = detached;
    this.stateDir = stateDir == null ? null : stateDir.toAbsolutePath().normalize();
    this.cleanup = List.copyOf(cleanup);
    this.removeStateDir = removeStateDir;
    this.stdio = Objects.requireNonNull(stdio, "stdio");
  }

  /** Not detached, no state dir, no cleanup steps, stdio piped. */
  public static ShimOptions defaults() {
    return new ShimOptions(false, null, List.of(), true, Stdio.pipes());
  }

  public ShimOptions detached(boolean d) {
    return new ShimOptions(d, stateDir, cleanup, removeStateDir, stdio);
  }

  public ShimOptions stateDir(Path dir) {
    return new ShimOptions(detached, dir, cleanup, removeStateDir, stdio);
  }

  public ShimOptions cleanup(List<Step> steps) {
    return new ShimOptions(detached, stateDir, steps, removeStateDir, stdio);
  }

  public ShimOptions removeStateDir(boolean remove) {
    return new ShimOptions(detached, stateDir, cleanup, remove, stdio);
  }

  public ShimOptions stdio(Stdio s) {
    return new ShimOptions(detached, stateDir, cleanup, removeStateDir, s);
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
}
