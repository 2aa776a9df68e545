package io.jrunc.internal.linux.runtime;

import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.ContainerRequest;
import io.jrunc.ContainerRuntime;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.LinuxNativeFs;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.UnixSockets;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.cgroup.CgroupException;
import io.jrunc.internal.linux.cgroup.CgroupFs;
import io.jrunc.internal.linux.cgroup.CgroupPolicy;
import io.jrunc.internal.linux.cgroup.Cgroups;
import io.jrunc.internal.linux.cgroup.DeviceRules;
import io.jrunc.internal.linux.cgroup.Hierarchies;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.linux.compile.CompileOptions;
import io.jrunc.internal.linux.compile.Host;
import io.jrunc.internal.linux.compile.IdMaps;
import io.jrunc.internal.linux.compile.PlanCompiler;
import io.jrunc.internal.linux.helper.HelperException;
import io.jrunc.internal.linux.helper.HelperLauncher;
import io.jrunc.internal.linux.helper.HelperProcess;
import io.jrunc.internal.linux.hooks.LifecycleHooks;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.shim.ShimHandle;
import io.jrunc.internal.linux.shim.ShimLauncher;
import io.jrunc.internal.linux.shim.ShimOptions;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import io.jrunc.spec.SpecException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@link ContainerRuntime}: compiles a container's spec into a plan, starts it under a
 * shim, and keeps its state in a {@link StateStore}. Found by {@link java.util.ServiceLoader}.
 */
