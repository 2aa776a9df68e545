package io.jrunc.internal.linux.compile;

import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to compile a spec, beyond what the spec says: the runtime's choices ({@code runc create
 * --no-pivot}, the exec fifo of {@code create}, preserved fds) and the hooks other parts of the
 * runtime fill in (terminal setup, a compiled seccomp filter). Immutable; start from
 * {@link #defaults()} or {@link #builder()}.
 */
public final class CompileOptions {
  /**
   * Adds the steps that give the container its terminal ({@code process.terminal}). It is called
   * where runc sets up the console: after the root filesystem is in place (pivoted, cwd created)
   * and before it is made read-only.
   */
  @FunctionalInterface
  public interface TerminalSetup {
    void addSteps(PlanBuilder plan, Spec spec);
  }

  /** A seccomp filter compiled to BPF ({@code struct sock_filter[]}) and its seccomp(2) flags. */
  public record SeccompFilter(int flags, byte[] program) {
    public SeccompFilter {
      program = program.clone();
    }

    @Override
    public byte[] program() {
      return program.clone();
    }
  }

  private final boolean noPivotRoot;
  private final Path execFifo;
  private final int preserveFds;
  private final int parentDeathSignal;
  private final SeccompFilter seccomp;
  private final TerminalSetup terminalSetup;
  private final Host host;
  private final boolean syncBeforePivot;
  private final boolean waitForCgroups;
  private final Map<String, Path> cgroupBinds;
  private final Path hookStdin;
  private final Path hookStderr;

  private CompileOptions(Builder b) {
    this.noPivotRoot = b.noPivotRoot;
    this.execFifo = b.execFifo;
    this.preserveFds = b.preserveFds;
    this.parentDeathSignal = b.parentDeathSignal;
    this.seccomp = b.seccomp;
    this.terminalSetup = b.terminalSetup;
    this.host = b.host;
    this.syncBeforePivot = b.syncBeforePivot;
    this.waitForCgroups = b.waitForCgroups;
    this.cgroupBinds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.cgroupBinds));
    this.hookStdin = b.hookStdin;
    this.hookStderr = b.hookStderr;
  }

  /** pivot_root, no exec fifo, no preserved fds, the real host. */
  public static CompileOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * True to jail the container with MS_MOVE + chroot instead of pivot_root ({@code runc
   * --no-pivot}): for root filesystems pivot_root refuses (an initramfs). Weaker: the host's
   * mounts stay reachable below the chroot, so whole proc and sysfs mounts of the host are
   * detached first, as runc does.
   */
  public boolean noPivotRoot() {
    return noPivotRoot;
  }

  /**
   * The exec fifo ({@code <state dir>/exec.fifo}, made by the runtime, mode 0622) that the
   * container opens for writing right before it executes its program, so that {@code create}
   * leaves it waiting and {@code start} (reading the fifo) lets it go; null for none.
   */
  public Path execFifo() {
    return execFifo;
  }

  /** Fds from 3 up that the container keeps ({@code runc --preserve-fds}); the rest are closed. */
  public int preserveFds() {
    return preserveFds;
  }

  /** The signal the container's init gets when the helper (its parent) dies; 0 for none. */
  public int parentDeathSignal() {
    return parentDeathSignal;
  }

  /** The compiled filter for {@code linux.seccomp}, or null. */
  public SeccompFilter seccomp() {
    return seccomp;
  }

  /** The terminal setup for {@code process.terminal}, or null (stdio is used as it is). */
  public TerminalSetup terminalSetup() {
    return terminalSetup;
  }

  public Host host() {
    return host;
  }

  /**
   * True to stop the container's init at a SYNC step once its mounts and devices are in place,
   * right before pivot_root, so that the runtime can run the {@code prestart}, {@code
   * createRuntime} and {@code createContainer} hooks while it waits (runc's procHooks sync).
   */
  public boolean syncBeforePivot() {
    return syncBeforePivot;
  }

  /**
   * True to have the cloned init wait (WAIT_PARENT) right after the clone, before it does
   * anything else, so that the runtime puts it in the container's cgroups first.
   */
  public boolean waitForCgroups() {
    return waitForCgroups;
  }

  /**
   * On cgroup v1: each hierarchy's directory name under /sys/fs/cgroup (e.g. {@code memory},
   * {@code cpu,cpuacct}) → the container's own cgroup directory in it. A {@code cgroup} mount is
   * then a tmpfs with each of them bind-mounted in it, as runc does; empty: an empty tmpfs.
   */
  public Map<String, Path> cgroupBinds() {
    return cgroupBinds;
  }

  /**
   * The file (made by the runtime) whose content the {@code startContainer} hooks read as their
   * stdin: the runtime writes the container's state there (in place) before the start. It is
   * opened by the init before pivot_root. Null: the hooks get the container's stdin.
   */
  public Path hookStdin() {
    return hookStdin;
  }

  /**
   * The file the {@code startContainer} hooks' stderr goes to (emptied for each), for the error
   * message of one that fails. Null: the container's stderr.
   */
  public Path hookStderr() {
    return hookStderr;
  }

  /** Builds {@link CompileOptions}. */
  public static final class Builder {
    private boolean noPivotRoot;
    private Path execFifo;
    private int preserveFds;
    private int parentDeathSignal;
    private SeccompFilter seccomp;
    private TerminalSetup terminalSetup;
    private Host host = Host.system();
    private boolean syncBeforePivot;
    private boolean waitForCgroups;
    private Map<String, Path> cgroupBinds = Map.of();
    private Path hookStdin;
    private Path hookStderr;

    private Builder() {}

    private Builder(CompileOptions o) {
      noPivotRoot = o.noPivotRoot;
      execFifo = o.execFifo;
      preserveFds = o.preserveFds;
      parentDeathSignal = o.parentDeathSignal;
      seccomp = o.seccomp;
      terminalSetup = o.terminalSetup;
      host = o.host;
      syncBeforePivot = o.syncBeforePivot;
      waitForCgroups = o.waitForCgroups;
      cgroupBinds = o.cgroupBinds;
      hookStdin = o.hookStdin;
      hookStderr = o.hookStderr;
    }

    public Builder noPivotRoot(boolean noPivotRoot) {
      this.noPivotRoot = noPivotRoot;
      return this;
    }

    public Builder execFifo(Path execFifo) {
      if (execFifo != null && !execFifo.isAbsolute()) {
        throw new IllegalArgumentException("the exec fifo must be an absolute path: " + execFifo);
      }
      this.execFifo = execFifo;
      return this;
    }

    public Builder preserveFds(int preserveFds) {
      if (preserveFds < 0 || preserveFds > 65536) {
        throw new IllegalArgumentException("preserveFds out of range: " + preserveFds);
      }
      this.preserveFds = preserveFds;
      return this;
    }

    public Builder parentDeathSignal(int signal) {
      if (signal < 0 || signal > 64) {
        throw new IllegalArgumentException("not a signal: " + signal);
      }
      this.parentDeathSignal = signal;
      return this;
    }

    public Builder seccomp(SeccompFilter seccomp) {
      this.seccomp = seccomp;
      return this;
    }

    public Builder terminalSetup(TerminalSetup terminalSetup) {
      this.terminalSetup = terminalSetup;
      return this;
    }

    /** The machine to compile for (tests pass a fake). */
    public Builder host(Host host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder syncBeforePivot(boolean sync) {
      this.syncBeforePivot = sync;
      return this;
    }

    /** See {@link CompileOptions#cgroupBinds()}; kept in the map's order. */
    public Builder cgroupBinds(Map<String, Path> binds) {
      this.cgroupBinds = new java.util.LinkedHashMap<>(binds);
      return this;
    }

    /** See {@link CompileOptions#waitForCgroups()}. */
    public Builder waitForCgroups(boolean wait) {
      this.waitForCgroups = wait;
      return this;
    }

    /** See {@link CompileOptions#hookStdin()}; an absolute path or null. */
    public Builder hookStdin(Path file) {
      this.hookStdin = absolute(file, "the hooks' stdin file");
      return this;
    }

    /** See {@link CompileOptions#hookStderr()}; an absolute path or null. */
    public Builder hookStderr(Path file) {
      this.hookStderr = absolute(file, "the hooks' stderr file");
      return this;
    }

    private static Path absolute(Path p, String what) {
      if (p != null && !p.isAbsolute()) {
        throw new IllegalArgumentException(what + " must be an absolute path: " + p);
      }
      return p;
    }

    public CompileOptions build() {
      return new CompileOptions(this);
    }
  }
}
