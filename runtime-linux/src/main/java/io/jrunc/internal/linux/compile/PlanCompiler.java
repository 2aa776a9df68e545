package io.jrunc.internal.linux.compile;

import static io.jrunc.internal.linux.Linux.AT_EMPTY_PATH;
import static io.jrunc.internal.linux.Linux.AT_FDCWD;
import static io.jrunc.internal.linux.Linux.AT_RECURSIVE;
import static io.jrunc.internal.linux.Linux.AT_SYMLINK_NOFOLLOW;
import static io.jrunc.internal.linux.Linux.CLONE_NEWCGROUP;
import static io.jrunc.internal.linux.Linux.CLONE_NEWIPC;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNET;
import static io.jrunc.internal.linux.Linux.CLONE_NEWNS;
import static io.jrunc.internal.linux.Linux.CLONE_NEWPID;
import static io.jrunc.internal.linux.Linux.CLONE_NEWTIME;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUSER;
import static io.jrunc.internal.linux.Linux.CLONE_NEWUTS;
import static io.jrunc.internal.linux.Linux.MNT_DETACH;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_RDONLY;
import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_MOVE;
import static io.jrunc.internal.linux.Linux.MS_NODEV;
import static io.jrunc.internal.linux.Linux.MS_NOEXEC;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_PRIVATE;
import static io.jrunc.internal.linux.Linux.MS_RDONLY;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_REMOUNT;
import static io.jrunc.internal.linux.Linux.MS_SLAVE;
import static io.jrunc.internal.linux.Linux.O_CLOEXEC;
import static io.jrunc.internal.linux.Linux.O_DIRECTORY;
import static io.jrunc.internal.linux.Linux.O_PATH;
import static io.jrunc.internal.linux.Linux.O_RDONLY;
import static io.jrunc.internal.linux.Linux.PR_SET_KEEPCAPS;
import static io.jrunc.internal.linux.Linux.PR_SET_PDEATHSIG;
import static io.jrunc.internal.linux.Linux.RESOLVE_IN_ROOT;
import static io.jrunc.internal.linux.Linux.RESOLVE_NO_MAGICLINKS;
import static io.jrunc.internal.linux.Linux.RESOLVE_NO_SYMLINKS;
import static io.jrunc.internal.linux.Linux.S_IFBLK;
import static io.jrunc.internal.linux.Linux.S_IFCHR;
import static io.jrunc.internal.linux.Linux.S_IFDIR;
import static io.jrunc.internal.linux.Linux.S_IFIFO;

