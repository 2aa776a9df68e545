package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.Linux.Resources;
import io.jrunc.spec.Linux.Resources.BlockIo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceWritesTest {

  static List<String> show(List<ResourceWrites.Write> writes) {
    return writes.stream().map(w -> (w.controller() == null ? "" : w.controller() + "/")
        + String.join("|", w.files()) + "=" + w.value()).toList();
  }

  static final Resources ALL = Resources.builder()
      .memory(Resources.Memory.builder().limit(64L << 20).swap(128L << 20).reservation(32L << 20)
          .swappiness(10L).disableOomKiller(true).build())
      .cpu(Resources.Cpu.builder().shares(1024L).quota(50000L).period(100000L).cpus("0-1").mems("0").idle(1L).build())
      .pids(Resources.Pids.builder().limit(100L).build())
      .blockIo(BlockIo.builder().weight(500)
          .weightDevice(List.of(new BlockIo.WeightDevice(8, 0, 300, null, null)))
          .throttleReadBpsDevice(List.of(new BlockIo.ThrottleDevice(8, 0, 1048576, null)))
          .throttleWriteIopsDevice(List.of(new BlockIo.ThrottleDevice(8, 0, 100, null)))
          .build())
      .hugepageLimits(List.of(new Resources.HugepageLimit("2MB", 4194304, null)))
      .build();

  @Test
  void v1Files() throws Exception {
    assertThat(show(ResourceWrites.v1(ALL, 64L << 20))).containsExactly(
        "memory/memory.memsw.limit_in_bytes=134217728", // raised above the current memsw: first
        "memory/memory.limit_in_bytes=67108864",
        "memory/memory.soft_limit_in_bytes=33554432",
        "memory/memory.swappiness=10",
        "memory/memory.oom_control=1",
        "cpu/cpu.shares=1024",
        "cpu/cpu.cfs_period_us=100000",
        "cpu/cpu.cfs_quota_us=50000",
        "cpu/cpu.idle=1",
        "cpuset/cpuset.cpus=0-1",
        "cpuset/cpuset.mems=0",
        "pids/pids.max=100",
        "blkio/blkio.weight|blkio.bfq.weight=500",
        "blkio/blkio.weight_device|blkio.bfq.weight_device=8:0 300",
        "blkio/blkio.throttle.read_bps_device=8:0 1048576",
        "blkio/blkio.throttle.write_iops_device=8:0 100",
        "hugetlb/hugetlb.2MB.limit_in_bytes=4194304");
  }

  @Test
  void v1SwapLoweredGoesAfterTheLimit() throws Exception {
    Resources r = Resources.builder().memory(Resources.Memory.builder().limit(16L << 20).swap(16L << 20).build()).build();
    assertThat(show(ResourceWrites.v1(r, -1))).containsExactly(
        "memory/memory.limit_in_bytes=16777216", "memory/memory.memsw.limit_in_bytes=16777216");
  }

  @Test
  void v1DevicesNetworkAndPids() throws Exception {
    Resources r = Resources.builder()
        .devices(List.of(new Resources.DeviceRule(false, null, null, null, "rwm", null),
            new Resources.DeviceRule(true, "c", 1L, 3L, "rw", null),
            new Resources.DeviceRule(true, "c", 136L, null, "rwm", null)))
        .network(Resources.Network.builder().classId(0x100001L)
            .priorities(List.of(new Resources.Network.InterfacePriority("eth0", 5, null))).build())
        .pids(Resources.Pids.builder().limit(0L).build())
        .build();
    assertThat(show(ResourceWrites.v1(r, -1))).containsExactly(
        "devices/devices.deny=a", "devices/devices.allow=c 1:3 rw", "devices/devices.allow=c 136:* rwm",
        "pids/pids.max=max", "net_cls/net_cls.classid=1048577", "net_prio/net_prio.ifpriomap=eth0 5");
  }

  @Test
  void v1Refuses() {
    assertThatThrownBy(() -> ResourceWrites.v1(Resources.builder().unified(Map.of("memory.high", "1M")).build(), -1))
        .hasMessageContaining("linux.resources.unified needs cgroup v2");
    assertThatThrownBy(() -> ResourceWrites.v1(Resources.builder()
        .memory(Resources.Memory.builder().limit(100L).swap(50L).build()).build(), -1))
        .hasMessageContaining("linux.resources.memory.swap (50) is below");
    assertThatThrownBy(() -> ResourceWrites.v1(Resources.builder()
        .devices(List.of(new Resources.DeviceRule(true, "x", null, null, "rwm", null))).build(), -1))
        .hasMessageContaining("linux.resources.devices[0].type \"x\"");
    assertThatThrownBy(() -> ResourceWrites.v1(Resources.builder()
        .hugepageLimits(List.of(new Resources.HugepageLimit("2M", 1, null))).build(), -1))
        .hasMessageContaining("hugepageLimits[0].pageSize \"2M\"");
  }

  @Test
  void v2Files() throws Exception {
    Resources r = ALL.toBuilder().unified(Map.of("memory.high", "50M")).build();
    assertThat(show(ResourceWrites.v2(r))).containsExactly(
        "memory.swap.max=67108864", // swap - limit
        "memory.max=67108864",
        "memory.low=33554432",
        "cpu.weight=39", // from 1024 shares
        "cpu.max=50000 100000",
        "cpu.idle=1",
        "cpuset.cpus=0-1",
        "cpuset.mems=0",
        "pids.max=100",
        "io.bfq.weight=500",
        "io.bfq.weight=8:0 300",
        "io.max=8:0 rbps=1048576 wiops=100",
        "hugetlb.2MB.max=4194304",
        "memory.high=50M");
  }

  @Test
  void conversions() throws Exception {
    assertThat(ResourceWrites.sharesToWeight(2)).isEqualTo(1);
    assertThat(ResourceWrites.sharesToWeight(1024)).isEqualTo(39);
    assertThat(ResourceWrites.sharesToWeight(262144)).isEqualTo(10000);
    assertThat(ResourceWrites.swapToV2(-1, 100)).isEqualTo(-1);
    assertThat(ResourceWrites.swapToV2(0, -1)).isEqualTo(-1);
    assertThat(ResourceWrites.swapToV2(0, 100)).isZero();
    assertThat(ResourceWrites.swapToV2(300, 100)).isEqualTo(200);
    assertThatThrownBy(() -> ResourceWrites.swapToV2(300, 0)).hasMessageContaining("needs a memory limit");
    assertThat(ResourceWrites.pidsMax(0)).isEqualTo("max");
    assertThat(ResourceWrites.pidsMax(-1)).isEqualTo("max");
    assertThat(show(ResourceWrites.v2(Resources.builder()
        .memory(Resources.Memory.builder().limit(-1L).build())
        .cpu(Resources.Cpu.builder().period(50000L).build()).build())))
        .containsExactly("memory.swap.max=max", "memory.max=max", "cpu.max=max 50000");
  }

  @Test
  void v2Refuses() {
    assertThatThrownBy(() -> ResourceWrites.v2(Resources.builder()
        .network(Resources.Network.builder().classId(1L).build()).build()))
        .hasMessageContaining("linux.resources.network needs the cgroup v1");
    assertThatThrownBy(() -> ResourceWrites.v2(Resources.builder()
        .cpu(Resources.Cpu.builder().realtimeRuntime(1000L).build()).build()))
        .hasMessageContaining("realtimeRuntime need cgroup v1");
    assertThatThrownBy(() -> ResourceWrites.v2(Resources.builder().unified(Map.of("../x.y", "1")).build()))
        .hasMessageContaining("not a cgroup file name");
    assertThatThrownBy(() -> ResourceWrites.v2(Resources.builder().unified(Map.of("cgroup.procs", "1")).build()))
        .hasMessageContaining("managed by the runtime");
  }
}
