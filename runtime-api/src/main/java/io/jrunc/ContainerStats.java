package io.jrunc;

import java.util.List;
import java.util.Map;

/**
 * A container's resource usage, read from its cgroups at one moment ({@link Container#stats()}).
 * Immutable. A value the machine does not provide is 0 (counters) or -1 (limits); a limit that is
 * not set ("max") is also -1.
 *
 * @param memory memory usage and limits
 * @param cpu CPU time and throttling
 * @param pids process count and limit
 * @param blockIo block I/O counters
 */
public record ContainerStats(Memory memory, Cpu cpu, Pids pids, BlockIo blockIo) {

  /**
   * Memory.
   *
   * @param usage bytes in use now
   * @param maxUsage the most bytes in use so far (cgroup v1, or v2's memory.peak)
   * @param limit the limit in bytes, -1 if none
   * @param failcnt how often the limit was hit (v1 failcnt; v2's memory.events max)
   * @param oomKills processes of the container the OOM killer killed
   * @param raw the memory.stat counters
   */
  public record Memory(long usage, long maxUsage, long limit, long failcnt, long oomKills,
      Map<String, Long> raw) {
    /**
     * Copies the map.
     *
     * @param usage see {@link #usage()}
     * @param maxUsage see {@link #maxUsage()}
     * @param limit see {@link #limit()}
     * @param failcnt see {@link #failcnt()}
     * @param oomKills see {@link #oomKills()}
     * @param raw see {@link #raw()}
     */
    public Memory {
      raw = Map.copyOf(raw);
    }
  }

  /**
   * CPU.
   *
   * @param totalNanos CPU time used, in nanoseconds
   * @param perCpuNanos CPU time per CPU (cgroup v1 only; empty on v2)
   * @param userNanos time in user mode
   * @param systemNanos time in kernel mode
   * @param periods enforcement periods elapsed (with a quota)
   * @param throttledPeriods periods in which the quota ran out
   * @param throttledNanos time spent throttled, in nanoseconds
   */
  public record Cpu(long totalNanos, List<Long> perCpuNanos, long userNanos, long systemNanos,
      long periods, long throttledPeriods, long throttledNanos) {
    /**
     * Copies the list.
     *
     * @param totalNanos see {@link #totalNanos()}
     * @param perCpuNanos see {@link #perCpuNanos()}
     * @param userNanos see {@link #userNanos()}
     * @param systemNanos see {@link #systemNanos()}
     * @param periods see {@link #periods()}
     * @param throttledPeriods see {@link #throttledPeriods()}
     * @param throttledNanos see {@link #throttledNanos()}
     */
    public Cpu {
      perCpuNanos = List.copyOf(perCpuNanos);
    }
  }

  /**
   * Processes.
   *
   * @param current processes (tasks) now
   * @param limit the limit, -1 if none
   */
  public record Pids(long current, long limit) {}

  /**
   * Block I/O.
   *
   * @param serviceBytes bytes transferred, per device and operation
   * @param serviced operations, per device and operation
   */
  public record BlockIo(List<Entry> serviceBytes, List<Entry> serviced) {
    /**
     * Copies the lists.
     *
     * @param serviceBytes see {@link #serviceBytes()}
     * @param serviced see {@link #serviced()}
     */
    public BlockIo {
      serviceBytes = List.copyOf(serviceBytes);
      serviced = List.copyOf(serviced);
    }

    /**
     * One counter.
     *
     * @param major the device's major number
     * @param minor the device's minor number
     * @param op the operation, as runc names them: Read, Write, Sync, Async, Discard, Total
     * @param value the count
     */
    public record Entry(long major, long minor, String op, long value) {}
  }
}
