package io.jrunc.internal.linux.compile;

import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_NODEV;
import static io.jrunc.internal.linux.Linux.MS_NOEXEC;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_RDONLY;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_RELATIME;
import static io.jrunc.internal.linux.Linux.MS_REMOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import io.jrunc.internal.spec.SpecDefaults;
import io.jrunc.spec.Linux.IdMapping;
import io.jrunc.spec.Problem;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rootless policy without privileges: who writes which id map, what a user without privileges is
 * told when a mapping or a namespace needs more, and how mounts change in a user namespace.
 */
class RootlessCompileTest {
  final FakeHost host = new FakeHost();

  /** What `runc spec --rootless` writes for alice (1000:1000). */
  static Spec rootless() {
    return SpecDefaults.toRootless(SpecDefaults.example(false), 1000, 1000);
  }

  static Spec mappings(Spec s, List<IdMapping> uids, List<IdMapping> gids) {
    return s.toBuilder().linux(s.linux().toBuilder().uidMappings(uids).gidMappings(gids).build())
        .build();
  }

  static final List<IdMapping> RANGES = List.of(IdMapping.of(0, 1000, 1),
      IdMapping.of(1, 100000, 65536));

  List<Problem> problems = new ArrayList<>();

  Optional<IdMaps> decide(Spec s) {
    problems = new ArrayList<>();
    return IdMaps.decide(s, host, problems);
  }

  List<String> problemTexts() {
    return problems.stream().map(p -> p.path() + ": " + p.message()).toList();
  }

  Plan compile(Spec s) {
    return PlanCompiler.compile(s, Path.of("/bundle"), CompileOptions.builder().host(host).build());
  }

  // ---- who writes the maps ---------------------------------------------------------------------

  @Test
  void rootWritesAnyMapItselfAndLeavesSetgroupsAlone() {
    IdMaps m = decide(mappings(rootless(), List.of(IdMapping.of(0, 100000, 65536)),
        List.of(IdMapping.of(0, 100000, 65536)))).orElseThrow();
    assertThat(m.uid().helper()).isNull();
    assertThat(m.gid().helper()).isNull();
    assertThat(m.denySetgroups()).isFalse();
    assertThat(m.uid().text()).isEqualTo("0 100000 65536\n");
  }

  @Test
  void aUserWritesASingleMappingOfTheirOwnIdsItselfDenyingSetgroups() {
    host.user();
    IdMaps m = decide(rootless()).orElseThrow();
    assertThat(m.uid().helper()).isNull();
    assertThat(m.gid().helper()).isNull();
    assertThat(m.denySetgroups()).isTrue();
    assertThat(m.gid().text()).isEqualTo("0 1000 1\n");
  }

  @Test
  void aUserMapsSubordinateRangesWithNewuidmapAndNewgidmap() {
    host.user();
    host.files.put(IdMaps.SUBUID, List.of("# comment", "bob:200000:65536", "alice:100000:65536"));
    host.files.put(IdMaps.SUBGID, List.of("1000:100000:65536"));
    IdMaps m = decide(mappings(rootless(), RANGES, RANGES)).orElseThrow();
    assertThat(m.uid().helper()).isEqualTo(Path.of("/usr/bin/newuidmap"));
    assertThat(m.gid().helper()).isEqualTo(Path.of("/usr/bin/newgidmap"));
    assertThat(m.denySetgroups()).isFalse();
    assertThat(m.uid().helperArgs(42)).containsExactly("42", "0", "1000", "1", "1", "100000", "65536");
  }

  @Test
  void withoutNewuidmapRangesAreAProblemThatNamesThePackage() {
    host.user();
    host.programs.clear();
    host.files.put(IdMaps.SUBUID, List.of("alice:100000:65536"));
    host.files.put(IdMaps.SUBGID, List.of("alice:100000:65536"));
    assertThat(decide(mappings(rootless(), RANGES, RANGES))).isEmpty();
    assertThat(problemTexts()).containsExactly(
        "linux.uidMappings: maps more than alice (uid 1000)'s own uid: without CAP_SETUID that"
            + " needs newuidmap (package uidmap on Debian and Ubuntu, shadow-utils on Fedora),"
            + " which is not installed; or map only your own uid (1000) with size 1",
        "linux.gidMappings: maps more than alice (gid 1000)'s own gid: without CAP_SETGID that"
            + " needs newgidmap (package uidmap on Debian and Ubuntu, shadow-utils on Fedora),"
            + " which is not installed; or map only your own gid (1000) with size 1");
  }

