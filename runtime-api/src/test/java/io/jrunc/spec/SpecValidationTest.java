package io.jrunc.spec;

import static io.jrunc.spec.TestJson.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jrunc.internal.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each rule of {@link Spec#validate()}, with its exact message. */
class SpecValidationTest {

    /** runc's default spec, which is valid. */
    private static final Spec BASE = SpecDefaults.example(false);

    private static List<String> problems(Spec spec) {
        return spec.validate().stream().map(Problem::toString).toList();
    }

    private static List<String> withProcess(UnaryOperator<Spec.Process.Builder> change) {
        return problems(BASE.toBuilder().process(change.apply(BASE.process().toBuilder()).build()).build());
    }

    private static List<String> withLinux(UnaryOperator<Linux.Builder> change) {
        return problems(BASE.toBuilder().linux(change.apply(BASE.linux().toBuilder()).build()).build());
    }

    private static List<String> withResources(UnaryOperator<Linux.Resources.Builder> change) {
        return withLinux(l -> l.resources(change.apply(Linux.Resources.builder()).build()));
    }

    private static List<String> withSeccomp(Linux.Seccomp seccomp) {
        return withLinux(l -> l.seccomp(seccomp));
    }

    private static List<Linux.Namespace> namespaces(String... types) {
        List<Linux.Namespace> list = new ArrayList<>();
        for (String t : types) {
            list.add(Linux.Namespace.of(t));
        }
        return list;
    }

    @Test
    void validSpecsHaveNoProblems() {
        assertThat(BASE.validate()).isEmpty();
        assertThat(Spec.parse(resource("full-config.json")).validate()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceInDocumentOrder() {
        Spec spec = BASE.toBuilder()
                .ociVersion("2.0.0")
                .process(BASE.process().toBuilder().args(List.of()).cwd("home").build())
                .root(Spec.Root.of("", false))
                .build();
        assertThat(problems(spec)).containsExactly(
                "ociVersion: must be a 1.x semantic version, got \"2.0.0\"",
                "process.args: must not be empty",
                "process.cwd: must be absolute",
                "root.path: must not be empty");
        SpecValidationException e = catchThrowableOfType(SpecValidationException.class, spec::requireValid);
        assertThat(e).hasMessage("config.json: ociVersion: must be a 1.x semantic version, got \"2.0.0\"; "
                + "process.args: must not be empty; process.cwd: must be absolute; root.path: must not be empty");
        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems().get(1)).isEqualTo(new Problem("process.args", "must not be empty"));
        assertThat(e.source()).isEqualTo("config.json");
        assertThat(BASE.requireValid()).isSameAs(BASE);
    }

    @Test
    void ociVersion() {
        assertThat(problems(BASE.toBuilder().ociVersion(null).build()))
                .containsExactly("ociVersion: must not be empty");
        assertThat(problems(BASE.toBuilder().ociVersion("1.0").build()))
                .containsExactly("ociVersion: must be a 1.x semantic version, got \"1.0\"");
        assertThat(problems(BASE.toBuilder().ociVersion("1.2.0-rc.1+build.5").build())).isEmpty();
        assertThat(problems(BASE.toBuilder().ociVersion("1.0.2-dev").build())).isEmpty();
    }

    @Test
    void root() {
        assertThat(problems(BASE.toBuilder().root(null).build())).containsExactly("root: is required");
        assertThat(problems(BASE.toBuilder().root(Spec.Root.of(null, true)).build()))
                .containsExactly("root.path: must not be empty");
    }

    @Test
    void processArgsCwdAndEnv() {
        assertThat(withProcess(p -> p.args(null))).containsExactly("process.args: must not be empty");
        assertThat(withProcess(p -> p.args(List.of()).commandLine("cmd.exe"))).isEmpty();
        assertThat(withProcess(p -> p.args(List.of("", "x\0y"))))
                .containsExactly("process.args[0]: must not be empty",
                        "process.args[1]: must not contain a NUL character");
        assertThat(withProcess(p -> p.cwd(null))).containsExactly("process.cwd: must be absolute");
        assertThat(withProcess(p -> p.cwd("relative/dir"))).containsExactly("process.cwd: must be absolute");
        assertThat(withProcess(p -> p.env(List.of("A=1", "B=", "C", "=x", "D=\0"))))
                .containsExactly("process.env[2]: must be KEY=VALUE", "process.env[3]: must be KEY=VALUE",
                        "process.env[4]: must not contain a NUL character");
        assertThat(problems(BASE.toBuilder().process(null).build())).isEmpty();
    }

    @Test
    void capabilities() {
        assertThat(withProcess(p -> p.capabilities(Spec.Process.Capabilities.builder()
                .bounding(List.of("CAP_KILL", "CAP_FOO"))
                .ambient(List.of("kill"))
                .effective(List.of("CAP_CHECKPOINT_RESTORE", "CAP_BPF"))
                .build())))
                .containsExactly("process.capabilities.bounding[1]: unknown capability \"CAP_FOO\"",
                        "process.capabilities.ambient[0]: unknown capability \"kill\"");
    }

    @Test
    void rlimits() {
        assertThat(withProcess(p -> p.rlimits(List.of(
                Spec.Process.Rlimit.of("RLIMIT_NOFILE", 1024, 1024),
                Spec.Process.Rlimit.of("RLIMIT_FOO", 1, 1),
                Spec.Process.Rlimit.of("RLIMIT_NOFILE", 10, 10),
                Spec.Process.Rlimit.of("RLIMIT_CORE", 1024, 2048),
                Spec.Process.Rlimit.of("RLIMIT_STACK", 1024, -1),
                Spec.Process.Rlimit.of("RLIMIT_AS", -1, -1),
                Spec.Process.Rlimit.of(null, 0, 0)))))
                .containsExactly("process.rlimits[1].type: unknown rlimit \"RLIMIT_FOO\"",
                        "process.rlimits[2].type: duplicate rlimit \"RLIMIT_NOFILE\"",
                        "process.rlimits[3].soft: must not exceed hard (2048 > 1024)",
                        "process.rlimits[4].soft: must not exceed hard (18446744073709551615 > 1024)",
                        "process.rlimits[6].type: must not be empty");
    }

    @Test
    void oomScoreAdj() {
        assertThat(withProcess(p -> p.oomScoreAdj(1001)))
                .containsExactly("process.oomScoreAdj: must be between -1000 and 1000");
        assertThat(withProcess(p -> p.oomScoreAdj(-1000))).isEmpty();
    }

    @Test
    void scheduler() {
        assertThat(withProcess(p -> p.scheduler(Spec.Process.Scheduler.builder().build())))
                .containsExactly("process.scheduler.policy: must not be empty");
        assertThat(withProcess(p -> p.scheduler(Spec.Process.Scheduler.builder().policy("SCHED_FAST")
                .nice(20).flags(List.of("SCHED_FLAG_RECLAIM", "SCHED_FLAG_X")).build())))
                .containsExactly("process.scheduler.policy: unknown policy \"SCHED_FAST\"",
                        "process.scheduler.nice: must be between -20 and 19",
                        "process.scheduler.flags[1]: unknown flag \"SCHED_FLAG_X\"");
        assertThat(withProcess(p -> p.scheduler(Spec.Process.Scheduler.builder().policy("SCHED_OTHER")
                .priority(5).runtime(1L).deadline(0L).period(3L).build())))
                .containsExactly("process.scheduler.priority: only allowed with SCHED_FIFO or SCHED_RR",
                        "process.scheduler.runtime: only allowed with SCHED_DEADLINE",
                        "process.scheduler.period: only allowed with SCHED_DEADLINE");
        assertThat(withProcess(p -> p.scheduler(Spec.Process.Scheduler.builder().policy("SCHED_RR").build())))
                .containsExactly("process.scheduler.priority: must be between 1 and 99 for SCHED_RR");
        assertThat(withProcess(p -> p.scheduler(Spec.Process.Scheduler.builder().policy("SCHED_FIFO")
                .priority(99).build()))).isEmpty();
    }

    @Test
    void ioPriorityAndCpuAffinity() {
        assertThat(withProcess(p -> p.ioPriority(Spec.Process.IoPriority.builder().ioClass("IOPRIO_CLASS_X")
                .priority(8).build())))
                .containsExactly("process.ioPriority.class: unknown class \"IOPRIO_CLASS_X\"",
                        "process.ioPriority.priority: must be between 0 and 7");
        assertThat(withProcess(p -> p.execCpuAffinity(Spec.Process.CpuAffinity.builder()
                .initialCpus("0-3,a").finalCpus("3-1").build())))
                .containsExactly("process.execCPUAffinity.initial: invalid CPU list \"0-3,a\", expected like \"0-3,7\"",
                        "process.execCPUAffinity.final: invalid CPU list \"3-1\", expected like \"0-3,7\"");
    }

    @Test
    void hostnameNeedsAUtsNamespace() {
        Spec spec = BASE.toBuilder().domainname("example.org")
                .linux(BASE.linux().toBuilder().namespaces(namespaces("pid", "mount")).build()).build();
        assertThat(problems(spec)).containsExactly("hostname: requires a uts namespace in linux.namespaces",
                "domainname: requires a uts namespace in linux.namespaces");
    }

    @Test
    void mounts() {
        Spec spec = BASE.toBuilder().mounts(List.of(
                Spec.Mount.of("/proc", "proc", "proc", null),
                Spec.Mount.of("data", "bind", "/srv", null),
                Spec.Mount.of("/a", "none", "", List.of("rbind")),
                Spec.Mount.of("", "tmpfs", "tmpfs", null),
                Spec.Mount.builder().destination("/b").type("tmpfs").source("tmpfs")
                        .uidMappings(List.of(Linux.IdMapping.of(0, 1000, 1))).build(),
                Spec.Mount.builder().destination("/c").source("/c").options(List.of("bind", "idmap"))
                        .uidMappings(List.of(Linux.IdMapping.of(0, 1000, 0)))
                        .gidMappings(List.of(Linux.IdMapping.of(0, 1000, 1))).build()))
                .build();
        assertThat(problems(spec)).containsExactly(
                "mounts[1].destination: must be absolute",
                "mounts[2].source: must not be empty for a bind mount",
                "mounts[3].destination: must be absolute",
                "mounts[4].gidMappings: must be set together with uidMappings",
                "mounts[4].uidMappings: only allowed for bind mounts",
                "mounts[5].uidMappings[0].size: must be > 0");
    }

    @Test
    void hooks() {
        Spec.Hooks.Hook good = Spec.Hooks.Hook.builder().path("/bin/true").build();
        Spec spec = BASE.toBuilder().hooks(Spec.Hooks.builder()
                .prestart(List.of(good, Spec.Hooks.Hook.builder().path("true").build()))
                .createRuntime(List.of(Spec.Hooks.Hook.builder().build()))
                .poststop(List.of(good, Spec.Hooks.Hook.builder().path("/x").env(List.of("NOEQUALS"))
                        .timeout(0).build()))
                .build()).build();
        assertThat(problems(spec)).containsExactly(
                "hooks.prestart[1].path: must be absolute",
                "hooks.createRuntime[0].path: must be absolute",
                "hooks.poststop[1].env[0]: must be KEY=VALUE",
                "hooks.poststop[1].timeout: must be > 0");
    }

    @Test
    void annotations() {
        assertThat(problems(BASE.toBuilder().annotations(Map.of("", "x", "ok", "y")).build()))
                .containsExactly("annotations[\"\"]: key must not be empty");
    }

    @Test
    void namespaces() {
        List<Linux.Namespace> list = namespaces("pid", "mount", "foo", "pid", "uts");
        list.add(Linux.Namespace.of("network", "netns/x"));
        list.add(Linux.Namespace.of(""));
        assertThat(withLinux(l -> l.namespaces(list))).containsExactly(
                "linux.namespaces[2].type: unknown namespace type \"foo\"",
                "linux.namespaces[3].type: duplicate namespace type \"pid\"",
                "linux.namespaces[5].path: must be absolute",
                "linux.namespaces[6].type: must not be empty");
    }

    @Test
    void userNamespacesAndIdMappings() {
        assertThat(withLinux(l -> l.namespaces(namespaces("pid", "uts", "mount", "user"))))
                .containsExactly("linux.uidMappings: must not be empty when a new user namespace is created",
                        "linux.gidMappings: must not be empty when a new user namespace is created");
        List<Linux.Namespace> joined = namespaces("uts", "mount");
        joined.add(Linux.Namespace.of("user", "/proc/42/ns/user"));
        assertThat(withLinux(l -> l.namespaces(joined))).isEmpty();
        assertThat(withLinux(l -> l.uidMappings(List.of(Linux.IdMapping.of(0, 1000, 1)))))
                .containsExactly("linux.uidMappings: requires a user namespace in linux.namespaces");
        assertThat(withLinux(l -> l.namespaces(namespaces("uts", "user"))
                .uidMappings(List.of(Linux.IdMapping.of(0, 1000, 0), Linux.IdMapping.of(0, 100000, 65536),
                        Linux.IdMapping.of(1000, 100500, 10), Linux.IdMapping.of(4294967295L, 1, 2)))
                .gidMappings(List.of(Linux.IdMapping.of(0, 1000, 1)))))
                .containsExactly("linux.uidMappings[0].size: must be > 0",
                        "linux.uidMappings[2]: container ids overlap linux.uidMappings[1]",
                        "linux.uidMappings[2]: host ids overlap linux.uidMappings[1]",
                        "linux.uidMappings[3]: containerID + size must not exceed 4294967296");
    }

    @Test
    void sysctl() {
        assertThat(withLinux(l -> l.namespaces(namespaces("mount", "uts"))
                .sysctl(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "1", "fs/mqueue/msg_max", "10",
                        "vm.swappiness", "1", "kernel.hostname", "h", "", "x"))))
                .containsExactly("linux.sysctl[\"\"]: key must not be empty",
                        "linux.sysctl[\"fs/mqueue/msg_max\"]: requires an ipc namespace in linux.namespaces",
                        "linux.sysctl[\"kernel.shmmax\"]: requires an ipc namespace in linux.namespaces",
                        "linux.sysctl[\"net.ipv4.ip_forward\"]: requires a network namespace in linux.namespaces");
        assertThat(withLinux(l -> l.sysctl(Map.of("net.ipv4.ip_forward", "1", "kernel.msgmax", "1")))).isEmpty();
    }

    @Test
    void devices() {
        assertThat(withLinux(l -> l.devices(List.of(
                Linux.Device.builder().path("/dev/fuse").type("c").major(10L).minor(229L).build(),
                Linux.Device.builder().path("dev/x").type("x").build(),
                Linux.Device.builder().path("/dev/sda").type("b").build(),
                Linux.Device.builder().path("/dev/fifo").type("p").build(),
                Linux.Device.builder().path("/dev/./fuse").type("u").major(-1L).minor(0L).build(),
                Linux.Device.builder().path("/dev/y").build()))))
                .containsExactly("linux.devices[1].path: must be absolute",
                        "linux.devices[1].type: must be one of c, b, u, p, got \"x\"",
                        "linux.devices[2].major: is required for type \"b\"",
                        "linux.devices[2].minor: is required for type \"b\"",
                        "linux.devices[4].path: duplicate device \"/dev/./fuse\"",
                        "linux.devices[4].major: must be >= 0",
                        "linux.devices[5].type: must not be empty");
    }

    @Test
    void netDevices() {
        assertThat(withLinux(l -> l.namespaces(namespaces("uts", "mount"))
                .netDevices(Map.of("eth0", Linux.NetDevice.builder().name("a b").build(),
                        "eth/1", Linux.NetDevice.builder().build(),
                        "averyveryverylongname", Linux.NetDevice.builder().name("ok0").build()))))
                .containsExactly("linux.netDevices: requires a network namespace in linux.namespaces",
                        "linux.netDevices.averyveryverylongname: invalid interface name \"averyveryverylongname\"",
                        "linux.netDevices[\"eth/1\"]: invalid interface name \"eth/1\"",
                        "linux.netDevices.eth0.name: invalid interface name \"a b\"");
    }

    @Test
    void seccomp() {
        Linux.Seccomp.Arg badArg = Linux.Seccomp.Arg.builder().index(6).value(1).op("SCMP_CMP_XX").build();
        Linux.Seccomp seccomp = Linux.Seccomp.builder()
                .defaultAction("SCMP_ACT_ALLOW").defaultErrnoRet(1L)
                .architectures(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"))
                .flags(List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_X"))
                .listenerMetadata("meta")
                .syscalls(List.of(
                        Linux.Seccomp.Syscall.builder().names(List.of()).action("SCMP_ACT_ERRNO").errnoRet(1L).build(),
                        Linux.Seccomp.Syscall.builder().names(List.of("read", "")).action("SCMP_ACT_KILL")
                                .errnoRet(1L).args(List.of(badArg, Linux.Seccomp.Arg.builder().build())).build(),
                        Linux.Seccomp.Syscall.builder().names(List.of("mount")).action("SCMP_ACT_NOTIFY").build(),
                        Linux.Seccomp.Syscall.builder().names(List.of("x")).action("ALLOW").build()))
                .build();
        assertThat(withSeccomp(seccomp)).containsExactly(
                "linux.seccomp.defaultErrnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
                "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"",
                "linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_X\"",
                "linux.seccomp.syscalls[0].names: must not be empty",
                "linux.seccomp.syscalls[1].names[1]: must not be empty",
                "linux.seccomp.syscalls[1].errnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
                "linux.seccomp.syscalls[1].args[0].index: must be between 0 and 5",
                "linux.seccomp.syscalls[1].args[0].op: unknown operator \"SCMP_CMP_XX\"",
                "linux.seccomp.syscalls[1].args[1].op: must not be empty",
                "linux.seccomp.syscalls[3].action: unknown action \"ALLOW\"",
                "linux.seccomp.listenerPath: must be set when SCMP_ACT_NOTIFY is used",
                "linux.seccomp.listenerMetadata: requires listenerPath");
        assertThat(withSeccomp(Linux.Seccomp.builder().build()))
                .containsExactly("linux.seccomp.defaultAction: must not be empty");
        assertThat(withSeccomp(Linux.Seccomp.builder().defaultAction("SCMP_ACT_NOTIFY")
                .listenerPath("/run/agent.sock").build()))
                .containsExactly("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
        assertThat(withSeccomp(Linux.Seccomp.builder().defaultAction("SCMP_ACT_KILL_ALL").build()))
                .containsExactly("linux.seccomp.defaultAction: unknown action \"SCMP_ACT_KILL_ALL\"");
        assertThat(withSeccomp(Linux.Seccomp.builder().defaultAction("SCMP_ACT_TRACE").defaultErrnoRet(1L)
                .build())).isEmpty();
    }

    @Test
    void pathsPropagationAndLabels() {
        assertThat(withLinux(l -> l.rootfsPropagation("rshared").maskedPaths(List.of("/proc/kcore", "proc/x"))
                .readonlyPaths(List.of("sys")))).containsExactly(
                "linux.maskedPaths[1]: must be absolute",
                "linux.readonlyPaths[0]: must be absolute");
        assertThat(withLinux(l -> l.rootfsPropagation("recursive")))
                .containsExactly("linux.rootfsPropagation: unknown propagation \"recursive\"");
    }

    @Test
    void intelRdt() {
        assertThat(withLinux(l -> l.intelRdt(Linux.IntelRdt.builder().closId("..")
                .schemata(List.of("L3:0=f\nMB:0=1")).l3CacheSchema("L3:0=f\n").memBwSchema("0=20").build())))
                .containsExactly("linux.intelRdt.closID: invalid class of service \"..\"",
                        "linux.intelRdt.schemata[0]: must not contain a newline",
                        "linux.intelRdt.l3CacheSchema: must not contain a newline",
                        "linux.intelRdt.memBwSchema: must start with \"MB:\" and be one line");
        assertThat(withLinux(l -> l.intelRdt(Linux.IntelRdt.builder().closId("/").build()))).isEmpty();
        assertThat(withLinux(l -> l.intelRdt(Linux.IntelRdt.builder().closId("a/b").build())))
                .containsExactly("linux.intelRdt.closID: invalid class of service \"a/b\"");
    }

    @Test
    void memoryPolicy() {
        assertThat(withLinux(l -> l.memoryPolicy(Linux.MemoryPolicy.builder().mode("MPOL_BIND").build())))
                .containsExactly("linux.memoryPolicy.nodes: must not be empty for MPOL_BIND");
        assertThat(withLinux(l -> l.memoryPolicy(Linux.MemoryPolicy.builder().mode("MPOL_LOCAL").nodes("0")
                .flags(List.of("MPOL_F_X")).build())))
                .containsExactly("linux.memoryPolicy.nodes: must be empty for MPOL_LOCAL",
                        "linux.memoryPolicy.flags[0]: unknown flag \"MPOL_F_X\"");
        assertThat(withLinux(l -> l.memoryPolicy(Linux.MemoryPolicy.builder().mode("MPOL_X").nodes("1-0").build())))
                .containsExactly("linux.memoryPolicy.mode: unknown mode \"MPOL_X\"",
                        "linux.memoryPolicy.nodes: invalid node list \"1-0\", expected like \"0-3,7\"");
        assertThat(withLinux(l -> l.memoryPolicy(Linux.MemoryPolicy.builder().build())))
                .containsExactly("linux.memoryPolicy.mode: must not be empty");
        assertThat(withLinux(l -> l.memoryPolicy(Linux.MemoryPolicy.builder().mode("MPOL_PREFERRED").build())))
                .isEmpty();
    }

    @Test
    void personality() {
        assertThat(withLinux(l -> l.personality(Linux.Personality.builder().domain("LINUX64")
                .flags(List.of("X")).build())))
                .containsExactly("linux.personality.domain: unknown domain \"LINUX64\"",
                        "linux.personality.flags[0]: unknown flag \"X\"");
        assertThat(withLinux(l -> l.personality(Linux.Personality.builder().build())))
                .containsExactly("linux.personality.domain: must not be empty");
    }

    @Test
    void timeOffsets() {
        Map<String, Linux.TimeOffset> offsets = Map.of(
                "monotonic", Linux.TimeOffset.builder().secs(1L).nanosecs(1_000_000_000L).build(),
                "realtime", Linux.TimeOffset.builder().secs(1L).build());
        assertThat(withLinux(l -> l.timeOffsets(offsets))).containsExactly(
                "linux.timeOffsets: requires a time namespace in linux.namespaces",
                "linux.timeOffsets.monotonic.nanosecs: must be < 1000000000",
                "linux.timeOffsets.realtime: unknown clock \"realtime\", expected \"monotonic\" or \"boottime\"");
        List<Linux.Namespace> joined = namespaces("uts");
        joined.add(Linux.Namespace.of("time", "/proc/1/ns/time"));
        assertThat(withLinux(l -> l.namespaces(joined)
                .timeOffsets(Map.of("boottime", Linux.TimeOffset.builder().secs(5L).build()))))
                .containsExactly("linux.timeOffsets: not allowed when joining an existing time namespace");
    }

    @Test
    void deviceCgroupRules() {
        assertThat(withResources(r -> r.devices(List.of(
                Linux.Resources.DeviceRule.builder().allow(false).access("rwm").build(),
                Linux.Resources.DeviceRule.builder().allow(true).type("x").major(-2L).minor(-1L).access("rwx").build(),
                Linux.Resources.DeviceRule.builder().allow(true).type("c").access("rr").build()))))
                .containsExactly("linux.resources.devices[1].type: must be one of a, c, b, got \"x\"",
                        "linux.resources.devices[1].major: must be >= 0, or -1 for all",
                        "linux.resources.devices[1].access: must be a combination of r, w and m, got \"rwx\"",
                        "linux.resources.devices[2].access: must be a combination of r, w and m, got \"rr\"");
    }

    @Test
    void memoryAndCpu() {
        assertThat(withResources(r -> r.memory(Linux.Resources.Memory.builder().limit(1000L).swap(500L)
                .reservation(-2L).swappiness(101L).build())))
                .containsExactly("linux.resources.memory.reservation: must be >= 0, or -1 for unlimited",
                        "linux.resources.memory.swappiness: must be between 0 and 100",
                        "linux.resources.memory.swap: must not be less than limit (swap limits memory + swap)");
        assertThat(withResources(r -> r.memory(Linux.Resources.Memory.builder().limit(-1L).swap(-1L)
                .swappiness(100L).build()))).isEmpty();
        assertThat(withResources(r -> r.cpu(Linux.Resources.Cpu.builder().quota(-5L).realtimeRuntime(-3L)
                .cpus("0-").mems("x").idle(2L).build())))
                .containsExactly("linux.resources.cpu.quota: must be >= 0, or -1 for unlimited",
                        "linux.resources.cpu.realtimeRuntime: must be >= 0, or -1 for unlimited",
                        "linux.resources.cpu.cpus: invalid CPU list \"0-\", expected like \"0-3,7\"",
                        "linux.resources.cpu.mems: invalid memory node list \"x\", expected like \"0-3,7\"",
                        "linux.resources.cpu.idle: must be 0 or 1");
        assertThat(withResources(r -> r.cpu(Linux.Resources.Cpu.builder().quota(1000L).burst(2000L).build())))
                .containsExactly("linux.resources.cpu.burst: must not exceed quota");
    }

    @Test
    void pids() {
        assertThat(withResources(r -> r.pids(Linux.Resources.Pids.builder().limit(-2L).build())))
                .containsExactly("linux.resources.pids.limit: must be >= 0, or -1 for unlimited");
        assertThat(withResources(r -> r.pids(Linux.Resources.Pids.builder().limit(0L).build()))).isEmpty();
        assertThat(withResources(r -> r.pids(Linux.Resources.Pids.builder().limit(-1L).build()))).isEmpty();
    }

    @Test
    void blockIo() {
        assertThat(withResources(r -> r.blockIo(Linux.Resources.BlockIo.builder().weight(5).leafWeight(1001)
                .weightDevice(List.of(Linux.Resources.BlockIo.WeightDevice.builder().major(-1).minor(0).build()))
                .throttleReadIopsDevice(List.of(Linux.Resources.BlockIo.ThrottleDevice.builder().major(8)
                        .minor(-3).rate(1).build()))
                .build())))
                .containsExactly("linux.resources.blockIO.weight: must be between 10 and 1000",
                        "linux.resources.blockIO.leafWeight: must be between 10 and 1000",
                        "linux.resources.blockIO.weightDevice[0].major: must be >= 0",
                        "linux.resources.blockIO.weightDevice[0]: must set weight or leafWeight",
                        "linux.resources.blockIO.throttleReadIOPSDevice[0].minor: must be >= 0");
        // 0 means "not set" (Docker's default), as runc reads it
        assertThat(withResources(r -> r.blockIo(Linux.Resources.BlockIo.builder().weight(0).build()))).isEmpty();
    }

    @Test
    void hugepagesNetworkRdmaUnified() {
        assertThat(withResources(r -> r
                .hugepageLimits(List.of(Linux.Resources.HugepageLimit.builder().pageSize("2MB").limit(1).build(),
                        Linux.Resources.HugepageLimit.builder().pageSize("2M").build(),
                        Linux.Resources.HugepageLimit.builder().pageSize("2MB").build(),
                        Linux.Resources.HugepageLimit.builder().build()))
                .network(Linux.Resources.Network.builder().priorities(List.of(
                        Linux.Resources.Network.InterfacePriority.builder().priority(1).build())).build())
                .rdma(Map.of("mlx5_1", Linux.Resources.Rdma.builder().build()))
                .unified(Map.of("memory.high", "1G", "cpu/max", "1", "pids", "2"))))
                .containsExactly(
                        "linux.resources.hugepageLimits[1].pageSize: invalid page size \"2M\", expected like \"2MB\"",
                        "linux.resources.hugepageLimits[2].pageSize: duplicate page size \"2MB\"",
                        "linux.resources.hugepageLimits[3].pageSize: invalid page size null, expected like \"2MB\"",
                        "linux.resources.network.priorities[0].name: must not be empty",
                        "linux.resources.rdma.mlx5_1: must set hcaHandles or hcaObjects",
                        "linux.resources.unified[\"cpu/max\"]: must be a cgroup file name like \"memory.high\"",
                        "linux.resources.unified.pids: must be a cgroup file name like \"memory.high\"");
    }
}
