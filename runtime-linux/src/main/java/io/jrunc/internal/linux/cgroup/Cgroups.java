package io.jrunc.internal.linux.cgroup;

import io.jrunc.ContainerStats;
import io.jrunc.spec.Linux.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container's cgroups: a directory in each v1 hierarchy (v1, hybrid) and/or in the unified
 * one (hybrid: core files only; v2: everything). Makes, joins, configures, reads, freezes, kills
 * and removes them. It only ever removes the directories it made itself ({@link #created}); a
 * cgroup that existed is joined and left in place.
 *
 * <p>On v2, the controllers the container needs are enabled in the cgroup.subtree_control of the
 * ancestors jrunc owns: the ones it made, and its default parent {@code /jrunc}.
 */
public final class Cgroups {
  private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
  /** The file in the state dir that records a container's cgroups. */
  public static final String STATE_FILE = "cgroups";
  private static final long UNLIMITED_V1 = 0x7FFFFFFFFFFFF000L;
  private static final int FREEZE_POLLS = 2000;

  private final CgroupFs fs;
  private final boolean v2Controllers;
  private final Map<String, Path> v1; // controller → its directory
  private final Path unified; // the unified hierarchy's directory, or null
  private final Set<Path> created = new LinkedHashSet<>();
  private final List<Path> ownedAncestors = new ArrayList<>();
  private boolean deviceProgram = true;
  private final Map<String, Path> v1Binds = new LinkedHashMap<>(); // (known at creation only)

  private Cgroups(CgroupFs fs, boolean v2Controllers, Map<String, Path> v1, Path unified) {
    this.fs = fs;
    this.v2Controllers = v2Controllers;
    this.v1 = v1;
    this.unified = unified;
  }

  /** The cgroups of container {@code id} with {@code cgroupsPath} (not made yet: {@link #create}). */
  public static Cgroups of(Hierarchies h, String cgroupsPath, String id, CgroupFs fs) throws CgroupException {
    String path = CgroupPaths.resolve(cgroupsPath, id);
    Map<String, Path> v1 = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : h.v1Mounts().entrySet()) {
      v1.put(e.getKey(), e.getValue().resolve(CgroupPaths.inHierarchy(path, h.v1Own().get(e.getKey()))));
    }
    Path unified = h.unifiedMount() == null ? null
        : h.unifiedMount().resolve(CgroupPaths.inHierarchy(path, h.unifiedOwn()));
    Cgroups c = new Cgroups(fs, h.controllersOnV2(), v1, unified);
    for (Map.Entry<String, Path> e : h.v1Mounts().entrySet()) {
      c.v1Binds.putIfAbsent(e.getValue().getFileName().toString(), v1.get(e.getKey()));
    }
    if (unified != null && path.startsWith("/" + CgroupPaths.DEFAULT_PARENT + "/")) {
      // jrunc's own parent (made by an earlier container, or now) is jrunc's to configure
      c.ownedAncestors.add(h.unifiedMount().resolve(CgroupPaths.DEFAULT_PARENT));
    }
    return c;
  }

  /**
   * Without privileges (a delegated v2 subtree) a device program cannot be loaded: device rules
   * are then left to the device nodes the container has (runc does the same).
   */
  public Cgroups withoutDeviceProgram() {
    deviceProgram = false;
    return this;
  }

  /** Every directory, each once: the v1 ones, then the unified one. */
  public List<Path> dirs() {
    Set<Path> all = new LinkedHashSet<>(v1.values());
    if (unified != null) {
      all.add(unified);
    }
    return List.copyOf(all);
  }

  /** The directories this made (and so removes), deepest first. */
  public List<Path> createdDirs() {
    List<Path> l = new ArrayList<>(created);
    l.sort((a, b) -> b.getNameCount() - a.getNameCount());
    return l;
  }

  /**
   * v1: each hierarchy's mount point name ({@code memory}, {@code cpu,cpuacct}) → the container's
   * directory in it, for the container's own /sys/fs/cgroup.
   */
  public Map<String, Path> v1Binds() {
    return java.util.Collections.unmodifiableMap(v1Binds);
  }

  public Path unifiedDir() {
    return unified;
  }

  public Map<String, Path> v1Dirs() {
    return Map.copyOf(v1);
  }

  public boolean v2Controllers() {
    return v2Controllers;
  }

  // ---- making, joining, removing ------------------------------------------------------------

  /**
   * Makes the directories (and missing parents); on v1 gives new cpuset cgroups their parent's
   * cpus and mems (a cpuset cgroup without them takes no process); on v2 enables the available
   * controllers in the owned ancestors' cgroup.subtree_control.
   */
  public void create() throws CgroupException {
    for (Path dir : dirs()) {
      List<Path> missing = new ArrayList<>();
      for (Path p = dir; p != null && !fs.exists(p); p = p.getParent()) {
        missing.add(0, p);
      }
      for (Path p : missing) {
        try {
          if (fs.mkdir(p)) {
            if (p.equals(dir)) {
              created.add(p);
            } else if (dir.equals(unified)) {
              ownedAncestors.add(p);
            }
          }
        } catch (IOException e) {
          throw new CgroupException("cannot make cgroup " + p + ": " + CgroupFs.reason(e), e);
        }
      }
      if (dir.equals(v1.get("cpuset"))) {
        for (Path p : missing) {
          inheritCpuset(p, "cpuset.cpus");
          inheritCpuset(p, "cpuset.mems");
        }
      }
    }
    if (v2Controllers && unified != null) {
      enableControllers();
    }
  }

  private void inheritCpuset(Path dir, String file) throws CgroupException {
    try {
      String v = fs.readIfExists(dir.resolve(file));
      if (v != null && v.isEmpty()) {
        fs.write(dir.resolve(file), fs.read(dir.getParent().resolve(file)));
      }
    } catch (IOException e) {
      throw new CgroupException("cannot set " + dir.resolve(file) + " from its parent: " + CgroupFs.reason(e), e);
    }
  }

  /** v2: "+controller" in the subtree_control of each owned ancestor, top down. */
  private void enableControllers() {
    List<Path> ancestors = new ArrayList<>(new LinkedHashSet<>(ownedAncestors));
    ancestors.sort((a, b) -> a.getNameCount() - b.getNameCount());
    for (Path a : ancestors) {
      if (!unified.startsWith(a) || a.equals(unified)) {
        continue;
      }
      String available;
      try {
        available = fs.readIfExists(a.resolve("cgroup.controllers"));
      } catch (IOException e) {
        continue;
      }
      if (available == null || available.isEmpty()) {
        continue;
      }
      for (String c : available.split("\\s+")) {
        try {
          fs.write(a.resolve("cgroup.subtree_control"), "+" + c);
        } catch (IOException e) {
          LOG.debug("cannot enable {} in {}: {}", c, a, CgroupFs.reason(e));
        }
      }
    }
  }

  /** Puts process {@code pid} (and its threads) in every directory. */
  public void join(long pid) throws CgroupException {
    for (Path dir : dirs()) {
      Path procs = dir.resolve("cgroup.procs");
      try {
        fs.write(procs, Long.toString(pid));
      } catch (IOException e) {
        throw new CgroupException("cannot put the container's init (pid " + pid + ") in cgroup "
            + dir + ": " + CgroupFs.reason(e), e);
      }
    }
  }

  /**
   * Removes the directories this made. A cgroup whose last processes are still exiting is busy
   * for a moment: retried for up to a second.
   */
  public void destroy() throws CgroupException {
    CgroupException failure = null;
    for (Path dir : createdDirs()) {
      for (int attempt = 0; ; attempt++) {
        try {
          fs.rmdir(dir);
          break;
        } catch (IOException e) {
          if (attempt < 1000 && e instanceof FileSystemException f && "Device or resource busy".equals(f.getReason())) {
            LockSupport.parkNanos(1_000_000L);
            continue;
          }
          CgroupException c = new CgroupException("cannot remove cgroup " + dir + ": " + CgroupFs.reason(e), e);
          if (failure == null) {
            failure = c;
          } else {
            failure.addSuppressed(c);
          }
          break;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  // ---- resources ----------------------------------------------------------------------------

  /**
   * Writes {@code linux.resources}: on v2 (controllers) to the unified directory; otherwise to
   * the v1 hierarchies. A value the kernel refuses fails with a message naming the field, the
   * value and the file.
   */
  public void apply(Resources r) throws CgroupException {
    if (r == null) {
      return;
    }
    if (v2Controllers) {
      List<ResourceWrites.Write> writes = ResourceWrites.v2(r);
      if (!Nulls.of(r.devices()).isEmpty()) {
        byte[] program = DeviceFilter.compile(Nulls.of(r.devices()));
        if (deviceProgram) {
          Bpf.attachDeviceProgram(unified, program);
        } else {
          LOG.debug("{}: device rules not enforced (no device program without privileges)", unified);
        }
      }
      String enabled = readOr(unified.resolve("cgroup.controllers"), "");
      Set<String> have = Set.of(enabled.split("\\s+"));
      for (ResourceWrites.Write w : writes) {
        String c = ResourceWrites.controllerOf(w.file());
        if (c != null && !have.contains(c)) {
          throw new CgroupException(w.what() + ": the " + c + " controller is not enabled for "
              + unified + " (cgroup.controllers: \"" + enabled + "\"); enable it in the parent's "
              + "cgroup.subtree_control (with systemd: Delegate=yes)");
        }
        write(unified, w);
      }
      return;
    }
    long memsw = -1;
    Path memory = v1.get("memory");
    if (memory != null) {
      memsw = parseLimit(readOr(memory.resolve("memory.memsw.limit_in_bytes"), "max"));
    }
    for (ResourceWrites.Write w : ResourceWrites.v1(r, memsw)) {
      Path dir = v1.get(w.controller());
      if (dir == null) {
        throw new CgroupException(w.what() + ": this machine has no " + w.controller()
            + " cgroup hierarchy (no cgroup v1 " + w.controller() + " controller is mounted)");
      }
      write(dir, w);
    }
  }

  private void write(Path dir, ResourceWrites.Write w) throws CgroupException {
    if ((w.file().equals("memory.memsw.limit_in_bytes") || w.file().equals("memory.swap.max"))
        && !fs.exists(dir.resolve(w.file()))) {
      // swap accounting is off in this kernel (swapaccount=0): swap cannot be limited
      LOG.warn("{} = {}: not applied, {} has no {} (swap accounting is off)", w.what(), w.value(),
          dir, w.file());
      return;
    }
    Path file = dir.resolve(w.file());
    for (String f : w.files()) {
      if (fs.exists(dir.resolve(f))) {
        file = dir.resolve(f);
        break;
      }
    }
    try {
      fs.write(file, w.value());
    } catch (NoSuchFileException e) {
      throw new CgroupException(w.what() + " = " + w.value() + ": " + file.getFileName()
          + " does not exist in " + dir + " (not supported by this kernel)", e);
    } catch (IOException e) {
      throw new CgroupException(w.what() + " = " + w.value() + ": the kernel refused \"" + w.value()
          + "\" in " + file + ": " + CgroupFs.reason(e), e);
    }
  }

  // ---- freezing and killing -----------------------------------------------------------------

  private Path freezerDir() {
    return v1.get("freezer");
  }

  /** True if the container's processes are frozen (paused). */
  public boolean frozen() {
    Path f = freezerDir();
    if (f != null) {
      return "FROZEN".equals(readOr(f.resolve("freezer.state"), ""));
    }
    return unified != null && "1".equals(readOr(unified.resolve("cgroup.freeze"), "0"));
  }

  /** Freezes every process (v1 freezer.state, v2 cgroup.freeze) and waits until they are. */
  public void freeze() throws CgroupException {
    setFrozen(true);
  }

  /** Thaws them. */
  public void thaw() throws CgroupException {
    setFrozen(false);
  }

  private void setFrozen(boolean freeze) throws CgroupException {
    Path f = freezerDir();
    try {
      if (f != null) {
        Path state = f.resolve("freezer.state");
        String want = freeze ? "FROZEN" : "THAWED";
        for (int i = 0; i < FREEZE_POLLS; i++) {
          if (i % 100 == 0) { // (runc writes again now and then: a new task may have raced in)
            fs.write(state, want);
          }
          if (want.equals(fs.read(state))) {
            return;
          }
          LockSupport.parkNanos(1_000_000L);
        }
        throw new CgroupException("cgroup " + f + " did not become " + want + " in 2 s");
      }
      if (unified == null) {
        throw new CgroupException("no freezer: neither a v1 freezer hierarchy nor cgroup v2");
      }
      fs.write(unified.resolve("cgroup.freeze"), freeze ? "1" : "0");
      for (int i = 0; i < FREEZE_POLLS; i++) {
        String events = readOr(unified.resolve("cgroup.events"), "");
        if (keyed(events).getOrDefault("frozen", freeze ? 1L : 0L) == (freeze ? 1 : 0)) {
          return;
        }
        LockSupport.parkNanos(1_000_000L);
      }
      throw new CgroupException("cgroup " + unified + " did not " + (freeze ? "freeze" : "thaw") + " in 2 s");
    } catch (CgroupException e) {
      throw e;
    } catch (IOException e) {
      throw new CgroupException((freeze ? "freeze" : "thaw") + " " + (f != null ? f : unified) + ": "
          + CgroupFs.reason(e), e);
    }
  }

  /** Sends signals; a test double needs no processes. */
  @FunctionalInterface
  public interface Signaller {
    void signal(long pid, int signal) throws IOException;
  }

  /** The processes in the container's cgroup. */
  public long[] pids() throws CgroupException {
    Path dir = unified != null ? unified : freezerDir() != null ? freezerDir()
        : dirs().isEmpty() ? null : dirs().get(0);
    if (dir == null) {
      return new long[0];
    }
    try {
      return fs.pids(dir.resolve("cgroup.procs"));
    } catch (IOException e) {
      throw new CgroupException("cannot list " + dir.resolve("cgroup.procs") + ": " + CgroupFs.reason(e), e);
    }
  }

  /**
   * Sends {@code signal} to every process of the container. SIGKILL with cgroup.kill (v2, also a
   * hybrid's unified cgroup) is one write; otherwise the cgroup is frozen so nothing forks, each
   * process is signalled, and it is thawed (v1's way, runc's too).
   */
  public void signalAll(int signal, Signaller signaller) throws CgroupException {
    if (signal == 9 && unified != null && fs.exists(unified.resolve("cgroup.kill"))) {
      try {
        fs.write(unified.resolve("cgroup.kill"), "1");
        return;
      } catch (IOException e) {
        LOG.debug("cgroup.kill of {}: {}; signalling each process", unified, CgroupFs.reason(e));
      }
    }
    boolean canFreeze = freezerDir() != null || (unified != null && fs.exists(unified.resolve("cgroup.freeze")));
    boolean wasFrozen = canFreeze && frozen();
    if (canFreeze && !wasFrozen) {
      freeze();
    }
    try {
      for (long pid : pids()) {
        try {
          signaller.signal(pid, signal);
        } catch (IOException e) {
          LOG.debug("signal {} to {}: {}", signal, pid, e.toString());
        }
      }
    } finally {
      if (canFreeze && (!wasFrozen || signal == 9)) {
        thaw(); // a frozen process dies of SIGKILL only once thawed
      }
    }
  }

  // ---- statistics ---------------------------------------------------------------------------

  /** How many processes the OOM killer killed in the container. */
  public long oomKills() {
    if (v2Controllers) {
      return keyed(readOr(unified.resolve("memory.events"), "")).getOrDefault("oom_kill", 0L);
    }
    Path m = v1.get("memory");
    return m == null ? 0 : keyed(readOr(m.resolve("memory.oom_control"), "")).getOrDefault("oom_kill", 0L);
  }

  /** The container's statistics now. */
  public ContainerStats stats() {
    return v2Controllers ? statsV2() : statsV1();
  }

  private ContainerStats statsV1() {
    Path m = v1.get("memory");
    ContainerStats.Memory memory = m == null ? emptyMemory()
        : new ContainerStats.Memory(num(m, "memory.usage_in_bytes"), num(m, "memory.max_usage_in_bytes"),
            parseLimit(readOr(m.resolve("memory.limit_in_bytes"), "max")), num(m, "memory.failcnt"),
            oomKills(), keyed(readOr(m.resolve("memory.stat"), "")));
    Path acct = v1.get("cpuacct");
    Path cpu = v1.get("cpu");
    List<Long> perCpu = new ArrayList<>();
    long total = 0;
    long user = 0;
    long system = 0;
    if (acct != null) {
      total = num(acct, "cpuacct.usage");
      for (String s : readOr(acct.resolve("cpuacct.usage_percpu"), "").split("\\s+")) {
        if (!s.isEmpty()) {
          perCpu.add(parseNum(s));
        }
      }
      if (fs.exists(acct.resolve("cpuacct.usage_user"))) {
        user = num(acct, "cpuacct.usage_user");
        system = num(acct, "cpuacct.usage_sys");
      } else { // USER_HZ ticks
        Map<String, Long> st = keyed(readOr(acct.resolve("cpuacct.stat"), ""));
        user = st.getOrDefault("user", 0L) * 10_000_000L;
        system = st.getOrDefault("system", 0L) * 10_000_000L;
      }
    }
    Map<String, Long> cs = cpu == null ? Map.of() : keyed(readOr(cpu.resolve("cpu.stat"), ""));
    ContainerStats.Cpu c = new ContainerStats.Cpu(total, perCpu, user, system,
        cs.getOrDefault("nr_periods", 0L), cs.getOrDefault("nr_throttled", 0L),
        cs.getOrDefault("throttled_time", 0L));
    Path p = v1.get("pids");
    ContainerStats.Pids pids = p == null ? new ContainerStats.Pids(0, -1)
        : new ContainerStats.Pids(num(p, "pids.current"), parseLimit(readOr(p.resolve("pids.max"), "max")));
    Path b = v1.get("blkio");
    ContainerStats.BlockIo io = new ContainerStats.BlockIo(
        b == null ? List.of() : blkioV1(readOr(b.resolve("blkio.throttle.io_service_bytes_recursive"), "")),
        b == null ? List.of() : blkioV1(readOr(b.resolve("blkio.throttle.io_serviced_recursive"), "")));
    return new ContainerStats(memory, c, pids, io);
  }

  private ContainerStats statsV2() {
    Path u = unified;
    Map<String, Long> events = keyed(readOr(u.resolve("memory.events"), ""));
    ContainerStats.Memory memory = new ContainerStats.Memory(num(u, "memory.current"),
        num(u, "memory.peak"), parseLimit(readOr(u.resolve("memory.max"), "max")),
        events.getOrDefault("max", 0L), events.getOrDefault("oom_kill", 0L),
        keyed(readOr(u.resolve("memory.stat"), "")));
    Map<String, Long> cs = keyed(readOr(u.resolve("cpu.stat"), ""));
    ContainerStats.Cpu cpu = new ContainerStats.Cpu(cs.getOrDefault("usage_usec", 0L) * 1000, List.of(),
        cs.getOrDefault("user_usec", 0L) * 1000, cs.getOrDefault("system_usec", 0L) * 1000,
        cs.getOrDefault("nr_periods", 0L), cs.getOrDefault("nr_throttled", 0L),
        cs.getOrDefault("throttled_usec", 0L) * 1000);
    ContainerStats.Pids pids = new ContainerStats.Pids(num(u, "pids.current"),
        parseLimit(readOr(u.resolve("pids.max"), "max")));
    List<ContainerStats.BlockIo.Entry> bytes = new ArrayList<>();
    List<ContainerStats.BlockIo.Entry> ios = new ArrayList<>();
    for (String line : readOr(u.resolve("io.stat"), "").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2 || !f[0].contains(":")) {
        continue;
      }
      String[] dev = f[0].split(":");
      long major = parseNum(dev[0]);
      long minor = parseNum(dev[1]);
      for (int i = 1; i < f.length; i++) {
        String[] kv = f[i].split("=", 2);
        if (kv.length != 2) {
          continue;
        }
        long v = parseNum(kv[1]);
        switch (kv[0]) {
          case "rbytes" -> bytes.add(new ContainerStats.BlockIo.Entry(major, minor, "Read", v));
          case "wbytes" -> bytes.add(new ContainerStats.BlockIo.Entry(major, minor, "Write", v));
          case "rios" -> ios.add(new ContainerStats.BlockIo.Entry(major, minor, "Read", v));
          case "wios" -> ios.add(new ContainerStats.BlockIo.Entry(major, minor, "Write", v));
          default -> { }
        }
      }
    }
    return new ContainerStats(memory, cpu, pids, new ContainerStats.BlockIo(bytes, ios));
  }

  private static ContainerStats.Memory emptyMemory() {
    return new ContainerStats.Memory(0, 0, -1, 0, 0, Map.of());
  }

  /** blkio's "8:0 Read 4096" lines (the "Total" summary line without a device is skipped). */
  static List<ContainerStats.BlockIo.Entry> blkioV1(String text) {
    List<ContainerStats.BlockIo.Entry> l = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3 || !f[0].contains(":")) {
        continue;
      }
      String[] dev = f[0].split(":");
      l.add(new ContainerStats.BlockIo.Entry(parseNum(dev[0]), parseNum(dev[1]), f[1], parseNum(f[2])));
    }
    return l;
  }

  /** "key value" lines (memory.stat, cpu.stat, memory.events, cgroup.events) as a map. */
  static Map<String, Long> keyed(String text) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        try {
          m.put(f[0], Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
          // not a number: skipped
        }
      }
    }
    return m;
  }

  /** A limit: "max", or v1's huge "unlimited" value, is -1. */
  static long parseLimit(String s) {
    if (s == null || s.isEmpty() || s.equals("max")) {
      return -1;
    }
    long v = parseNum(s);
    return v >= UNLIMITED_V1 ? -1 : v;
  }

  private static long parseNum(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      try {
        return Long.parseUnsignedLong(s.trim());
      } catch (NumberFormatException e2) {
        return 0;
      }
    }
  }

  private long num(Path dir, String file) {
    return parseNum(readOr(dir.resolve(file), "0"));
  }

  private String readOr(Path file, String fallback) {
    try {
      String s = fs.readIfExists(file);
      return s == null ? fallback : s;
    } catch (IOException e) {
      return fallback;
    }
  }

  // ---- the state dir ------------------------------------------------------------------------

  /** Records the cgroups in {@code stateDir}, so a later delete (another JVM, the CLI) finds them. */
  public void save(Path stateDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("controllers ").append(v2Controllers ? "v2" : "v1").append('\n');
    for (Map.Entry<String, Path> e : v1.entrySet()) {
      b.append("v1 ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    if (unified != null) {
      b.append("unified ").append(unified).append('\n');
    }
    for (Path p : createdDirs()) {
      b.append("created ").append(p).append('\n');
    }
    Path tmp = stateDir.resolve(STATE_FILE + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, stateDir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The cgroups recorded in {@code stateDir}, or null if there are none. */
  public static Cgroups load(Path stateDir, CgroupFs fs) throws IOException {
    Path file = stateDir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    boolean v2 = false;
    Map<String, Path> v1 = new LinkedHashMap<>();
    Path unified = null;
    List<Path> created = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split(" ", 3);
      switch (f[0]) {
        case "controllers" -> v2 = f[1].equals("v2");
        case "v1" -> v1.put(f[1], Path.of(f[2]));
        case "unified" -> unified = Path.of(line.substring("unified ".length()));
        case "created" -> created.add(Path.of(line.substring("created ".length())));
        default -> throw new IOException(file + ": unknown line \"" + line + "\"");
      }
    }
    Cgroups c = new Cgroups(fs, v2, v1, unified);
    Set<Path> known = new LinkedHashSet<>(c.dirs());
    for (Path p : created) {
      if (!known.contains(p)) {
        throw new IOException(file + ": " + p + " is not one of the container's cgroups");
      }
      c.created.add(p);
    }
    return c;
  }
}
