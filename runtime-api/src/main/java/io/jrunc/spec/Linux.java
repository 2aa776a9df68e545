package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jrunc.internal.spec.Uint16;
import io.jrunc.internal.spec.Uint32;
import io.jrunc.internal.spec.Uint64;
import io.jrunc.internal.spec.Values;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Linux-specific configuration of a container: member {@code linux} of {@link Spec}, defined by
 * config-linux.md of the runtime specification.
 *
 * <p>Its nested records are the objects it contains; {@code null} components are absent members,
 * and unknown members are kept in {@code extensions()}.
 *
 * @param uidMappings user id mappings of the container's user namespace
 * @param gidMappings group id mappings of the container's user namespace
 * @param sysctl kernel parameters to set in the container, like {@code net.ipv4.ip_forward}
 * @param resources cgroup limits
 * @param cgroupsPath the container's cgroup: a path, or {@code slice:prefix:name} with the systemd
 *     driver
 * @param namespaces the namespaces to create or join; a type not listed is shared with the runtime
 * @param devices device nodes to create
 * @param netDevices host network devices to move into the container, by host name
 * @param seccomp the seccomp filter
 * @param rootfsPropagation the propagation of the root mount: {@code shared}, {@code slave}, {@code
 *     private} or {@code unbindable}, optionally with an {@code r} prefix
 * @param maskedPaths container paths made inaccessible
 * @param readonlyPaths container paths made read-only
 * @param mountLabel the SELinux context of the container's mounts
 * @param intelRdt Intel RDT settings
 * @param memoryPolicy the NUMA memory policy
 * @param personality the execution domain
 * @param timeOffsets clock offsets of the time namespace, by clock: {@code monotonic} or {@code
 *     boottime}
 * @param extensions members of this JSON object that the specification does not define (or that
 *     this version of jrunc does not know), kept so that a document read and written back keeps
 *     them; never {@code null}
 */
