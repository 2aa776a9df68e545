package io.jrunc.cli;

import io.jrunc.Container;
import io.jrunc.ContainerStats;
import io.jrunc.internal.spec.JsonIo;
import io.jrunc.spec.Linux.Resources;
import io.jrunc.spec.SpecJson;
import io.jrunc.spec.State;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The cgroup commands, with runc's names and flags: pause, resume, update, events. */
final class CgroupCommands {

  private CgroupCommands() {}

  /** {@code jrunc pause}: freezes every process of the container. */
  @Command(name = "pause", description = "pause all processes of a container")
  static final class Pause extends ContainerCommands.Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Override
    public Integer call() {
      container(id).pause();
      return 0;
    }
  }

  /** {@code jrunc resume}: thaws a paused container. */
  @Command(name = "resume", description = "resume all processes of a paused container")
  static final class Resume extends ContainerCommands.Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Override
    public Integer call() {
      container(id).resume();
      return 0;
    }
  }

  /** {@code jrunc update}: new resource limits for a container, from flags or a JSON file. */
  @Command(name = "update", description = "update the resource limits of a container")
  static final class Update extends ContainerCommands.Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Option(names = {"-r", "--resources"}, description = "a file with linux.resources as JSON, or - for stdin")
    String resources;

    @Option(names = "--blkio-weight", description = "block I/O weight, 10 to 1000")
    Integer blkioWeight;

    @Option(names = "--cpu-period", description = "CPU CFS period in microseconds")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", description = "CPU CFS quota in microseconds per period")
    Long cpuQuota;

    @Option(names = "--cpu-share", description = "CPU shares (relative weight)")
    Long cpuShare;

    @Option(names = "--cpu-rt-period", description = "CPU real-time period in microseconds")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", description = "CPU real-time runtime in microseconds")
    Long cpuRtRuntime;

    @Option(names = "--cpu-idle", description = "1: the container's tasks get SCHED_IDLE")
    Long cpuIdle;

    @Option(names = "--cpuset-cpus", description = "CPUs the container may use (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "memory nodes the container may use")
    String cpusetMems;

    @Option(names = "--memory", description = "memory limit (bytes, or with k, m, g; -1: unlimited)")
    String memory;

    @Option(names = "--memory-reservation", description = "memory reservation (soft limit)")
    String memoryReservation;

    @Option(names = "--memory-swap", description = "memory plus swap limit (-1: unlimited)")
    String memorySwap;

    @Option(names = "--pids-limit", description = "most processes at once (0 or below: unlimited)")
    Long pidsLimit;

    @Option(names = {"--kernel-memory", "--kernel-memory-tcp"}, hidden = true,
        description = "deprecated; ignored as runc ignores it")
    String kernelMemory;

    @Override
    public Integer call() throws IOException {
      Resources r;
      if (resources != null) {
        String text = resources.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(resources), StandardCharsets.UTF_8);
        r = SpecJson.parse(text, resources.equals("-") ? "stdin" : resources, Resources.class);
      } else {
        r = fromFlags();
      }
      container(id).update(r);
      return 0;
    }

    Resources fromFlags() {
      Resources.Builder b = Resources.builder();
      if (memory != null || memoryReservation != null || memorySwap != null) {
        b.memory(Resources.Memory.builder().limit(bytes("--memory", memory))
            .reservation(bytes("--memory-reservation", memoryReservation))
            .swap(bytes("--memory-swap", memorySwap)).build());
      }
      if (cpuPeriod != null || cpuQuota != null || cpuShare != null || cpuRtPeriod != null
          || cpuRtRuntime != null || cpusetCpus != null || cpusetMems != null || cpuIdle != null) {
        b.cpu(Resources.Cpu.builder().period(cpuPeriod).quota(cpuQuota).shares(cpuShare)
            .realtimePeriod(cpuRtPeriod).realtimeRuntime(cpuRtRuntime).cpus(cpusetCpus)
            .mems(cpusetMems).idle(cpuIdle).build());
      }
      if (pidsLimit != null) {
        b.pids(Resources.Pids.builder().limit(pidsLimit).build());
      }
      if (blkioWeight != null) {
        b.blockIo(Resources.BlockIo.builder().weight(blkioWeight).build());
      }
      return b.build();
    }
  }

  /** A size as runc's flags take it: bytes, or with a k, m, g or t suffix (powers of 1024). */
  static Long bytes(String flag, String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("-1")) {
      return -1L;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)i?b?").matcher(v);
    if (!m.matches()) {
      throw new CliException(flag + " \"" + value + "\": expected bytes, e.g. 67108864 or 64m");
    }
    int shift = "_kmgtp".indexOf(m.group(2).isEmpty() ? "_" : m.group(2)) * 10;
    return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
  }

  /** {@code jrunc events}: the container's statistics and OOM events, as JSON lines. */
  @Command(name = "events", description = "display container events such as OOM notifications and resource usage statistics")
  static final class Events extends ContainerCommands.Base {
    @Parameters(paramLabel = "ID", description = "the container id")
    String id;

    @Option(names = "--stats", description = "display the container's statistics once, then exit")
    boolean stats;

    @Option(names = "--interval", description = "how often to print statistics (default: 5s)")
    String interval = "5s";

    @Override
    public Integer call() throws Exception {
      Container c = container(id);
      if (stats) {
        print(event("stats", id, statsJson(c.stats())));
        return 0;
      }
      long every = parseDuration(interval).toMillis();
      if (every <= 0) {
        throw new CliException("--interval " + interval + ": must be positive");
      }
      long ooms = c.stats().memory().oomKills();
      long next = 0;
      while (true) {
        boolean stopped = State.STOPPED.equals(c.state().status()); // (then one last look)
        ContainerStats s = c.stats();
        if (s.memory().oomKills() > ooms) {
          ooms = s.memory().oomKills();
          print(event("oom", id, null));
        }
        long now = System.currentTimeMillis();
        if (now >= next) {
          print(event("stats", id, statsJson(s)));
          next = now + every;
        }
        if (stopped) {
          break;
        }
        Thread.sleep(Math.min(every, 100));
      }
      return 0;
    }

    void print(Map<String, Object> event) throws IOException {
      out().println(JsonIo.valueToJson(event, ""));
      out().flush();
    }
  }

  /** runc's durations: 5s, 500ms, 1m, 1h (or plain seconds). */
  static Duration parseDuration(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(s.trim());
    if (!m.matches()) {
      throw new CliException("--interval \"" + s + "\": expected a duration such as 5s or 500ms");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static Map<String, Object> event(String type, String id, Map<String, Object> data) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("id", id);
    if (data != null) {
      e.put("data", data);
    }
    return e;
  }

  /** The statistics in runc's JSON shape (libcontainer's types.Stats). */
  static Map<String, Object> statsJson(ContainerStats s) {
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> cpu = object(data, "cpu");
    Map<String, Object> usage = object(cpu, "usage");
    usage.put("total", s.cpu().totalNanos());
    if (!s.cpu().perCpuNanos().isEmpty()) {
      usage.put("percpu", new ArrayList<>(s.cpu().perCpuNanos()));
    }
    usage.put("kernel", s.cpu().systemNanos());
    usage.put("user", s.cpu().userNanos());
    Map<String, Object> throttling = object(cpu, "throttling");
    throttling.put("periods", s.cpu().periods());
    throttling.put("throttledPeriods", s.cpu().throttledPeriods());
    throttling.put("throttledTime", s.cpu().throttledNanos());
    Map<String, Object> memory = object(data, "memory");
    Map<String, Object> mu = object(memory, "usage");
    mu.put("limit", unsigned(s.memory().limit()));
    mu.put("usage", s.memory().usage());
    mu.put("max", s.memory().maxUsage());
    mu.put("failcnt", s.memory().failcnt());
    Map<String, Long> raw = s.memory().raw();
    if (raw.containsKey("cache")) {
      memory.put("cache", raw.get("cache"));
    }
    if (!raw.isEmpty()) {
      object(memory, "raw").putAll(raw);
    }
    Map<String, Object> pids = object(data, "pids");
    pids.put("current", s.pids().current());
    if (s.pids().limit() >= 0) {
      pids.put("limit", s.pids().limit());
    }
    Map<String, Object> blkio = object(data, "blkio");
    entries(blkio, "ioServiceBytesRecursive", s.blockIo().serviceBytes());
    entries(blkio, "ioServicedRecursive", s.blockIo().serviced());
    return data;
  }

  /** Adds an empty JSON object named {@code name} to {@code into}. */
  private static Map<String, Object> object(Map<String, Object> into, String name) {
    Map<String, Object> o = new LinkedHashMap<>();
    into.put(name, o);
    return o;
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  private static void entries(Map<String, Object> into, String name, List<ContainerStats.BlockIo.Entry> list) {
    if (list.isEmpty()) {
      return;
    }
    List<Object> a = new ArrayList<>();
    into.put(name, a);
    for (ContainerStats.BlockIo.Entry e : list) {
      Map<String, Object> o = new LinkedHashMap<>();
      a.add(o);
      o.put("major", e.major());
      o.put("minor", e.minor());
      o.put("op", e.op());
      o.put("value", e.value());
    }
  }
}