public final class LinuxContainerRuntime implements ContainerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxContainerRuntime.class);

  private final StateStore store;
  private final long euid;
  private volatile ShimLauncher launcher;
  private volatile Optional<Hierarchies> hierarchies;

  /** The runtime with the default state root ({@code /run/jrunc} for root). */
  public LinuxContainerRuntime() {
    this(StateStore.forUser(euid(), System.getenv()));
  }

  /** This process's effective uid: the owner of /proc/self. */
  private static long euid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      throw new ContainerException("cannot tell this process's uid from /proc/self: " + e, e);
    }
  }

  /**
   * A runtime keeping its state under {@code stateRoot} (runc's {@code --root}).
   *
   * @param stateRoot the state root directory
   */
  public LinuxContainerRuntime(Path stateRoot) {
    this(new StateStore(stateRoot));
  }

  private LinuxContainerRuntime(StateStore store) {
    this.store = store;
    this.euid = euid();
  }

  /**
   * A runtime that sees these cgroup hierarchies instead of the machine's (tests: the unified
   * mount of a hybrid machine alone, as if it were a v2 machine).
   */
  LinuxContainerRuntime(Path stateRoot, Hierarchies hierarchies) {
    this(stateRoot);
    this.hierarchies = Optional.ofNullable(hierarchies);
  }

  /** This machine's cgroup hierarchies (empty if none is mounted), read once. */
  Optional<Hierarchies> hierarchies() {
    Optional<Hierarchies> h = hierarchies;
    if (h == null) {
      try {
        h = Optional.of(Hierarchies.system());
      } catch (IOException | IllegalArgumentException e) {
        LOG.debug("no cgroups: {}", e.toString());
        h = Optional.empty();
      }
      hierarchies = h;
    }
    return h;
  }

  /** Whether and how the container of {@code spec} gets cgroups. */
  private CgroupPolicy.Decision cgroupDecision(Spec spec) {
    Hierarchies h = hierarchies().orElse(null);
    boolean delegated = false;
    if (euid != 0 && h != null && h.mode() == Hierarchies.Mode.V2) {
      Path own = h.unifiedMount().resolve(h.unifiedOwn().replaceAll("^/+", ""));
      delegated = Files.isWritable(own) && Files.isWritable(own.resolve("cgroup.procs"));
    }
    return CgroupPolicy.decide(euid == 0, h, delegated,
        spec.linux() == null ? null : spec.linux().resources());
  }

  /** The container's cgroups (not made yet), or null when it runs without. */
  private Cgroups cgroupsFor(String id, Spec spec, CgroupPolicy.Decision d) {
    if (d.kind() == CgroupPolicy.Kind.FAIL) {
      throw new ContainerException("container " + id + ": " + d.message());
    }
    if (d.kind() == CgroupPolicy.Kind.SKIP) {
      LOG.warn("container {}: {}", id, d.message());
      return null;
    }
    String path = spec.linux() == null ? null : spec.linux().cgroupsPath();
    if (d.delegated()) { // below this process's own (delegated) cgroup
      path = path == null || path.isEmpty() ? "jrunc/" + id : path.replaceAll("^/+", "");
    }
    try {
      Cgroups c = Cgroups.of(hierarchies().orElseThrow(), path, id, CgroupFs.SYSTEM);
      return d.delegated() ? c.withoutDeviceProgram() : c;
    } catch (CgroupException e) {
      throw new ContainerException("container " + id + ": " + e.getMessage(), e);
    }
  }

  /** The state root. */
  public Path stateRoot() {
    return store.root();
  }

  private ShimLauncher launcher() throws HelperException {
    ShimLauncher l = launcher;
    if (l == null) {
      synchronized (this) {
        if (launcher == null) {
          launcher = ShimLauncher.create();
        }
        l = launcher;
      }
    }
    return l;
  }

  /**
   * Compiles the plan of a request: every step of the container's setup.
   *
   * @param request the request
   * @return the plan
   * @throws ContainerException naming every problem of the configuration
   */
  public Plan plan(ContainerRequest request) {
    CgroupPolicy.Decision d = cgroupDecision(request.spec());
    return plan(request, d.kind() == CgroupPolicy.Kind.USE ? cgroupsFor(request.id(), request.spec(), d) : null);
  }

  private Plan plan(ContainerRequest request, Cgroups cgroups) {
    Path dir = store.dir(request.id());
    LifecycleHooks hooks = LifecycleHooks.of(request.spec());
    try {
      return PlanCompiler.compile(request.spec(), request.bundle(),
          CompileOptions.builder()
              .execFifo(dir.resolve(StateStore.FIFO))
              .syncBeforePivot(hooks.syncBeforePivot())
              .hookStdin(dir.resolve(StateStore.HOOK_STDIN))
              .hookStderr(dir.resolve(StateStore.HOOK_STDERR))
              .waitForCgroups(cgroups != null)
              .cgroupBinds(cgroups == null || cgroups.v2Controllers() ? java.util.Map.of() : cgroups.v1Binds())
              .build());
    } catch (SpecException e) {
      throw new ContainerException(e.getMessage(), e);
    }
  }

  /** The compile options of a container whose state dir is {@code dir}. */
  private static CompileOptions compileOptions(Path dir, LifecycleHooks hooks) {
    return CompileOptions.builder()
        .execFifo(dir.resolve(StateStore.FIFO))
        .syncBeforePivot(hooks.syncBeforePivot())
        .hookStdin(dir.resolve(StateStore.HOOK_STDIN))
        .hookStderr(dir.resolve(StateStore.HOOK_STDERR))
        .build();
  }

  /**
   * Creates the container. With prestart, createRuntime or createContainer hooks the init stops
   * at a SYNC step before pivot_root and they run then ({@link LifecycleHooks#beforePivot}); the
   * first that fails fails the create: the shim kills the init and removes the state directory,
   * and the poststop hooks run. With startContainer hooks, the state they will read is written
   * once the init's pid is known.
   */
  @Override
  public Container create(ContainerRequest request) {
    String id = request.id();
    Cgroups cgroups = cgroupsFor(id, request.spec(), cgroupDecision(request.spec()));
    Plan plan = plan(request, cgroups);
    LifecycleHooks hooks = LifecycleHooks.of(request.spec());
    Path dir = store.create(id);
    boolean created = false;
    boolean launched = false;
    try {
      writeState(request, dir, hooks);
      ShimOptions options = ShimOptions.defaults()
          .detached(request.detached())
          .stateDir(dir)
          .stdio(new HelperLauncher.Stdio(request.stdin(), request.stdout(), request.stderr()));
      Spec.Process process = request.spec().process();
      if (process != null && Boolean.TRUE.equals(process.terminal())) {
        Spec.Process.ConsoleSize size = process.consoleSize();
        options = options.terminal(size == null ? null : ConsoleSize.ofSpec(size.height(), size.width()));
      }
      if (PlanCompiler.needsSeccompSocket(plan)) {
        io.jrunc.spec.Linux.Seccomp seccomp = request.spec().linux().seccomp();
        options = options.seccompListener((fd, pid) -> sendSeccompListener(seccomp, fd,
            LinuxContainer.state(request.spec(), id, request.bundle(), State.CREATING, (int) pid)));
      }
      if (cgroups != null) {
        cgroups.create();
        cgroups.save(dir); // before anything else can fail: a later delete finds them
        cgroups.apply(resourcesWithDevices(request.spec()));
        options = options.cleanup(cleanupSteps(cgroups));
      }
      // (compiled above already: no problems are left to find)
      Optional<IdMaps> idMaps = IdMaps.decide(request.spec(), Host.system(), new ArrayList<>());
      HelperLauncher.ChildHook childHook = new HelperLauncher.ChildHook() {
        @Override
        public void beforeContinue(long childPid) throws IOException {
          // The init waits (in its new user namespace, if it has one) right after its clone:
          // its uid and gid maps, then its cgroups, before it runs anything.
          if (idMaps.isPresent()) {
            IdMapWriter.write(idMaps.get(), childPid);
          }
          if (cgroups != null) {
            cgroups.join(childPid);
          }
        }

        @Override
        public void atSync(long pid, int step) throws IOException {
          if (hooks.syncBeforePivot()) {
            hooks.beforePivot(LinuxContainer.state(request.spec(), id, request.bundle(),
                State.CREATING, (int) pid), pid);
          }
        }
      };
      launched = true;
      ShimHandle shim = launcher().start(plan, options, childHook);
      if (hooks.hasStartContainer()) {
        try { // in place: the init holds the file open
          Files.write(dir.resolve(StateStore.HOOK_STDIN), LifecycleHooks.json(LinuxContainer.state(
              request.spec(), id, request.bundle(), State.CREATED, (int) shim.initPid())));
        } catch (IOException e) {
          shim.destroy();
          throw e;
        }
      }
      created = true;
      LOG.debug("container {}: created, init pid {}, shim pid {}", id, shim.initPid(), shim.shimPid());
      return new LinuxContainer(id, request.spec(), request.bundle(), dir, plan, shim, hooks, cgroups);
    } catch (IOException e) {
      throw new ContainerException(e.getMessage(), e);
    } finally {
      if (!created) {
        if (cgroups != null) {
          LinuxContainer.removeCgroups(id, cgroups);
        }
        removeQuietly(dir);
        if (launched && hooks.hasPoststop()) { // runtime.md: a failed create goes on at "delete"
          hooks.poststop(LinuxContainer.state(request.spec(), id, request.bundle(), State.STOPPED,
              null));
        }
      }
    }
  }

  /** What create writes into a new state dir before the launch (config.json, bundle, exec.fifo). */
  private static void writeState(ContainerRequest request, Path dir, LifecycleHooks hooks) throws IOException {
    request.spec().write(dir.resolve(StateStore.CONFIG));
    Files.writeString(dir.resolve(StateStore.BUNDLE), request.bundle().toString(), StandardCharsets.UTF_8);
    // Writable by all (as runc's): the init opens it after it has become the container's user.
    LinuxNativeFs fs = new LinuxNativeFs();
    fs.mkfifo(dir.resolve(StateStore.FIFO), 0622);
    fs.chmod(dir.resolve(StateStore.FIFO), 0622);
    if (hooks.hasStartContainer()) { // the init opens it (as root, before the pivot)
      Files.createFile(dir.resolve(StateStore.HOOK_STDIN),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
  }

  /**
   * The launch's hook: the uid and gid maps of a new user namespace at the WAIT_PARENT, and the
   * prestart, createRuntime and createContainer hooks at the SYNC.
   */
  private static HelperLauncher.ChildHook childHook(ContainerRequest request, LifecycleHooks hooks,
      Cgroups cgroups) {
    // (compiled before: no problems are left to find)
    Optional<IdMaps> idMaps = IdMaps.decide(request.spec(), Host.system(), new ArrayList<>());
    return new HelperLauncher.ChildHook() {
      @Override
      public void beforeContinue(long childPid) throws IOException {
        // The init waits (in its new user namespace, if it has one) right after its clone:
        // its uid and gid maps, then its cgroups, before it runs anything.
        if (idMaps.isPresent()) {
          IdMapWriter.write(idMaps.get(), childPid);
        }
        if (cgroups != null) {
          cgroups.join(childPid);
        }
      }

      @Override
      public void atSync(long pid, int step) throws IOException {
        if (hooks.syncBeforePivot()) {
          hooks.beforePivot(LinuxContainer.state(request.spec(), request.id(), request.bundle(),
              State.CREATING, (int) pid), pid);
        }
      }
    };
  }

  /**
   * Creates the container as runc's {@code create} does, without a shim of ours (CLI mode): the
   * helper clones the init and exits at once, so the init is an orphan that the caller's
   * subreaper (containerd-shim, conmon) adopts and reaps; it is left blocked on exec.fifo. The
   * init's pid and start time go into the state dir ({@link InitRecord}); status, kill, start and
   * delete work from those ({@link DirectContainer}). The container's stdio is this process's.
   * With {@code process.terminal} the init sends its pty master straight to {@code
   * options.consoleSocket()}, which is required then.
   *
   * @param request the container (its stdio settings are not used: the init inherits this
   *     process's stdio)
   * @param options CLI options
   * @return the created container
   */
  public Container createDirect(ContainerRequest request, DirectOptions options) {
    String id = request.id();
    Spec.Process process = request.spec().process();
    boolean terminal = process != null && Boolean.TRUE.equals(process.terminal());
    if (terminal && options.consoleSocket() == null) {
      throw new ContainerException("cannot allocate tty if jrunc will detach without setting console socket");
    }
    if (!terminal && options.consoleSocket() != null) {
      throw new ContainerException("cannot use console socket if jrunc will not detach or allocate tty");
    }
    if (options.preserveFds() > 0) {
      throw new ContainerException("--preserve-fds is not supported yet");
    }
    Path dir = store.dir(id);
    LifecycleHooks hooks = LifecycleHooks.of(request.spec());
    Cgroups cgroups = cgroupsFor(id, request.spec(), cgroupDecision(request.spec()));
    Plan compiled;
    try {
      compiled = PlanCompiler.compile(request.spec(), request.bundle(),
          compileOptions(dir, hooks).toBuilder()
              .preserveFds(options.preserveFds())
              .noPivotRoot(options.noPivotRoot())
              .waitForCgroups(cgroups != null)
              .cgroupBinds(cgroups == null || cgroups.v2Controllers() ? java.util.Map.of() : cgroups.v1Binds())
              .build());
    } catch (SpecException e) {
      throw new ContainerException(e.getMessage(), e);
    }
    if (PlanCompiler.needsSeccompSocket(compiled)) {
      throw new ContainerException("linux.seccomp.listenerPath: seccomp notification is supported in"
          + " embedded mode only, not by jrunc create yet");
    }
    Plan plan = DirectLaunch.plan(compiled, terminal ? consoleSize(process) : null, terminal);
    store.create(id);
    boolean created = false;
    boolean launched = false;
    int socket = -1;
    try {
      writeState(request, dir, hooks);
      if (cgroups != null) {
        cgroups.create();
        cgroups.save(dir); // before anything else can fail: a later delete finds them
        cgroups.apply(resourcesWithDevices(request.spec()));
      }
      int[] fds = new int[0];
      if (terminal) {
        socket = UnixSockets.connect(options.consoleSocket());
        fds = new int[] {socket};
      }
      launched = true;
      HelperProcess helper = DirectLaunch.launch(HelperLauncher.create(), plan, fds,
          childHook(request, hooks, cgroups));
      long pid = helper.childPid();
      InitRecord.of(pid).write(dir);
      if (hooks.hasStartContainer()) {
        Files.write(dir.resolve(StateStore.HOOK_STDIN), LifecycleHooks.json(LinuxContainer.state(
            request.spec(), id, request.bundle(), State.CREATED, (int) pid)));
      }
      created = true;
      LOG.debug("container {}: created without a shim, init pid {}", id, pid);
      return new DirectContainer(id, request.spec(), request.bundle(), dir, InitRecord.read(dir), hooks,
          plan.describe(), cgroups);
    } catch (IOException e) {
      throw new ContainerException(e.getMessage(), e);
    } finally {
      LibC.closeQuietly(socket);
      if (!created) {
        killRecorded(dir);
        if (cgroups != null) {
          LinuxContainer.removeCgroups(id, cgroups);
        }
        removeQuietly(dir);
        if (launched && hooks.hasPoststop()) {
          hooks.poststop(LinuxContainer.state(request.spec(), id, request.bundle(), State.STOPPED, null));
        }
      }
    }
  }

  /**
   * Starts {@code process} in the running container {@code container} for the command line
   * ({@code jrunc exec}): its stdio is this process's; {@code detach}: the process is left an
   * orphan for the caller's subreaper (as runc's {@code exec --detach}), else the returned
   * helper waits for it and exits with its status. With {@code process.terminal} the master goes
   * to {@code consoleSocket}, or (none given) comes back in the result.
   *
   * @param container a container of this runtime
   * @param process what to run
   * @param detach whether the helper lets go of the process at once
   * @param consoleSocket where the pty master goes, or null
   * @return the started process
   */
  public ExecLaunch.Started execCli(Container container, Spec.Process process, boolean detach,
      Path consoleSocket) {
    Execable e = execable(container);
    return ExecLaunch.start(container.id(), container.spec(), e.bundle(), e.init(), process,
        execCgroupProcs(container),
        detach ? ExecLaunch.Mode.DETACH : ExecLaunch.Mode.WAIT, consoleSocket,
        HelperLauncher.Stdio.inherit());
  }

  /** What an exec needs of a container: its bundle and its init. */
  record Execable(Path bundle, InitRecord init) {}

  static Execable execable(Container container) {
    try {
      if (container instanceof DirectContainer d) {
        return new Execable(d.bundle(), InitRecord.read(d.stateDir()));
      }
      if (container instanceof LinuxContainer l && !l.shim().exited()) {
        return new Execable(l.bundle(), InitRecord.of(l.shim().initPid()));
      }
    } catch (IOException e) {
      throw new ContainerException("cannot exec in container " + container.id() + ": " + e.getMessage(), e);
    }
    throw new ContainerException("cannot exec in container " + container.id() + ": it is not running");
  }

  /** {@link Container#exec} for both kinds of container: stdio piped, the helper waits. */
  static io.jrunc.ContainerProcess exec(Container container, Spec.Process process) {
    if (Boolean.TRUE.equals(process.terminal())) {
      throw new ContainerException("exec in " + container.id()
          + ": process.terminal is not supported by Container.exec (use jrunc exec -t)");
    }
    if (!State.RUNNING.equals(container.state().status())) {
      throw new ContainerException("cannot exec in container " + container.id() + ": it is "
          + container.state().status() + ", not running");
    }
    Execable e = execable(container);
    ExecLaunch.Started s = ExecLaunch.start(container.id(), container.spec(), e.bundle(), e.init(),
        process, execCgroupProcs(container), ExecLaunch.Mode.WAIT, null,
        HelperLauncher.Stdio.pipes());
    return new ExecProcess(container, s.helper());
  }

  /**
   * The cgroup.procs files (host paths) a process exec'd into the container writes itself to
   * before it joins the namespaces, so that it is in the container's cgroups (none for a
   * container without cgroups).
   */
  static List<String> execCgroupProcs(Container container) {
    Cgroups c = container instanceof DirectContainer d ? d.cgroups()
        : container instanceof LinuxContainer l ? l.cgroups() : null;
    List<String> procs = new ArrayList<>();
    if (c != null) {
      for (Path dir : c.dirs()) {
        procs.add(dir.resolve("cgroup.procs").toString());
      }
    }
    return procs;
  }

  /**
   * The pids (as the host numbers them) of the processes in a running container, the init first
   * ({@code jrunc ps}): those in its cgroup; for a container without cgroups, every process in its
   * pid namespace if it has one, else the init and its descendants.
   *
   * @param container a container of this runtime
   * @return the pids; empty if the container is not running
   */
  public static List<Long> processes(Container container) {
    String status = container.state().status();
    if (State.STOPPED.equals(status)) {
      return List.of();
    }
    long init = container.process().pid();
    Cgroups c = container instanceof DirectContainer d ? d.cgroups()
        : container instanceof LinuxContainer l ? l.cgroups() : null;
    try {
      if (c != null) { // what its cgroup holds, as runc's ps; the init first
        List<Long> pids = new ArrayList<>(List.of(init));
        java.util.Arrays.stream(c.pids()).sorted().filter(p -> p != init).forEach(pids::add);
        return pids;
      }
      return ProcessScan.inContainer(init, Path.of("/proc"));
    } catch (CgroupException e) {
      throw new ContainerException("processes of " + container.id() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ContainerException("processes of " + container.id() + ": " + e.getMessage(), e);
    }
  }

  /** After a failed direct create: the init, if it got as far as being recorded, is killed. */
  private static void killRecorded(Path dir) {
    try {
      if (InitRecord.present(dir)) {
        try (PidFd fd = InitRecord.read(dir).open()) {
          if (fd != null) {
            fd.signal(io.jrunc.internal.linux.Linux.SIGKILL);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot kill the init recorded in {}: {}", dir, e.toString());
    }
  }

  private static ConsoleSize consoleSize(Spec.Process process) {
    Spec.Process.ConsoleSize size = process.consoleSize();
    return size == null ? null : ConsoleSize.ofSpec(size.height(), size.width());
  }

  /** linux.resources with the device rules runc gives every container. */
  static io.jrunc.spec.Linux.Resources resourcesWithDevices(Spec spec) {
    io.jrunc.spec.Linux linux = spec.linux();
    io.jrunc.spec.Linux.Resources r = linux == null || linux.resources() == null
        ? io.jrunc.spec.Linux.Resources.builder().build() : linux.resources();
    return r.toBuilder().devices(DeviceRules.of(linux)).build();
  }

  /** The shim removes the cgroups this runtime made once the container is gone (or this JVM). */
  private static List<Step> cleanupSteps(Cgroups cgroups) {
    PlanBuilder b = new PlanBuilder();
    for (Path p : cgroups.createdDirs()) {
      b.unlink(p.toString(), Linux.AT_REMOVEDIR).tolerate(Errno.ENOENT).note("cgroup");
    }
    return b.build().steps();
  }

  @Override
  public List<Container> list() {
    List<Container> list = new ArrayList<>();
    for (String id : store.ids()) {
      find(id).ifPresent(list::add);
    }
    return list;
  }

  @Override
  public Optional<Container> find(String id) {
    Path dir = store.dir(id);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Spec spec = Spec.read(dir.resolve(StateStore.CONFIG));
      Path bundle = Path.of(Files.readString(dir.resolve(StateStore.BUNDLE), StandardCharsets.UTF_8));
      if (InitRecord.present(dir)) {
        return Optional.of(new DirectContainer(id, spec, bundle, dir, InitRecord.read(dir),
            LifecycleHooks.of(spec), null, Cgroups.load(dir, CgroupFs.SYSTEM)));
      }
      ShimHandle shim = ShimHandle.attach(dir);
      Cgroups cgroups = Cgroups.load(dir, CgroupFs.SYSTEM);
      return Optional.of(new LinuxContainer(id, spec, bundle, dir, null, shim, LifecycleHooks.of(spec), cgroups));
    } catch (IOException | SpecException e) {
      throw new ContainerException("container " + id + ": cannot read its state in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes what a container whose state is gone left of its cgroups at the default path
   * ({@code /jrunc/<id>} in each hierarchy): empty directories only (rmdir fails on a cgroup with
   * processes or children), so nothing running is touched. For {@code jrunc delete -f} of a
   * container a crashed run left behind.
   *
   * @param id the container id
   * @return the directories removed
   */
  public List<Path> removeLeftoverCgroups(String id) {
    StateStore.checkId(id);
    List<Path> removed = new ArrayList<>();
    Hierarchies h = hierarchies().orElse(null);
    if (h == null || euid != 0) {
      return removed;
    }
    try {
      for (Path dir : Cgroups.of(h, null, id, CgroupFs.SYSTEM).dirs()) {
        try {
          if (CgroupFs.SYSTEM.isDirectory(dir) && CgroupFs.SYSTEM.pids(dir.resolve("cgroup.procs")).length == 0
              && CgroupFs.SYSTEM.rmdir(dir)) {
            removed.add(dir);
          }
        } catch (IOException e) {
          LOG.warn("container {}: cannot remove {}: {}", id, dir, e.toString());
        }
      }
    } catch (CgroupException e) {
      throw new ContainerException(e.getMessage(), e);
    }
    return removed;
  }

  /**
   * Returns the terminal of a container of this runtime started with {@code process.terminal}
   * (its streams are also the process's streams): to resize it or attach a terminal to it.
   *
   * @param container a container of this runtime
   * @return its terminal's master, if it has one held by this JVM
   */
  public static Optional<PtyMaster> terminal(Container container) {
    return container instanceof LinuxContainer c ? c.shim().terminal() : Optional.empty();
  }

  /**
   * Hands a container's seccomp listener fd to {@code linux.seccomp.listenerPath} as runc does:
   * one message on a new connection, the fd as SCM_RIGHTS with runc's container process state
   * ({@code ociVersion}, {@code fds: ["seccompFd"]}, {@code pid}, {@code metadata}, {@code
   * state}) as JSON.
   */
  static void sendSeccompListener(io.jrunc.spec.Linux.Seccomp seccomp, int fd, State state)
      throws IOException {
    String json = "{\"ociVersion\":" + jsonString(state.ociVersion())
        + ",\"fds\":[\"" + PlanCompiler.SECCOMP_FD_NAME + "\"],\"pid\":" + state.pid()
        + ",\"metadata\":" + jsonString(seccomp.listenerMetadata() == null ? "" : seccomp.listenerMetadata())
        + ",\"state\":" + new String(LifecycleHooks.json(state), StandardCharsets.UTF_8) + "}";
    Path path = Path.of(seccomp.listenerPath());
    int socket;
    try {
      socket = io.jrunc.internal.linux.UnixSockets.connect(path);
    } catch (IOException e) {
      throw new IOException("linux.seccomp.listenerPath " + path + ": " + e.getMessage(), e);
    }
    try {
      io.jrunc.internal.linux.UnixSockets.sendFd(socket, fd, json);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("sending the seccomp listener to " + path + ": " + e.getMessage(), e);
    } finally {
      io.jrunc.internal.linux.LibC.closeQuietly(socket);
    }
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static void removeQuietly(Path dir) {
    try {
      ShimHandle.removeTree(dir);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.toString());
    }
  }
}
