package io.jrunc.internal.linux.cgroup;

import io.jrunc.spec.Linux.Resources;
import io.jrunc.spec.Linux.Resources.BlockIo;
import io.jrunc.spec.Linux.Resources.Cpu;
import io.jrunc.spec.Linux.Resources.DeviceRule;
import io.jrunc.spec.Linux.Resources.Memory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code linux.resources} becomes in cgroup files: a list of writes, in order, each naming
 * the resource it comes from (for messages). Pure: the cgroup manager does the writing. The
 * mappings follow runc's (libcontainer/cgroups fs and fs2) and crun's.
 */
public final class ResourceWrites {

  /**
   * One write.
   *
   * @param controller the v1 hierarchy (null on v2)
   * @param files the file, or alternatives: the first that exists is written
   * @param value what is written
   * @param what the spec field, e.g. {@code linux.resources.memory.limit}
   */
  public record Write(String controller, List<String> files, String value, String what) {
    public Write {
      files = List.copyOf(files);
    }

    Write(String controller, String file, String value, String what) {
      this(controller, List.of(file), value, what);
    }

    public String file() {
      return files.get(0);
    }
  }

  /** Things a resource asks for that this hierarchy cannot do: the message says which. */
  public static final class Unsupported extends CgroupException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  private ResourceWrites() {}

  // ---- cgroup v1 ------------------------------------------------------------------------------