  @Test
  void rangesThatEtcSubuidDoesNotGiveAreAProblemNamingIt() {
    host.user();
    host.files.put(IdMaps.SUBGID, List.of("alice:100000:1000"));
    assertThat(decide(mappings(rootless(), RANGES, RANGES))).isEmpty();
    assertThat(problemTexts()).containsExactly(
        "linux.uidMappings[1]: host uids 100000-165535 cannot be mapped by alice (uid 1000)"
            + " without CAP_SETUID: it may map only its own uid and the subordinate uids that"
            + " /etc/subuid gives it (none); add a range there, e.g. as root: usermod"
            + " --add-subuids 100000-165535 alice",
        "linux.gidMappings[1]: host gids 100000-165535 cannot be mapped by alice (gid 1000)"
            + " without CAP_SETGID: it may map only its own gid and the subordinate gids that"
            + " /etc/subgid gives it (100000-100999)");
  }

  @Test
  void anotherUsersSingleIdIsNotOurs() {
    host.user();
    assertThat(decide(mappings(rootless(), List.of(IdMapping.of(0, 1001, 1)),
        List.of(IdMapping.of(0, 1000, 1))))).isEmpty();
    assertThat(problemTexts()).singleElement().asString()
        .startsWith("linux.uidMappings[0]: host uid 1001 cannot be mapped by alice (uid 1000)");
  }

  @Test
  void theProcessUserMustBeMapped() {
    host.user();
    Spec s = rootless().toBuilder().process(rootless().process().toBuilder()
        .user(Spec.Process.User.builder().uid(1000).gid(0).additionalGids(List.of(5L)).build())
        .build()).build();
    assertThat(decide(s)).isEmpty();
    assertThat(problemTexts()).containsExactly(
        "process.user.uid: 1000 is not mapped in the container's user namespace"
            + " (linux.uidMappings maps 0); a user who is not root can map more ids with"
            + " subordinate ids from /etc/subuid and /etc/subgid and newuidmap/newgidmap"
            + " (package uidmap)",
        "process.user.additionalGids[0]: 5 is not mapped in the container's user namespace"
            + " (linux.gidMappings maps 0)",
        "process.user.additionalGids: cannot be set: a gid map written without CAP_SETGID denies"
            + " setgroups in the container; map the gids with newgidmap (package uidmap) from"
            + " ranges in /etc/subgid, or run as root");
  }

  @Test
  void aJoinedUserNamespaceTakesNoMappings() {
    Spec s = rootless().toBuilder().linux(rootless().linux().toBuilder().namespaces(List.of(
        io.jrunc.spec.Linux.Namespace.of("user", "/proc/42/ns/user"),
        io.jrunc.spec.Linux.Namespace.of("mount"))).build()).build();
    assertThat(decide(s)).isEmpty();
    assertThat(problemTexts()).containsExactly(
        "linux.uidMappings: cannot be applied: the user namespace is joined by path, and has its"
            + " maps already; leave them out",
        "linux.gidMappings: cannot be applied: the user namespace is joined by path, and has its"
            + " maps already; leave them out");
  }