public record Linux(
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        Map<String, String> sysctl,
        Resources resources,
        String cgroupsPath,
        List<Namespace> namespaces,
        List<Device> devices,
        Map<String, NetDevice> netDevices,
        Seccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        IntelRdt intelRdt,
        MemoryPolicy memoryPolicy,
        Personality personality,
        Map<String, TimeOffset> timeOffsets,
        @JsonAnyGetter Map<String, Object> extensions) {

    private static final Set<String> PROPERTIES = Set.of(
            "uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces",
            "devices", "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths",
            "mountLabel", "intelRdt", "memoryPolicy", "personality", "timeOffsets");

    /**
     * Creates a value; lists and maps are copied into unmodifiable ones.
     *
     * @param uidMappings see {@link #uidMappings()}
     * @param gidMappings see {@link #gidMappings()}
     * @param sysctl see {@link #sysctl()}
     * @param resources see {@link #resources()}
     * @param cgroupsPath see {@link #cgroupsPath()}
     * @param namespaces see {@link #namespaces()}
     * @param devices see {@link #devices()}
     * @param netDevices see {@link #netDevices()}
     * @param seccomp see {@link #seccomp()}
     * @param rootfsPropagation see {@link #rootfsPropagation()}
     * @param maskedPaths see {@link #maskedPaths()}
     * @param readonlyPaths see {@link #readonlyPaths()}
     * @param mountLabel see {@link #mountLabel()}
     * @param intelRdt see {@link #intelRdt()}
     * @param memoryPolicy see {@link #memoryPolicy()}
     * @param personality see {@link #personality()}
     * @param timeOffsets see {@link #timeOffsets()}
     * @param extensions see {@link #extensions()}; {@code null} means none
     * @throws IllegalArgumentException if an extension is named like a defined member, or its
     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
     * @throws NullPointerException if a list or map contains {@code null}
     */
    public Linux {
        uidMappings = Values.list(uidMappings);
        gidMappings = Values.list(gidMappings);
        sysctl = Values.map(sysctl);
        namespaces = Values.list(namespaces);
        devices = Values.list(devices);
        netDevices = Values.map(netDevices);
        maskedPaths = Values.list(maskedPaths);
        readonlyPaths = Values.list(readonlyPaths);
        timeOffsets = Values.map(timeOffsets);
        extensions = Values.extensions(extensions, Linux.class, PROPERTIES);
    }

    /** @return a new builder with every property absent */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this value's properties, to make a modified copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A range of user or group ids mapped into a user namespace or an id-mapped mount ({@code
     * linux.uidMappings[]}, {@code mounts[].uidMappings[]}, ...).
     *
     * @param containerId the first id in the container (uint32); the JSON member is {@code
     *     containerID}
     * @param hostId the first id on the host that {@code containerId} maps to (uint32); the JSON
     *     member is {@code hostID}
     * @param size the number of ids mapped (uint32)
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record IdMapping(
            @JsonProperty("containerID") @Uint32 long containerId,
            @JsonProperty("hostID") @Uint32 long hostId,
            @Uint32 long size,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("containerID", "hostID", "size");

        /**
         * Creates a value.
         *
         * @param containerId see {@link #containerId()}
         * @param hostId see {@link #hostId()}
         * @param size see {@link #size()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public IdMapping {
            extensions = Values.extensions(extensions, IdMapping.class, PROPERTIES);
        }

        /**
         * @param containerId see {@link #containerId()}
         * @param hostId see {@link #hostId()}
         * @param size see {@link #size()}
         * @return a mapping with no extensions
         */
        public static IdMapping of(long containerId, long hostId, long size) {
            return new IdMapping(containerId, hostId, size, null);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link IdMapping} values; JSON is read through it too. */
        public static final class Builder {
            private long containerId;
            private long hostId;
            private long size;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(IdMapping prototype) {
                containerId = prototype.containerId;
                hostId = prototype.hostId;
                size = prototype.size;
                extensions = prototype.extensions;
            }

            /**
             * @param containerId see {@link IdMapping#containerId()}
             * @return this builder
             */
            public Builder containerId(long containerId) {
                this.containerId = containerId;
                return this;
            }

            /**
             * @param hostId see {@link IdMapping#hostId()}
             * @return this builder
             */
            public Builder hostId(long hostId) {
                this.hostId = hostId;
                return this;
            }

            /**
             * @param size see {@link IdMapping#size()}
             * @return this builder
             */
            public Builder size(long size) {
                this.size = size;
                return this;
            }

            /**
             * @param extensions see {@link IdMapping#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, IdMapping.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link IdMapping} with the properties set so far */
            public IdMapping build() {
                return new IdMapping(containerId, hostId, size, extensions);
            }
        }
    }

    /**
     * A namespace the container gets ({@code linux.namespaces[]}): a new one, or an existing one
     * joined through {@code path}.
     *
     * @param type the type: {@code pid}, {@code network}, {@code mount}, {@code ipc}, {@code uts},
     *     {@code user}, {@code cgroup} or {@code time}
     * @param path an absolute path to a namespace file to join, like {@code /proc/1234/ns/net};
     *     absent creates a new namespace
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Namespace(
            String type,
            String path,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("type", "path");

        /**
         * Creates a value.
         *
         * @param type see {@link #type()}
         * @param path see {@link #path()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Namespace {
            extensions = Values.extensions(extensions, Namespace.class, PROPERTIES);
        }

        /**
         * @param type see {@link #type()}
         * @return a new namespace of that type
         */
        public static Namespace of(String type) {
            return new Namespace(type, null, null);
        }

        /**
         * @param type see {@link #type()}
         * @param path see {@link #path()}
         * @return the existing namespace at that path
         */
        public static Namespace of(String type, String path) {
            return new Namespace(type, path, null);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Namespace} values; JSON is read through it too. */
        public static final class Builder {
            private String type;
            private String path;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Namespace prototype) {
                type = prototype.type;
                path = prototype.path;
                extensions = prototype.extensions;
            }

            /**
             * @param type see {@link Namespace#type()}
             * @return this builder
             */
            public Builder type(String type) {
                this.type = type;
                return this;
            }

            /**
             * @param path see {@link Namespace#path()}
             * @return this builder
             */
            public Builder path(String path) {
                this.path = path;
                return this;
            }

            /**
             * @param extensions see {@link Namespace#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Namespace.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Namespace} with the properties set so far */
            public Namespace build() {
                return new Namespace(type, path, extensions);
            }
        }
    }

    /**
     * A device node created in the container ({@code linux.devices[]}).
     *
     * @param path the absolute path of the node in the container
     * @param type the type: {@code c} (character), {@code b} (block), {@code u} (unbuffered
     *     character) or {@code p} (FIFO)
     * @param major the major number (int64); required unless the type is {@code p}
     * @param minor the minor number (int64); required unless the type is {@code p}
     * @param fileMode the permission bits of the node (uint32, in JSON a decimal number)
     * @param uid the owner of the node (uint32)
     * @param gid the group of the node (uint32)
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Device(
            String path,
            String type,
            Long major,
            Long minor,
            @Uint32 Long fileMode,
            @Uint32 Long uid,
            @Uint32 Long gid,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "path", "type", "major", "minor", "fileMode", "uid", "gid");

        /**
         * Creates a value.
         *
         * @param path see {@link #path()}
         * @param type see {@link #type()}
         * @param major see {@link #major()}
         * @param minor see {@link #minor()}
         * @param fileMode see {@link #fileMode()}
         * @param uid see {@link #uid()}
         * @param gid see {@link #gid()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Device {
            extensions = Values.extensions(extensions, Device.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Device} values; JSON is read through it too. */
        public static final class Builder {
            private String path;
            private String type;
            private Long major;
            private Long minor;
            private Long fileMode;
            private Long uid;
            private Long gid;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Device prototype) {
                path = prototype.path;
                type = prototype.type;
                major = prototype.major;
                minor = prototype.minor;
                fileMode = prototype.fileMode;
                uid = prototype.uid;
                gid = prototype.gid;
                extensions = prototype.extensions;
            }

            /**
             * @param path see {@link Device#path()}
             * @return this builder
             */
            public Builder path(String path) {
                this.path = path;
                return this;
            }

            /**
             * @param type see {@link Device#type()}
             * @return this builder
             */
            public Builder type(String type) {
                this.type = type;
                return this;
            }

            /**
             * @param major see {@link Device#major()}
             * @return this builder
             */
            public Builder major(Long major) {
                this.major = major;
                return this;
            }

            /**
             * @param minor see {@link Device#minor()}
             * @return this builder
             */
            public Builder minor(Long minor) {
                this.minor = minor;
                return this;
            }

            /**
             * @param fileMode see {@link Device#fileMode()}
             * @return this builder
             */
            public Builder fileMode(Long fileMode) {
                this.fileMode = fileMode;
                return this;
            }

            /**
             * @param uid see {@link Device#uid()}
             * @return this builder
             */
            public Builder uid(Long uid) {
                this.uid = uid;
                return this;
            }

            /**
             * @param gid see {@link Device#gid()}
             * @return this builder
             */
            public Builder gid(Long gid) {
                this.gid = gid;
                return this;
            }

            /**
             * @param extensions see {@link Device#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Device.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Device} with the properties set so far */
            public Device build() {
                return new Device(path, type, major, minor, fileMode, uid, gid, extensions);
            }
        }
    }

    /**
     * How a host network device moved into the container is named there (a value of {@code
     * linux.netDevices}).
     *
     * @param name the name in the container; absent keeps the host name
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record NetDevice(
            String name,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("name");

        /**
         * Creates a value.
         *
         * @param name see {@link #name()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public NetDevice {
            extensions = Values.extensions(extensions, NetDevice.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link NetDevice} values; JSON is read through it too. */
        public static final class Builder {
            private String name;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(NetDevice prototype) {
                name = prototype.name;
                extensions = prototype.extensions;
            }

            /**
             * @param name see {@link NetDevice#name()}
             * @return this builder
             */
            public Builder name(String name) {
                this.name = name;
                return this;
            }

            /**
             * @param extensions see {@link NetDevice#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, NetDevice.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link NetDevice} with the properties set so far */
            public NetDevice build() {
                return new NetDevice(name, extensions);
            }
        }
    }

    /**
     * The cgroup limits of the container ({@code linux.resources}).
     *
     * @param devices the device allow list, in order
     * @param memory memory limits
     * @param cpu CPU limits
     * @param pids the number of tasks
     * @param blockIo block I/O limits; the JSON member is {@code blockIO}
     * @param hugepageLimits huge page limits
     * @param network network class and priorities
     * @param rdma RDMA limits by device name
     * @param unified cgroup v2 files to write, by file name, like {@code memory.high}
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Resources(
            List<DeviceRule> devices,
            Memory memory,
            Cpu cpu,
            Pids pids,
            @JsonProperty("blockIO") BlockIo blockIo,
            List<HugepageLimit> hugepageLimits,
            Network network,
            Map<String, Rdma> rdma,
            Map<String, String> unified,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "devices", "memory", "cpu", "pids", "blockIO", "hugepageLimits", "network", "rdma",
                "unified");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param devices see {@link #devices()}
         * @param memory see {@link #memory()}
         * @param cpu see {@link #cpu()}
         * @param pids see {@link #pids()}
         * @param blockIo see {@link #blockIo()}
         * @param hugepageLimits see {@link #hugepageLimits()}
         * @param network see {@link #network()}
         * @param rdma see {@link #rdma()}
         * @param unified see {@link #unified()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Resources {
            devices = Values.list(devices);
            hugepageLimits = Values.list(hugepageLimits);
            rdma = Values.map(rdma);
            unified = Values.map(unified);
            extensions = Values.extensions(extensions, Resources.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /**
         * An entry of the device cgroup allow list ({@code linux.resources.devices[]}); entries
         * apply in order.
         *
         * @param allow whether the entry allows (true) or denies (false) access
         * @param type the device type: {@code a} (all), {@code c} or {@code b}; absent means all
         * @param major the major number (int64); absent means all
         * @param minor the minor number (int64); absent means all
         * @param access the access: a combination of {@code r} (read), {@code w} (write) and {@code
         *     m} (mknod)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record DeviceRule(
                boolean allow,
                String type,
                Long major,
                Long minor,
                String access,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "allow", "type", "major", "minor", "access");

            /**
             * Creates a value.
             *
             * @param allow see {@link #allow()}
             * @param type see {@link #type()}
             * @param major see {@link #major()}
             * @param minor see {@link #minor()}
             * @param access see {@link #access()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public DeviceRule {
                extensions = Values.extensions(extensions, DeviceRule.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link DeviceRule} values; JSON is read through it too. */
            public static final class Builder {
                private boolean allow;
                private String type;
                private Long major;
                private Long minor;
                private String access;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(DeviceRule prototype) {
                    allow = prototype.allow;
                    type = prototype.type;
                    major = prototype.major;
                    minor = prototype.minor;
                    access = prototype.access;
                    extensions = prototype.extensions;
                }

                /**
                 * @param allow see {@link DeviceRule#allow()}
                 * @return this builder
                 */
                public Builder allow(boolean allow) {
                    this.allow = allow;
                    return this;
                }

                /**
                 * @param type see {@link DeviceRule#type()}
                 * @return this builder
                 */
                public Builder type(String type) {
                    this.type = type;
                    return this;
                }

                /**
                 * @param major see {@link DeviceRule#major()}
                 * @return this builder
                 */
                public Builder major(Long major) {
                    this.major = major;
                    return this;
                }

                /**
                 * @param minor see {@link DeviceRule#minor()}
                 * @return this builder
                 */
                public Builder minor(Long minor) {
                    this.minor = minor;
                    return this;
                }

                /**
                 * @param access see {@link DeviceRule#access()}
                 * @return this builder
                 */
                public Builder access(String access) {
                    this.access = access;
                    return this;
                }

                /**
                 * @param extensions see {@link DeviceRule#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, DeviceRule.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link DeviceRule} with the properties set so far */
                public DeviceRule build() {
                    return new DeviceRule(allow, type, major, minor, access, extensions);
                }
            }
        }

        /**
         * Limits of the memory cgroup ({@code linux.resources.memory}). Byte values are int64, with
         * -1 meaning unlimited.
         *
         * @param limit the memory limit in bytes
         * @param reservation the soft limit in bytes
         * @param swap the limit of memory plus swap in bytes
         * @param kernel deprecated: the kernel memory limit in bytes (not in cgroup v2)
         * @param kernelTcp the kernel TCP buffer limit in bytes; the JSON member is {@code
         *     kernelTCP}
         * @param swappiness how eagerly the kernel swaps, 0 to 100 (uint64)
         * @param disableOomKiller whether to disable the OOM killer; the JSON member is {@code
         *     disableOOMKiller}
         * @param useHierarchy whether to enable hierarchical accounting (cgroup v1)
         * @param checkBeforeUpdate whether an update must fail if the new limit is below the
         *     current usage
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Memory(
                Long limit,
                Long reservation,
                Long swap,
                Long kernel,
                @JsonProperty("kernelTCP") Long kernelTcp,
                @Uint64 Long swappiness,
                @JsonProperty("disableOOMKiller") Boolean disableOomKiller,
                Boolean useHierarchy,
                Boolean checkBeforeUpdate,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                    "disableOOMKiller", "useHierarchy", "checkBeforeUpdate");

            /**
             * Creates a value.
             *
             * @param limit see {@link #limit()}
             * @param reservation see {@link #reservation()}
             * @param swap see {@link #swap()}
             * @param kernel see {@link #kernel()}
             * @param kernelTcp see {@link #kernelTcp()}
             * @param swappiness see {@link #swappiness()}
             * @param disableOomKiller see {@link #disableOomKiller()}
             * @param useHierarchy see {@link #useHierarchy()}
             * @param checkBeforeUpdate see {@link #checkBeforeUpdate()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Memory {
                extensions = Values.extensions(extensions, Memory.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Memory} values; JSON is read through it too. */
            public static final class Builder {
                private Long limit;
                private Long reservation;
                private Long swap;
                private Long kernel;
                private Long kernelTcp;
                private Long swappiness;
                private Boolean disableOomKiller;
                private Boolean useHierarchy;
                private Boolean checkBeforeUpdate;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Memory prototype) {
                    limit = prototype.limit;
                    reservation = prototype.reservation;
                    swap = prototype.swap;
                    kernel = prototype.kernel;
                    kernelTcp = prototype.kernelTcp;
                    swappiness = prototype.swappiness;
                    disableOomKiller = prototype.disableOomKiller;
                    useHierarchy = prototype.useHierarchy;
                    checkBeforeUpdate = prototype.checkBeforeUpdate;
                    extensions = prototype.extensions;
                }

                /**
                 * @param limit see {@link Memory#limit()}
                 * @return this builder
                 */
                public Builder limit(Long limit) {
                    this.limit = limit;
                    return this;
                }

                /**
                 * @param reservation see {@link Memory#reservation()}
                 * @return this builder
                 */
                public Builder reservation(Long reservation) {
                    this.reservation = reservation;
                    return this;
                }

                /**
                 * @param swap see {@link Memory#swap()}
                 * @return this builder
                 */
                public Builder swap(Long swap) {
                    this.swap = swap;
                    return this;
                }

                /**
                 * @param kernel see {@link Memory#kernel()}
                 * @return this builder
                 */
                public Builder kernel(Long kernel) {
                    this.kernel = kernel;
                    return this;
                }

                /**
                 * @param kernelTcp see {@link Memory#kernelTcp()}
                 * @return this builder
                 */
                public Builder kernelTcp(Long kernelTcp) {
                    this.kernelTcp = kernelTcp;
                    return this;
                }

                /**
                 * @param swappiness see {@link Memory#swappiness()}
                 * @return this builder
                 */
                public Builder swappiness(Long swappiness) {
                    this.swappiness = swappiness;
                    return this;
                }

                /**
                 * @param disableOomKiller see {@link Memory#disableOomKiller()}
                 * @return this builder
                 */
                public Builder disableOomKiller(Boolean disableOomKiller) {
                    this.disableOomKiller = disableOomKiller;
                    return this;
                }

                /**
                 * @param useHierarchy see {@link Memory#useHierarchy()}
                 * @return this builder
                 */
                public Builder useHierarchy(Boolean useHierarchy) {
                    this.useHierarchy = useHierarchy;
                    return this;
                }

                /**
                 * @param checkBeforeUpdate see {@link Memory#checkBeforeUpdate()}
                 * @return this builder
                 */
                public Builder checkBeforeUpdate(Boolean checkBeforeUpdate) {
                    this.checkBeforeUpdate = checkBeforeUpdate;
                    return this;
                }

                /**
                 * @param extensions see {@link Memory#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Memory.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Memory} with the properties set so far */
                public Memory build() {
                    return new Memory(
                            limit, reservation, swap, kernel, kernelTcp, swappiness,
                            disableOomKiller, useHierarchy, checkBeforeUpdate, extensions);
                }
            }
        }

        /**
         * Limits of the cpu and cpuset cgroups ({@code linux.resources.cpu}). Times are in
         * microseconds.
         *
         * @param shares the relative CPU weight (cgroup v1 shares); unsigned 64-bit: values from
         *     2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows them)
         * @param quota the CPU time allowed per period (int64); -1 means unlimited
         * @param burst the CPU time a cgroup may accumulate beyond its quota; unsigned 64-bit:
         *     values from 2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows
         *     them)
         * @param period the period of {@code quota}; unsigned 64-bit: values from 2^63 are negative
         *     in Java ({@link Long#toUnsignedString(long)} shows them)
         * @param realtimeRuntime the realtime CPU time allowed per realtime period (int64)
         * @param realtimePeriod the realtime period; unsigned 64-bit: values from 2^63 are negative
         *     in Java ({@link Long#toUnsignedString(long)} shows them)
         * @param cpus the CPUs the container may use, like {@code 0-3,7}
         * @param mems the memory nodes the container may use, like {@code 0-1}
         * @param idle the cgroup's idle setting (int64): 1 makes it SCHED_IDLE, 0 is the default
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Cpu(
                @Uint64 Long shares,
                Long quota,
                @Uint64 Long burst,
                @Uint64 Long period,
                Long realtimeRuntime,
                @Uint64 Long realtimePeriod,
                String cpus,
                String mems,
                Long idle,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "shares", "quota", "burst", "period", "realtimeRuntime", "realtimePeriod",
                    "cpus", "mems", "idle");

            /**
             * Creates a value.
             *
             * @param shares see {@link #shares()}
             * @param quota see {@link #quota()}
             * @param burst see {@link #burst()}
             * @param period see {@link #period()}
             * @param realtimeRuntime see {@link #realtimeRuntime()}
             * @param realtimePeriod see {@link #realtimePeriod()}
             * @param cpus see {@link #cpus()}
             * @param mems see {@link #mems()}
             * @param idle see {@link #idle()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Cpu {
                extensions = Values.extensions(extensions, Cpu.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Cpu} values; JSON is read through it too. */
            public static final class Builder {
                private Long shares;
                private Long quota;
                private Long burst;
                private Long period;
                private Long realtimeRuntime;
                private Long realtimePeriod;
                private String cpus;
                private String mems;
                private Long idle;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Cpu prototype) {
                    shares = prototype.shares;
                    quota = prototype.quota;
                    burst = prototype.burst;
                    period = prototype.period;
                    realtimeRuntime = prototype.realtimeRuntime;
                    realtimePeriod = prototype.realtimePeriod;
                    cpus = prototype.cpus;
                    mems = prototype.mems;
                    idle = prototype.idle;
                    extensions = prototype.extensions;
                }

                /**
                 * @param shares see {@link Cpu#shares()}
                 * @return this builder
                 */
                public Builder shares(Long shares) {
                    this.shares = shares;
                    return this;
                }

                /**
                 * @param quota see {@link Cpu#quota()}
                 * @return this builder
                 */
                public Builder quota(Long quota) {
                    this.quota = quota;
                    return this;
                }

                /**
                 * @param burst see {@link Cpu#burst()}
                 * @return this builder
                 */
                public Builder burst(Long burst) {
                    this.burst = burst;
                    return this;
                }

                /**
                 * @param period see {@link Cpu#period()}
                 * @return this builder
                 */
                public Builder period(Long period) {
                    this.period = period;
                    return this;
                }

                /**
                 * @param realtimeRuntime see {@link Cpu#realtimeRuntime()}
                 * @return this builder
                 */
                public Builder realtimeRuntime(Long realtimeRuntime) {
                    this.realtimeRuntime = realtimeRuntime;
                    return this;
                }

                /**
                 * @param realtimePeriod see {@link Cpu#realtimePeriod()}
                 * @return this builder
                 */
                public Builder realtimePeriod(Long realtimePeriod) {
                    this.realtimePeriod = realtimePeriod;
                    return this;
                }

                /**
                 * @param cpus see {@link Cpu#cpus()}
                 * @return this builder
                 */
                public Builder cpus(String cpus) {
                    this.cpus = cpus;
                    return this;
                }

                /**
                 * @param mems see {@link Cpu#mems()}
                 * @return this builder
                 */
                public Builder mems(String mems) {
                    this.mems = mems;
                    return this;
                }

                /**
                 * @param idle see {@link Cpu#idle()}
                 * @return this builder
                 */
                public Builder idle(Long idle) {
                    this.idle = idle;
                    return this;
                }

                /**
                 * @param extensions see {@link Cpu#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Cpu.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Cpu} with the properties set so far */
                public Cpu build() {
                    return new Cpu(
                            shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus,
                            mems, idle, extensions);
                }
            }
        }

        /**
         * The limit of the pids cgroup ({@code linux.resources.pids}).
         *
         * @param limit the maximum number of tasks (int64); -1 means unlimited, 0 is a real limit
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Pids(
                Long limit,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("limit");

            /**
             * Creates a value.
             *
             * @param limit see {@link #limit()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Pids {
                extensions = Values.extensions(extensions, Pids.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Pids} values; JSON is read through it too. */
            public static final class Builder {
                private Long limit;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Pids prototype) {
                    limit = prototype.limit;
                    extensions = prototype.extensions;
                }

                /**
                 * @param limit see {@link Pids#limit()}
                 * @return this builder
                 */
                public Builder limit(Long limit) {
                    this.limit = limit;
                    return this;
                }

                /**
                 * @param extensions see {@link Pids#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Pids.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Pids} with the properties set so far */
                public Pids build() {
                    return new Pids(limit, extensions);
                }
            }
        }

        /**
         * Limits of the blkio / io cgroup ({@code linux.resources.blockIO}).
         *
         * @param weight the cgroup's weight, 10 to 1000 (uint16)
         * @param leafWeight the weight against the cgroup's children, 10 to 1000 (uint16; cgroup v1
         *     CFQ)
         * @param weightDevice per-device weights
         * @param throttleReadBpsDevice per-device read limits in bytes per second
         * @param throttleWriteBpsDevice per-device write limits in bytes per second
         * @param throttleReadIopsDevice per-device read limits in operations per second; the JSON
         *     member is {@code throttleReadIOPSDevice}
         * @param throttleWriteIopsDevice per-device write limits in operations per second; the JSON
         *     member is {@code throttleWriteIOPSDevice}
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record BlockIo(
                @Uint16 Integer weight,
                @Uint16 Integer leafWeight,
                List<WeightDevice> weightDevice,
                List<ThrottleDevice> throttleReadBpsDevice,
                List<ThrottleDevice> throttleWriteBpsDevice,
                @JsonProperty("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIopsDevice,
                @JsonProperty("throttleWriteIOPSDevice")
                List<ThrottleDevice> throttleWriteIopsDevice,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "weight", "leafWeight", "weightDevice", "throttleReadBpsDevice",
                    "throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param weight see {@link #weight()}
             * @param leafWeight see {@link #leafWeight()}
             * @param weightDevice see {@link #weightDevice()}
             * @param throttleReadBpsDevice see {@link #throttleReadBpsDevice()}
             * @param throttleWriteBpsDevice see {@link #throttleWriteBpsDevice()}
             * @param throttleReadIopsDevice see {@link #throttleReadIopsDevice()}
             * @param throttleWriteIopsDevice see {@link #throttleWriteIopsDevice()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public BlockIo {
                weightDevice = Values.list(weightDevice);
                throttleReadBpsDevice = Values.list(throttleReadBpsDevice);
                throttleWriteBpsDevice = Values.list(throttleWriteBpsDevice);
                throttleReadIopsDevice = Values.list(throttleReadIopsDevice);
                throttleWriteIopsDevice = Values.list(throttleWriteIopsDevice);
                extensions = Values.extensions(extensions, BlockIo.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /**
             * A per-device block I/O weight ({@code linux.resources.blockIO.weightDevice[]}).
             *
             * @param major the major number of the device (int64)
             * @param minor the minor number of the device (int64)
             * @param weight the weight, 10 to 1000 (uint16)
             * @param leafWeight the weight against the cgroup's children, 10 to 1000 (uint16;
             *     cgroup v1 CFQ)
             * @param extensions members of this JSON object that the specification does not define
             *     (or that this version of jrunc does not know), kept so that a document read and
             *     written back keeps them; never {@code null}
             */
            public record WeightDevice(
                    long major,
                    long minor,
                    @Uint16 Integer weight,
                    @Uint16 Integer leafWeight,
                    @JsonAnyGetter Map<String, Object> extensions) {

                private static final Set<String> PROPERTIES = Set.of(
                        "major", "minor", "weight", "leafWeight");

                /**
                 * Creates a value.
                 *
                 * @param major see {@link #major()}
                 * @param minor see {@link #minor()}
                 * @param weight see {@link #weight()}
                 * @param leafWeight see {@link #leafWeight()}
                 * @param extensions see {@link #extensions()}; {@code null} means none
                 * @throws IllegalArgumentException if an extension is named like a defined member, or its
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public WeightDevice {
                    extensions = Values.extensions(extensions, WeightDevice.class, PROPERTIES);
                }

                /** @return a new builder with every property absent */
                public static Builder builder() {
                    return new Builder();
                }

                /** @return a builder holding this value's properties, to make a modified copy */
                public Builder toBuilder() {
                    return new Builder(this);
                }

                /** Builds {@link WeightDevice} values; JSON is read through it too. */
                public static final class Builder {
                    private long major;
                    private long minor;
                    private Integer weight;
                    private Integer leafWeight;
                    private Map<String, Object> extensions = Map.of();

                    private Builder() {
                    }

                    private Builder(WeightDevice prototype) {
                        major = prototype.major;
                        minor = prototype.minor;
                        weight = prototype.weight;
                        leafWeight = prototype.leafWeight;
                        extensions = prototype.extensions;
                    }

                    /**
                     * @param major see {@link WeightDevice#major()}
                     * @return this builder
                     */
                    public Builder major(long major) {
                        this.major = major;
                        return this;
                    }

                    /**
                     * @param minor see {@link WeightDevice#minor()}
                     * @return this builder
                     */
                    public Builder minor(long minor) {
                        this.minor = minor;
                        return this;
                    }

                    /**
                     * @param weight see {@link WeightDevice#weight()}
                     * @return this builder
                     */
                    public Builder weight(Integer weight) {
                        this.weight = weight;
                        return this;
                    }

                    /**
                     * @param leafWeight see {@link WeightDevice#leafWeight()}
                     * @return this builder
                     */
                    public Builder leafWeight(Integer leafWeight) {
                        this.leafWeight = leafWeight;
                        return this;
                    }

                    /**
                     * @param extensions see {@link WeightDevice#extensions()}; {@code null} means none
                     * @return this builder
                     * @throws IllegalArgumentException if a name is one of the defined properties, or a
                     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                     */
                    public Builder extensions(Map<String, ?> extensions) {
                        this.extensions = Values.extensions(extensions, WeightDevice.class, PROPERTIES);
                        return this;
                    }


                    /** @return a new {@link WeightDevice} with the properties set so far */
                    public WeightDevice build() {
                        return new WeightDevice(major, minor, weight, leafWeight, extensions);
                    }
                }
            }

            /**
             * A per-device block I/O rate limit ({@code
             * linux.resources.blockIO.throttle*Device[]}).
             *
             * @param major the major number of the device (int64)
             * @param minor the minor number of the device (int64)
             * @param rate the limit, in bytes or operations per second; unsigned 64-bit: values
             *     from 2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows them)
             * @param extensions members of this JSON object that the specification does not define
             *     (or that this version of jrunc does not know), kept so that a document read and
             *     written back keeps them; never {@code null}
             */
            public record ThrottleDevice(
                    long major,
                    long minor,
                    @Uint64 long rate,
                    @JsonAnyGetter Map<String, Object> extensions) {

                private static final Set<String> PROPERTIES = Set.of("major", "minor", "rate");

                /**
                 * Creates a value.
                 *
                 * @param major see {@link #major()}
                 * @param minor see {@link #minor()}
                 * @param rate see {@link #rate()}
                 * @param extensions see {@link #extensions()}; {@code null} means none
                 * @throws IllegalArgumentException if an extension is named like a defined member, or its
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public ThrottleDevice {
                    extensions = Values.extensions(extensions, ThrottleDevice.class, PROPERTIES);
                }

                /** @return a new builder with every property absent */
                public static Builder builder() {
                    return new Builder();
                }

                /** @return a builder holding this value's properties, to make a modified copy */
                public Builder toBuilder() {
                    return new Builder(this);
                }

                /** Builds {@link ThrottleDevice} values; JSON is read through it too. */
                public static final class Builder {
                    private long major;
                    private long minor;
                    private long rate;
                    private Map<String, Object> extensions = Map.of();

                    private Builder() {
                    }

                    private Builder(ThrottleDevice prototype) {
                        major = prototype.major;
                        minor = prototype.minor;
                        rate = prototype.rate;
                        extensions = prototype.extensions;
                    }

                    /**
                     * @param major see {@link ThrottleDevice#major()}
                     * @return this builder
                     */
                    public Builder major(long major) {
                        this.major = major;
                        return this;
                    }

                    /**
                     * @param minor see {@link ThrottleDevice#minor()}
                     * @return this builder
                     */
                    public Builder minor(long minor) {
                        this.minor = minor;
                        return this;
                    }

                    /**
                     * @param rate see {@link ThrottleDevice#rate()}
                     * @return this builder
                     */
                    public Builder rate(long rate) {
                        this.rate = rate;
                        return this;
                    }

                    /**
                     * @param extensions see {@link ThrottleDevice#extensions()}; {@code null} means none
                     * @return this builder
                     * @throws IllegalArgumentException if a name is one of the defined properties, or a
                     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                     */
                    public Builder extensions(Map<String, ?> extensions) {
                        this.extensions = Values.extensions(extensions, ThrottleDevice.class, PROPERTIES);
                        return this;
                    }


                    /** @return a new {@link ThrottleDevice} with the properties set so far */
                    public ThrottleDevice build() {
                        return new ThrottleDevice(major, minor, rate, extensions);
                    }
                }
            }

            /** Builds {@link BlockIo} values; JSON is read through it too. */
            public static final class Builder {
                private Integer weight;
                private Integer leafWeight;
                private List<WeightDevice> weightDevice;
                private List<ThrottleDevice> throttleReadBpsDevice;
                private List<ThrottleDevice> throttleWriteBpsDevice;
                private List<ThrottleDevice> throttleReadIopsDevice;
                private List<ThrottleDevice> throttleWriteIopsDevice;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(BlockIo prototype) {
                    weight = prototype.weight;
                    leafWeight = prototype.leafWeight;
                    weightDevice = prototype.weightDevice;
                    throttleReadBpsDevice = prototype.throttleReadBpsDevice;
                    throttleWriteBpsDevice = prototype.throttleWriteBpsDevice;
                    throttleReadIopsDevice = prototype.throttleReadIopsDevice;
                    throttleWriteIopsDevice = prototype.throttleWriteIopsDevice;
                    extensions = prototype.extensions;
                }

                /**
                 * @param weight see {@link BlockIo#weight()}
                 * @return this builder
                 */
                public Builder weight(Integer weight) {
                    this.weight = weight;
                    return this;
                }

                /**
                 * @param leafWeight see {@link BlockIo#leafWeight()}
                 * @return this builder
                 */
                public Builder leafWeight(Integer leafWeight) {
                    this.leafWeight = leafWeight;
                    return this;
                }

                /**
                 * @param weightDevice see {@link BlockIo#weightDevice()}
                 * @return this builder
                 */
                public Builder weightDevice(List<WeightDevice> weightDevice) {
                    this.weightDevice = weightDevice;
                    return this;
                }

                /**
                 * @param throttleReadBpsDevice see {@link BlockIo#throttleReadBpsDevice()}
                 * @return this builder
                 */
                public Builder throttleReadBpsDevice(List<ThrottleDevice> throttleReadBpsDevice) {
                    this.throttleReadBpsDevice = throttleReadBpsDevice;
                    return this;
                }

                /**
                 * @param throttleWriteBpsDevice see {@link BlockIo#throttleWriteBpsDevice()}
                 * @return this builder
                 */
                public Builder throttleWriteBpsDevice(List<ThrottleDevice> throttleWriteBpsDevice) {
                    this.throttleWriteBpsDevice = throttleWriteBpsDevice;
                    return this;
                }

                /**
                 * @param throttleReadIopsDevice see {@link BlockIo#throttleReadIopsDevice()}
                 * @return this builder
                 */
                public Builder throttleReadIopsDevice(List<ThrottleDevice> throttleReadIopsDevice) {
                    this.throttleReadIopsDevice = throttleReadIopsDevice;
                    return this;
                }

                /**
                 * @param throttleWriteIopsDevice see {@link BlockIo#throttleWriteIopsDevice()}
                 * @return this builder
                 */
                public Builder throttleWriteIopsDevice(List<ThrottleDevice> throttleWriteIopsDevice) {
                    this.throttleWriteIopsDevice = throttleWriteIopsDevice;
                    return this;
                }

                /**
                 * @param extensions see {@link BlockIo#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, BlockIo.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link BlockIo} with the properties set so far */
                public BlockIo build() {
                    return new BlockIo(
                            weight, leafWeight, weightDevice, throttleReadBpsDevice,
                            throttleWriteBpsDevice, throttleReadIopsDevice, throttleWriteIopsDevice,
                            extensions);
                }
            }
        }

        /**
         * A limit of the hugetlb cgroup ({@code linux.resources.hugepageLimits[]}).
         *
         * @param pageSize the huge page size, like {@code 2MB} or {@code 1GB}
         * @param limit the limit in bytes; unsigned 64-bit: values from 2^63 are negative in Java
         *     ({@link Long#toUnsignedString(long)} shows them)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record HugepageLimit(
                String pageSize,
                @Uint64 long limit,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("pageSize", "limit");

            /**
             * Creates a value.
             *
             * @param pageSize see {@link #pageSize()}
             * @param limit see {@link #limit()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public HugepageLimit {
                extensions = Values.extensions(extensions, HugepageLimit.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link HugepageLimit} values; JSON is read through it too. */
            public static final class Builder {
                private String pageSize;
                private long limit;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(HugepageLimit prototype) {
                    pageSize = prototype.pageSize;
                    limit = prototype.limit;
                    extensions = prototype.extensions;
                }

                /**
                 * @param pageSize see {@link HugepageLimit#pageSize()}
                 * @return this builder
                 */
                public Builder pageSize(String pageSize) {
                    this.pageSize = pageSize;
                    return this;
                }

                /**
                 * @param limit see {@link HugepageLimit#limit()}
                 * @return this builder
                 */
                public Builder limit(long limit) {
                    this.limit = limit;
                    return this;
                }

                /**
                 * @param extensions see {@link HugepageLimit#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, HugepageLimit.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link HugepageLimit} with the properties set so far */
                public HugepageLimit build() {
                    return new HugepageLimit(pageSize, limit, extensions);
                }
            }
        }

        /**
         * Settings of the net_cls and net_prio cgroups ({@code linux.resources.network}).
         *
         * @param classId the class identifier of the container's packets (uint32); the JSON member
         *     is {@code classID}
         * @param priorities per-interface priorities
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Network(
                @JsonProperty("classID") @Uint32 Long classId,
                List<InterfacePriority> priorities,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("classID", "priorities");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param classId see {@link #classId()}
             * @param priorities see {@link #priorities()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Network {
                priorities = Values.list(priorities);
                extensions = Values.extensions(extensions, Network.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /**
             * The priority of the container's traffic on an interface ({@code
             * linux.resources.network.priorities[]}).
             *
             * @param name the interface name
             * @param priority the priority (uint32)
             * @param extensions members of this JSON object that the specification does not define
             *     (or that this version of jrunc does not know), kept so that a document read and
             *     written back keeps them; never {@code null}
             */
            public record InterfacePriority(
                    String name,
                    @Uint32 long priority,
                    @JsonAnyGetter Map<String, Object> extensions) {

                private static final Set<String> PROPERTIES = Set.of("name", "priority");

                /**
                 * Creates a value.
                 *
                 * @param name see {@link #name()}
                 * @param priority see {@link #priority()}
                 * @param extensions see {@link #extensions()}; {@code null} means none
                 * @throws IllegalArgumentException if an extension is named like a defined member, or its
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public InterfacePriority {
                    extensions = Values.extensions(extensions, InterfacePriority.class, PROPERTIES);
                }

                /** @return a new builder with every property absent */
                public static Builder builder() {
                    return new Builder();
                }

                /** @return a builder holding this value's properties, to make a modified copy */
                public Builder toBuilder() {
                    return new Builder(this);
                }

                /** Builds {@link InterfacePriority} values; JSON is read through it too. */
                public static final class Builder {
                    private String name;
                    private long priority;
                    private Map<String, Object> extensions = Map.of();

                    private Builder() {
                    }

                    private Builder(InterfacePriority prototype) {
                        name = prototype.name;
                        priority = prototype.priority;
                        extensions = prototype.extensions;
                    }

                    /**
                     * @param name see {@link InterfacePriority#name()}
                     * @return this builder
                     */
                    public Builder name(String name) {
                        this.name = name;
                        return this;
                    }

                    /**
                     * @param priority see {@link InterfacePriority#priority()}
                     * @return this builder
                     */
                    public Builder priority(long priority) {
                        this.priority = priority;
                        return this;
                    }

                    /**
                     * @param extensions see {@link InterfacePriority#extensions()}; {@code null} means none
                     * @return this builder
                     * @throws IllegalArgumentException if a name is one of the defined properties, or a
                     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                     */
                    public Builder extensions(Map<String, ?> extensions) {
                        this.extensions = Values.extensions(extensions, InterfacePriority.class, PROPERTIES);
                        return this;
                    }


                    /** @return a new {@link InterfacePriority} with the properties set so far */
                    public InterfacePriority build() {
                        return new InterfacePriority(name, priority, extensions);
                    }
                }
            }

            /** Builds {@link Network} values; JSON is read through it too. */
            public static final class Builder {
                private Long classId;
                private List<InterfacePriority> priorities;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Network prototype) {
                    classId = prototype.classId;
                    priorities = prototype.priorities;
                    extensions = prototype.extensions;
                }

                /**
                 * @param classId see {@link Network#classId()}
                 * @return this builder
                 */
                public Builder classId(Long classId) {
                    this.classId = classId;
                    return this;
                }

                /**
                 * @param priorities see {@link Network#priorities()}
                 * @return this builder
                 */
                public Builder priorities(List<InterfacePriority> priorities) {
                    this.priorities = priorities;
                    return this;
                }

                /**
                 * @param extensions see {@link Network#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Network.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Network} with the properties set so far */
                public Network build() {
                    return new Network(classId, priorities, extensions);
                }
            }
        }

        /**
         * Limits of the rdma cgroup for one device (a value of {@code linux.resources.rdma}).
         *
         * @param hcaHandles the maximum number of HCA handles (uint32)
         * @param hcaObjects the maximum number of HCA objects (uint32)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Rdma(
                @Uint32 Long hcaHandles,
                @Uint32 Long hcaObjects,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("hcaHandles", "hcaObjects");

            /**
             * Creates a value.
             *
             * @param hcaHandles see {@link #hcaHandles()}
             * @param hcaObjects see {@link #hcaObjects()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Rdma {
                extensions = Values.extensions(extensions, Rdma.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Rdma} values; JSON is read through it too. */
            public static final class Builder {
                private Long hcaHandles;
                private Long hcaObjects;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Rdma prototype) {
                    hcaHandles = prototype.hcaHandles;
                    hcaObjects = prototype.hcaObjects;
                    extensions = prototype.extensions;
                }

                /**
                 * @param hcaHandles see {@link Rdma#hcaHandles()}
                 * @return this builder
                 */
                public Builder hcaHandles(Long hcaHandles) {
                    this.hcaHandles = hcaHandles;
                    return this;
                }

                /**
                 * @param hcaObjects see {@link Rdma#hcaObjects()}
                 * @return this builder
                 */
                public Builder hcaObjects(Long hcaObjects) {
                    this.hcaObjects = hcaObjects;
                    return this;
                }

                /**
                 * @param extensions see {@link Rdma#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Rdma.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Rdma} with the properties set so far */
                public Rdma build() {
                    return new Rdma(hcaHandles, hcaObjects, extensions);
                }
            }
        }

        /** Builds {@link Resources} values; JSON is read through it too. */
        public static final class Builder {
            private List<DeviceRule> devices;
            private Memory memory;
            private Cpu cpu;
            private Pids pids;
            private BlockIo blockIo;
            private List<HugepageLimit> hugepageLimits;
            private Network network;
            private Map<String, Rdma> rdma;
            private Map<String, String> unified;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Resources prototype) {
                devices = prototype.devices;
                memory = prototype.memory;
                cpu = prototype.cpu;
                pids = prototype.pids;
                blockIo = prototype.blockIo;
                hugepageLimits = prototype.hugepageLimits;
                network = prototype.network;
                rdma = prototype.rdma;
                unified = prototype.unified;
                extensions = prototype.extensions;
            }

            /**
             * @param devices see {@link Resources#devices()}
             * @return this builder
             */
            public Builder devices(List<DeviceRule> devices) {
                this.devices = devices;
                return this;
            }

            /**
             * @param memory see {@link Resources#memory()}
             * @return this builder
             */
            public Builder memory(Memory memory) {
                this.memory = memory;
                return this;
            }

            /**
             * @param cpu see {@link Resources#cpu()}
             * @return this builder
             */
            public Builder cpu(Cpu cpu) {
                this.cpu = cpu;
                return this;
            }

            /**
             * @param pids see {@link Resources#pids()}
             * @return this builder
             */
            public Builder pids(Pids pids) {
                this.pids = pids;
                return this;
            }

            /**
             * @param blockIo see {@link Resources#blockIo()}
             * @return this builder
             */
            public Builder blockIo(BlockIo blockIo) {
                this.blockIo = blockIo;
                return this;
            }

            /**
             * @param hugepageLimits see {@link Resources#hugepageLimits()}
             * @return this builder
             */
            public Builder hugepageLimits(List<HugepageLimit> hugepageLimits) {
                this.hugepageLimits = hugepageLimits;
                return this;
            }

            /**
             * @param network see {@link Resources#network()}
             * @return this builder
             */
            public Builder network(Network network) {
                this.network = network;
                return this;
            }

            /**
             * @param rdma see {@link Resources#rdma()}
             * @return this builder
             */
            public Builder rdma(Map<String, Rdma> rdma) {
                this.rdma = rdma;
                return this;
            }

            /**
             * @param unified see {@link Resources#unified()}
             * @return this builder
             */
            public Builder unified(Map<String, String> unified) {
                this.unified = unified;
                return this;
            }

            /**
             * @param extensions see {@link Resources#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Resources.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Resources} with the properties set so far */
            public Resources build() {
                return new Resources(
                        devices, memory, cpu, pids, blockIo, hugepageLimits, network, rdma, unified,
                        extensions);
            }
        }
    }

    /**
     * The seccomp filter of the container ({@code linux.seccomp}). Names are those of libseccomp.
     *
     * @param defaultAction the action for system calls no rule matches, like {@code SCMP_ACT_ALLOW}
     * @param defaultErrnoRet the errno of the default action, for {@code SCMP_ACT_ERRNO} or {@code
     *     SCMP_ACT_TRACE} (uint); absent means EPERM
     * @param architectures extra architectures, like {@code SCMP_ARCH_X86}
     * @param flags seccomp(2) filter flags, like {@code SECCOMP_FILTER_FLAG_LOG}
     * @param listenerPath the UNIX socket the seccomp notify file descriptor is sent to, for {@code
     *     SCMP_ACT_NOTIFY}
     * @param listenerMetadata opaque data sent to the listener with the file descriptor
     * @param syscalls the rules
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Seccomp(
            String defaultAction,
            @Uint64 Long defaultErrnoRet,
            List<String> architectures,
            List<String> flags,
            String listenerPath,
            String listenerMetadata,
            List<Syscall> syscalls,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath",
                "listenerMetadata", "syscalls");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param defaultAction see {@link #defaultAction()}
         * @param defaultErrnoRet see {@link #defaultErrnoRet()}
         * @param architectures see {@link #architectures()}
         * @param flags see {@link #flags()}
         * @param listenerPath see {@link #listenerPath()}
         * @param listenerMetadata see {@link #listenerMetadata()}
         * @param syscalls see {@link #syscalls()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Seccomp {
            architectures = Values.list(architectures);
            flags = Values.list(flags);
            syscalls = Values.list(syscalls);
            extensions = Values.extensions(extensions, Seccomp.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /**
         * jrunc's default profile, equivalent in effect to Docker's default seccomp profile for a
         * container with the default capabilities, for the architecture this JVM runs on.
         * Ordinary calls are allowed; the ones that reach past a container's isolation fail with
         * EPERM: new namespaces ({@code unshare}, {@code setns}, {@code clone} with namespace
         * flags; {@code clone3} fails with ENOSYS so that C libraries fall back to {@code
         * clone}), {@code mount}, {@code pivot_root}, keyrings ({@code keyctl}, {@code add_key},
         * {@code request_key}), {@code bpf}, {@code perf_event_open}, kernel modules, {@code
         * reboot}, {@code open_by_handle_at}, setting clocks, {@code AF_VSOCK} sockets. {@link
         * io.jrunc.ContainerBuilder} uses it unless told otherwise; {@link Spec#defaults()} (runc's
         * {@code runc spec}) has none.
         *
         * @return the profile
         */
        public static Seccomp defaultProfile() {
            return io.jrunc.internal.spec.DefaultSeccompProfile.profile();
        }

        /**
         * A rule for system calls ({@code linux.seccomp.syscalls[]}).
         *
         * @param names the system calls, at least one
         * @param action the action when the rule matches, like {@code SCMP_ACT_ERRNO}
         * @param errnoRet the errno returned by {@code SCMP_ACT_ERRNO} or {@code SCMP_ACT_TRACE}
         *     (uint); absent means EPERM
         * @param args conditions on the arguments, all of which must hold
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Syscall(
                List<String> names,
                String action,
                @Uint64 Long errnoRet,
                List<Arg> args,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "names", "action", "errnoRet", "args");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param names see {@link #names()}
             * @param action see {@link #action()}
             * @param errnoRet see {@link #errnoRet()}
             * @param args see {@link #args()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Syscall {
                names = Values.list(names);
                args = Values.list(args);
                extensions = Values.extensions(extensions, Syscall.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Syscall} values; JSON is read through it too. */
            public static final class Builder {
                private List<String> names;
                private String action;
                private Long errnoRet;
                private List<Arg> args;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Syscall prototype) {
                    names = prototype.names;
                    action = prototype.action;
                    errnoRet = prototype.errnoRet;
                    args = prototype.args;
                    extensions = prototype.extensions;
                }

                /**
                 * @param names see {@link Syscall#names()}
                 * @return this builder
                 */
                public Builder names(List<String> names) {
                    this.names = names;
                    return this;
                }

                /**
                 * @param action see {@link Syscall#action()}
                 * @return this builder
                 */
                public Builder action(String action) {
                    this.action = action;
                    return this;
                }

                /**
                 * @param errnoRet see {@link Syscall#errnoRet()}
                 * @return this builder
                 */
                public Builder errnoRet(Long errnoRet) {
                    this.errnoRet = errnoRet;
                    return this;
                }

                /**
                 * @param args see {@link Syscall#args()}
                 * @return this builder
                 */
                public Builder args(List<Arg> args) {
                    this.args = args;
                    return this;
                }

                /**
                 * @param extensions see {@link Syscall#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Syscall.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Syscall} with the properties set so far */
                public Syscall build() {
                    return new Syscall(names, action, errnoRet, args, extensions);
                }
            }
        }

        /**
         * A condition on a system call argument ({@code linux.seccomp.syscalls[].args[]}).
         *
         * @param index the argument, 0 to 5 (uint)
         * @param value the value compared with; unsigned 64-bit: values from 2^63 are negative in
         *     Java ({@link Long#toUnsignedString(long)} shows them)
         * @param valueTwo the second value, for {@code SCMP_CMP_MASKED_EQ}; unsigned 64-bit: values
         *     from 2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows them)
         * @param op the comparison, like {@code SCMP_CMP_EQ}
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Arg(
                @Uint64 long index,
                @Uint64 long value,
                @Uint64 Long valueTwo,
                String op,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "index", "value", "valueTwo", "op");

            /**
             * Creates a value.
             *
             * @param index see {@link #index()}
             * @param value see {@link #value()}
             * @param valueTwo see {@link #valueTwo()}
             * @param op see {@link #op()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Arg {
                extensions = Values.extensions(extensions, Arg.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Arg} values; JSON is read through it too. */
            public static final class Builder {
                private long index;
                private long value;
                private Long valueTwo;
                private String op;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Arg prototype) {
                    index = prototype.index;
                    value = prototype.value;
                    valueTwo = prototype.valueTwo;
                    op = prototype.op;
                    extensions = prototype.extensions;
                }

                /**
                 * @param index see {@link Arg#index()}
                 * @return this builder
                 */
                public Builder index(long index) {
                    this.index = index;
                    return this;
                }

                /**
                 * @param value see {@link Arg#value()}
                 * @return this builder
                 */
                public Builder value(long value) {
                    this.value = value;
                    return this;
                }

                /**
                 * @param valueTwo see {@link Arg#valueTwo()}
                 * @return this builder
                 */
                public Builder valueTwo(Long valueTwo) {
                    this.valueTwo = valueTwo;
                    return this;
                }

                /**
                 * @param op see {@link Arg#op()}
                 * @return this builder
                 */
                public Builder op(String op) {
                    this.op = op;
                    return this;
                }

                /**
                 * @param extensions see {@link Arg#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Arg.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Arg} with the properties set so far */
                public Arg build() {
                    return new Arg(index, value, valueTwo, op, extensions);
                }
            }
        }

        /** Builds {@link Seccomp} values; JSON is read through it too. */
        public static final class Builder {
            private String defaultAction;
            private Long defaultErrnoRet;
            private List<String> architectures;
            private List<String> flags;
            private String listenerPath;
            private String listenerMetadata;
            private List<Syscall> syscalls;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Seccomp prototype) {
                defaultAction = prototype.defaultAction;
                defaultErrnoRet = prototype.defaultErrnoRet;
                architectures = prototype.architectures;
                flags = prototype.flags;
                listenerPath = prototype.listenerPath;
                listenerMetadata = prototype.listenerMetadata;
                syscalls = prototype.syscalls;
                extensions = prototype.extensions;
            }

            /**
             * @param defaultAction see {@link Seccomp#defaultAction()}
             * @return this builder
             */
            public Builder defaultAction(String defaultAction) {
                this.defaultAction = defaultAction;
                return this;
            }

            /**
             * @param defaultErrnoRet see {@link Seccomp#defaultErrnoRet()}
             * @return this builder
             */
            public Builder defaultErrnoRet(Long defaultErrnoRet) {
                this.defaultErrnoRet = defaultErrnoRet;
                return this;
            }

            /**
             * @param architectures see {@link Seccomp#architectures()}
             * @return this builder
             */
            public Builder architectures(List<String> architectures) {
                this.architectures = architectures;
                return this;
            }

            /**
             * @param flags see {@link Seccomp#flags()}
             * @return this builder
             */
            public Builder flags(List<String> flags) {
                this.flags = flags;
                return this;
            }

            /**
             * @param listenerPath see {@link Seccomp#listenerPath()}
             * @return this builder
             */
            public Builder listenerPath(String listenerPath) {
                this.listenerPath = listenerPath;
                return this;
            }

            /**
             * @param listenerMetadata see {@link Seccomp#listenerMetadata()}
             * @return this builder
             */
            public Builder listenerMetadata(String listenerMetadata) {
                this.listenerMetadata = listenerMetadata;
                return this;
            }

            /**
             * @param syscalls see {@link Seccomp#syscalls()}
             * @return this builder
             */
            public Builder syscalls(List<Syscall> syscalls) {
                this.syscalls = syscalls;
                return this;
            }

            /**
             * @param extensions see {@link Seccomp#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Seccomp.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Seccomp} with the properties set so far */
            public Seccomp build() {
                return new Seccomp(
                        defaultAction, defaultErrnoRet, architectures, flags, listenerPath,
                        listenerMetadata, syscalls, extensions);
            }
        }
    }

    /**
     * Intel Resource Director Technology settings ({@code linux.intelRdt}).
     *
     * @param closId the class of service, a resctrl group name; the JSON member is {@code closID}
     * @param schemata lines to write to the schemata file
     * @param l3CacheSchema the L3 cache schema, like {@code L3:0=ffff0;1=3ff}
     * @param memBwSchema the memory bandwidth schema, like {@code MB:0=20;1=70}
     * @param enableMonitoring whether to create a resctrl monitoring group for the container
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record IntelRdt(
            @JsonProperty("closID") String closId,
            List<String> schemata,
            String l3CacheSchema,
            String memBwSchema,
            Boolean enableMonitoring,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "closID", "schemata", "l3CacheSchema", "memBwSchema", "enableMonitoring");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param closId see {@link #closId()}
         * @param schemata see {@link #schemata()}
         * @param l3CacheSchema see {@link #l3CacheSchema()}
         * @param memBwSchema see {@link #memBwSchema()}
         * @param enableMonitoring see {@link #enableMonitoring()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public IntelRdt {
            schemata = Values.list(schemata);
            extensions = Values.extensions(extensions, IntelRdt.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link IntelRdt} values; JSON is read through it too. */
        public static final class Builder {
            private String closId;
            private List<String> schemata;
            private String l3CacheSchema;
            private String memBwSchema;
            private Boolean enableMonitoring;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(IntelRdt prototype) {
                closId = prototype.closId;
                schemata = prototype.schemata;
                l3CacheSchema = prototype.l3CacheSchema;
                memBwSchema = prototype.memBwSchema;
                enableMonitoring = prototype.enableMonitoring;
                extensions = prototype.extensions;
            }

            /**
             * @param closId see {@link IntelRdt#closId()}
             * @return this builder
             */
            public Builder closId(String closId) {
                this.closId = closId;
                return this;
            }

            /**
             * @param schemata see {@link IntelRdt#schemata()}
             * @return this builder
             */
            public Builder schemata(List<String> schemata) {
                this.schemata = schemata;
                return this;
            }

            /**
             * @param l3CacheSchema see {@link IntelRdt#l3CacheSchema()}
             * @return this builder
             */
            public Builder l3CacheSchema(String l3CacheSchema) {
                this.l3CacheSchema = l3CacheSchema;
                return this;
            }

            /**
             * @param memBwSchema see {@link IntelRdt#memBwSchema()}
             * @return this builder
             */
            public Builder memBwSchema(String memBwSchema) {
                this.memBwSchema = memBwSchema;
                return this;
            }

            /**
             * @param enableMonitoring see {@link IntelRdt#enableMonitoring()}
             * @return this builder
             */
            public Builder enableMonitoring(Boolean enableMonitoring) {
                this.enableMonitoring = enableMonitoring;
                return this;
            }

            /**
             * @param extensions see {@link IntelRdt#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, IntelRdt.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link IntelRdt} with the properties set so far */
            public IntelRdt build() {
                return new IntelRdt(
                        closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, extensions);
            }
        }
    }

    /**
     * The NUMA memory policy of the container ({@code linux.memoryPolicy}), applied with
     * set_mempolicy(2).
     *
     * @param mode the mode, like {@code MPOL_INTERLEAVE}
     * @param nodes the memory nodes, like {@code 0-3,7}
     * @param flags mode flags, like {@code MPOL_F_STATIC_NODES}
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record MemoryPolicy(
            String mode,
            String nodes,
            List<String> flags,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("mode", "nodes", "flags");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param mode see {@link #mode()}
         * @param nodes see {@link #nodes()}
         * @param flags see {@link #flags()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public MemoryPolicy {
            flags = Values.list(flags);
            extensions = Values.extensions(extensions, MemoryPolicy.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link MemoryPolicy} values; JSON is read through it too. */
        public static final class Builder {
            private String mode;
            private String nodes;
            private List<String> flags;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(MemoryPolicy prototype) {
                mode = prototype.mode;
                nodes = prototype.nodes;
                flags = prototype.flags;
                extensions = prototype.extensions;
            }

            /**
             * @param mode see {@link MemoryPolicy#mode()}
             * @return this builder
             */
            public Builder mode(String mode) {
                this.mode = mode;
                return this;
            }

            /**
             * @param nodes see {@link MemoryPolicy#nodes()}
             * @return this builder
             */
            public Builder nodes(String nodes) {
                this.nodes = nodes;
                return this;
            }

            /**
             * @param flags see {@link MemoryPolicy#flags()}
             * @return this builder
             */
            public Builder flags(List<String> flags) {
                this.flags = flags;
                return this;
            }

            /**
             * @param extensions see {@link MemoryPolicy#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, MemoryPolicy.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link MemoryPolicy} with the properties set so far */
            public MemoryPolicy build() {
                return new MemoryPolicy(mode, nodes, flags, extensions);
            }
        }
    }

    /**
     * The execution domain of the container ({@code linux.personality}), set with personality(2).
     *
     * @param domain the domain: {@code LINUX} or {@code LINUX32}
     * @param flags additional flags (none are defined)
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Personality(
            String domain,
            List<String> flags,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("domain", "flags");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param domain see {@link #domain()}
         * @param flags see {@link #flags()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Personality {
            flags = Values.list(flags);
            extensions = Values.extensions(extensions, Personality.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Personality} values; JSON is read through it too. */
        public static final class Builder {
            private String domain;
            private List<String> flags;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Personality prototype) {
                domain = prototype.domain;
                flags = prototype.flags;
                extensions = prototype.extensions;
            }

            /**
             * @param domain see {@link Personality#domain()}
             * @return this builder
             */
            public Builder domain(String domain) {
                this.domain = domain;
                return this;
            }

            /**
             * @param flags see {@link Personality#flags()}
             * @return this builder
             */
            public Builder flags(List<String> flags) {
                this.flags = flags;
                return this;
            }

            /**
             * @param extensions see {@link Personality#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Personality.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Personality} with the properties set so far */
            public Personality build() {
                return new Personality(domain, flags, extensions);
            }
        }
    }

    /**
     * The offset of a clock in the container's time namespace (a value of {@code
     * linux.timeOffsets}).
     *
     * @param secs the offset in seconds (int64)
     * @param nanosecs the additional offset in nanoseconds (uint32)
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record TimeOffset(
            Long secs,
            @Uint32 Long nanosecs,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("secs", "nanosecs");

        /**
         * Creates a value.
         *
         * @param secs see {@link #secs()}
         * @param nanosecs see {@link #nanosecs()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public TimeOffset {
            extensions = Values.extensions(extensions, TimeOffset.class, PROPERTIES);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link TimeOffset} values; JSON is read through it too. */
        public static final class Builder {
            private Long secs;
            private Long nanosecs;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(TimeOffset prototype) {
                secs = prototype.secs;
                nanosecs = prototype.nanosecs;
                extensions = prototype.extensions;
            }

            /**
             * @param secs see {@link TimeOffset#secs()}
             * @return this builder
             */
            public Builder secs(Long secs) {
                this.secs = secs;
                return this;
            }

            /**
             * @param nanosecs see {@link TimeOffset#nanosecs()}
             * @return this builder
             */
            public Builder nanosecs(Long nanosecs) {
                this.nanosecs = nanosecs;
                return this;
            }

            /**
             * @param extensions see {@link TimeOffset#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, TimeOffset.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link TimeOffset} with the properties set so far */
            public TimeOffset build() {
                return new TimeOffset(secs, nanosecs, extensions);
            }
        }
    }

    /** Builds {@link Linux} values; JSON is read through it too. */
    public static final class Builder {
        private List<IdMapping> uidMappings;
        private List<IdMapping> gidMappings;
        private Map<String, String> sysctl;
        private Resources resources;
        private String cgroupsPath;
        private List<Namespace> namespaces;
        private List<Device> devices;
        private Map<String, NetDevice> netDevices;
        private Seccomp seccomp;
        private String rootfsPropagation;
        private List<String> maskedPaths;
        private List<String> readonlyPaths;
        private String mountLabel;
        private IntelRdt intelRdt;
        private MemoryPolicy memoryPolicy;
        private Personality personality;
        private Map<String, TimeOffset> timeOffsets;
        private Map<String, Object> extensions = Map.of();

        private Builder() {
        }

        private Builder(Linux prototype) {
            uidMappings = prototype.uidMappings;
            gidMappings = prototype.gidMappings;
            sysctl = prototype.sysctl;
            resources = prototype.resources;
            cgroupsPath = prototype.cgroupsPath;
            namespaces = prototype.namespaces;
            devices = prototype.devices;
            netDevices = prototype.netDevices;
            seccomp = prototype.seccomp;
            rootfsPropagation = prototype.rootfsPropagation;
            maskedPaths = prototype.maskedPaths;
            readonlyPaths = prototype.readonlyPaths;
            mountLabel = prototype.mountLabel;
            intelRdt = prototype.intelRdt;
            memoryPolicy = prototype.memoryPolicy;
            personality = prototype.personality;
            timeOffsets = prototype.timeOffsets;
            extensions = prototype.extensions;
        }

        /**
         * @param uidMappings see {@link Linux#uidMappings()}
         * @return this builder
         */
        public Builder uidMappings(List<IdMapping> uidMappings) {
            this.uidMappings = uidMappings;
            return this;
        }

        /**
         * @param gidMappings see {@link Linux#gidMappings()}
         * @return this builder
         */
        public Builder gidMappings(List<IdMapping> gidMappings) {
            this.gidMappings = gidMappings;
            return this;
        }

        /**
         * @param sysctl see {@link Linux#sysctl()}
         * @return this builder
         */
        public Builder sysctl(Map<String, String> sysctl) {
            this.sysctl = sysctl;
            return this;
        }

        /**
         * @param resources see {@link Linux#resources()}
         * @return this builder
         */
        public Builder resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        /**
         * @param cgroupsPath see {@link Linux#cgroupsPath()}
         * @return this builder
         */
        public Builder cgroupsPath(String cgroupsPath) {
            this.cgroupsPath = cgroupsPath;
            return this;
        }

        /**
         * @param namespaces see {@link Linux#namespaces()}
         * @return this builder
         */
        public Builder namespaces(List<Namespace> namespaces) {
            this.namespaces = namespaces;
            return this;
        }

        /**
         * @param devices see {@link Linux#devices()}
         * @return this builder
         */
        public Builder devices(List<Device> devices) {
            this.devices = devices;
            return this;
        }

        /**
         * @param netDevices see {@link Linux#netDevices()}
         * @return this builder
         */
        public Builder netDevices(Map<String, NetDevice> netDevices) {
            this.netDevices = netDevices;
            return this;
        }

        /**
         * @param seccomp see {@link Linux#seccomp()}
         * @return this builder
         */
        public Builder seccomp(Seccomp seccomp) {
            this.seccomp = seccomp;
            return this;
        }

        /**
         * @param rootfsPropagation see {@link Linux#rootfsPropagation()}
         * @return this builder
         */
        public Builder rootfsPropagation(String rootfsPropagation) {
            this.rootfsPropagation = rootfsPropagation;
            return this;
        }

        /**
         * @param maskedPaths see {@link Linux#maskedPaths()}
         * @return this builder
         */
        public Builder maskedPaths(List<String> maskedPaths) {
            this.maskedPaths = maskedPaths;
            return this;
        }

        /**
         * @param readonlyPaths see {@link Linux#readonlyPaths()}
         * @return this builder
         */
        public Builder readonlyPaths(List<String> readonlyPaths) {
            this.readonlyPaths = readonlyPaths;
            return this;
        }

        /**
         * @param mountLabel see {@link Linux#mountLabel()}
         * @return this builder
         */
        public Builder mountLabel(String mountLabel) {
            this.mountLabel = mountLabel;
            return this;
        }

        /**
         * @param intelRdt see {@link Linux#intelRdt()}
         * @return this builder
         */
        public Builder intelRdt(IntelRdt intelRdt) {
            this.intelRdt = intelRdt;
            return this;
        }

        /**
         * @param memoryPolicy see {@link Linux#memoryPolicy()}
         * @return this builder
         */
        public Builder memoryPolicy(MemoryPolicy memoryPolicy) {
            this.memoryPolicy = memoryPolicy;
            return this;
        }

        /**
         * @param personality see {@link Linux#personality()}
         * @return this builder
         */
        public Builder personality(Personality personality) {
            this.personality = personality;
            return this;
        }

        /**
         * @param timeOffsets see {@link Linux#timeOffsets()}
         * @return this builder
         */
        public Builder timeOffsets(Map<String, TimeOffset> timeOffsets) {
            this.timeOffsets = timeOffsets;
            return this;
        }

        /**
         * @param extensions see {@link Linux#extensions()}; {@code null} means none
         * @return this builder
         * @throws IllegalArgumentException if a name is one of the defined properties, or a
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Builder extensions(Map<String, ?> extensions) {
            this.extensions = Values.extensions(extensions, Linux.class, PROPERTIES);
            return this;
        }


        /** @return a new {@link Linux} with the properties set so far */
        public Linux build() {
            return new Linux(
                    uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices,
                    netDevices, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                    intelRdt, memoryPolicy, personality, timeOffsets, extensions);
        }
    }
}
