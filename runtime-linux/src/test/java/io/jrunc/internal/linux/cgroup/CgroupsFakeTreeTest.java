package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.ContainerStats;
import io.jrunc.spec.Linux.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager against temporary directories laid out like cgroupfs: a v2 machine (controllers
 * on the unified hierarchy, which this machine cannot show for real) and a v1 one.
 */
class CgroupsFakeTreeTest {
  @TempDir Path root;

  /** Records every write, as cgroupfs would see them. */
  static final class RecordingFs extends CgroupFs {
    final List<String> writes = new ArrayList<>();
    final Path base;

    RecordingFs(Path base) {
      this.base = base;
    }

    @Override
    public void write(Path file, String value) throws IOException {
      writes.add(base.relativize(file) + "=" + value);
      if (file.getFileName().toString().equals("cgroup.subtree_control")) {
        if (!Files.exists(file)) {
          throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return; // (cgroupfs accumulates "+c"; the fake only records)
      }
      super.write(file, value);
    }
  }

  static void put(Path dir, String file, String content) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), content);
  }

  @Test
  void v2MakesEnablesControllersInOwnedAncestorsAppliesReadsFreezesKillsAndRemoves() throws Exception {
    put(root, "cgroup.controllers", "cpuset cpu io memory hugetlb pids");
    put(root, "cgroup.subtree_control", "cpu memory pids io");
    RecordingFs fs = new RecordingFs(root);
    Cgroups c = Cgroups.of(Hierarchies.v2(root, "/"), null, "c1", fs);
    c.create();
    Path jrunc = root.resolve("jrunc");
    Path dir = jrunc.resolve("c1");
    assertThat(dir).isDirectory();
    assertThat(c.createdDirs()).containsExactly(dir);
    // /jrunc was made now, without files (a real one has them): nothing to enable from
    assertThat(fs.writes).isEmpty();

    // a second container: /jrunc exists (made by jrunc earlier) and is configured
    put(jrunc, "cgroup.controllers", "cpu memory pids io");
    put(jrunc, "cgroup.subtree_control", "");
    Cgroups c2 = Cgroups.of(Hierarchies.v2(root, "/"), null, "c2", fs);
    c2.create();
    assertThat(fs.writes).containsExactly("jrunc/cgroup.subtree_control=+cpu", "jrunc/cgroup.subtree_control=+memory",
        "jrunc/cgroup.subtree_control=+pids", "jrunc/cgroup.subtree_control=+io");
    fs.writes.clear();

    Path d2 = jrunc.resolve("c2");
    put(d2, "cgroup.controllers", "cpu memory pids");
    for (String f : List.of("memory.max", "memory.swap.max", "cpu.max", "cpu.weight", "pids.max", "cgroup.procs",
        "cgroup.freeze", "cgroup.kill")) {
      put(d2, f, "");
    }
    c2.apply(Resources.builder()
        .memory(Resources.Memory.builder().limit(32L << 20).swap(32L << 20).build())
        .cpu(Resources.Cpu.builder().quota(20000L).period(100000L).shares(512L).build())
        .pids(Resources.Pids.builder().limit(64L).build()).build());
    assertThat(fs.writes).containsExactly("jrunc/c2/memory.swap.max=0", "jrunc/c2/memory.max=33554432",
        "jrunc/c2/cpu.weight=20", "jrunc/c2/cpu.max=20000 100000", "jrunc/c2/pids.max=64");
    assertThatThrownBy(() -> c2.apply(Resources.builder().blockIo(Resources.BlockIo.builder().weight(100).build()).build()))
        .hasMessageContaining("linux.resources.blockIO.weight: the io controller is not enabled")
        .hasMessageContaining("Delegate=yes");

    c2.join(4242);
    assertThat(Files.readString(d2.resolve("cgroup.procs"))).isEqualTo("4242");

    put(d2, "memory.current", "1048576\n");
    put(d2, "memory.peak", "2097152\n");
    put(d2, "memory.max", "33554432\n");
    put(d2, "memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n");
    put(d2, "memory.stat", "anon 4096\nfile 8192\n");
    put(d2, "cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\nnr_throttled 4\nthrottled_usec 2000\n");
    put(d2, "pids.current", "3\n");
    put(d2, "pids.max", "max\n");
    put(d2, "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
    ContainerStats s = c2.stats();
    assertThat(s.memory()).isEqualTo(new ContainerStats.Memory(1048576, 2097152, 33554432, 7, 1,
        Map.of("anon", 4096L, "file", 8192L)));
    assertThat(s.cpu()).isEqualTo(new ContainerStats.Cpu(1_500_000, List.of(), 1_000_000, 500_000, 10, 4, 2_000_000));
    assertThat(s.pids()).isEqualTo(new ContainerStats.Pids(3, -1));
    assertThat(s.blockIo().serviceBytes()).containsExactly(new ContainerStats.BlockIo.Entry(8, 0, "Read", 4096),
        new ContainerStats.BlockIo.Entry(8, 0, "Write", 8192));
    assertThat(s.blockIo().serviced()).hasSize(2);
    assertThat(c2.oomKills()).isEqualTo(1);

    put(d2, "cgroup.events", "populated 1\nfrozen 1\n");
    fs.writes.clear();
    c2.freeze();
    assertThat(c2.frozen()).isTrue();
    put(d2, "cgroup.events", "populated 1\nfrozen 0\n");
    c2.thaw();
    assertThat(c2.frozen()).isFalse();
    c2.signalAll(9, (pid, sig) -> { throw new AssertionError("cgroup.kill, not kill(2)"); });
    assertThat(fs.writes).containsExactly("jrunc/c2/cgroup.freeze=1", "jrunc/c2/cgroup.freeze=0", "jrunc/c2/cgroup.kill=1");

    // recorded in the state dir, found again, removed: only what was made
    Path state = Files.createDirectories(root.resolve("../state-" + root.getFileName()).normalize());
    c2.save(state);
    Cgroups again = Cgroups.load(state, fs);
    assertThat(again.createdDirs()).containsExactly(d2);
    assertThat(again.v2Controllers()).isTrue();
    again.destroy();
    assertThat(d2).doesNotExist();
    assertThat(jrunc).isDirectory();
    c.destroy();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aCgroupThatExistedIsJoinedButNotRemoved() throws Exception {
    Path existing = Files.createDirectories(root.resolve("pods/p1"));
    Cgroups c = Cgroups.of(Hierarchies.v2(root, "/"), "/pods/p1", "c1", new CgroupFs());
    c.create();
    assertThat(c.createdDirs()).isEmpty();
    c.destroy();
    assertThat(existing).isDirectory();
  }

  @Test
  void v1CpusetGetsItsParentsCpusAndMemsAndKillFreezesSignalsEachAndThaws() throws Exception {
    Path cpuset = root.resolve("cpuset");
    Path freezer = root.resolve("freezer");
    put(cpuset, "cpuset.cpus", "0-1\n");
    put(cpuset, "cpuset.mems", "0\n");
    Hierarchies h = new Hierarchies(Hierarchies.Mode.V1, Map.of("cpuset", cpuset, "freezer", freezer),
        Map.of("cpuset", "/", "freezer", "/"), null, null);
    // a fake cgroupfs makes a new cpuset cgroup's (empty) files itself
    CgroupFs fs = new CgroupFs() {
      @Override
      public boolean mkdir(Path dir) throws IOException {
        boolean made = super.mkdir(dir);
        if (made && dir.startsWith(cpuset)) {
          Files.writeString(dir.resolve("cpuset.cpus"), "");
          Files.writeString(dir.resolve("cpuset.mems"), "");
        }
        if (made && dir.startsWith(freezer)) {
          Files.writeString(dir.resolve("freezer.state"), "THAWED");
          Files.writeString(dir.resolve("cgroup.procs"), "11\n12\n");
        }
        return made;
      }
    };
    Cgroups c = Cgroups.of(h, null, "c1", fs);
    c.create();
    assertThat(Files.readString(cpuset.resolve("jrunc/cpuset.cpus"))).isEqualTo("0-1");
    assertThat(Files.readString(cpuset.resolve("jrunc/c1/cpuset.mems"))).isEqualTo("0");
    List<String> log = new ArrayList<>();
    Path state = freezer.resolve("jrunc/c1/freezer.state");
    c.signalAll(15, (pid, sig) -> log.add(pid + ":" + sig + ":" + Files.readString(state)));
    assertThat(log).containsExactly("11:15:FROZEN", "12:15:FROZEN");
    assertThat(Files.readString(state)).isEqualTo("THAWED");
    assertThatThrownBy(() -> c.apply(Resources.builder().pids(Resources.Pids.builder().limit(5L).build()).build()))
        .hasMessageContaining("linux.resources.pids.limit: this machine has no pids cgroup hierarchy");
    c.destroy();
    assertThat(cpuset.resolve("jrunc/c1")).doesNotExist();
  }

  @Test
  void v1WithoutSwapAccountingLimitsMemoryAndSaysSwapIsNot() throws Exception {
    Path memory = root.resolve("memory");
    Files.createDirectories(memory);
    Hierarchies h = new Hierarchies(Hierarchies.Mode.V1, Map.of("memory", memory), Map.of("memory", "/"), null, null);
    RecordingFs fs = new RecordingFs(root);
    Cgroups c = Cgroups.of(h, "/box", "c1", fs);
    c.create();
    put(memory.resolve("box"), "memory.limit_in_bytes", "");
    c.apply(Resources.builder().memory(Resources.Memory.builder().limit(1L << 20).swap(1L << 20).build()).build());
    assertThat(fs.writes).containsExactly("memory/box/memory.limit_in_bytes=1048576");
    c.destroy();
    assertThat(memory.resolve("box")).doesNotExist();
  }
}