  @Test
  void noNewUserNamespaceNoMaps() {
    assertThat(decide(SpecDefaults.example(false))).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void subordinateIdFilesAreReadByNameOrId() {
    assertThat(IdMaps.subordinateIds(List.of("alice:100000:65536", "", "#x:1:2", "bad",
        "alice:x:1", "1000:300000:10", "bob:1:1"), "alice", 1000))
        .containsExactly(new IdMaps.Range(100000, 65536), new IdMaps.Range(300000, 10));
  }

  // ---- the compiler as a user ----------------------------------------------------------------

  @Test
  void aUserWithoutAUserNamespaceIsToldWhatToAdd() {
    host.user();
    assertThatThrownBy(() -> compile(SpecDefaults.example(false).toBuilder()
        .root(Spec.Root.of("/rootfs", false)).build()))
        .hasMessageContaining("linux.namespaces: needs a user namespace: this runtime runs as"
            + " uid 1000 without CAP_SYS_ADMIN")
        .hasMessageContaining("`jrunc spec --rootless`");
  }

  @Test
  void theRootlessSpecCompilesForAUser() {
    host.user();
    Plan plan = compile(rootless().toBuilder().root(Spec.Root.of("/rootfs", true)).build());
    assertThat(plan.waitsForParent()).isTrue();
    assertThat(plan.steps()).noneMatch(s -> s.op() == PlanOp.MKNOD);
  }

  @Test
  void aUserJoinsTheUserNamespaceFirst() {
    host.user();
    Spec s = rootless().toBuilder().root(Spec.Root.of("/rootfs", true)).hostname(null)
        .linux(rootless().linux().toBuilder().uidMappings(null).gidMappings(null).namespaces(List.of(
            io.jrunc.spec.Linux.Namespace.of("network", "/proc/42/ns/net"),
            io.jrunc.spec.Linux.Namespace.of("user", "/proc/42/ns/user"),
            io.jrunc.spec.Linux.Namespace.of("mount"))).build()).build();
    List<String> setns = compile(s).steps().stream().filter(st -> st.op() == PlanOp.SETNS)
        .map(Step::describe).toList();
    assertThat(setns).containsExactly("setns fd 15 (\"/proc/42/ns/user\") CLONE_NEWUSER",
        "setns fd 14 (\"/proc/42/ns/net\") CLONE_NEWNET");
  }

  @Test
  void sysfsFallsBackToAReadOnlyBindOfTheHostsInAUserNamespace() {
    host.user();
    host.mountFlags.put(Path.of("/sys"), MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
    Spec s = SpecDefaults.example(false).toBuilder().root(Spec.Root.of("/rootfs", false)).build();
    List<io.jrunc.spec.Linux.Namespace> ns = new ArrayList<>(s.linux().namespaces());
    ns.add(io.jrunc.spec.Linux.Namespace.of("user"));
    s = s.toBuilder().linux(s.linux().toBuilder().namespaces(ns)
        .uidMappings(List.of(IdMapping.of(0, 1000, 1)))
        .gidMappings(List.of(IdMapping.of(0, 1000, 1))).build()).build();
    s = mappings(s, RANGES, RANGES); // gid=5 of devpts is mapped
    host.files.put(IdMaps.SUBUID, List.of("alice:100000:65536"));
    host.files.put(IdMaps.SUBGID, List.of("alice:100000:65536"));
    Plan plan = compile(s);
    int i = PlanCompilerTest.first(plan, st -> st.op() == PlanOp.MOUNT && "sysfs".equals(st.str(3)));
    assertThat(plan.step(i).okErrno()).isEqualTo(Errno.EPERM);
    assertThat(plan.step(i + 1).describe())
        .isEqualTo("skip the next 3 steps unless the step before failed with EPERM");
    Step bind = plan.step(i + 2);
    assertThat(bind.str(0)).isEqualTo("/sys");
    assertThat(bind.num64(5)).isEqualTo(MS_BIND | MS_REC);
    assertThat(plan.step(i + 3).op()).isEqualTo(PlanOp.OPENAT2);
    assertThat(plan.step(i + 4).num64(5)).isEqualTo(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID
        | MS_NODEV | MS_NOEXEC | MS_RELATIME);
  }

  @Test
  void bindMountsKeepTheFlagsTheSourceMountLocksInAUserNamespace() {
    host.user();
    host.mountFlags.put(Path.of("/data"), MS_NOEXEC | MS_RDONLY | MS_RELATIME);
    Spec s = rootless().toBuilder().root(Spec.Root.of("/rootfs", false)).build();
    s = PlanCompilerTest.withMount(s, Spec.Mount.of("/mnt", "bind", "/data/x",
        List.of("rbind", "rw", "nosuid")));
    Plan plan = compile(s);
    Step remount = plan.step(PlanCompilerTest.last(plan, st -> st.op() == PlanOp.MOUNT
        && "/mnt".equals(st.note())));
    assertThat(remount.num64(5)).isEqualTo(MS_BIND | MS_REC | MS_REMOUNT | MS_NOSUID | MS_NOEXEC
        | MS_RDONLY | MS_RELATIME);
    // As root without a user namespace nothing is locked: exactly the flags asked for.
    FakeHost root = new FakeHost();
    root.mountFlags.putAll(host.mountFlags);
    Spec rooted = PlanCompilerTest.withMount(SpecDefaults.example(false).toBuilder()
        .root(Spec.Root.of("/rootfs", false)).build(), Spec.Mount.of("/mnt", "bind", "/data/x",
        List.of("rbind", "rw", "nosuid")));
    Plan p2 = PlanCompiler.compile(rooted, Path.of("/bundle"), CompileOptions.builder().host(root).build());
    assertThat(p2.step(PlanCompilerTest.last(p2, st -> st.op() == PlanOp.MOUNT
        && "/mnt".equals(st.note()))).num64(5)).isEqualTo(MS_BIND | MS_REC | MS_REMOUNT | MS_NOSUID);
  }

  @Test
  void mountOptionsNamingUnmappedIdsAreAProblem() {
    host.user();
    Spec s = rootless().toBuilder().root(Spec.Root.of("/rootfs", false)).build();
    s = PlanCompilerTest.withMount(s, Spec.Mount.of("/dev/pts2", "devpts", "devpts",
        List.of("newinstance", "gid=5")));
    Spec bad = s;
    assertThatThrownBy(() -> compile(bad)).hasMessageContaining("mounts[" + (s.mounts().size() - 1)
        + "].options: \"gid=5\" names a gid that is not mapped in the container's user namespace"
        + " (linux.gidMappings); leave it out, as `jrunc spec --rootless` does, or map it");
  }
}
