package io.jrunc.internal.spec;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Problem;
import io.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural rules of the runtime specification (and of runc's own config checks that need
 * nothing from the host), applied to a {@link Spec}. Every problem is reported, in document order,
 * with the JSON path of the offending value. Not public API.
 */
public final class SpecValidator {

    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    private static final Pattern ID_LIST = Pattern.compile("^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$");
    private static final Pattern PAGE_SIZE = Pattern.compile("^[1-9][0-9]*[KMG]B$");
    private static final long ID_SPACE = 1L << 32;

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> namespaceTypes = new HashSet<>();
    private final Map<String, String> namespacePaths = new HashMap<>();

    private SpecValidator() {
    }

    /** @return every problem of the spec, in document order */
    public static List<Problem> validate(Spec spec) {
        SpecValidator v = new SpecValidator();
        v.spec(spec);
        return List.copyOf(v.problems);
    }

    private void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    private static String member(String parent, String name) {
        return JsonPaths.member(parent, name);
    }

    private static String index(String parent, int i) {
        return JsonPaths.index(parent, i);
    }

    private static String q(String s) {
        return Scalars.quote(s);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean absolute(String s) {
        return s != null && s.startsWith("/");
    }

    private static <T> List<T> each(List<T> list) {
        return list == null ? List.of() : list;
    }

    private boolean hasNamespace(String type) {
        return namespaceTypes.contains(type);
    }

    // ---- config.md ----

    private void spec(Spec spec) {
        Linux linux = spec.linux();
        if (linux != null) {
            for (Linux.Namespace ns : each(linux.namespaces())) {
                if (ns.type() != null) {
                    namespaceTypes.add(ns.type());
                    namespacePaths.putIfAbsent(ns.type(), ns.path());
                }
            }
        }
        if (empty(spec.ociVersion())) {
            problem("ociVersion", "must not be empty");
        } else if (!SEMVER.matcher(spec.ociVersion()).matches() || !spec.ociVersion().startsWith("1.")) {
            problem("ociVersion", "must be a 1.x semantic version, got " + q(spec.ociVersion()));
        }
        if (spec.process() != null) {
            process("process", spec.process());
        }
        if (spec.root() == null) {
            problem("root", "is required");
        } else if (empty(spec.root().path())) {
            problem("root.path", "must not be empty");
        }
        if (!empty(spec.hostname()) && !hasNamespace("uts")) {
            problem("hostname", "requires a uts namespace in linux.namespaces");
        }
        if (!empty(spec.domainname()) && !hasNamespace("uts")) {
            problem("domainname", "requires a uts namespace in linux.namespaces");
        }
        List<Spec.Mount> mounts = each(spec.mounts());
        for (int i = 0; i < mounts.size(); i++) {
            mount(index("mounts", i), mounts.get(i));
        }
        if (spec.hooks() != null) {
            hooks(spec.hooks());
        }
        if (spec.annotations() != null) {
            for (String key : spec.annotations().keySet()) {
                if (key.isEmpty()) {
                    problem(member("annotations", key), "key must not be empty");
                }
            }
        }
        if (linux != null) {
            linux("linux", linux);
        }
    }

    private void process(String path, Spec.Process p) {
        List<String> args = each(p.args());
        if (args.isEmpty() && empty(p.commandLine())) {
            problem(member(path, "args"), "must not be empty");
        }
        for (int i = 0; i < args.size(); i++) {
            if (i == 0 && args.get(0).isEmpty()) {
                problem(index(member(path, "args"), 0), "must not be empty");
            }
            noNul(index(member(path, "args"), i), args.get(i));
        }
        env(member(path, "env"), p.env());
        if (!absolute(p.cwd())) {
            problem(member(path, "cwd"), "must be absolute");
        }
        if (p.capabilities() != null) {
            Spec.Process.Capabilities c = p.capabilities();
            String cp = member(path, "capabilities");
            capabilities(member(cp, "bounding"), c.bounding());
            capabilities(member(cp, "effective"), c.effective());
            capabilities(member(cp, "inheritable"), c.inheritable());
            capabilities(member(cp, "permitted"), c.permitted());
            capabilities(member(cp, "ambient"), c.ambient());
        }
        List<Spec.Process.Rlimit> rlimits = each(p.rlimits());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rlimits.size(); i++) {
            Spec.Process.Rlimit r = rlimits.get(i);
            String rp = index(member(path, "rlimits"), i);
            if (empty(r.type())) {
                problem(member(rp, "type"), "must not be empty");
            } else if (!KnownNames.RLIMITS.contains(r.type())) {
                problem(member(rp, "type"), "unknown rlimit " + q(r.type()));
            } else if (!seen.add(r.type())) {
                problem(member(rp, "type"), "duplicate rlimit " + q(r.type()));
            }
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                problem(member(rp, "soft"), "must not exceed hard (" + Long.toUnsignedString(r.soft())
                        + " > " + Long.toUnsignedString(r.hard()) + ")");
            }
        }
        if (p.oomScoreAdj() != null && (p.oomScoreAdj() < -1000 || p.oomScoreAdj() > 1000)) {
            problem(member(path, "oomScoreAdj"), "must be between -1000 and 1000");
        }
        if (p.scheduler() != null) {
            scheduler(member(path, "scheduler"), p.scheduler());
        }
        if (p.ioPriority() != null) {
            String ip = member(path, "ioPriority");
            String c = p.ioPriority().ioClass();
            if (empty(c)) {
                problem(member(ip, "class"), "must not be empty");
            } else if (!KnownNames.IOPRIO_CLASSES.contains(c)) {
                problem(member(ip, "class"), "unknown class " + q(c));
            }
            if (p.ioPriority().priority() < 0 || p.ioPriority().priority() > 7) {
                problem(member(ip, "priority"), "must be between 0 and 7");
            }
        }
        if (p.execCpuAffinity() != null) {
            String ap = member(path, "execCPUAffinity");
            idList(member(ap, "initial"), p.execCpuAffinity().initialCpus(), "CPU list");
            idList(member(ap, "final"), p.execCpuAffinity().finalCpus(), "CPU list");
        }
    }

    private void noNul(String path, String value) {
        if (value.indexOf('\0') >= 0) {
            problem(path, "must not contain a NUL character");
        }
    }

    private void env(String path, List<String> env) {
        List<String> entries = each(env);
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e.indexOf('=') <= 0) {
                problem(index(path, i), "must be KEY=VALUE");
            } else {
                noNul(index(path, i), e);
            }
        }
    }

    private void capabilities(String path, List<String> set) {
        List<String> caps = each(set);
        for (int i = 0; i < caps.size(); i++) {
            if (!KnownNames.CAPABILITIES.contains(caps.get(i))) {
                problem(index(path, i), "unknown capability " + q(caps.get(i)));
            }
        }
    }

    private void scheduler(String path, Spec.Process.Scheduler s) {
        String policy = s.policy();
        if (empty(policy)) {
            problem(member(path, "policy"), "must not be empty");
        } else if (!KnownNames.SCHED_POLICIES.contains(policy)) {
            problem(member(path, "policy"), "unknown policy " + q(policy));
        }
        if (s.nice() != null && (s.nice() < -20 || s.nice() > 19)) {
            problem(member(path, "nice"), "must be between -20 and 19");
        }
        boolean realtime = "SCHED_FIFO".equals(policy) || "SCHED_RR".equals(policy);
        int priority = s.priority() == null ? 0 : s.priority();
        if (realtime && (priority < 1 || priority > 99)) {
            problem(member(path, "priority"), "must be between 1 and 99 for " + policy);
        } else if (!realtime && priority != 0) {
            problem(member(path, "priority"), "only allowed with SCHED_FIFO or SCHED_RR");
        }
        List<String> flags = each(s.flags());
        for (int i = 0; i < flags.size(); i++) {
            if (!KnownNames.SCHED_FLAGS.contains(flags.get(i))) {
                problem(index(member(path, "flags"), i), "unknown flag " + q(flags.get(i)));
            }
        }
        if (!"SCHED_DEADLINE".equals(policy)) {
            for (Object[] f : new Object[][] {{"runtime", s.runtime()}, {"deadline", s.deadline()},
                    {"period", s.period()}}) {
                if (f[1] != null && (Long) f[1] != 0) {
                    problem(member(path, (String) f[0]), "only allowed with SCHED_DEADLINE");
                }
            }
        }
    }

    /** A cpuset-style list like {@code 0-3,7}. */
    private void idList(String path, String list, String what) {
        if (list == null || list.isEmpty()) {
            return;
        }
        boolean ok = ID_LIST.matcher(list).matches();
        if (ok) {
            for (String range : list.split(",")) {
                String[] ends = range.split("-");
                try {
                    if (ends.length == 2 && Long.parseLong(ends[0]) > Long.parseLong(ends[1])) {
                        ok = false;
                    }
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            problem(path, "invalid " + what + " " + q(list) + ", expected like \"0-3,7\"");
        }
    }

    private void mount(String path, Spec.Mount m) {
        if (!absolute(m.destination())) {
            problem(member(path, "destination"), "must be absolute");
        }
        List<String> options = each(m.options());
        boolean bind = "bind".equals(m.type()) || options.contains("bind") || options.contains("rbind");
        if (bind && empty(m.source())) {
            problem(member(path, "source"), "must not be empty for a bind mount");
        }
        boolean uid = m.uidMappings() != null && !m.uidMappings().isEmpty();
        boolean gid = m.gidMappings() != null && !m.gidMappings().isEmpty();
        if (uid != gid) {
            problem(member(path, uid ? "gidMappings" : "uidMappings"),
                    "must be set together with " + (uid ? "uidMappings" : "gidMappings"));
        }
        if ((uid || gid) && !bind) {
            problem(member(path, uid ? "uidMappings" : "gidMappings"), "only allowed for bind mounts");
        }
        idMappings(member(path, "uidMappings"), m.uidMappings());
        idMappings(member(path, "gidMappings"), m.gidMappings());
    }

    private void hooks(Spec.Hooks h) {
        List<List<Spec.Hooks.Hook>> lists = List.of(each(h.prestart()), each(h.createRuntime()),
                each(h.createContainer()), each(h.startContainer()), each(h.poststart()),
                each(h.poststop()));
        for (int l = 0; l < lists.size(); l++) {
            String lp = member("hooks", KnownNames.HOOKS.get(l));
            List<Spec.Hooks.Hook> hooks = lists.get(l);
            for (int i = 0; i < hooks.size(); i++) {
                Spec.Hooks.Hook hook = hooks.get(i);
                String hp = index(lp, i);
                if (!absolute(hook.path())) {
                    problem(member(hp, "path"), "must be absolute");
                }
                env(member(hp, "env"), hook.env());
                if (hook.timeout() != null && hook.timeout() <= 0) {
                    problem(member(hp, "timeout"), "must be > 0");
                }
            }
        }
    }

    // ---- config-linux.md ----

    private void idMappings(String path, List<Linux.IdMapping> mappings) {
        List<Linux.IdMapping> list = each(mappings);
        for (int i = 0; i < list.size(); i++) {
            Linux.IdMapping m = list.get(i);
            String mp = index(path, i);
            if (m.size() == 0) {
                problem(member(mp, "size"), "must be > 0");
                continue;
            }
            if (m.containerId() + m.size() > ID_SPACE) {
                problem(mp, "containerID + size must not exceed 4294967296");
            }
            if (m.hostId() + m.size() > ID_SPACE) {
                problem(mp, "hostID + size must not exceed 4294967296");
            }
            for (int j = 0; j < i; j++) {
                Linux.IdMapping o = list.get(j);
                if (o.size() == 0) {
                    continue;
                }
                if (overlap(m.containerId(), m.size(), o.containerId(), o.size())) {
                    problem(mp, "container ids overlap " + index(path, j));
                }
                if (overlap(m.hostId(), m.size(), o.hostId(), o.size())) {
                    problem(mp, "host ids overlap " + index(path, j));
                }
            }
        }
    }

    private static boolean overlap(long a, long aSize, long b, long bSize) {
        return a < b + bSize && b < a + aSize;
    }

    private void linux(String path, Linux l) {
        boolean newUserNs = hasNamespace("user") && empty(namespacePaths.get("user"));
        boolean uid = l.uidMappings() != null && !l.uidMappings().isEmpty();
        boolean gid = l.gidMappings() != null && !l.gidMappings().isEmpty();
        if (newUserNs && !uid) {
            problem(member(path, "uidMappings"), "must not be empty when a new user namespace is created");
        }
        if (!hasNamespace("user") && uid) {
            problem(member(path, "uidMappings"), "requires a user namespace in linux.namespaces");
        }
        idMappings(member(path, "uidMappings"), l.uidMappings());
        if (newUserNs && !gid) {
            problem(member(path, "gidMappings"), "must not be empty when a new user namespace is created");
        }
        if (!hasNamespace("user") && gid) {
            problem(member(path, "gidMappings"), "requires a user namespace in linux.namespaces");
        }
        idMappings(member(path, "gidMappings"), l.gidMappings());
        if (l.sysctl() != null) {
            sysctl(member(path, "sysctl"), l.sysctl());
        }
        if (l.resources() != null) {
            resources(member(path, "resources"), l.resources());
        }
        namespaces(member(path, "namespaces"), l.namespaces());
        devices(member(path, "devices"), l.devices());
        if (l.netDevices() != null) {
            netDevices(member(path, "netDevices"), l.netDevices());
        }
        if (l.seccomp() != null) {
            seccomp(member(path, "seccomp"), l.seccomp());
        }
        if (!empty(l.rootfsPropagation()) && !KnownNames.PROPAGATIONS.contains(l.rootfsPropagation())) {
            problem(member(path, "rootfsPropagation"), "unknown propagation " + q(l.rootfsPropagation()));
        }
        absolutePaths(member(path, "maskedPaths"), l.maskedPaths());
        absolutePaths(member(path, "readonlyPaths"), l.readonlyPaths());
        if (l.intelRdt() != null) {
            intelRdt(member(path, "intelRdt"), l.intelRdt());
        }
        if (l.memoryPolicy() != null) {
            memoryPolicy(member(path, "memoryPolicy"), l.memoryPolicy());
        }
        if (l.personality() != null) {
            String pp = member(path, "personality");
            String domain = l.personality().domain();
            if (empty(domain)) {
                problem(member(pp, "domain"), "must not be empty");
            } else if (!KnownNames.PERSONALITY_DOMAINS.contains(domain)) {
                problem(member(pp, "domain"), "unknown domain " + q(domain));
            }
            List<String> flags = each(l.personality().flags());
            for (int i = 0; i < flags.size(); i++) {
                problem(index(member(pp, "flags"), i), "unknown flag " + q(flags.get(i)));
            }
        }
        if (l.timeOffsets() != null) {
            timeOffsets(member(path, "timeOffsets"), l.timeOffsets());
        }
    }

    private void namespaces(String path, List<Linux.Namespace> namespaces) {
        List<Linux.Namespace> list = each(namespaces);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Linux.Namespace ns = list.get(i);
            String np = index(path, i);
            if (empty(ns.type())) {
                problem(member(np, "type"), "must not be empty");
            } else if (!KnownNames.NAMESPACES.contains(ns.type())) {
                problem(member(np, "type"), "unknown namespace type " + q(ns.type()));
            } else if (!seen.add(ns.type())) {
                problem(member(np, "type"), "duplicate namespace type " + q(ns.type()));
            }
            if (ns.path() != null && !absolute(ns.path())) {
                problem(member(np, "path"), "must be absolute");
            }
        }
    }

    private void sysctl(String path, Map<String, String> sysctl) {
        for (String key : sysctl.keySet()) {
            String sp = member(path, key);
            if (key.isEmpty()) {
                problem(sp, "key must not be empty");
                continue;
            }
            String name = key.replace('/', '.');
            String needed = null;
            if (name.startsWith("net.")) {
                needed = "network";
            } else if (name.startsWith("fs.mqueue.") || KnownNames.IPC_SYSCTLS.contains(name)) {
                needed = "ipc";
            } else if (name.equals("kernel.hostname") || name.equals("kernel.domainname")) {
                needed = "uts";
            }
            if (needed != null && !hasNamespace(needed)) {
                problem(sp, "requires a" + ("ipc".equals(needed) ? "n " : " ") + needed
                        + " namespace in linux.namespaces");
            }
        }
    }

    private void devices(String path, List<Linux.Device> devices) {
        List<Linux.Device> list = each(devices);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Linux.Device d = list.get(i);
            String dp = index(path, i);
            if (!absolute(d.path())) {
                problem(member(dp, "path"), "must be absolute");
            } else if (!seen.add(SpecDefaults.cleanPath(d.path()))) {
                problem(member(dp, "path"), "duplicate device " + q(d.path()));
            }
            String type = d.type();
            if (empty(type)) {
                problem(member(dp, "type"), "must not be empty");
            } else if (!List.of("c", "b", "u", "p").contains(type)) {
                problem(member(dp, "type"), "must be one of c, b, u, p, got " + q(type));
            } else if (!type.equals("p")) {
                if (d.major() == null) {
                    problem(member(dp, "major"), "is required for type " + q(type));
                }
                if (d.minor() == null) {
                    problem(member(dp, "minor"), "is required for type " + q(type));
                }
            }
            if (d.major() != null && d.major() < 0) {
                problem(member(dp, "major"), "must be >= 0");
            }
            if (d.minor() != null && d.minor() < 0) {
                problem(member(dp, "minor"), "must be >= 0");
            }
        }
    }

    private static boolean validInterfaceName(String name) {
        return !name.isEmpty() && name.length() < 16 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
    }

    private void netDevices(String path, Map<String, Linux.NetDevice> devices) {
        if (!devices.isEmpty() && !hasNamespace("network")) {
            problem(path, "requires a network namespace in linux.namespaces");
        }
        for (Map.Entry<String, Linux.NetDevice> e : devices.entrySet()) {
            String np = member(path, e.getKey());
            if (!validInterfaceName(e.getKey())) {
                problem(np, "invalid interface name " + q(e.getKey()));
            }
            String name = e.getValue().name();
            if (!empty(name) && !validInterfaceName(name)) {
                problem(member(np, "name"), "invalid interface name " + q(name));
            }
        }
    }

    private void seccomp(String path, Linux.Seccomp s) {
        boolean notify = false;
        String action = s.defaultAction();
        if (empty(action)) {
            problem(member(path, "defaultAction"), "must not be empty");
        } else if (!KnownNames.SECCOMP_ACTIONS.contains(action)) {
            problem(member(path, "defaultAction"), "unknown action " + q(action));
        } else if (action.equals("SCMP_ACT_NOTIFY")) {
            problem(member(path, "defaultAction"), "SCMP_ACT_NOTIFY cannot be the default action");
        }
        if (s.defaultErrnoRet() != null && !takesErrno(action)) {
            problem(member(path, "defaultErrnoRet"), "only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        known(member(path, "architectures"), s.architectures(), KnownNames.SECCOMP_ARCHITECTURES, "architecture");
        known(member(path, "flags"), s.flags(), KnownNames.SECCOMP_FLAGS, "flag");
        List<Linux.Seccomp.Syscall> syscalls = each(s.syscalls());
        for (int i = 0; i < syscalls.size(); i++) {
            Linux.Seccomp.Syscall sc = syscalls.get(i);
            String sp = index(member(path, "syscalls"), i);
            List<String> names = each(sc.names());
            if (names.isEmpty()) {
                problem(member(sp, "names"), "must not be empty");
            }
            for (int j = 0; j < names.size(); j++) {
                if (names.get(j).isEmpty()) {
                    problem(index(member(sp, "names"), j), "must not be empty");
                }
            }
            if (empty(sc.action())) {
                problem(member(sp, "action"), "must not be empty");
            } else if (!KnownNames.SECCOMP_ACTIONS.contains(sc.action())) {
                problem(member(sp, "action"), "unknown action " + q(sc.action()));
            } else if (sc.action().equals("SCMP_ACT_NOTIFY")) {
                notify = true;
            }
            if (sc.errnoRet() != null && !takesErrno(sc.action())) {
                problem(member(sp, "errnoRet"), "only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
            }
            List<Linux.Seccomp.Arg> args = each(sc.args());
            for (int j = 0; j < args.size(); j++) {
                Linux.Seccomp.Arg a = args.get(j);
                String ap = index(member(sp, "args"), j);
                if (Long.compareUnsigned(a.index(), 5) > 0) {
                    problem(member(ap, "index"), "must be between 0 and 5");
                }
                if (empty(a.op())) {
                    problem(member(ap, "op"), "must not be empty");
                } else if (!KnownNames.SECCOMP_OPERATORS.contains(a.op())) {
                    problem(member(ap, "op"), "unknown operator " + q(a.op()));
                }
            }
        }
        if (notify && empty(s.listenerPath())) {
            problem(member(path, "listenerPath"), "must be set when SCMP_ACT_NOTIFY is used");
        }
        if (!empty(s.listenerMetadata()) && empty(s.listenerPath())) {
            problem(member(path, "listenerMetadata"), "requires listenerPath");
        }
    }

    private static boolean takesErrno(String action) {
        return "SCMP_ACT_ERRNO".equals(action) || "SCMP_ACT_TRACE".equals(action);
    }

    private void known(String path, List<String> values, List<String> known, String what) {
        List<String> list = each(values);
        for (int i = 0; i < list.size(); i++) {
            if (!known.contains(list.get(i))) {
                problem(index(path, i), "unknown " + what + " " + q(list.get(i)));
            }
        }
    }

    private void absolutePaths(String path, List<String> paths) {
        List<String> list = each(paths);
        for (int i = 0; i < list.size(); i++) {
            if (!absolute(list.get(i))) {
                problem(index(path, i), "must be absolute");
            }
        }
    }

    private void intelRdt(String path, Linux.IntelRdt r) {
        String clos = r.closId();
        if (clos != null && (clos.equals(".") || clos.equals("..")
                || (clos.length() > 1 && clos.contains("/")) || clos.contains("\n"))) {
            problem(member(path, "closID"), "invalid class of service " + q(clos));
        }
        List<String> schemata = each(r.schemata());
        for (int i = 0; i < schemata.size(); i++) {
            if (schemata.get(i).contains("\n")) {
                problem(index(member(path, "schemata"), i), "must not contain a newline");
            }
        }
        if (r.l3CacheSchema() != null && r.l3CacheSchema().contains("\n")) {
            problem(member(path, "l3CacheSchema"), "must not contain a newline");
        }
        if (r.memBwSchema() != null
                && (!r.memBwSchema().startsWith("MB:") || r.memBwSchema().contains("\n"))) {
            problem(member(path, "memBwSchema"), "must start with \"MB:\" and be one line");
        }
    }

    private void memoryPolicy(String path, Linux.MemoryPolicy m) {
        String mode = m.mode();
        if (empty(mode)) {
            problem(member(path, "mode"), "must not be empty");
        } else if (!KnownNames.MEMORY_POLICY_MODES.contains(mode)) {
            problem(member(path, "mode"), "unknown mode " + q(mode));
        } else if (mode.equals("MPOL_DEFAULT") || mode.equals("MPOL_LOCAL")) {
            if (!empty(m.nodes())) {
                problem(member(path, "nodes"), "must be empty for " + mode);
            }
        } else if (!mode.equals("MPOL_PREFERRED") && empty(m.nodes())) {
            problem(member(path, "nodes"), "must not be empty for " + mode);
        }
        idList(member(path, "nodes"), m.nodes(), "node list");
        known(member(path, "flags"), m.flags(), KnownNames.MEMORY_POLICY_FLAGS, "flag");
    }

    private void timeOffsets(String path, Map<String, Linux.TimeOffset> offsets) {
        if (!offsets.isEmpty()) {
            if (!hasNamespace("time")) {
                problem(path, "requires a time namespace in linux.namespaces");
            } else if (!empty(namespacePaths.get("time"))) {
                problem(path, "not allowed when joining an existing time namespace");
            }
        }
        for (Map.Entry<String, Linux.TimeOffset> e : offsets.entrySet()) {
            String tp = member(path, e.getKey());
            if (!KnownNames.TIME_CLOCKS.contains(e.getKey())) {
                problem(tp, "unknown clock " + q(e.getKey()) + ", expected \"monotonic\" or \"boottime\"");
            }
            Long ns = e.getValue().nanosecs();
            if (ns != null && ns >= 1_000_000_000L) {
                problem(member(tp, "nanosecs"), "must be < 1000000000");
            }
        }
    }

    // ---- linux.resources ----

    private void resources(String path, Linux.Resources r) {
        List<Linux.Resources.DeviceRule> rules = each(r.devices());
        for (int i = 0; i < rules.size(); i++) {
            Linux.Resources.DeviceRule d = rules.get(i);
            String dp = index(member(path, "devices"), i);
            if (d.type() != null && !List.of("a", "c", "b").contains(d.type())) {
                problem(member(dp, "type"), "must be one of a, c, b, got " + q(d.type()));
            }
            atLeastMinusOne(member(dp, "major"), d.major(), "for all");
            atLeastMinusOne(member(dp, "minor"), d.minor(), "for all");
            if (d.access() != null && !validAccess(d.access())) {
                problem(member(dp, "access"), "must be a combination of r, w and m, got " + q(d.access()));
            }
        }
        if (r.memory() != null) {
            Linux.Resources.Memory m = r.memory();
            String mp = member(path, "memory");
            atLeastMinusOne(member(mp, "limit"), m.limit(), "for unlimited");
            atLeastMinusOne(member(mp, "reservation"), m.reservation(), "for unlimited");
            atLeastMinusOne(member(mp, "swap"), m.swap(), "for unlimited");
            atLeastMinusOne(member(mp, "kernel"), m.kernel(), "for unlimited");
            atLeastMinusOne(member(mp, "kernelTCP"), m.kernelTcp(), "for unlimited");
            if (m.swappiness() != null && Long.compareUnsigned(m.swappiness(), 100) > 0) {
                problem(member(mp, "swappiness"), "must be between 0 and 100");
            }
            if (m.limit() != null && m.swap() != null && m.limit() > 0 && m.swap() > 0
                    && m.swap() < m.limit()) {
                problem(member(mp, "swap"), "must not be less than limit (swap limits memory + swap)");
            }
        }
        if (r.cpu() != null) {
            Linux.Resources.Cpu c = r.cpu();
            String cp = member(path, "cpu");
            atLeastMinusOne(member(cp, "quota"), c.quota(), "for unlimited");
            if (c.quota() != null && c.quota() > 0 && c.burst() != null
                    && Long.compareUnsigned(c.burst(), c.quota()) > 0) {
                problem(member(cp, "burst"), "must not exceed quota");
            }
            atLeastMinusOne(member(cp, "realtimeRuntime"), c.realtimeRuntime(), "for unlimited");
            idList(member(cp, "cpus"), c.cpus(), "CPU list");
            idList(member(cp, "mems"), c.mems(), "memory node list");
            if (c.idle() != null && c.idle() != 0 && c.idle() != 1) {
                problem(member(cp, "idle"), "must be 0 or 1");
            }
        }
        if (r.pids() != null) {
            atLeastMinusOne(member(member(path, "pids"), "limit"), r.pids().limit(), "for unlimited");
        }
        if (r.blockIo() != null) {
            blockIo(member(path, "blockIO"), r.blockIo());
        }
        List<Linux.Resources.HugepageLimit> huge = each(r.hugepageLimits());
        Set<String> sizes = new HashSet<>();
        for (int i = 0; i < huge.size(); i++) {
            String hp = member(index(member(path, "hugepageLimits"), i), "pageSize");
            String size = huge.get(i).pageSize();
            if (size == null || !PAGE_SIZE.matcher(size).matches()) {
                problem(hp, "invalid page size " + (size == null ? "null" : q(size)) + ", expected like \"2MB\"");
            } else if (!sizes.add(size)) {
                problem(hp, "duplicate page size " + q(size));
            }
        }
        if (r.network() != null) {
            List<Linux.Resources.Network.InterfacePriority> prios = each(r.network().priorities());
            for (int i = 0; i < prios.size(); i++) {
                if (empty(prios.get(i).name())) {
                    problem(member(index(member(member(path, "network"), "priorities"), i), "name"),
                            "must not be empty");
                }
            }
        }
        if (r.rdma() != null) {
            for (Map.Entry<String, Linux.Resources.Rdma> e : r.rdma().entrySet()) {
                String rp = member(member(path, "rdma"), e.getKey());
                if (e.getKey().isEmpty()) {
                    problem(rp, "key must not be empty");
                }
                if (e.getValue().hcaHandles() == null && e.getValue().hcaObjects() == null) {
                    problem(rp, "must set hcaHandles or hcaObjects");
                }
            }
        }
        if (r.unified() != null) {
            for (String key : r.unified().keySet()) {
                int dot = key.indexOf('.');
                if (key.contains("/") || dot <= 0 || dot == key.length() - 1) {
                    problem(member(member(path, "unified"), key),
                            "must be a cgroup file name like \"memory.high\"");
                }
            }
        }
    }

    private void atLeastMinusOne(String path, Long value, String minusOneMeans) {
        if (value != null && value < -1) {
            problem(path, "must be >= 0, or -1 " + minusOneMeans);
        }
    }

    private static boolean validAccess(String access) {
        if (access.isEmpty() || access.length() > 3) {
            return false;
        }
        Set<Character> seen = new HashSet<>();
        for (char c : access.toCharArray()) {
            if ((c != 'r' && c != 'w' && c != 'm') || !seen.add(c)) {
                return false;
            }
        }
        return true;
    }

    private void weight(String path, Integer weight) {
        // 0 is "not set", as runc reads it: Docker writes "blockIO": {"weight": 0} by default.
        if (weight != null && weight != 0 && (weight < 10 || weight > 1000)) {
            problem(path, "must be between 10 and 1000");
        }
    }

    private void blockIo(String path, Linux.Resources.BlockIo b) {
        weight(member(path, "weight"), b.weight());
        weight(member(path, "leafWeight"), b.leafWeight());
        List<Linux.Resources.BlockIo.WeightDevice> wd = each(b.weightDevice());
        for (int i = 0; i < wd.size(); i++) {
            Linux.Resources.BlockIo.WeightDevice d = wd.get(i);
            String dp = index(member(path, "weightDevice"), i);
            majorMinor(dp, d.major(), d.minor());
            if (d.weight() == null && d.leafWeight() == null) {
                problem(dp, "must set weight or leafWeight");
            }
            weight(member(dp, "weight"), d.weight());
            weight(member(dp, "leafWeight"), d.leafWeight());
        }
        throttle(member(path, "throttleReadBpsDevice"), b.throttleReadBpsDevice());
        throttle(member(path, "throttleWriteBpsDevice"), b.throttleWriteBpsDevice());
        throttle(member(path, "throttleReadIOPSDevice"), b.throttleReadIopsDevice());
        throttle(member(path, "throttleWriteIOPSDevice"), b.throttleWriteIopsDevice());
    }

    private void throttle(String path, List<Linux.Resources.BlockIo.ThrottleDevice> devices) {
        List<Linux.Resources.BlockIo.ThrottleDevice> list = each(devices);
        for (int i = 0; i < list.size(); i++) {
            majorMinor(index(path, i), list.get(i).major(), list.get(i).minor());
        }
    }

    private void majorMinor(String path, long major, long minor) {
        if (major < 0) {
            problem(member(path, "major"), "must be >= 0");
        }
        if (minor < 0) {
            problem(member(path, "minor"), "must be >= 0");
        }
    }
}
