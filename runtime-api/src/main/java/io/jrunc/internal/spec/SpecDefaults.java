package io.jrunc.internal.spec;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The default specs of {@code runc spec} and {@code runc spec --rootless}, as runc 1.1 makes them
 * (libcontainer/specconv: {@code Example()} and {@code ToRootless()}). Not public API.
 */
public final class SpecDefaults {

    /** The ociVersion runc 1.1 writes. */
    static final String RUNC_OCI_VERSION = "1.0.2-dev";

    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private SpecDefaults() {
    }

    /**
     * The spec of {@code runc spec}.
     *
     * @param unifiedCgroup whether the host uses cgroup v2 only; runc then adds a cgroup namespace
     */
    public static Spec example(boolean unifiedCgroup) {
        List<Linux.Namespace> namespaces = new ArrayList<>(List.of(
                Linux.Namespace.of("pid"), Linux.Namespace.of("network"), Linux.Namespace.of("ipc"),
                Linux.Namespace.of("uts"), Linux.Namespace.of("mount")));
        if (unifiedCgroup) {
            namespaces.add(Linux.Namespace.of("cgroup"));
        }
        return Spec.builder()
                .ociVersion(RUNC_OCI_VERSION)
                .process(Spec.Process.builder()
                        .terminal(true)
                        .user(Spec.Process.User.of(0, 0))
                        .args(List.of("sh"))
                        .env(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                "TERM=xterm"))
                        .cwd("/")
                        .capabilities(Spec.Process.Capabilities.builder()
                                .bounding(CAPS).effective(CAPS).permitted(CAPS).ambient(CAPS).build())
                        .rlimits(List.of(Spec.Process.Rlimit.of("RLIMIT_NOFILE", 1024, 1024)))
                        .noNewPrivileges(true)
                        .build())
                .root(Spec.Root.of("rootfs", true))
                .hostname("runc")
                .mounts(List.of(
                        Spec.Mount.of("/proc", "proc", "proc", null),
                        Spec.Mount.of("/dev", "tmpfs", "tmpfs",
                                List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                        Spec.Mount.of("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec",
                                "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                        Spec.Mount.of("/dev/shm", "tmpfs", "shm",
                                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                        Spec.Mount.of("/dev/mqueue", "mqueue", "mqueue",
                                List.of("nosuid", "noexec", "nodev")),
                        Spec.Mount.of("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                        Spec.Mount.of("/sys/fs/cgroup", "cgroup", "cgroup",
                                List.of("nosuid", "noexec", "nodev", "relatime", "ro"))))
                .linux(Linux.builder()
                        .resources(Linux.Resources.builder()
                                .devices(List.of(Linux.Resources.DeviceRule.builder()
                                        .allow(false).access("rwm").build()))
                                .build())
                        .namespaces(namespaces)
                        .maskedPaths(List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                                "/proc/sched_debug", "/sys/firmware", "/proc/scsi"))
                        .readonlyPaths(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                "/proc/sysrq-trigger"))
                        .build())
                .build();
    }

    /**
     * What {@code runc spec --rootless} does to a spec: drop the network and user namespaces and
     * add a new user namespace mapping root to the given host ids, bind-mount {@code /sys} instead
     * of mounting sysfs, drop {@code uid=} and {@code gid=} mount options, and drop the cgroup
     * resources.
     */
    public static Spec toRootless(Spec spec, long hostUid, long hostGid) {
        Linux linux = spec.linux() != null ? spec.linux() : Linux.builder().build();
        List<Linux.Namespace> namespaces = new ArrayList<>();
        if (linux.namespaces() != null) {
            for (Linux.Namespace ns : linux.namespaces()) {
                if (!"network".equals(ns.type()) && !"user".equals(ns.type())) {
                    namespaces.add(ns);
                }
            }
        }
        namespaces.add(Linux.Namespace.of("user"));

        List<Spec.Mount> mounts = null;
        if (spec.mounts() != null) {
            mounts = new ArrayList<>();
            for (Spec.Mount mount : spec.mounts()) {
                if ("/sys".equals(cleanPath(mount.destination()))) {
                    mounts.add(Spec.Mount.of("/sys", "none", "/sys",
                            List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
                    continue;
                }
                List<String> options = new ArrayList<>();
                if (mount.options() != null) {
                    for (String option : mount.options()) {
                        if (!option.startsWith("gid=") && !option.startsWith("uid=")) {
                            options.add(option);
                        }
                    }
                }
                mounts.add(mount.toBuilder().options(options.isEmpty() ? null : options).build());
            }
        }
        return spec.toBuilder()
                .mounts(mounts)
                .linux(linux.toBuilder()
                        .namespaces(namespaces)
                        .uidMappings(List.of(Linux.IdMapping.of(0, hostUid, 1)))
                        .gidMappings(List.of(Linux.IdMapping.of(0, hostGid, 1)))
                        .resources(null)
                        .build())
                .build();
    }

    /** Go's {@code filepath.Clean}, enough for comparing mount destinations. */
    static String cleanPath(String path) {
        if (path == null || path.isEmpty()) {
            return ".";
        }
        boolean absolute = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!absolute) {
                    parts.add(part);
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The answer of {@link #hostHasUnifiedCgroup()}, once known. */
    private static volatile Boolean unifiedCgroup;

    /**
     * Whether {@code /sys/fs/cgroup} is a cgroup2 mount, as runc's IsCgroup2UnifiedMode checks.
     * Found once per JVM, as runc does (sync.Once): the check scans /proc/mounts twice, and every
     * new container builder and every plan compilation asks.
     */
    public static boolean hostHasUnifiedCgroup() {
        Boolean known = unifiedCgroup;
        if (known == null) {
            boolean b;
            try {
                b = "cgroup2".equals(Files.getFileStore(Path.of("/sys/fs/cgroup")).type());
            } catch (IOException | RuntimeException e) {
                b = false;
            }
            unifiedCgroup = known = b;
        }
        return known;
    }

    /**
     * The effective uid and gid of this process, from {@code /proc/self/status}.
     *
     * @throws IllegalStateException if they cannot be read
     */
    public static long[] effectiveIds() {
        try {
            long uid = -1;
            long gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
            if (uid < 0 || gid < 0) {
                throw new IllegalStateException("no Uid/Gid lines in /proc/self/status");
            }
            return new long[] {uid, gid};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot find the effective uid and gid: " + e, e);
        }
    }
}
