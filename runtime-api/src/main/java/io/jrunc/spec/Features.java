package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jrunc.internal.spec.JsonIo;
import io.jrunc.internal.spec.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a runtime supports, as {@code runc features} prints it (features.md of the runtime
 * specification). Lists and booleans that are {@code null} mean "unknown", which differs from empty
 * or false.
 *
 * @param ociVersionMin the oldest version of the runtime specification supported, like {@code
 *     1.0.0}
 * @param ociVersionMax the newest version of the runtime specification supported, like {@code
 *     1.3.0}
 * @param hooks the hook names known, like {@code createRuntime}; {@code null} means unknown, not
 *     none
 * @param mountOptions the mount options known, like {@code ro}; {@code null} means unknown, not
 *     none
 * @param linux the Linux features
 * @param annotations implementation details, like the runtime's version
 * @param potentiallyUnsafeConfigAnnotations config annotations that can change the runtime's
 *     behavior; a value ending with a dot is a prefix
 * @param extensions members of this JSON object that the specification does not define (or that
 *     this version of jrunc does not know), kept so that a document read and written back keeps
 *     them; never {@code null}
 */
public record Features(
        String ociVersionMin,
        String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        Linux linux,
        Map<String, String> annotations,
        List<String> potentiallyUnsafeConfigAnnotations,
        @JsonAnyGetter Map<String, Object> extensions) {

    private static final Set<String> PROPERTIES = Set.of(
            "ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux", "annotations",
            "potentiallyUnsafeConfigAnnotations");

    /**
     * Creates a value; lists and maps are copied into unmodifiable ones.
     *
     * @param ociVersionMin see {@link #ociVersionMin()}
     * @param ociVersionMax see {@link #ociVersionMax()}
     * @param hooks see {@link #hooks()}
     * @param mountOptions see {@link #mountOptions()}
     * @param linux see {@link #linux()}
     * @param annotations see {@link #annotations()}
     * @param potentiallyUnsafeConfigAnnotations see {@link #potentiallyUnsafeConfigAnnotations()}
     * @param extensions see {@link #extensions()}; {@code null} means none
     * @throws IllegalArgumentException if an extension is named like a defined member, or its
     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
     * @throws NullPointerException if a list or map contains {@code null}
     */
    public Features {
        hooks = Values.list(hooks);
        mountOptions = Values.list(mountOptions);
        annotations = Values.map(annotations);
        potentiallyUnsafeConfigAnnotations = Values.list(potentiallyUnsafeConfigAnnotations);
        extensions = Values.extensions(extensions, Features.class, PROPERTIES);
    }

    /**
     * Reads a features document.
     *
     * @param file the file
     * @return the features
     * @throws IOException if the file cannot be read
     * @throws SpecException if it is not JSON or a value has the wrong type
     */
    public static Features read(Path file) throws IOException {
        return JsonIo.read(file, Features.class);
    }

    /**
     * Parses a features document; messages name it {@code features.json}.
     *
     * @param json the JSON text
     * @return the features
     * @throws SpecException if it is not JSON or a value has the wrong type
     */
    public static Features parse(String json) {
        return JsonIo.parse(json, "features.json", Features.class);
    }

    /**
     * Serializes these features tab-indented like {@link Spec#toJson()}; use
     * {@link SpecJson#toJson(Record, String)} for another indentation.
     *
     * @return the JSON text, without a final newline
     */
    public String toJson() {
        return JsonIo.toJson(this, JsonIo.TAB);
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
     * The Linux features of the runtime ({@code linux}).
     *
     * @param namespaces the namespace types known, like {@code mount}; {@code null} means unknown,
     *     not none
     * @param capabilities the capabilities known, like {@code CAP_SYS_ADMIN}; {@code null} means
     *     unknown, not none
     * @param cgroup cgroup support
     * @param seccomp seccomp support
     * @param apparmor AppArmor support
     * @param selinux SELinux support
     * @param intelRdt Intel RDT support
     * @param memoryPolicy memory policy support
     * @param mountExtensions mount extensions
     * @param netDevices network device support
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Linux(
            List<String> namespaces,
            List<String> capabilities,
            Cgroup cgroup,
            Seccomp seccomp,
            Apparmor apparmor,
            Selinux selinux,
            IntelRdt intelRdt,
            MemoryPolicy memoryPolicy,
            MountExtensions mountExtensions,
            NetDevices netDevices,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux",
                "intelRdt", "memoryPolicy", "mountExtensions", "netDevices");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param namespaces see {@link #namespaces()}
         * @param capabilities see {@link #capabilities()}
         * @param cgroup see {@link #cgroup()}
         * @param seccomp see {@link #seccomp()}
         * @param apparmor see {@link #apparmor()}
         * @param selinux see {@link #selinux()}
         * @param intelRdt see {@link #intelRdt()}
         * @param memoryPolicy see {@link #memoryPolicy()}
         * @param mountExtensions see {@link #mountExtensions()}
         * @param netDevices see {@link #netDevices()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Linux {
            namespaces = Values.list(namespaces);
            capabilities = Values.list(capabilities);
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
         * The cgroup support of the runtime ({@code linux.cgroup}); about what the runtime was
         * built with, not about the host.
         *
         * @param v1 whether cgroup v1 is supported; {@code null} means unknown, not false
         * @param v2 whether cgroup v2 is supported; {@code null} means unknown, not false
         * @param systemd whether the systemd cgroup driver is supported; {@code null} means
         *     unknown, not false
         * @param systemdUser whether the user-scoped systemd cgroup driver is supported; {@code
         *     null} means unknown, not false
         * @param rdma whether the rdma cgroup is supported; {@code null} means unknown, not false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Cgroup(
                Boolean v1,
                Boolean v2,
                Boolean systemd,
                Boolean systemdUser,
                Boolean rdma,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "v1", "v2", "systemd", "systemdUser", "rdma");

            /**
             * Creates a value.
             *
             * @param v1 see {@link #v1()}
             * @param v2 see {@link #v2()}
             * @param systemd see {@link #systemd()}
             * @param systemdUser see {@link #systemdUser()}
             * @param rdma see {@link #rdma()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Cgroup {
                extensions = Values.extensions(extensions, Cgroup.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Cgroup} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean v1;
                private Boolean v2;
                private Boolean systemd;
                private Boolean systemdUser;
                private Boolean rdma;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Cgroup prototype) {
                    v1 = prototype.v1;
                    v2 = prototype.v2;
                    systemd = prototype.systemd;
                    systemdUser = prototype.systemdUser;
                    rdma = prototype.rdma;
                    extensions = prototype.extensions;
                }

                /**
                 * @param v1 see {@link Cgroup#v1()}
                 * @return this builder
                 */
                public Builder v1(Boolean v1) {
                    this.v1 = v1;
                    return this;
                }

                /**
                 * @param v2 see {@link Cgroup#v2()}
                 * @return this builder
                 */
                public Builder v2(Boolean v2) {
                    this.v2 = v2;
                    return this;
                }

                /**
                 * @param systemd see {@link Cgroup#systemd()}
                 * @return this builder
                 */
                public Builder systemd(Boolean systemd) {
                    this.systemd = systemd;
                    return this;
                }

                /**
                 * @param systemdUser see {@link Cgroup#systemdUser()}
                 * @return this builder
                 */
                public Builder systemdUser(Boolean systemdUser) {
                    this.systemdUser = systemdUser;
                    return this;
                }

                /**
                 * @param rdma see {@link Cgroup#rdma()}
                 * @return this builder
                 */
                public Builder rdma(Boolean rdma) {
                    this.rdma = rdma;
                    return this;
                }

                /**
                 * @param extensions see {@link Cgroup#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Cgroup.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Cgroup} with the properties set so far */
                public Cgroup build() {
                    return new Cgroup(v1, v2, systemd, systemdUser, rdma, extensions);
                }
            }
        }

        /**
         * The seccomp support of the runtime ({@code linux.seccomp}).
         *
         * @param enabled whether seccomp is supported; {@code null} means unknown, not false
         * @param actions the actions known, like {@code SCMP_ACT_NOTIFY}; {@code null} means
         *     unknown, not none
         * @param operators the operators known, like {@code SCMP_CMP_NE}; {@code null} means
         *     unknown, not none
         * @param archs the architectures known, like {@code SCMP_ARCH_X86_64}; {@code null} means
         *     unknown, not none
         * @param knownFlags the filter flags known, like {@code SECCOMP_FILTER_FLAG_LOG}; {@code
         *     null} means unknown, not none
         * @param supportedFlags the filter flags supported here, a subset of the known ones; {@code
         *     null} means unknown, not none
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Seccomp(
                Boolean enabled,
                List<String> actions,
                List<String> operators,
                List<String> archs,
                List<String> knownFlags,
                List<String> supportedFlags,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "enabled", "actions", "operators", "archs", "knownFlags", "supportedFlags");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param enabled see {@link #enabled()}
             * @param actions see {@link #actions()}
             * @param operators see {@link #operators()}
             * @param archs see {@link #archs()}
             * @param knownFlags see {@link #knownFlags()}
             * @param supportedFlags see {@link #supportedFlags()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Seccomp {
                actions = Values.list(actions);
                operators = Values.list(operators);
                archs = Values.list(archs);
                knownFlags = Values.list(knownFlags);
                supportedFlags = Values.list(supportedFlags);
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

            /** Builds {@link Seccomp} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean enabled;
                private List<String> actions;
                private List<String> operators;
                private List<String> archs;
                private List<String> knownFlags;
                private List<String> supportedFlags;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Seccomp prototype) {
                    enabled = prototype.enabled;
                    actions = prototype.actions;
                    operators = prototype.operators;
                    archs = prototype.archs;
                    knownFlags = prototype.knownFlags;
                    supportedFlags = prototype.supportedFlags;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link Seccomp#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param actions see {@link Seccomp#actions()}
                 * @return this builder
                 */
                public Builder actions(List<String> actions) {
                    this.actions = actions;
                    return this;
                }

                /**
                 * @param operators see {@link Seccomp#operators()}
                 * @return this builder
                 */
                public Builder operators(List<String> operators) {
                    this.operators = operators;
                    return this;
                }

                /**
                 * @param archs see {@link Seccomp#archs()}
                 * @return this builder
                 */
                public Builder archs(List<String> archs) {
                    this.archs = archs;
                    return this;
                }

                /**
                 * @param knownFlags see {@link Seccomp#knownFlags()}
                 * @return this builder
                 */
                public Builder knownFlags(List<String> knownFlags) {
                    this.knownFlags = knownFlags;
                    return this;
                }

                /**
                 * @param supportedFlags see {@link Seccomp#supportedFlags()}
                 * @return this builder
                 */
                public Builder supportedFlags(List<String> supportedFlags) {
                    this.supportedFlags = supportedFlags;
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
                            enabled, actions, operators, archs, knownFlags, supportedFlags,
                            extensions);
                }
            }
        }

        /**
         * The AppArmor support of the runtime ({@code linux.apparmor}).
         *
         * @param enabled whether AppArmor is supported; {@code null} means unknown, not false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Apparmor(
                Boolean enabled,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("enabled");

            /**
             * Creates a value.
             *
             * @param enabled see {@link #enabled()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Apparmor {
                extensions = Values.extensions(extensions, Apparmor.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Apparmor} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean enabled;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Apparmor prototype) {
                    enabled = prototype.enabled;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link Apparmor#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param extensions see {@link Apparmor#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Apparmor.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Apparmor} with the properties set so far */
                public Apparmor build() {
                    return new Apparmor(enabled, extensions);
                }
            }
        }

        /**
         * The SELinux support of the runtime ({@code linux.selinux}).
         *
         * @param enabled whether SELinux is supported; {@code null} means unknown, not false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Selinux(
                Boolean enabled,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("enabled");

            /**
             * Creates a value.
             *
             * @param enabled see {@link #enabled()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Selinux {
                extensions = Values.extensions(extensions, Selinux.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Selinux} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean enabled;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Selinux prototype) {
                    enabled = prototype.enabled;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link Selinux#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param extensions see {@link Selinux#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Selinux.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Selinux} with the properties set so far */
                public Selinux build() {
                    return new Selinux(enabled, extensions);
                }
            }
        }

        /**
         * The Intel RDT support of the runtime ({@code linux.intelRdt}).
         *
         * @param enabled whether Intel RDT is supported; {@code null} means unknown, not false
         * @param schemata whether {@code linux.intelRdt.schemata} is implemented; {@code null}
         *     means unknown, not false
         * @param monitoring whether {@code linux.intelRdt.enableMonitoring} is implemented; {@code
         *     null} means unknown, not false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record IntelRdt(
                Boolean enabled,
                Boolean schemata,
                Boolean monitoring,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "enabled", "schemata", "monitoring");

            /**
             * Creates a value.
             *
             * @param enabled see {@link #enabled()}
             * @param schemata see {@link #schemata()}
             * @param monitoring see {@link #monitoring()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public IntelRdt {
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
                private Boolean enabled;
                private Boolean schemata;
                private Boolean monitoring;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(IntelRdt prototype) {
                    enabled = prototype.enabled;
                    schemata = prototype.schemata;
                    monitoring = prototype.monitoring;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link IntelRdt#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param schemata see {@link IntelRdt#schemata()}
                 * @return this builder
                 */
                public Builder schemata(Boolean schemata) {
                    this.schemata = schemata;
                    return this;
                }

                /**
                 * @param monitoring see {@link IntelRdt#monitoring()}
                 * @return this builder
                 */
                public Builder monitoring(Boolean monitoring) {
                    this.monitoring = monitoring;
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
                    return new IntelRdt(enabled, schemata, monitoring, extensions);
                }
            }
        }

        /**
         * The NUMA memory policy support of the runtime ({@code linux.memoryPolicy}).
         *
         * @param modes the modes known, like {@code MPOL_INTERLEAVE}; {@code null} means unknown,
         *     not none
         * @param flags the flags known, like {@code MPOL_F_STATIC_NODES}; {@code null} means
         *     unknown, not none
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record MemoryPolicy(
                List<String> modes,
                List<String> flags,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("modes", "flags");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param modes see {@link #modes()}
             * @param flags see {@link #flags()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public MemoryPolicy {
                modes = Values.list(modes);
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
                private List<String> modes;
                private List<String> flags;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(MemoryPolicy prototype) {
                    modes = prototype.modes;
                    flags = prototype.flags;
                    extensions = prototype.extensions;
                }

                /**
                 * @param modes see {@link MemoryPolicy#modes()}
                 * @return this builder
                 */
                public Builder modes(List<String> modes) {
                    this.modes = modes;
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
                    return new MemoryPolicy(modes, flags, extensions);
                }
            }
        }

        /**
         * The mount extensions of the runtime ({@code linux.mountExtensions}).
         *
         * @param idmap id-mapped mount support
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record MountExtensions(
                IdMap idmap,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("idmap");

            /**
             * Creates a value.
             *
             * @param idmap see {@link #idmap()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public MountExtensions {
                extensions = Values.extensions(extensions, MountExtensions.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link MountExtensions} values; JSON is read through it too. */
            public static final class Builder {
                private IdMap idmap;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(MountExtensions prototype) {
                    idmap = prototype.idmap;
                    extensions = prototype.extensions;
                }

                /**
                 * @param idmap see {@link MountExtensions#idmap()}
                 * @return this builder
                 */
                public Builder idmap(IdMap idmap) {
                    this.idmap = idmap;
                    return this;
                }

                /**
                 * @param extensions see {@link MountExtensions#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, MountExtensions.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link MountExtensions} with the properties set so far */
                public MountExtensions build() {
                    return new MountExtensions(idmap, extensions);
                }
            }
        }

        /**
         * The id-mapped mount support of the runtime ({@code linux.mountExtensions.idmap}).
         *
         * @param enabled whether id-mapped mounts are supported; {@code null} means unknown, not
         *     false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record IdMap(
                Boolean enabled,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("enabled");

            /**
             * Creates a value.
             *
             * @param enabled see {@link #enabled()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public IdMap {
                extensions = Values.extensions(extensions, IdMap.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link IdMap} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean enabled;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(IdMap prototype) {
                    enabled = prototype.enabled;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link IdMap#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param extensions see {@link IdMap#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, IdMap.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link IdMap} with the properties set so far */
                public IdMap build() {
                    return new IdMap(enabled, extensions);
                }
            }
        }

        /**
         * The network device support of the runtime ({@code linux.netDevices}).
         *
         * @param enabled whether {@code linux.netDevices} is supported; {@code null} means unknown,
         *     not false
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record NetDevices(
                Boolean enabled,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("enabled");

            /**
             * Creates a value.
             *
             * @param enabled see {@link #enabled()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public NetDevices {
                extensions = Values.extensions(extensions, NetDevices.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link NetDevices} values; JSON is read through it too. */
            public static final class Builder {
                private Boolean enabled;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(NetDevices prototype) {
                    enabled = prototype.enabled;
                    extensions = prototype.extensions;
                }

                /**
                 * @param enabled see {@link NetDevices#enabled()}
                 * @return this builder
                 */
                public Builder enabled(Boolean enabled) {
                    this.enabled = enabled;
                    return this;
                }

                /**
                 * @param extensions see {@link NetDevices#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, NetDevices.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link NetDevices} with the properties set so far */
                public NetDevices build() {
                    return new NetDevices(enabled, extensions);
                }
            }
        }

        /** Builds {@link Linux} values; JSON is read through it too. */
        public static final class Builder {
            private List<String> namespaces;
            private List<String> capabilities;
            private Cgroup cgroup;
            private Seccomp seccomp;
            private Apparmor apparmor;
            private Selinux selinux;
            private IntelRdt intelRdt;
            private MemoryPolicy memoryPolicy;
            private MountExtensions mountExtensions;
            private NetDevices netDevices;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Linux prototype) {
                namespaces = prototype.namespaces;
                capabilities = prototype.capabilities;
                cgroup = prototype.cgroup;
                seccomp = prototype.seccomp;
                apparmor = prototype.apparmor;
                selinux = prototype.selinux;
                intelRdt = prototype.intelRdt;
                memoryPolicy = prototype.memoryPolicy;
                mountExtensions = prototype.mountExtensions;
                netDevices = prototype.netDevices;
                extensions = prototype.extensions;
            }

            /**
             * @param namespaces see {@link Linux#namespaces()}
             * @return this builder
             */
            public Builder namespaces(List<String> namespaces) {
                this.namespaces = namespaces;
                return this;
            }

            /**
             * @param capabilities see {@link Linux#capabilities()}
             * @return this builder
             */
            public Builder capabilities(List<String> capabilities) {
                this.capabilities = capabilities;
                return this;
            }

            /**
             * @param cgroup see {@link Linux#cgroup()}
             * @return this builder
             */
            public Builder cgroup(Cgroup cgroup) {
                this.cgroup = cgroup;
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
             * @param apparmor see {@link Linux#apparmor()}
             * @return this builder
             */
            public Builder apparmor(Apparmor apparmor) {
                this.apparmor = apparmor;
                return this;
            }

            /**
             * @param selinux see {@link Linux#selinux()}
             * @return this builder
             */
            public Builder selinux(Selinux selinux) {
                this.selinux = selinux;
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
             * @param mountExtensions see {@link Linux#mountExtensions()}
             * @return this builder
             */
            public Builder mountExtensions(MountExtensions mountExtensions) {
                this.mountExtensions = mountExtensions;
                return this;
            }

            /**
             * @param netDevices see {@link Linux#netDevices()}
             * @return this builder
             */
            public Builder netDevices(NetDevices netDevices) {
                this.netDevices = netDevices;
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
                        namespaces, capabilities, cgroup, seccomp, apparmor, selinux, intelRdt,
                        memoryPolicy, mountExtensions, netDevices, extensions);
            }
        }
    }

    /** Builds {@link Features} values; JSON is read through it too. */
    public static final class Builder {
        private String ociVersionMin;
        private String ociVersionMax;
        private List<String> hooks;
        private List<String> mountOptions;
        private Linux linux;
        private Map<String, String> annotations;
        private List<String> potentiallyUnsafeConfigAnnotations;
        private Map<String, Object> extensions = Map.of();

        private Builder() {
        }

        private Builder(Features prototype) {
            ociVersionMin = prototype.ociVersionMin;
            ociVersionMax = prototype.ociVersionMax;
            hooks = prototype.hooks;
            mountOptions = prototype.mountOptions;
            linux = prototype.linux;
            annotations = prototype.annotations;
            potentiallyUnsafeConfigAnnotations = prototype.potentiallyUnsafeConfigAnnotations;
            extensions = prototype.extensions;
        }

        /**
         * @param ociVersionMin see {@link Features#ociVersionMin()}
         * @return this builder
         */
        public Builder ociVersionMin(String ociVersionMin) {
            this.ociVersionMin = ociVersionMin;
            return this;
        }

        /**
         * @param ociVersionMax see {@link Features#ociVersionMax()}
         * @return this builder
         */
        public Builder ociVersionMax(String ociVersionMax) {
            this.ociVersionMax = ociVersionMax;
            return this;
        }

        /**
         * @param hooks see {@link Features#hooks()}
         * @return this builder
         */
        public Builder hooks(List<String> hooks) {
            this.hooks = hooks;
            return this;
        }

        /**
         * @param mountOptions see {@link Features#mountOptions()}
         * @return this builder
         */
        public Builder mountOptions(List<String> mountOptions) {
            this.mountOptions = mountOptions;
            return this;
        }

        /**
         * @param linux see {@link Features#linux()}
         * @return this builder
         */
        public Builder linux(Linux linux) {
            this.linux = linux;
            return this;
        }

        /**
         * @param annotations see {@link Features#annotations()}
         * @return this builder
         */
        public Builder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        /**
         * @param potentiallyUnsafeConfigAnnotations see {@link Features#potentiallyUnsafeConfigAnnotations()}
         * @return this builder
         */
        public Builder potentiallyUnsafeConfigAnnotations(List<String> potentiallyUnsafeConfigAnnotations) {
            this.potentiallyUnsafeConfigAnnotations = potentiallyUnsafeConfigAnnotations;
            return this;
        }

        /**
         * @param extensions see {@link Features#extensions()}; {@code null} means none
         * @return this builder
         * @throws IllegalArgumentException if a name is one of the defined properties, or a
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Builder extensions(Map<String, ?> extensions) {
            this.extensions = Values.extensions(extensions, Features.class, PROPERTIES);
            return this;
        }


        /** @return a new {@link Features} with the properties set so far */
        public Features build() {
            return new Features(
                    ociVersionMin, ociVersionMax, hooks, mountOptions, linux, annotations,
                    potentiallyUnsafeConfigAnnotations, extensions);
        }
    }
}