  /**
   * The v1 writes. {@code currentMemsw} is the cgroup's memory.memsw.limit_in_bytes now (-1:
   * unlimited or unknown): a swap limit raised above it goes first, as the kernel wants memsw
   * never below the memory limit.
   */
  public static List<Write> v1(Resources r, long currentMemsw) throws CgroupException {
    List<Write> w = new ArrayList<>();
    if (r == null) {
      return w;
    }
    devicesV1(Nulls.of(r.devices()), w);
    Memory m = r.memory();
    if (m != null) {
      String p = "linux.resources.memory.";
      Write limit = m.limit() == null || m.limit() == 0 ? null
          : new Write("memory", "memory.limit_in_bytes", Long.toString(m.limit()), p + "limit");
      Write swap = m.swap() == null || m.swap() == 0 ? null
          : new Write("memory", "memory.memsw.limit_in_bytes", Long.toString(m.swap()), p + "swap");
      if (limit != null && swap != null && m.limit() > 0 && m.swap() > 0 && m.swap() < m.limit()) {
        throw new CgroupException(p + "swap (" + m.swap() + ") is below " + p + "limit ("
            + m.limit() + "): on cgroup v1 swap is memory plus swap");
      }
      boolean swapFirst = swap != null && (m.swap() == -1 || (currentMemsw >= 0 && m.swap() > currentMemsw));
      if (swapFirst) {
        w.add(swap);
      }
      if (limit != null) {
        w.add(limit);
      }
      if (swap != null && !swapFirst) {
        w.add(swap);
      }
      if (m.reservation() != null && m.reservation() != 0) {
        w.add(new Write("memory", "memory.soft_limit_in_bytes", Long.toString(m.reservation()), p + "reservation"));
      }
      if (m.swappiness() != null && m.swappiness() >= 0) {
        if (m.swappiness() > 100) {
          throw new CgroupException(p + "swappiness " + m.swappiness() + ": must be 0 to 100");
        }
        w.add(new Write("memory", "memory.swappiness", Long.toString(m.swappiness()), p + "swappiness"));
      }
      if (Boolean.TRUE.equals(m.disableOomKiller())) {
        w.add(new Write("memory", "memory.oom_control", "1", p + "disableOOMKiller"));
      }
    }
    Cpu c = r.cpu();
    if (c != null) {
      String p = "linux.resources.cpu.";
      if (c.shares() != null && c.shares() != 0) {
        w.add(new Write("cpu", "cpu.shares", Long.toUnsignedString(c.shares()), p + "shares"));
      }
      if (c.period() != null && c.period() != 0) {
        w.add(new Write("cpu", "cpu.cfs_period_us", Long.toUnsignedString(c.period()), p + "period"));
      }
      if (c.quota() != null && c.quota() != 0) {
        w.add(new Write("cpu", "cpu.cfs_quota_us", Long.toString(c.quota()), p + "quota"));
      }
      if (c.burst() != null) {
        w.add(new Write("cpu", "cpu.cfs_burst_us", Long.toUnsignedString(c.burst()), p + "burst"));
      }
      if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
        w.add(new Write("cpu", "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod()), p + "realtimePeriod"));
      }
      if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
        w.add(new Write("cpu", "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()), p + "realtimeRuntime"));
      }
      if (c.idle() != null) {
        w.add(new Write("cpu", "cpu.idle", Long.toString(c.idle()), p + "idle"));
      }
      if (c.cpus() != null && !c.cpus().isEmpty()) {
        w.add(new Write("cpuset", "cpuset.cpus", c.cpus(), p + "cpus"));
      }
      if (c.mems() != null && !c.mems().isEmpty()) {
        w.add(new Write("cpuset", "cpuset.mems", c.mems(), p + "mems"));
      }
    }
    if (r.pids() != null && r.pids().limit() != null) {
      w.add(new Write("pids", "pids.max", pidsMax(r.pids().limit()), "linux.resources.pids.limit"));
    }
    BlockIo b = r.blockIo();
    if (b != null) {
      String p = "linux.resources.blockIO.";
      if (b.weight() != null && b.weight() != 0) {
        w.add(new Write("blkio", List.of("blkio.weight", "blkio.bfq.weight"), b.weight().toString(), p + "weight"));
      }
      if (b.leafWeight() != null && b.leafWeight() != 0) {
        w.add(new Write("blkio", "blkio.leaf_weight", b.leafWeight().toString(), p + "leafWeight"));
      }
      int i = 0;
      for (BlockIo.WeightDevice d : Nulls.of(b.weightDevice())) {
        String dev = d.major() + ":" + d.minor();
        if (d.weight() != null) {
          w.add(new Write("blkio", List.of("blkio.weight_device", "blkio.bfq.weight_device"),
              dev + " " + d.weight(), p + "weightDevice[" + i + "].weight"));
        }
        if (d.leafWeight() != null) {
          w.add(new Write("blkio", "blkio.leaf_weight_device", dev + " " + d.leafWeight(),
              p + "weightDevice[" + i + "].leafWeight"));
        }
        i++;
      }
      throttleV1(Nulls.of(b.throttleReadBpsDevice()), "blkio.throttle.read_bps_device", p + "throttleReadBpsDevice", w);
      throttleV1(Nulls.of(b.throttleWriteBpsDevice()), "blkio.throttle.write_bps_device", p + "throttleWriteBpsDevice", w);
      throttleV1(Nulls.of(b.throttleReadIopsDevice()), "blkio.throttle.read_iops_device", p + "throttleReadIOPSDevice", w);
      throttleV1(Nulls.of(b.throttleWriteIopsDevice()), "blkio.throttle.write_iops_device", p + "throttleWriteIOPSDevice", w);
    }
    int i = 0;
    for (Resources.HugepageLimit h : Nulls.of(r.hugepageLimits())) {
      w.add(new Write("hugetlb", "hugetlb." + pageSize(h.pageSize(), i) + ".limit_in_bytes",
          Long.toUnsignedString(h.limit()), "linux.resources.hugepageLimits[" + i + "].limit"));
      i++;
    }
    if (r.network() != null) {
      if (r.network().classId() != null) {
        w.add(new Write("net_cls", "net_cls.classid", r.network().classId().toString(),
            "linux.resources.network.classID"));
      }
      i = 0;
      for (Resources.Network.InterfacePriority p : Nulls.of(r.network().priorities())) {
        w.add(new Write("net_prio", "net_prio.ifpriomap", p.name() + " " + p.priority(),
            "linux.resources.network.priorities[" + i++ + "]"));
      }
    }
    if (!Nulls.of(r.unified()).isEmpty()) {
      throw new Unsupported("linux.resources.unified needs cgroup v2 (this machine's controllers "
          + "are cgroup v1): use the other linux.resources fields");
    }
    return w;
  }

  private static void throttleV1(List<BlockIo.ThrottleDevice> list, String file, String what, List<Write> w) {
    int i = 0;
    for (BlockIo.ThrottleDevice d : list) {
      w.add(new Write("blkio", file, d.major() + ":" + d.minor() + " " + Long.toUnsignedString(d.rate()),
          what + "[" + i++ + "]"));
    }
  }

  /** v1 device rules: a leading deny-all resets to "deny everything", then each rule in order. */
  private static void devicesV1(List<DeviceRule> rules, List<Write> w) throws CgroupException {
    int i = 0;
    for (DeviceRule d : rules) {
      String what = "linux.resources.devices[" + i++ + "]";
      String rule = deviceRule(d, what);
      w.add(new Write("devices", d.allow() ? "devices.allow" : "devices.deny", rule, what));
    }
  }

  /** A rule as devices.allow/deny read it: "a", or "c 1:3 rwm" with "*" for absent numbers. */
  static String deviceRule(DeviceRule d, String what) throws CgroupException {
    String type = d.type() == null || d.type().isEmpty() ? "a" : d.type();
    if (!type.equals("a") && !type.equals("c") && !type.equals("b")) {
      throw new CgroupException(what + ".type \"" + type + "\": must be a, c or b");
    }
    String access = d.access() == null || d.access().isEmpty() ? "rwm" : d.access();
    if (!access.matches("[rwm]{1,3}")) {
      throw new CgroupException(what + ".access \"" + access + "\": must be made of r, w and m");
    }
    if (type.equals("a") && d.major() == null && d.minor() == null && access.length() == 3
        && access.chars().distinct().count() == 3) {
      return "a";
    }
    return type + " " + (d.major() == null || d.major() < 0 ? "*" : d.major().toString()) + ":"
        + (d.minor() == null || d.minor() < 0 ? "*" : d.minor().toString()) + " " + access;
  }

  /** pids.max for a limit: runtime-spec 1.2.1 reads 0 and below as unlimited. */
  static String pidsMax(long limit) {
    return limit > 0 ? Long.toString(limit) : "max";
  }

  private static String pageSize(String size, int i) throws CgroupException {
    if (size == null || !size.matches("[0-9]+[KMG]B")) {
      throw new CgroupException("linux.resources.hugepageLimits[" + i + "].pageSize \"" + size
          + "\": expected a size such as 2MB or 1GB");
    }
    return size;
  }

  // ---- cgroup v2 ------------------------------------------------------------------------------

  /**
   * The v2 writes (files in the container's cgroup). Device rules are not here: on v2 they are an
   * eBPF program, not files.
   */
  public static List<Write> v2(Resources r) throws CgroupException {
    List<Write> w = new ArrayList<>();
    if (r == null) {
      return w;
    }
    Memory m = r.memory();
    if (m != null) {
      String p = "linux.resources.memory.";
      long limit = m.limit() == null ? 0 : m.limit();
      long swap = m.swap() == null ? 0 : m.swap();
      long swapV2 = swapToV2(swap, limit);
      // memory.swap.max first when lowering (crun's order); the kernel takes either order.
      if (swapV2 != 0 || swap > 0) { // swap equal to the limit: no swap, "0"
        w.add(new Write(null, "memory.swap.max", max(swapV2), p + "swap"));
      }
      if (limit != 0) {
        w.add(new Write(null, "memory.max", max(limit), p + "limit"));
      }
      if (m.reservation() != null && m.reservation() != 0) {
        w.add(new Write(null, "memory.low", max(m.reservation()), p + "reservation"));
      }
      // swappiness and disableOOMKiller have no cgroup v2 file (runc ignores them too).
    }
    Cpu c = r.cpu();
    if (c != null) {
      String p = "linux.resources.cpu.";
      if (c.shares() != null && c.shares() != 0) {
        w.add(new Write(null, "cpu.weight", Long.toString(sharesToWeight(c.shares())), p + "shares"));
      }
      long quota = c.quota() == null ? 0 : c.quota();
      long period = c.period() == null ? 0 : c.period();
      if (quota != 0 || period != 0) {
        String v = quota > 0 ? Long.toString(quota) : "max";
        if (period != 0) {
          v += " " + Long.toUnsignedString(period);
        }
        w.add(new Write(null, "cpu.max", v, p + (quota != 0 ? "quota" : "period")));
      }
      if (c.burst() != null) {
        w.add(new Write(null, "cpu.max.burst", Long.toUnsignedString(c.burst()), p + "burst"));
      }
      if (c.idle() != null) {
        w.add(new Write(null, "cpu.idle", Long.toString(c.idle()), p + "idle"));
      }
      if ((c.realtimePeriod() != null && c.realtimePeriod() != 0)
          || (c.realtimeRuntime() != null && c.realtimeRuntime() != 0)) {
        throw new Unsupported(p + "realtimePeriod and realtimeRuntime need cgroup v1 (cgroup v2 "
            + "has no real-time CPU controller)");
      }
      if (c.cpus() != null && !c.cpus().isEmpty()) {
        w.add(new Write(null, "cpuset.cpus", c.cpus(), p + "cpus"));
      }
      if (c.mems() != null && !c.mems().isEmpty()) {
        w.add(new Write(null, "cpuset.mems", c.mems(), p + "mems"));
      }
    }
    if (r.pids() != null && r.pids().limit() != null) {
      w.add(new Write(null, "pids.max", pidsMax(r.pids().limit()), "linux.resources.pids.limit"));
    }
    BlockIo b = r.blockIo();
    if (b != null) {
      String p = "linux.resources.blockIO.";
      if (b.weight() != null && b.weight() != 0) {
        // io.bfq.weight takes blkio's 1-1000 as is; io.weight's range is 1-10000.
        w.add(new Write(null, "io.bfq.weight", b.weight().toString(), p + "weight"));
      }
      int i = 0;
      for (BlockIo.WeightDevice d : Nulls.of(b.weightDevice())) {
        if (d.weight() != null) {
          w.add(new Write(null, "io.bfq.weight", d.major() + ":" + d.minor() + " " + d.weight(),
              p + "weightDevice[" + i + "].weight"));
        }
        i++;
      }
      Map<String, StringBuilder> max = new LinkedHashMap<>();
      Map<String, String> whats = new LinkedHashMap<>();
      throttleV2(Nulls.of(b.throttleReadBpsDevice()), "rbps", p + "throttleReadBpsDevice", max, whats);
      throttleV2(Nulls.of(b.throttleWriteBpsDevice()), "wbps", p + "throttleWriteBpsDevice", max, whats);
      throttleV2(Nulls.of(b.throttleReadIopsDevice()), "riops", p + "throttleReadIOPSDevice", max, whats);
      throttleV2(Nulls.of(b.throttleWriteIopsDevice()), "wiops", p + "throttleWriteIOPSDevice", max, whats);
      for (Map.Entry<String, StringBuilder> e : max.entrySet()) {
        w.add(new Write(null, "io.max", e.getKey() + e.getValue(), whats.get(e.getKey())));
      }
    }
    int i = 0;
    for (Resources.HugepageLimit h : Nulls.of(r.hugepageLimits())) {
      w.add(new Write(null, "hugetlb." + pageSize(h.pageSize(), i) + ".max",
          Long.toUnsignedString(h.limit()), "linux.resources.hugepageLimits[" + i + "].limit"));
      i++;
    }
    if (r.network() != null && (r.network().classId() != null || !Nulls.of(r.network().priorities()).isEmpty())) {
      throw new Unsupported("linux.resources.network needs the cgroup v1 net_cls and net_prio "
          + "controllers, which cgroup v2 does not have");
    }
    for (Map.Entry<String, String> e : Nulls.of(r.unified()).entrySet()) {
      String key = e.getKey();
      if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..")
          || !key.contains(".")) {
        throw new CgroupException("linux.resources.unified: \"" + key + "\" is not a cgroup file name");
      }
      if (key.startsWith("cgroup.") && !key.equals("cgroup.max.depth")
          && !key.equals("cgroup.max.descendants") && !key.equals("cgroup.type")) {
        throw new CgroupException("linux.resources.unified: \"" + key
            + "\" is managed by the runtime and cannot be set");
      }
      w.add(new Write(null, key, e.getValue(), "linux.resources.unified[\"" + key + "\"]"));
    }
    return w;
  }

  private static void throttleV2(List<BlockIo.ThrottleDevice> list, String key, String what,
      Map<String, StringBuilder> max, Map<String, String> whats) {
    int i = 0;
    for (BlockIo.ThrottleDevice d : list) {
      String dev = d.major() + ":" + d.minor();
      max.computeIfAbsent(dev, k -> new StringBuilder())
          .append(' ').append(key).append('=').append(d.rate() == 0 ? "max" : Long.toUnsignedString(d.rate()));
      whats.putIfAbsent(dev, what + "[" + i + "]");
      i++;
    }
  }

  private static String max(long v) {
    return v < 0 ? "max" : Long.toString(v);
  }

  /**
   * cgroup v1's cpu.shares (2 to 262144) as cgroup v2's cpu.weight (1 to 10000), the conversion
   * runc and crun use: 2 → 1, 1024 → 39, 262144 → 10000.
   */
  public static long sharesToWeight(long shares) {
    if (shares == 0) {
      return 0;
    }
    long s = Math.max(2, Math.min(262144, shares));
    return 1 + ((s - 2) * 9999) / 262142;
  }

  /**
   * memory.swap.max for the spec's swap (memory plus swap, v1's meaning) and limit: swap minus
   * limit; -1 unlimited, 0 unset (as runc does). A swap with no memory limit fails.
   */
  public static long swapToV2(long swap, long limit) throws CgroupException {
    if (limit == -1 && swap == 0) {
      return -1;
    }
    if (swap == -1 || swap == 0) {
      return swap;
    }
    if (limit == 0 || limit == -1) {
      throw new CgroupException("linux.resources.memory.swap (" + swap + ") needs a memory limit "
          + "(linux.resources.memory.limit) on cgroup v2");
    }
    if (swap < limit) {
      throw new CgroupException("linux.resources.memory.swap (" + swap + ") is below "
          + "linux.resources.memory.limit (" + limit + "): swap is memory plus swap");
    }
    return swap - limit;
  }

  /** The v2 controller a file belongs to ("memory" for memory.max), or null for core files. */
  public static String controllerOf(String file) {
    int dot = file.indexOf('.');
    String c = dot < 0 ? file : file.substring(0, dot);
    return c.equals("cgroup") ? null : c;
  }
}
