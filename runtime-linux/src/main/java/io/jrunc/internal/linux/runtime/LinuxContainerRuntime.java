package io.jrunc.internal.linux.runtime;

import io.jrunc.Container;
import io.jrunc.ContainerException;
import io.jrunc.ContainerRequest;
import io.jrunc.ContainerRuntime;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.LinuxNativeFs;
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
      request.spec().write(dir.resolve(StateStore.CONFIG));
      Files.writeString(dir.resolve(StateStore.BUNDLE), request.bundle().toString(), StandardCharsets.UTF_8);
      // Writable by all (as runc's): the init opens it after it has become the container's user.
      LinuxNativeFs fs = new LinuxNativeFs();
      fs.mkfifo(dir.resolve(StateStore.FIFO), 0622);
      fs.chmod(dir.resolve(StateStore.FIFO), 0622);
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
      if (hooks.hasStartContainer()) { // the init opens it (as root, before the pivot)
        Files.createFile(dir.resolve(StateStore.HOOK_STDIN),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