import io.jrunc.internal.linux.Capabilities;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.seccomp.SeccompArch;
import io.jrunc.internal.linux.seccomp.SeccompCompiler;
import io.jrunc.spec.Problem;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a container's spec into the plan the helper executes to create it: every syscall of the
 * setup, in the order runc's libcontainer makes them (nsexec, prepareRootfs, finalizeRootfs,
 * standard_init, finalizeNamespace), ending with the exec of {@code process.args}.
 *
 * <p>In outline: join the namespaces given by path, make the time namespace and write its
 * offsets, clone into the new namespaces; in the child, bring up {@code lo}, make {@code /}
 * rslave (or {@code linux.rootfsPropagation}), bind the root filesystem onto itself, mount every
 * {@code mounts[]} entry, make the device nodes and {@code /dev} links, pivot_root, create the
 * cwd, make read-only what was asked, set hostname, domainname and sysctls, make {@code
 * linux.readonlyPaths} read-only and mask {@code linux.maskedPaths}, remount the root read-only,
 * then set rlimits, no_new_privs, the bounding set, groups, gid, uid, the capabilities, and exec.
 *
 * <p>Mount targets are never resolved here, since the root filesystem may change between now and
 * the container's start: the helper resolves each one itself beneath an fd of the root with
 * {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)} (so a symlink in the root filesystem
 * cannot lead out of it; proc and sysfs refuse symlinks altogether), creating what is missing
 * with MKDIR_ALL, checks that the target is not inside the container's {@code /proc}, and mounts
 * onto {@code /proc/self/fd/N}, as runc does since CVE-2021-30465.
 *
 * <p>Everything that can be refused before the container exists is: unsupported features (with
 * the JSON path of the value), hard resource limits above the runtime's own, sysctls that are not
 * namespaced. The compiler is pure apart from the {@link Host} it asks about the host side
 * (resource limits, the bundle, the host's mounts), so that it can be tested without privileges.
 */
public final class PlanCompiler {
  private static final Logger LOG = LoggerFactory.getLogger(PlanCompiler.class);

  /** The PATH searched for {@code args[0]} when {@code process.env} has none (runc's default). */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** How mount targets are resolved beneath the root: symlinks stay inside, no magic links. */
  static final long RESOLVE = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  /** How proc and sysfs targets are resolved: no symlinks at all. */
  static final long RESOLVE_STRICT = RESOLVE | RESOLVE_NO_SYMLINKS;

  /** The files in /proc that may be mounted over (what lxcfs emulates), as runc allows. */
  static final Set<String> PROC_MOUNTS_ALLOWED = Set.of("/proc/cpuinfo", "/proc/diskstats",
      "/proc/meminfo", "/proc/stat", "/proc/swaps", "/proc/uptime", "/proc/loadavg",
      "/proc/slabinfo", "/proc/sys/kernel/ns_last_pid", "/proc/sys/crypto/fips_enabled");

  /** The device nodes every container gets (runc's AllowedDevices with a path), in runc's order. */
  static final List<Device> DEFAULT_DEVICES = List.of(
      new Device("/dev/null", S_IFCHR, 1, 3, 0666, 0, 0),
      new Device("/dev/random", S_IFCHR, 1, 8, 0666, 0, 0),
      new Device("/dev/full", S_IFCHR, 1, 7, 0666, 0, 0),
      new Device("/dev/tty", S_IFCHR, 5, 0, 0666, 0, 0),
      new Device("/dev/zero", S_IFCHR, 1, 5, 0666, 0, 0),
      new Device("/dev/urandom", S_IFCHR, 1, 9, 0666, 0, 0));

  /** A device node to make: {@code type} is S_IFCHR, S_IFBLK or S_IFIFO. */
  record Device(String path, int type, long major, long minor, int mode, long uid, long gid) {}

  private static final Map<String, Long> NAMESPACES = new LinkedHashMap<>();

  static {
    NAMESPACES.put("pid", CLONE_NEWPID);
    NAMESPACES.put("network", CLONE_NEWNET);
    NAMESPACES.put("mount", CLONE_NEWNS);
    NAMESPACES.put("ipc", CLONE_NEWIPC);
    NAMESPACES.put("uts", CLONE_NEWUTS);
    NAMESPACES.put("user", CLONE_NEWUSER);
    NAMESPACES.put("cgroup", CLONE_NEWCGROUP);
    NAMESPACES.put("time", CLONE_NEWTIME);
  }

  static final int CAP_SYS_ADMIN = 21;

  /** Mount flags a user namespace cannot clear on a mount it did not make (MNT_LOCK_*). */
  static final long LOCKED_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  static final long ATIME_FLAGS = Linux.MS_NOATIME | Linux.MS_NODIRATIME | Linux.MS_RELATIME
      | Linux.MS_STRICTATIME;

  private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb",
      "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
      "kernel.shm_rmid_forced");

  private final Spec spec;
  private final Path bundle;
  private final CompileOptions opts;
  private final Host host;
  private final List<Problem> problems = new ArrayList<>();
  private final PlanBuilder plan = new PlanBuilder();

  // fds the plan uses, above the preserved ones
  private final int rootFd;
  private final int targetFd;
  private final int dirFd;
  private final int fifoFd;
  private final int nsFdBase;
  // the startContainer hooks' stdin and stderr files, when open (after the namespace fds)
  private int hookInFd = -1;
  private int hookErrFd = -1;

  private Spec.Process process;
  private io.jrunc.spec.Linux linux;
  private Path rootfs;
  private String rootfsPath;
  /** New namespaces (CLONE_NEW* flags), and the ones joined (index in linux.namespaces -> flag). */
  private long newNs;
  private long joinedNs;
  private final Map<Integer, Long> joins = new LinkedHashMap<>();
  private long rootPropagation = MS_SLAVE | MS_REC;
  private boolean targetFdUsed;
  private CompileOptions.SeccompFilter seccompFilter;
  private String seccompSummary;
  private boolean seccompNotify;

  /**
   * Where the init finds a connected unix socket to send a seccomp listener fd over (named
   * {@link #SECCOMP_FD_NAME}), when {@code linux.seccomp} has {@code SCMP_ACT_NOTIFY} rules: the
   * runtime passes it (see {@link #needsSeccompSocket}) and forwards the fd to {@code
   * listenerPath}.
   */
  public static final int SECCOMP_SOCKET_FD = 9;
  /** The name the listener fd is sent with: runc's {@code fds[]} entry. */
  public static final String SECCOMP_FD_NAME = "seccompFd";

  /** True if a plan sends a seccomp listener over {@link #SECCOMP_SOCKET_FD}. */
  public static boolean needsSeccompSocket(io.jrunc.internal.linux.plan.Plan plan) {
    return plan.steps().stream().anyMatch(st -> st.op() == io.jrunc.internal.linux.plan.PlanOp.SEND_FD
        && st.num(0) == SECCOMP_SOCKET_FD);
  }
  /** Mounts to remount read-only once the rootfs is complete (tmpfs and /dev), by destination. */
  private final Map<String, Long> remountReadonly = new LinkedHashMap<>();

  private PlanCompiler(Spec spec, Path bundle, CompileOptions opts) {
    this.spec = spec;
    this.bundle = bundle.toAbsolutePath().normalize();
    this.opts = opts;
    this.host = opts.host();
    int base = Math.max(10, 3 + opts.preserveFds());
    rootFd = base;
    targetFd = base + 1;
    dirFd = base + 2;
    fifoFd = base + 3;
    nsFdBase = base + 4;
  }

  /**
   * The plan that creates the container {@code spec} describes, from the bundle directory
   * {@code bundle} (relative {@code root.path} and bind sources are resolved against it).
   *
   * @throws io.jrunc.spec.SpecValidationException if the spec is not valid
   * @throws SpecCompileException listing what this runtime cannot do as the spec asks
   */
  public static Plan compile(Spec spec, Path bundle, CompileOptions opts) {
    return new PlanCompiler(spec.requireValid(), bundle, opts).run();
  }

  /**
   * The plan that runs {@code process} in the running container {@code spec} describes ({@code
   * jrunc exec}, runc's setns init): join the container's namespaces {@code joinFlags} (CLONE_NEW*)
   * at once through the pidfd of its init, which the helper holds at {@code pidfdFd}, after
   * joining the container's cgroups by writing "0" to each of {@code cgroupProcs} (cgroup.procs
   * files, host paths); clone (the child is in the container's pid namespace); with {@code
   * detach} the helper exits once the child is reported, else it waits and exits with the
   * child's status; then a session,
   * the terminal steps ({@link CompileOptions#terminalSetup}), the process's rlimits,
   * no_new_privs, cwd, capabilities, groups and ids, and the exec of {@code process.args}.
   *
   * @throws io.jrunc.spec.SpecValidationException if the process is not valid
   * @throws SpecCompileException listing what this runtime cannot do as the process asks
   */
  public static Plan compileExec(Spec spec, Path bundle, Spec.Process process, long joinFlags,
      int pidfdFd, List<String> cgroupProcs, boolean detach, CompileOptions opts) {
    Spec execSpec = spec.toBuilder().process(process).build().requireValid();
    PlanCompiler c = new PlanCompiler(execSpec, bundle, opts);
    c.process = process;
    c.linux = execSpec.linux() != null ? execSpec.linux() : io.jrunc.spec.Linux.builder().build();
    c.checkUnsupported();
    c.resolveRootfs();
    c.checkRlimits();
    c.joinedNs = joinFlags;
    for (String procs : cgroupProcs) { // while the host's paths resolve; the child inherits them
      c.plan.writeFile(procs, "0");
    }
    c.plan.setnsFd(pidfdFd, (int) joinFlags).note("the container's init (pidfd)")
        .close(pidfdFd)
        .clone(0, -1, detach)
        .setsid();
    if (Boolean.TRUE.equals(process.terminal()) && opts.terminalSetup() != null) {
      opts.terminalSetup().addSteps(c.plan, execSpec);
    }
    c.finalizeProcess();
    if (!c.problems.isEmpty()) {
      throw new SpecCompileException(c.problems);
    }
    return c.plan.build();
  }

  /** {@link #compile(Spec, Path, CompileOptions)} with {@link CompileOptions#defaults()}. */
  public static Plan compile(Spec spec, Path bundle) {
    return compile(spec, bundle, CompileOptions.defaults());
  }

  private void problem(String path, String message) {
    problems.add(new Problem(path, message));
  }

  private static String q(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
    }
    return b.append('"').toString();
  }

  private Plan run() {
    process = spec.process();
    linux = spec.linux() != null ? spec.linux() : io.jrunc.spec.Linux.builder().build();
    if (process == null) {
      problem("process", "is required to run a container");
    }
    checkUnsupported();
    resolveRootfs();
    namespaces();
    IdMaps.decide(spec, host, problems);
    checkRlimits();
    checkSysctls();
    // Planning goes on after a problem, to find (and report) every one.
    enterNamespaces();
    prepareRootfs();
    finalizeRootfs();
    configureKernel();
    finalizeProcess();
    if (!problems.isEmpty()) {
      throw new SpecCompileException(problems);
    }
    return plan.build();
  }

  // ---- checks before anything is planned ---------------------------------------------------

  private void checkUnsupported() {
    String soon = "is not supported yet";
    if (process != null) {
      if (process.apparmorProfile() != null && !process.apparmorProfile().isEmpty()) {
        problem("process.apparmorProfile", soon);
      }
      if (process.selinuxLabel() != null && !process.selinuxLabel().isEmpty()) {
        problem("process.selinuxLabel", soon);
      }
      if (process.scheduler() != null) {
        problem("process.scheduler", soon);
      }
      if (process.ioPriority() != null) {
        problem("process.ioPriority", soon);
      }
      if (process.execCpuAffinity() != null) {
        problem("process.execCPUAffinity", soon);
      }
    }
    if (linux.mountLabel() != null && !linux.mountLabel().isEmpty()) {
      problem("linux.mountLabel", soon);
    }
    if (linux.seccomp() != null && opts.seccomp() == null) {
      try {
        SeccompCompiler.Filter f = SeccompCompiler.compile(linux.seccomp(), SeccompArch.nativeArch());
        for (String w : f.warnings()) {
          LOG.warn("{}", w);
        }
        seccompFilter = new CompileOptions.SeccompFilter(f.flags(), f.program());
        seccompSummary = f.summary();
        seccompNotify = f.notifies();
      } catch (SeccompCompiler.SeccompException e) {
        for (io.jrunc.spec.Problem p : e.problems()) {
          problem(p.path(), p.message());
        }
      } catch (IllegalStateException e) { // an architecture without system call tables
        problem("linux.seccomp", "cannot be compiled here: " + e.getMessage());
      }
    } else if (linux.seccomp() != null) {
      seccompFilter = opts.seccomp();
      seccompSummary = "given by the runtime";
    }
    if (linux.personality() != null) {
      problem("linux.personality", soon);
    }
    if (linux.memoryPolicy() != null) {
      problem("linux.memoryPolicy", soon);
    }
    if (linux.intelRdt() != null) {
      problem("linux.intelRdt", soon);
    }
    if (!map(linux.netDevices()).isEmpty()) {
      problem("linux.netDevices", soon);
    }
  }

  private void resolveRootfs() {
    Path given = bundle.resolve(spec.root().path()).normalize();
    try {
      rootfs = host.realPath(given);
      rootfsPath = rootfs.toString();
      if (rootfsPath.equals("/")) {
        problem("root.path", "must not be the host's root directory");
      }
    } catch (IOException e) {
      problem("root.path", q(given.toString()) + " does not exist");
      rootfs = given;
      rootfsPath = given.toString();
    }
  }

  private void namespaces() {
    List<io.jrunc.spec.Linux.Namespace> list = list(linux.namespaces());
    for (int i = 0; i < list.size(); i++) {
      io.jrunc.spec.Linux.Namespace ns = list.get(i);
      long flag = NAMESPACES.get(ns.type());
      if (ns.path() == null || ns.path().isEmpty()) {
        newNs |= flag;
      } else {
        joinedNs |= flag;
        joins.put(i, flag);
      }
    }
    if (((newNs | joinedNs) & CLONE_NEWUSER) == 0 && !host.capable(CAP_SYS_ADMIN)) {
      problem("linux.namespaces", "needs a user namespace: this runtime runs as uid " + host.euid()
          + " without CAP_SYS_ADMIN, which may make namespaces and mounts only inside a user"
          + " namespace of its own (add {\"type\": \"user\"} with linux.uidMappings and"
          + " linux.gidMappings, as `jrunc spec --rootless` writes; or run as root)");
    }
    if (((newNs | joinedNs) & CLONE_NEWNS) == 0) {
      problem("linux.namespaces", "must have a mount namespace: jrunc does not set up a container"
          + " in the runtime's own mount namespace");
    }
    // linux.timeOffsets (a new time namespace, known clocks) is checked by spec validation.
    String prop = linux.rootfsPropagation();
    if (prop != null && !prop.isEmpty()) {
      Long flags = MountOptions.PROPAGATION.get(prop);
      if (flags == null) {
        problem("linux.rootfsPropagation", "unknown propagation " + q(prop));
      } else {
        rootPropagation = flags;
        if (opts.noPivotRoot() && (flags & MS_PRIVATE) != 0) {
          problem("linux.rootfsPropagation", q(prop) + " is not safe without pivot_root"
              + " (no-pivot mode), as runc says");
        }
      }
    }
  }

  private void checkRlimits() {
    if (process == null) {
      return;
    }
    List<Spec.Process.Rlimit> rlimits = list(process.rlimits());
    for (int i = 0; i < rlimits.size(); i++) {
      Spec.Process.Rlimit r = rlimits.get(i);
      int resource = Linux.RLIMIT_NAMES.indexOf(r.type());
      if (resource < 0) {
        problem("process.rlimits[" + i + "].type", "unknown rlimit " + q(r.type()));
        continue;
      }
      long own = host.hardLimit(resource);
      if (own != Linux.RLIM_INFINITY && Long.compareUnsigned(r.hard(), own) > 0
          && !host.canRaiseHardLimits()) {
        problem("process.rlimits[" + i + "]", r.type() + " hard limit " + limit(r.hard())
            + " is above this runtime's own (" + limit(own)
            + ") and raising it needs CAP_SYS_RESOURCE");
      }
    }
  }

  private static String limit(long v) {
    return v == Linux.RLIM_INFINITY ? "unlimited" : Long.toUnsignedString(v);
  }

  /** runc's rules: only namespaced sysctls, each in a namespace the container does not share. */
  private void checkSysctls() {
    for (String key : map(linux.sysctl()).keySet()) {
      String p = "linux.sysctl" + (key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key
          : "[" + q(key) + "]");
      String name = sysctlName(key);
      String file = sysctlFile(key);
      if (file == null) {
        problem(p, "is not a valid sysctl name");
        continue;
      }
      if (IPC_SYSCTLS.contains(name) || name.startsWith("fs.mqueue.")) {
        if (!has(CLONE_NEWIPC)) {
          problem(p, "is not allowed in the host's ipc namespace");
        }
      } else if (name.startsWith("net.")) {
        if (!has(CLONE_NEWNET)) {
          problem(p, "is not allowed in the host's network namespace");
        }
      } else if (has(CLONE_NEWUTS) && name.equals("kernel.domainname")) {
        continue;
      } else if (has(CLONE_NEWUTS) && name.equals("kernel.hostname")) {
        problem(p, "is not allowed: it conflicts with the hostname field");
      } else if (name.startsWith("user.")) {
        if (!has(CLONE_NEWUSER)) {
          problem(p, "is not allowed without a user namespace");
        }
      } else {
        problem(p, "is not in a separate kernel namespace");
      }
    }
  }

  private boolean has(long ns) {
    return ((newNs | joinedNs) & ns) != 0;
  }

  /** {@code net.ipv4.ip_forward} for both spellings (a slash form keeps dots inside names). */
  static String sysctlName(String key) {
    if (key.indexOf('/') < 0) {
      return key;
    }
    StringBuilder b = new StringBuilder();
    for (char c : key.toCharArray()) {
      b.append(c == '/' ? '.' : c == '.' ? '/' : c);
    }
    return b.toString();
  }

  /** The file under /proc/sys, or null if the key could name something else. */
  static String sysctlFile(String key) {
    String rel = key.indexOf('/') >= 0 ? key : key.replace('.', '/');
    for (String part : rel.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")
          || !part.matches("[A-Za-z0-9_.:@+-]+")) {
        return null;
      }
    }
    return "/proc/sys/" + rel;
  }

  // ---- namespaces ---------------------------------------------------------------------------

  private void enterNamespaces() {
    // Files of the runtime's state, opened first, with the runtime's own credentials, while the
    // host's paths resolve (root in a user namespace may not even reach them): the exec fifo
    // (reopened for writing at the end), the startContainer hooks' stdin and stderr.
    if (opts.execFifo() != null) {
      plan.open(AT_FDCWD, opts.execFifo().toString(), O_PATH | O_CLOEXEC, 0, fifoFd);
    }
    if (!startContainerHooks().isEmpty()) {
      int next = nsFdBase + joins.size();
      if (opts.hookStdin() != null) {
        hookInFd = next++;
        plan.open(AT_FDCWD, opts.hookStdin().toString(), O_RDONLY | O_CLOEXEC, 0, hookInFd);
      }
      if (opts.hookStderr() != null) {
        hookErrFd = next;
        plan.open(AT_FDCWD, opts.hookStderr().toString(),
            Linux.O_WRONLY | Linux.O_CREAT | O_CLOEXEC, 0600, hookErrFd);
      }
    }
    // Joined namespaces: every file opened first (once in another mount or user namespace, the
    // paths may not resolve), then joined, the user namespace last (runc's order: a user
    // namespace joined first could take away the right to join the others).
    List<io.jrunc.spec.Linux.Namespace> list = list(linux.namespaces());
    int k = 0;
    Map<Integer, Integer> fds = new LinkedHashMap<>();
    for (Map.Entry<Integer, Long> e : joins.entrySet()) {
      int fd = nsFdBase + k++;
      fds.put(e.getKey(), fd);
      plan.open(AT_FDCWD, list.get(e.getKey()).path(), O_RDONLY | O_CLOEXEC, 0, fd);
    }
    // Without CAP_SYS_ADMIN here, nothing can be joined but from inside the user namespace that
    // owns it: then the user namespace comes first.
    boolean userFirst = !host.capable(CAP_SYS_ADMIN);
    for (boolean userPass : userFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
      for (Map.Entry<Integer, Long> e : joins.entrySet()) {
        boolean user = e.getValue() == CLONE_NEWUSER;
        if (user != userPass) {
          continue;
        }
        int fd = fds.get(e.getKey());
        plan.setnsFd(fd, (int) (long) e.getValue())
            .note(list.get(e.getKey()).path())
            .close(fd);
        if (user) {
          rootInUserNamespace(); // as runc does
        }
      }
    }

    // A time namespace applies to children only, and its offsets can only be written before a
    // process is in it: unshare here, write them, and the clone below enters it.
    if ((newNs & CLONE_NEWTIME) != 0) {
      plan.unshare(CLONE_NEWTIME);
      if (!map(linux.timeOffsets()).isEmpty()) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, io.jrunc.spec.Linux.TimeOffset> e : map(linux.timeOffsets()).entrySet()) {
          long secs = e.getValue().secs() != null ? e.getValue().secs() : 0;
          long nanos = e.getValue().nanosecs() != null ? e.getValue().nanosecs() : 0;
          b.append(e.getKey()).append(' ').append(secs).append(' ').append(nanos).append('\n');
        }
        plan.writeFile("/proc/self/timens_offsets", b.toString());
      }
    }

    // With a new user namespace, the clone makes it (and the pid namespace, which needs the
    // clone) and the child waits for the runtime to write its uid and gid maps; the other
    // namespaces are made once it is root in there, owned by the new user namespace (runc's
    // order). The cgroup namespace comes last, once the child is in its cgroup.
    long rest = newNs & ~(CLONE_NEWTIME | CLONE_NEWCGROUP);
    if ((newNs & CLONE_NEWUSER) != 0) {
      plan.clone(CLONE_NEWUSER | (newNs & CLONE_NEWPID))
          .waitParent().note("it writes the uid and gid maps");
      rootInUserNamespace();
      rest &= ~(CLONE_NEWUSER | CLONE_NEWPID);
      if (rest != 0) {
        plan.unshare(rest);
      }
    } else {
      plan.clone(rest);
      if (opts.waitForCgroups()) {
        plan.waitParent().note("the runtime puts the init in its cgroups");
      }
    }
    if ((newNs & CLONE_NEWCGROUP) != 0) {
      plan.unshare(CLONE_NEWCGROUP);
    }
    plan.setsid();
    if (opts.parentDeathSignal() != 0) {
      plan.prctl(PR_SET_PDEATHSIG, opts.parentDeathSignal(), 0, 0, 0);
    }
    if ((newNs & CLONE_NEWNET) != 0) {
      plan.linkUp("lo");
    }
    if (process != null && process.oomScoreAdj() != null) {
      plan.writeFile("/proc/self/oom_score_adj", Integer.toString(process.oomScoreAdj()));
    }
  }

  /**
   * Becomes root in the user namespace just made or joined: gid first (files made before the
   * process's own ids are set must get ids mapped there, or the kernel says EOVERFLOW); a
   * namespace that does not map gid 0 keeps the gid.
   */
  private void rootInUserNamespace() {
    plan.setresgid(0, 0, 0).tolerate(Errno.EINVAL)
        .setresuid(0, 0, 0);
  }

  private List<Spec.Hooks.Hook> startContainerHooks() {
    return spec.hooks() == null ? List.of() : list(spec.hooks().startContainer());
  }

  // ---- the root filesystem ------------------------------------------------------------------

  private void prepareRootfs() {
    plan.umask(0); // modes below are exact; finalizeRootfs sets the process's umask
    plan.mount(null, "/", null, rootPropagation, null);
    boolean privateOrSlave = (rootPropagation & (MS_PRIVATE | MS_SLAVE)) != 0;
    if (!privateOrSlave) {
      // pivot_root refuses a shared parent, and the rootfs bind must not propagate to the host.
      plan.mount(null, host.mountPointOf(rootfs).toString(), null, MS_PRIVATE, null);
    }
    plan.mount(rootfsPath, rootfsPath, null, MS_BIND | MS_REC, null);
    plan.open(AT_FDCWD, rootfsPath, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, rootFd);

    List<Spec.Mount> mounts = list(spec.mounts());
    boolean devBound = false;
    for (int i = 0; i < mounts.size(); i++) {
      devBound |= mount(i, mounts.get(i));
    }
    if (targetFdUsed) {
      plan.close(targetFd);
    }
    if (!devBound) {
      setupDev();
    }
    if (opts.syncBeforePivot()) {
      // The runtime runs the prestart, createRuntime and createContainer hooks now (runc's
      // procHooks): the namespaces and mounts exist, the root is not pivoted yet.
      plan.sync();
    }

    // Jail the process in the rootfs.
    if (opts.noPivotRoot()) {
      plan.chdir(rootfsPath);
      // Below a chroot the host's mounts stay reachable; a whole proc or sysfs there would let
      // the container mount proc or sysfs anew, so detach them first (runc's msMoveRoot).
      for (Path p : host.procAndSysfsMounts()) {
        if (p.startsWith(rootfs)) {
          continue;
        }
        plan.mount(null, p.toString(), null, MS_SLAVE | MS_REC, null).tolerate(Errno.ENOENT)
            .umount(p.toString(), MNT_DETACH).tolerate(Errno.EINVAL);
      }
      plan.mount(rootfsPath, "/", null, MS_MOVE, null)
          .chroot(".");
    } else {
      plan.pivotRoot(rootfsPath);
    }
    plan.close(rootFd);
    if (!privateOrSlave) {
      plan.mount(null, "/", null, rootPropagation, null);
    }
    if (process != null && !cwd().equals("/")) {
      plan.mkdirAll(AT_FDCWD, cwd(), 0755, false, RESOLVE);
    }
    if (process != null && Boolean.TRUE.equals(process.terminal()) && opts.terminalSetup() != null) {
      opts.terminalSetup().addSteps(plan, spec);
    }
  }

  private String cwd() {
    String cwd = process.cwd();
    return cwd == null || cwd.isEmpty() ? "/" : clean(cwd);
  }

  /**
   * Plans one of {@code mounts[]}; returns true if it bind-mounts something on /dev (then the
   * devices are not made, as runc does).
   */
  private boolean mount(int i, Spec.Mount m) {
    String path = "mounts[" + i + "]";
    String dest = clean(m.destination());
    MountOptions o = MountOptions.parse(m.options());
    o.unsupported().forEach((opt, why) -> problem(path + ".options", q(opt) + " " + why));
    if (!list(m.uidMappings()).isEmpty() || !list(m.gidMappings()).isEmpty()) {
      problem(path + (list(m.uidMappings()).isEmpty() ? ".gidMappings" : ".uidMappings"),
          "is not supported yet (id-mapped mounts come with user namespaces)");
    }
    String type = m.type() == null || m.type().isEmpty() ? null : m.type();
    boolean bind = o.bind() || "bind".equals(type);
    long flags = o.flags() | (bind ? MS_BIND : 0);
    if (dest.equals("/")) {
      problem(path + ".destination", "cannot mount over the container's root directory");
      return false;
    }
    if (!bind && type == null) {
      problem(path + ".type", "is required unless the mount is a bind mount");
      return false;
    }
    boolean procOrSys = !bind && ("proc".equals(type) || "sysfs".equals(type));
    boolean underProc = dest.startsWith("/proc/");
    if (dest.equals("/proc") && !"proc".equals(type)) {
      problem(path + ".destination", "only a proc mount can be mounted on /proc");
      return false;
    }
    if (underProc && !PROC_MOUNTS_ALLOWED.contains(dest)) {
      problem(path + ".destination", q(dest) + " is inside /proc, where only a few files can be"
          + " mounted over (" + String.join(", ", new java.util.TreeSet<>(PROC_MOUNTS_ALLOWED))
          + ")");
      return false;
    }

    String source = m.source();
    boolean fileTarget = false;
    if (bind) {
      if (source == null || source.isEmpty()) {
        problem(path + ".source", "is required for a bind mount");
        return false;
      }
      Path src = bundle.resolve(source).normalize();
      source = src.toString();
      Host.FileKind kind = host.kind(src);
      if (kind == Host.FileKind.MISSING) {
        problem(path + ".source", q(source) + " does not exist");
        return false;
      }
      fileTarget = kind != Host.FileKind.DIRECTORY;
      type = null;
    }

    String data = o.data();
    checkMappedOptions(path, data);
    boolean cgroupV1 = false;
    if ("cgroup".equals(type)) {
      if (host.unifiedCgroup()) {
        type = "cgroup2";
      } else {
        // cgroup v1: runc mounts a tmpfs here and binds the container's own cgroup directory of
        // each hierarchy into it (without cgroups: an empty tmpfs), read-only like the rest.
        cgroupV1 = true;
        type = "tmpfs";
        source = "tmpfs";
        flags = MS_NOEXEC | MS_NOSUID | MS_NODEV | (flags & MS_RDONLY);
        data = "mode=755";
      }
    }

    // Where: made if missing, opened beneath the root, checked, then mounted on through its fd.
    String rel = dest.substring(1);
    long resolve = procOrSys ? RESOLVE_STRICT : RESOLVE;
    plan.mkdirAll(rootFd, rel, fileTarget ? 0644 : 0755, fileTarget, resolve).note(dest);
    openTarget(rel, resolve, dest);
    if (!procOrSys && !underProc) {
      plan.checkFdPath(targetFd, rootfsPath + "/proc", PlanBuilder.CHECK_OUTSIDE).note(dest);
    }
    long mountFlags = flags;
    boolean deferReadonly = "tmpfs".equals(type) || dest.equals("/dev");
    if (deferReadonly) {
      // Made read-only once the rootfs is complete (files are still to be made in /dev).
      mountFlags &= ~MS_RDONLY;
      if ((flags & MS_RDONLY) != 0) {
        remountReadonly.put(dest, flags);
      }
    }
    plan.mountAt(source, targetFd, null, type, mountFlags, data).note(dest);
    if (has(CLONE_NEWUSER) && ("sysfs".equals(type) || "cgroup2".equals(type))) {
      // A user namespace is refused sysfs when the network namespace is not its own, and may be
      // refused cgroup2: then the host's is bind-mounted instead (sysfs read-only), as rootless
      // runc does.
      String hostDir = "sysfs".equals(type) ? "/sys" : "/sys/fs/cgroup";
      long remount = flags | MS_BIND | MS_REMOUNT | ("sysfs".equals(type) ? MS_RDONLY : 0);
      remount |= lockedFlags(path, Path.of(hostDir), remount);
      plan.tolerate(Errno.EPERM).skipUnlessFailed(Errno.EPERM, 3)
          .mountAt(hostDir, targetFd, null, null, MS_BIND | MS_REC, null).note(dest);
      openTarget(rel, resolve, dest);
      plan.mountAt(null, targetFd, null, null, remount, null).note(dest);
    }

    // What needs the new mount itself: reopen the target, which now resolves to it.
    boolean reopened = false;
    if (bind && ((flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) != 0 || o.clearedFlags() != 0)) {
      // A bind mount takes the source's flags; the options are applied by a remount (runc
      // emulates "mount --bind -o ...": exactly the flags asked for).
      openTarget(rel, resolve, dest);
      reopened = true;
      long remount = flags | MS_BIND | MS_REMOUNT;
      if (has(CLONE_NEWUSER)) {
        // In a user namespace the source mount's flags are locked: keep them, as runc does,
        // instead of failing with EPERM.
        remount |= lockedFlags(path, Path.of(source), remount);
      }
      plan.mountAt(null, targetFd, null, null, remount, null).note(dest);
    }
    for (long p : o.propagation()) {
      if (!reopened) {
        openTarget(rel, resolve, dest);
        reopened = true;
      }
      plan.mountAt(null, targetFd, null, null, p, null).note(dest);
    }
    if (o.recAttrSet() != 0 || o.recAttrClr() != 0) {
      if (!reopened) {
        openTarget(rel, resolve, dest);
      }
      plan.mountSetattr(targetFd, "", AT_EMPTY_PATH | AT_RECURSIVE, o.recAttrSet(),
          o.recAttrClr(), 0).note(dest);
    }
    if (cgroupV1) {
      bindCgroups(rel, resolve, dest, flags);
    }
    return bind && dest.equals("/dev");
  }

  /**
   * In the tmpfs of a v1 {@code cgroup} mount: a directory per hierarchy with the container's
   * own cgroup bound on it (nosuid, nodev, noexec, read-only if the mount is), and for
   * hierarchies of several controllers ({@code cpu,cpuacct}) a symlink per controller (runc's).
   */
  private void bindCgroups(String rel, long resolve, String dest, long flags) {
    for (Map.Entry<String, Path> e : opts.cgroupBinds().entrySet()) {
      String name = e.getKey();
      String sub = rel + "/" + name;
      String where = dest + "/" + name;
      plan.mkdirAll(rootFd, sub, 0755, false, resolve).note(where);
      openTarget(sub, resolve, where);
      plan.mountAt(e.getValue().toString(), targetFd, null, null, MS_BIND | MS_REC, null).note(where);
      openTarget(sub, resolve, where);
      plan.mountAt(null, targetFd, null, null,
          MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC | (flags & MS_RDONLY), null).note(where);
    }
    boolean links = false;
    for (String name : opts.cgroupBinds().keySet()) {
      if (!name.contains(",")) {
        continue;
      }
      if (!links) {
        plan.openat2(rootFd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, resolve, dirFd).note(dest);
        links = true;
      }
      for (String c : name.split(",")) {
        if (!opts.cgroupBinds().containsKey(c)) {
          plan.symlinkAt(name, dirFd, c).tolerate(Errno.EEXIST).note(dest + "/" + c);
        }
      }
    }
    if (links) {
      plan.close(dirFd);
    }
  }

  /**
   * The flags of the mount {@code source} is on that a remount asking for {@code asked} would
   * clear, and that a user namespace may not clear: nosuid, nodev, noexec, read-only, and the
   * atime flags (unless some were asked for).
   */
  private long lockedFlags(String path, Path source, long asked) {
    long have;
    try {
      have = host.mountFlags(source);
    } catch (IOException e) {
      problem(path + ".source", e.getMessage());
      return 0;
    }
    long add = have & LOCKED_FLAGS & ~asked;
    if ((asked & ATIME_FLAGS) == 0) {
      add |= have & (Linux.MS_NOATIME | Linux.MS_NODIRATIME | Linux.MS_RELATIME);
      if ((have & (Linux.MS_NOATIME | Linux.MS_RELATIME)) == 0) {
        add |= Linux.MS_STRICTATIME;
      }
    }
    if ((add & MS_RDONLY) != 0) {
      LOG.debug("{}: {} is on a read-only mount, which a user namespace cannot make writable:"
          + " mounted read-only", path, source);
    }
    return add;
  }

  /**
   * In a new user namespace, {@code uid=} and {@code gid=} mount options (devpts' gid=5) must name
   * ids that are mapped in it, or the kernel refuses the mount with EINVAL.
   */
  private void checkMappedOptions(String path, String data) {
    if ((newNs & CLONE_NEWUSER) == 0 || data == null) {
      return;
    }
    for (String opt : data.split(",")) {
      for (String kind : new String[] {"uid", "gid"}) {
        if (!opt.startsWith(kind + "=")) {
          continue;
        }
        List<io.jrunc.spec.Linux.IdMapping> maps =
            list(kind.equals("uid") ? linux.uidMappings() : linux.gidMappings());
        long id;
        try {
          id = Long.parseLong(opt.substring(4));
        } catch (NumberFormatException e) {
          continue;
        }
        if (maps.stream().noneMatch(m -> id >= m.containerId() && id < m.containerId() + m.size())) {
          problem(path + ".options", q(opt) + " names a " + kind + " that is not mapped in the"
              + " container's user namespace (linux." + kind + "Mappings); leave it out, as `jrunc"
              + " spec --rootless` does, or map it");
        }
      }
    }
  }

  private void openTarget(String rel, long resolve, String dest) {
    plan.openat2(rootFd, rel, O_PATH | O_CLOEXEC, 0, resolve, targetFd).note(dest);
    targetFdUsed = true;
  }

  /** Device nodes, /dev/ptmx and the /dev symlinks (runc's createDevices, setupPtmx, setupDevSymlinks). */
  private void setupDev() {
    List<Device> devices = new ArrayList<>();
    Set<String> given = new LinkedHashSet<>();
    List<io.jrunc.spec.Linux.Device> specDevices = list(linux.devices());
    for (io.jrunc.spec.Linux.Device d : specDevices) {
      given.add(clean(d.path()));
    }
    for (Device d : DEFAULT_DEVICES) {
      if (!given.contains(d.path())) {
        devices.add(d);
      }
    }
    for (io.jrunc.spec.Linux.Device d : specDevices) {
      int type = switch (d.type()) {
        case "b" -> S_IFBLK;
        case "p" -> S_IFIFO;
        default -> S_IFCHR; // "c" and "u"
      };
      int mode = d.fileMode() != null ? (int) (d.fileMode() & 07777) : 0666;
      devices.add(new Device(clean(d.path()), type, d.major() != null ? d.major() : 0,
          d.minor() != null ? d.minor() : 0, mode, d.uid() != null ? d.uid() : 0,
          d.gid() != null ? d.gid() : 0));
    }
    // /dev first (the links go there too), then other directories, in order of appearance.
    Map<String, List<Device>> byDir = new LinkedHashMap<>();
    byDir.put("/dev", new ArrayList<>());
    for (Device d : devices) {
      if (d.path().equals("/dev/ptmx")) {
        continue; // setupPtmx makes it a link to the devpts instance's ptmx
      }
      int slash = d.path().lastIndexOf('/');
      byDir.computeIfAbsent(slash == 0 ? "/" : d.path().substring(0, slash), k -> new ArrayList<>())
          .add(d);
    }
    boolean bindDevices = has(CLONE_NEWUSER); // no mknod in a user namespace: bind the host's
    for (Map.Entry<String, List<Device>> e : byDir.entrySet()) {
      String dir = e.getKey();
      String rel = dir.equals("/") ? "." : dir.substring(1);
      plan.mkdirAll(rootFd, rel, 0755, false, RESOLVE).note(dir)
          .openat2(rootFd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE, dirFd).note(dir);
      for (Device d : e.getValue()) {
        String name = d.path().substring(d.path().lastIndexOf('/') + 1);
        if (bindDevices) {
          String devRel = d.path().substring(1);
          plan.mkdirAll(rootFd, devRel, 0, true, RESOLVE).note(d.path())
              .openat2(rootFd, devRel, O_PATH | O_CLOEXEC, 0, RESOLVE, targetFd).note(d.path())
              .mountAt(d.path(), targetFd, null, null, MS_BIND, null).note(d.path())
              .close(targetFd);
          continue;
        }
        plan.mknodAt(dirFd, name, d.type() | d.mode(), (int) d.major(), (int) d.minor())
            .tolerate(Errno.EEXIST).note(d.path());
        if (d.uid() != 0 || d.gid() != 0) {
          plan.chown(dirFd, name, (int) d.uid(), (int) d.gid(), AT_SYMLINK_NOFOLLOW).note(d.path());
        }
      }
      if (dir.equals("/dev")) {
        plan.symlinkAt("pts/ptmx", dirFd, "ptmx").tolerate(Errno.EEXIST).note("/dev/ptmx");
        String[][] links = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
            {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}};
        for (String[] l : links) {
          plan.symlinkAt(l[0], dirFd, l[1]).tolerate(Errno.EEXIST).note("/dev/" + l[1]);
        }
        if (host.exists(Path.of("/proc/kcore"))) {
          plan.symlinkAt("/proc/kcore", dirFd, "core").tolerate(Errno.EEXIST).note("/dev/core");
        }
      }
      plan.close(dirFd);
    }
  }

  /** runc's finalizeRootfs: tmpfs mounts and /dev asked read-only become so; the umask is set. */
  private void finalizeRootfs() {
    for (Map.Entry<String, Long> e : remountReadonly.entrySet()) {
      plan.mount(null, e.getKey(), null, e.getValue() | MS_REMOUNT | MS_BIND | MS_RDONLY, null);
    }
    Spec.Process.User user = process != null ? process.user() : null;
    plan.umask(user != null && user.umask() != null ? (int) (long) user.umask() : 0022);
  }

  // ---- kernel settings ------------------------------------------------------------------------

  private void configureKernel() {
    if (spec.hostname() != null && !spec.hostname().isEmpty()) {
      plan.sethostname(spec.hostname());
    }
    if (spec.domainname() != null && !spec.domainname().isEmpty()) {
      plan.setdomainname(spec.domainname());
    }
    // Sysctls go through a handle on the container's procfs, checked to be one, and are opened
    // beneath it without crossing a mount or following a link: a file bind-mounted over the
    // one meant (CVE-2025-52881) fails the open with EXDEV instead of taking the write.
    Map<String, String> sysctls = map(linux.sysctl());
    if (!sysctls.isEmpty()) {
      plan.openat2(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
              RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, targetFd).note("/proc")
          .checkFdDev(targetFd, Linux.PROC_SUPER_MAGIC, S_IFDIR, -1, -1).note("/proc");
      for (Map.Entry<String, String> e : sysctls.entrySet()) {
        String file = sysctlFile(e.getKey());
        if (file == null) {
          continue; // a problem already
        }
        plan.openat2(targetFd, file.substring("/proc/".length()),
                Linux.O_WRONLY | Linux.O_TRUNC | O_CLOEXEC, 0,
                Linux.RESOLVE_BENEATH | Linux.RESOLVE_NO_XDEV | RESOLVE_NO_SYMLINKS
                    | RESOLVE_NO_MAGICLINKS, dirFd).note(file)
            .writeFd(dirFd, e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .note(file)
            .close(dirFd);
      }
      plan.close(targetFd);
    }
    // Read-only paths: a bind of the path on itself, made read-only (mount_setattr changes that
    // flag alone, keeping nosuid, nodev and noexec, which runc reads back with statfs).
    for (String p : unique(list(linux.readonlyPaths()))) {
      plan.mount(p, p, null, MS_BIND | MS_REC, null).tolerate(Errno.ENOENT)
          .mountSetattr(AT_FDCWD, p, 0, MOUNT_ATTR_RDONLY, 0, 0).tolerate(Errno.ENOENT);
    }
    // Masked paths: a read-only tmpfs over a directory, /dev/null over anything else; a path
    // that does not exist is skipped.
    // The /dev/null bound over a masked file is opened without following a link and checked to
    // be the char device 1:3 first, then mounted from its fd: a /dev/null that is a symlink (to
    // a procfs file, CVE-2025-31133) or another file fails the container instead.
    List<String> masked = unique(list(linux.maskedPaths()));
    if (!masked.isEmpty()) {
      plan.open(AT_FDCWD, "/dev/null", O_PATH | Linux.O_NOFOLLOW | O_CLOEXEC, 0, targetFd)
          .note("/dev/null")
          .checkFdDev(targetFd, 0, S_IFCHR, 1, 3).note("/dev/null");
    }
    for (String p : masked) {
      plan.skipUnless(AT_FDCWD, p, S_IFDIR, false, 1)
          .mount("tmpfs", p, "tmpfs", MS_RDONLY, "nr_blocks=1,nr_inodes=1")
          .skipUnless(AT_FDCWD, p, S_IFDIR, true, 1)
          .mount("/proc/self/fd/" + targetFd, p, null, MS_BIND, null);
    }
    if (!masked.isEmpty()) {
      plan.close(targetFd);
    }
    // The root last: nothing is made in it any more.
    if (Boolean.TRUE.equals(spec.root().readonly())) {
      plan.mountSetattr(AT_FDCWD, "/", 0, MOUNT_ATTR_RDONLY, 0, 0);
    }
  }

  private static List<String> unique(List<String> paths) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : paths) {
      out.add(clean(p));
    }
    return new ArrayList<>(out);
  }

  // ---- the process ----------------------------------------------------------------------------

  private void finalizeProcess() {
    if (process == null) {
      return;
    }
    List<Spec.Process.Rlimit> rlimits = list(process.rlimits());
    for (Spec.Process.Rlimit r : rlimits) {
      int resource = Linux.RLIMIT_NAMES.indexOf(r.type());
      if (resource >= 0) {
        plan.setrlimit(resource, r.soft(), r.hard());
      }
    }
    boolean nnp = Boolean.TRUE.equals(process.noNewPrivileges());
    if (nnp) {
      plan.setNoNewPrivs();
    }
    CompileOptions.SeccompFilter seccomp = seccompFilter;
    if (seccomp != null && !nnp) {
      // Without no_new_privs installing a filter needs CAP_SYS_ADMIN: before the caps go.
      installSeccomp(seccomp);
    }

    // runc's finalizeNamespace.
    plan.chdir(cwd());
    Spec.Process.Capabilities caps = process.capabilities();
    if (caps != null) {
      plan.capBounding(mask(caps.bounding()));
    }
    plan.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
    Spec.Process.User user = process.user();
    long uid = user != null ? user.uid() : 0;
    long gid = user != null ? user.gid() : 0;
    List<Long> groups = user != null ? list(user.additionalGids()) : List.of();
    int[] gids = groups.stream().mapToInt(Long::intValue).toArray();
    plan.setgroups(gids);
    if (has(CLONE_NEWUSER)) {
      // setgroups may be denied in a user namespace; runc then leaves the groups alone.
      plan.tolerate(Errno.EPERM);
    }
    plan.setresgid((int) gid, (int) gid, (int) gid)
        .setresuid((int) uid, (int) uid, (int) uid)
        .prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
    if (caps != null) {
      long permitted = mask(caps.permitted());
      long inheritable = mask(caps.inheritable());
      long ambient = mask(caps.ambient());
      long raisable = ambient & permitted & inheritable;
      if (raisable != ambient) {
        // The kernel raises an ambient capability only if it is permitted and inheritable; runc
        // tries each and warns. Same outcome, decided here.
        LOG.debug("process.capabilities.ambient: {} cannot be raised (not both permitted and"
            + " inheritable); leaving them out", Capabilities.format(ambient & ~raisable));
      }
      plan.capset(mask(caps.effective()), permitted, inheritable)
          .capAmbient(raisable);
    }
    if (opts.parentDeathSignal() != 0) {
      // Changing the uid cleared it.
      plan.prctl(PR_SET_PDEATHSIG, opts.parentDeathSignal(), 0, 0, 0);
    }
    List<String> env = environment(list(process.env()), uid);
    String arg0 = process.args().get(0);
    String search = arg0.indexOf('/') >= 0 ? null : searchPath(env);
    if (opts.execFifo() != null) {
      // As runc: a program that is not there fails the create, not the start.
      plan.checkExec(arg0, search);
    }
    if (seccomp != null && nnp) {
      // As late as possible, so that the filter need not allow the setup's syscalls.
      installSeccomp(seccomp);
    }
    if (opts.execFifo() != null) {
      plan.waitFifo("/proc/self/fd/" + fifoFd).note(opts.execFifo().toString())
          .close(fifoFd);
    }
    // startContainer hooks: run by the init, in the container, with its credentials, after the
    // start and before the program (runc's standard_init). Their paths resolve in its root.
    List<Spec.Hooks.Hook> startHooks = startContainerHooks();
    for (int i = 0; i < startHooks.size(); i++) {
      Spec.Hooks.Hook h = startHooks.get(i);
      List<String> argv = list(h.args()).isEmpty() ? List.of(h.path()) : h.args();
      plan.runWait(hookInFd, hookErrFd, h.path(), argv, list(h.env()),
          h.timeout() != null ? h.timeout() : 0).note("hooks.startContainer[" + i + "]");
    }
    if (hookInFd >= 0) {
      plan.close(hookInFd);
    }
    if (hookErrFd >= 0) {
      plan.close(hookErrFd);
    }
    plan.closeFdsFrom(3 + opts.preserveFds());

    if (search == null) {
      plan.exec(arg0, process.args(), env);
    } else {
      plan.execSearching(arg0, search, process.args(), env);
    }
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /**
   * The filter; with SCMP_ACT_NOTIFY rules its listener fd is sent to the runtime, which hands it
   * to {@code listenerPath} with the container's state (runc's seccomp agent protocol). The send
   * runs under the filter: sendmsg and close must not be refused by it.
   */
  private void installSeccomp(CompileOptions.SeccompFilter seccomp) {
    if (!seccompNotify) {
      plan.seccomp(seccomp.flags(), seccomp.program()).note(seccompSummary);
      return;
    }
    plan.seccompListener(seccomp.flags(), seccomp.program(), dirFd).note(seccompSummary)
        .sendFd(SECCOMP_SOCKET_FD, dirFd, SECCOMP_FD_NAME)
        .close(dirFd)
        .close(SECCOMP_SOCKET_FD);
  }

  private static <V> Map<String, V> map(Map<String, V> m) {
    return m == null ? Map.of() : m;
  }

  private static long mask(List<String> names) {
    return names == null ? 0 : Capabilities.mask(names);
  }

  /**
   * The environment as runc passes it: the last of duplicate names wins (at its position), an
   * empty HOME is dropped, and HOME is added from the container's /etc/passwd (or "/") if unset.
   */
  List<String> environment(List<String> env, long uid) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String kv : env) {
      String name = kv.substring(0, kv.indexOf('='));
      byName.remove(name); // the last occurrence decides the position
      byName.put(name, kv);
    }
    boolean homeSet = false;
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : byName.entrySet()) {
      if (e.getKey().equals("HOME")) {
        if (e.getValue().length() == "HOME=".length()) {
          continue;
        }
        homeSet = true;
      }
      out.add(e.getValue());
    }
    if (!homeSet) {
      out.add("HOME=" + (rootfs != null ? host.homeDirectory(rootfs, uid).orElse("/") : "/"));
    }
    return out;
  }

  /** The PATH that {@code args[0]} is looked up in: the container's, or runc's default. */
  static String searchPath(List<String> env) {
    String path = null;
    for (String kv : env) {
      if (kv.startsWith("PATH=")) {
        path = kv.substring(5);
      }
    }
    return path != null ? path : DEFAULT_PATH;
  }

  /** Go's filepath.Clean for an absolute path. */
  static String clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    StringJoiner j = new StringJoiner("/", "/", "");
    parts.forEach(j::add);
    return j.toString();
  }
}
