package io.jrunc;

import io.jrunc.internal.spec.RootlessMode;
import io.jrunc.internal.spec.SpecDefaults;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts a {@link Container}, as {@link ProcessBuilder} does a process. It starts from
 * runc's default configuration ({@link Spec#defaults()}: new pid, network, ipc, uts and mount
 * namespaces, runc's mounts, masked and read-only paths and capabilities, no_new_privs) with no
 * terminal, with {@linkplain Linux.Seccomp#defaultProfile() the default seccomp profile} and
 * private mount propagation ({@code rprivate}: no mount event crosses between host and
 * container), and every method changes one part of it; {@link #spec(Spec)} replaces it whole.
 *
 * <pre>{@code
 * try (Container c = Container.builder()
 *     .rootfs(Path.of("bundle/rootfs"))
 *     .args("sh", "-c", "hostname; id -u")
 *     .hostname("sandbox")
 *     .start()) {
 *   System.out.print(new String(c.process().getInputStream().readAllBytes()));
 *   c.process().waitFor();
 * }
 * }</pre>
 *
 * <p>For a caller who is not root the container gets a new user namespace in which root is the
 * caller (rootless mode, as with Podman), unless the configuration has a user namespace already:
 * root in the container maps to the caller's uid and gid, and when {@code newuidmap} and {@code
 * newgidmap} are installed and {@code /etc/subuid} and {@code /etc/subgid} give the caller
 * subordinate ids, container ids from 1 on map to them. {@link #request()} applies it;
 * {@link #spec()} shows the configuration as given.
 *
 * <p>Standard streams are pipes by default ({@link Container#process()}'s streams), as with
 * {@link ProcessBuilder}. A builder is not thread-safe; the containers it makes are independent
 * of it.
 */
public final class ContainerBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerBuilder.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Spec spec;
  private String id;
  private Path bundle;
  private Redirect stdin = Redirect.PIPE;
  private Redirect stdout = Redirect.PIPE;
  private Redirect stderr = Redirect.PIPE;
  private boolean detached;
  private ContainerRuntime runtime;

  ContainerBuilder() {
    Spec d = Spec.defaults();
    this.spec = d.toBuilder().process(d.process().toBuilder().terminal(false).build())
        .linux(d.linux().toBuilder().seccomp(Linux.Seccomp.defaultProfile())
            .rootfsPropagation("rprivate").build()).build();
  }

  /** Sets the builder from a bundle's config.json; root.path is taken relative to the bundle. */
  ContainerBuilder bundle(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Spec s = Spec.read(abs.resolve("config.json"));
    this.bundle = abs;
    this.spec = s.root() == null ? s
        : s.toBuilder().root(s.root().toBuilder().path(abs.resolve(s.root().path()).normalize().toString()).build()).build();
    return this;
  }

  /**
   * Sets the container id: letters, digits, {@code _ + - .}, at most 1,024 characters, unique in
   * the runtime's state directory. By default a random one ({@code jrunc-} and 12 hex digits).
   *
   * @param id the id
   * @return this builder
   */
  public ContainerBuilder id(String id) {
    this.id = Objects.requireNonNull(id, "id");
    return this;
  }

  /**
   * Sets the root filesystem directory (for example one made by
   * {@link io.jrunc.rootfs.RootfsExtractor}).
   *
   * @param rootfs the directory
   * @return this builder
   */
  public ContainerBuilder rootfs(Path rootfs) {
    String path = rootfs.toAbsolutePath().normalize().toString();
    Spec.Root root = spec.root() == null ? Spec.Root.of(path, false) : spec.root().toBuilder().path(path).build();
    spec = spec.toBuilder().root(root).build();
    return this;
  }

  /**
   * Sets the program and its arguments; a program without a {@code /} is looked up in the
   * container's {@code PATH}.
   *
   * @param args the program and its arguments
   * @return this builder
   */
  public ContainerBuilder args(String... args) {
    return args(Arrays.asList(args));
  }

  /**
   * Sets the program and its arguments.
   *
   * @param args the program and its arguments
   * @return this builder
   */
  public ContainerBuilder args(List<String> args) {
    List<String> copy = List.copyOf(args);
    return process(p -> p.toBuilder().args(copy).build());
  }

  /**
   * Sets (or, with a null value, removes) an environment variable of the process.
   *
   * @param name the name
   * @param value the value, or null to remove it
   * @return this builder
   */
  public ContainerBuilder env(String name, String value) {
    if (name.isEmpty() || name.indexOf('=') >= 0) {
      throw new IllegalArgumentException("environment variable name \"" + name + "\" is empty or has a '='");
    }
    return process(p -> {
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : p.env() == null ? List.<String>of() : p.env()) {
        int eq = kv.indexOf('=');
        env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
      }
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
      List<String> list = new ArrayList<>();
      env.forEach((k, v) -> list.add(k + "=" + v));
      return p.toBuilder().env(list).build();
    });
  }

  /**
   * Sets the working directory inside the container (created when missing, as runc does).
   *
   * @param cwd an absolute path inside the container
   * @return this builder
   */
  public ContainerBuilder cwd(String cwd) {
    return process(p -> p.toBuilder().cwd(cwd).build());
  }

  /**
   * Sets the user the process runs as.
   *
   * @param uid the user id inside the container
   * @param gid the group id inside the container
   * @param additionalGids supplementary group ids
   * @return this builder
   */
  public ContainerBuilder user(long uid, long gid, long... additionalGids) {
    List<Long> extra = Arrays.stream(additionalGids).boxed().toList();
    return process(p -> {
      Spec.Process.User.Builder u = (p.user() == null ? Spec.Process.User.of(uid, gid) : p.user()).toBuilder()
          .uid(uid).gid(gid).additionalGids(extra.isEmpty() ? null : extra);
      return p.toBuilder().user(u.build()).build();
    });
  }

  /**
   * Sets the process's umask.
   *
   * @param umask the mask, like {@code 022}
   * @return this builder
   */
  public ContainerBuilder umask(int umask) {
    return process(p -> {
      Spec.Process.User u = p.user() == null ? Spec.Process.User.of(0, 0) : p.user();
      return p.toBuilder().user(u.toBuilder().umask((long) umask).build()).build();
    });
  }

  /**
   * Sets one resource limit, replacing any of the same type.
   *
   * @param type the limit, like {@code RLIMIT_NOFILE}
   * @param soft the soft limit
   * @param hard the hard limit
   * @return this builder
   */
  public ContainerBuilder rlimit(String type, long soft, long hard) {
    return process(p -> {
      List<Spec.Process.Rlimit> list = new ArrayList<>();
      for (Spec.Process.Rlimit r : p.rlimits() == null ? List.<Spec.Process.Rlimit>of() : p.rlimits()) {
        if (!r.type().equals(type)) {
          list.add(r);
        }
      }
      list.add(Spec.Process.Rlimit.of(type, hard, soft));
      return p.toBuilder().rlimits(list).build();
    });
  }

  /**
   * Gives the process exactly these capabilities, in its bounding, effective and permitted sets
   * (inheritable and ambient are left empty).
   *
   * @param names capability names like {@code CAP_NET_BIND_SERVICE}
   * @return this builder
   */
  public ContainerBuilder capabilities(String... names) {
    List<String> caps = List.of(names);
    return process(p -> p.toBuilder().capabilities(Spec.Process.Capabilities.builder()
        .bounding(caps).effective(caps).permitted(caps).build()).build());
  }

  /**
   * Sets whether the process may gain privileges through setuid files or file capabilities.
   *
   * @param noNewPrivileges true to forbid it (the default)
   * @return this builder
   */
  public ContainerBuilder noNewPrivileges(boolean noNewPrivileges) {
    return process(p -> p.toBuilder().noNewPrivileges(noNewPrivileges).build());
  }

  /**
   * Sets the seccomp filter ({@link Linux.Seccomp#defaultProfile()} by default).
   *
   * @param seccomp the filter, or null to run the container without one (unconfined)
   * @return this builder
   */
  public ContainerBuilder seccomp(Linux.Seccomp seccomp) {
    return linux(l -> l.toBuilder().seccomp(seccomp).build());
  }

  /**
   * Sets whether the process gets a pseudo-terminal as its standard streams.
   *
   * @param terminal true for a terminal
   * @return this builder
   */
  public ContainerBuilder terminal(boolean terminal) {
    return process(p -> p.toBuilder().terminal(terminal).build());
  }

  /**
   * Changes the process part of the configuration.
   *
   * @param change a function from the current process to the new one
   * @return this builder
   */
  public ContainerBuilder process(UnaryOperator<Spec.Process> change) {
    Spec.Process p = spec.process() == null ? Spec.Process.builder().cwd("/").build() : spec.process();
    spec = spec.toBuilder().process(Objects.requireNonNull(change.apply(p), "process")).build();
    return this;
  }

  /**
   * Sets the container's hostname (in its own UTS namespace).
   *
   * @param hostname the hostname
   * @return this builder
   */
  public ContainerBuilder hostname(String hostname) {
    spec = spec.toBuilder().hostname(hostname).build();
    return this;
  }

  /**
   * Adds a mount, after runc's default ones.
   *
   * @param mount the mount
   * @return this builder
   */
  public ContainerBuilder mount(Spec.Mount mount) {
    List<Spec.Mount> mounts = new ArrayList<>(spec.mounts() == null ? List.of() : spec.mounts());
    mounts.add(mount);
    spec = spec.toBuilder().mounts(mounts).build();
    return this;
  }

  /**
   * Adds a bind mount of a host path.
   *
   * @param source the host file or directory
   * @param destination the absolute path inside the container
   * @param readOnly whether the container may only read it
   * @return this builder
   */
  public ContainerBuilder bind(Path source, String destination, boolean readOnly) {
    return mount(Spec.Mount.of(destination, "bind", source.toAbsolutePath().normalize().toString(),
        List.of("rbind", readOnly ? "ro" : "rw", "nosuid", "nodev")));
  }

  /**
   * Adds an empty tmpfs.
   *
   * @param destination the absolute path inside the container
   * @return this builder
   */
  public ContainerBuilder tmpfs(String destination) {
    return mount(Spec.Mount.of(destination, "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777")));
  }

  /**
   * Sets the namespaces the container gets: each one new, as {@code pid}, {@code network},
   * {@code ipc}, {@code uts}, {@code mount}, {@code cgroup}, {@code time} or {@code user}.
   *
   * @param types the namespace types
   * @return this builder
   */
  public ContainerBuilder namespaces(String... types) {
    List<Linux.Namespace> list = Arrays.stream(types).map(Linux.Namespace::of).toList();
    return linux(l -> l.toBuilder().namespaces(list).build());
  }

  /**
   * Makes the container join an existing namespace instead of getting a new one of that type.
   *
   * @param type the namespace type
   * @param path its path, like {@code /proc/1234/ns/net}
   * @return this builder
   */
  public ContainerBuilder joinNamespace(String type, Path path) {
    return linux(l -> {
      List<Linux.Namespace> list = new ArrayList<>();
      for (Linux.Namespace n : l.namespaces() == null ? List.<Linux.Namespace>of() : l.namespaces()) {
        if (!n.type().equals(type)) {
          list.add(n);
        }
      }
      list.add(Linux.Namespace.of(type, path.toString()));
      return l.toBuilder().namespaces(list).build();
    });
  }

  /**
   * Sets whether the root filesystem is read-only.
   *
   * @param readOnly true for read-only
   * @return this builder
   */
  public ContainerBuilder readonlyRootfs(boolean readOnly) {
    Spec.Root root = spec.root() == null ? Spec.Root.of("rootfs", readOnly) : spec.root().toBuilder().readonly(readOnly).build();
    spec = spec.toBuilder().root(root).build();
    return this;
  }

  /**
   * Adds an annotation.
   *
   * @param key the key
   * @param value the value
   * @return this builder
   */
  public ContainerBuilder annotation(String key, String value) {
    Map<String, String> a = new LinkedHashMap<>(spec.annotations() == null ? Map.of() : spec.annotations());
    a.put(key, value);
    spec = spec.toBuilder().annotations(a).build();
    return this;
  }

  /**
   * Sets the hooks.
   *
   * @param hooks the hooks
   * @return this builder
   */
  public ContainerBuilder hooks(Spec.Hooks hooks) {
    spec = spec.toBuilder().hooks(hooks).build();
    return this;
  }

  /**
   * Limits the container's memory ({@code linux.resources.memory.limit}); on cgroup v1 swap is
   * limited to the same amount (no swap), so a process that goes over is OOM-killed.
   *
   * @param bytes the limit in bytes
   * @return this builder
   */
  public ContainerBuilder memoryLimit(long bytes) {
    return resources(r -> r.toBuilder().memory((r.memory() == null ? Linux.Resources.Memory.builder()
        : r.memory().toBuilder()).limit(bytes).swap(bytes).build()).build());
  }

  /**
   * Limits the number of processes (and threads) of the container ({@code linux.resources.pids}).
   *
   * @param max the most tasks at once
   * @return this builder
   */
  public ContainerBuilder pidsLimit(long max) {
    return resources(r -> r.toBuilder().pids(Linux.Resources.Pids.builder().limit(max).build()).build());
  }

  /**
   * Limits the container to this many CPUs' worth of time (a CFS quota over a 100 ms period).
   *
   * @param cpus e.g. 0.5 for half a CPU
   * @return this builder
   */
  public ContainerBuilder cpus(double cpus) {
    if (!(cpus > 0)) {
      throw new IllegalArgumentException("cpus must be positive: " + cpus);
    }
    long period = 100_000;
    long quota = Math.max(1000, Math.round(cpus * period));
    return resources(r -> r.toBuilder().cpu((r.cpu() == null ? Linux.Resources.Cpu.builder()
        : r.cpu().toBuilder()).period(period).quota(quota).build()).build());
  }

  private ContainerBuilder resources(UnaryOperator<Linux.Resources> change) {
    return linux(l -> l.toBuilder().resources(change.apply(
        l.resources() == null ? Linux.Resources.builder().build() : l.resources())).build());
  }

  /**
   * Changes the Linux part of the configuration.
   *
   * @param change a function from the current Linux part to the new one
   * @return this builder
   */
  public ContainerBuilder linux(UnaryOperator<Linux> change) {
    Linux l = spec.linux() == null ? Linux.builder().build() : spec.linux();
    spec = spec.toBuilder().linux(Objects.requireNonNull(change.apply(l), "linux")).build();
    return this;
  }

  /**
   * Replaces the whole configuration, for full OCI control. A relative {@code root.path} is taken
   * relative to the current directory.
   *
   * @param spec the configuration
   * @return this builder
   */
  public ContainerBuilder spec(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    return this;
  }

  /**
   * Returns the configuration as it stands.
   *
   * @return the configuration
   */
  public Spec spec() {
    return spec;
  }

  /**
   * Sets where the process's standard input comes from ({@link Redirect#PIPE} by default).
   *
   * @param redirect the source
   * @return this builder
   */
  public ContainerBuilder redirectInput(Redirect redirect) {
    this.stdin = Objects.requireNonNull(redirect);
    return this;
  }

  /**
   * Sets where the process's standard output goes ({@link Redirect#PIPE} by default).
   *
   * @param redirect the destination
   * @return this builder
   */
  public ContainerBuilder redirectOutput(Redirect redirect) {
    this.stdout = Objects.requireNonNull(redirect);
    return this;
  }

  /**
   * Sets where the process's standard error goes ({@link Redirect#PIPE} by default).
   *
   * @param redirect the destination
   * @return this builder
   */
  public ContainerBuilder redirectError(Redirect redirect) {
    this.stderr = Objects.requireNonNull(redirect);
    return this;
  }

  /**
   * Gives the process this JVM's standard streams.
   *
   * @return this builder
   */
  public ContainerBuilder inheritIO() {
    return redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
  }

  /**
   * Sets whether the container outlives this JVM. A container that is not detached (the default)
   * is killed, and everything made for it removed, when the JVM exits, even by SIGKILL.
   *
   * @param detached true to let it outlive the JVM
   * @return this builder
   */
  public ContainerBuilder detached(boolean detached) {
    this.detached = detached;
    return this;
  }

  /**
   * Uses this runtime instead of the class path's ({@link ContainerRuntime#get()}).
   *
   * @param runtime the runtime
   * @return this builder
   */
  public ContainerBuilder runtime(ContainerRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime);
    return this;
  }

  /**
   * Returns the request this builder would send to the runtime. The configuration is validated by
   * the runtime when it creates the container (a {@link ContainerException} that names every
   * problem with its JSON path), not here, so that it is checked once.
   *
   * @return the request
   */
  public ContainerRequest request() {
    Spec s = spec;
    if (RootlessMode.lacksUserNamespace(s)) {
      long[] ids;
      try {
        ids = SpecDefaults.effectiveIds();
      } catch (IllegalStateException e) {
        ids = new long[] {0, 0}; // not Linux: nothing to adapt for (no runtime there either)
      }
      if (ids[0] != 0) {
        RootlessMode.Caller caller = RootlessMode.thisProcess();
        s = RootlessMode.adapt(s, caller);
        LOG.debug("not root ({}): rootless mode, a new user namespace with uidMappings {} and"
            + " gidMappings {}", caller.describe(), s.linux().uidMappings(), s.linux().gidMappings());
      }
    }
    if (s.root() != null && s.root().path() != null && !Path.of(s.root().path()).isAbsolute()) {
      s = s.toBuilder().root(s.root().toBuilder().path(Path.of(s.root().path()).toAbsolutePath().normalize().toString()).build()).build();
    }
    Path dir = bundle != null ? bundle
        : s.root() != null && s.root().path() != null ? Path.of(s.root().path()).getParent() : null;
    String cid = id != null ? id : "jrunc-" + HexFormat.of().formatHex(randomBytes());
    return new ContainerRequest(cid, s, dir == null ? Path.of("").toAbsolutePath() : dir, stdin, stdout, stderr, detached);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * Creates the container: set up, its init waits before executing the program until
   * {@link Container#start()}.
   *
   * @return the created container
   * @throws ContainerException if it cannot be created; nothing of it is left behind
   */
  public Container create() {
    ContainerRequest r = request();
    if (bundle == null && !Files.isDirectory(r.bundle())) {
      throw new ContainerException("bundle directory " + r.bundle() + " does not exist");
    }
    return (runtime != null ? runtime : ContainerRuntime.get()).create(r);
  }

  /**
   * Creates and starts the container, as {@link ProcessBuilder#start()} starts a process.
   *
   * @return the running container
   * @throws ContainerException if it cannot be created or started; nothing of it is left behind
   */
  public Container start() {
    Container c = create();
    try {
      return c.start();
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Runs the container to its end, as {@code runc run} does: creates, starts, waits, deletes.
   * Its standard streams should not be pipes nobody reads: use {@link #inheritIO()} or redirect
   * them to files.
   *
   * @return how the process ended
   * @throws InterruptedException if interrupted while waiting (the container is then killed)
   */
  public ExitStatus run() throws InterruptedException {
    try (Container c = start()) {
      c.process().waitFor();
      return c.process().exitStatus();
    }
  }
}
