package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jrunc.internal.spec.JsonIo;
import io.jrunc.internal.spec.SpecDefaults;
import io.jrunc.internal.spec.SpecValidator;
import io.jrunc.internal.spec.Uint32;
import io.jrunc.internal.spec.Uint64;
import io.jrunc.internal.spec.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of a container: the content of a bundle's {@code config.json}, as defined by
 * the OCI runtime specification (config.md), version {@value #VERSION}.
 *
 * <p>Every member of the JSON document is a component of a record here, nested records for nested
 * objects: {@link Spec.Process}, {@link Spec.Root}, {@link Spec.Mount}, {@link Spec.Hooks} for
 * config.md, and {@link Linux} for config-linux.md. A {@code null} component means the member is
 * absent; an empty list or map means it is present and empty, and is written back as such. Members
 * the model does not define are kept in {@link #extensions()} at every level, so a document read
 * and written back keeps its meaning.
 *
 * <p>Values are immutable; make them with {@link #builder()} and change them with {@link
 * #toBuilder()}. Read them with {@link #read(Path)} or {@link #parse(String)}, write them with
 * {@link #toJson()} or {@link #write(Path)}, check them with {@link #validate()}. {@link
 * #defaults()} gives what {@code runc spec} writes.
 *
 * <p>Integer members keep the specification's types in Java {@code long} (uint32, int64 and uint64
 * members) or {@code int} (int, int32 and uint16 members); the unsigned 64-bit ones read 2^63 and
 * more as negative numbers, so that {@code 18446744073709551615} (RLIM_INFINITY, or -1 in Go) is
 * {@code -1L}. Members that runc always writes are primitives, reading as 0 or false when absent.
 *
 * @param ociVersion the version of the runtime specification the document follows, like {@code
 *     1.0.2}; {@link #builder()} sets {@value #VERSION}
 * @param process the container's process; required by start, not by create
 * @param root the root filesystem
 * @param hostname the host name in the container's UTS namespace
 * @param domainname the NIS domain name in the container's UTS namespace
 * @param mounts mounts on top of the root filesystem, in order
 * @param hooks lifecycle hooks
 * @param annotations arbitrary metadata; keys are usually reverse domain names
 * @param linux the Linux-specific configuration
 * @param extensions members of this JSON object that the specification does not define (or that
 *     this version of jrunc does not know), kept so that a document read and written back keeps
 *     them; never {@code null}
 */
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux,
        @JsonAnyGetter Map<String, Object> extensions) {

    /** The version of the runtime specification this model follows: {@value}. */
    public static final String VERSION = "1.3.0";

    private static final Set<String> PROPERTIES = Set.of(
            "ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks",
            "annotations", "linux");

    /**
     * Creates a value; lists and maps are copied into unmodifiable ones.
     *
     * @param ociVersion see {@link #ociVersion()}
     * @param process see {@link #process()}
     * @param root see {@link #root()}
     * @param hostname see {@link #hostname()}
     * @param domainname see {@link #domainname()}
     * @param mounts see {@link #mounts()}
     * @param hooks see {@link #hooks()}
     * @param annotations see {@link #annotations()}
     * @param linux see {@link #linux()}
     * @param extensions see {@link #extensions()}; {@code null} means none
     * @throws IllegalArgumentException if an extension is named like a defined member, or its
     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
     * @throws NullPointerException if a list or map contains {@code null}
     */
    public Spec {
        mounts = Values.list(mounts);
        annotations = Values.map(annotations);
        extensions = Values.extensions(extensions, Spec.class, PROPERTIES);
    }

    /**
     * Reads a config.json file.
     *
     * @param file the file
     * @return the spec, not validated
     * @throws IOException if the file cannot be read
     * @throws SpecException if it is not JSON or a value has the wrong type; the message names the
     *     file as given, the JSON path, the line and the column
     */
    public static Spec read(Path file) throws IOException {
        return JsonIo.read(file, Spec.class);
    }

    /**
     * Parses config.json text; messages name the document {@code config.json}.
     *
     * @param json the JSON text
     * @return the spec, not validated
     * @throws SpecException if it is not JSON or a value has the wrong type
     */
    public static Spec parse(String json) {
        return JsonIo.parse(json, "config.json", Spec.class);
    }

    /**
     * Serializes this spec as runc does: tab-indented like Go's {@code json.MarshalIndent},
     * members in the specification's order, absent members left out, map entries sorted by key,
     * no final newline; unknown members follow the known ones in the order they were read. For the
     * same spec the text is byte for byte what {@code runc spec} writes.
     *
     * @return the JSON text
     */
    public String toJson() {
        return JsonIo.toJson(this, JsonIo.TAB);
    }

    /**
     * Writes {@link #toJson()} to a file, atomically (through a temporary file in the same
     * directory that is renamed over the target).
     *
     * @param file the file, usually {@code <bundle>/config.json}; replaced if it exists
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        JsonIo.write(file, toJson());
    }

    /**
     * Checks this spec against the rules of the runtime specification (structure only: nothing on
     * the host is looked at) and reports every problem found.
     *
     * @return the problems in document order, each with its JSON path; empty if none
     */
    public List<Problem> validate() {
        return SpecValidator.validate(this);
    }

    /**
     * Checks this spec like {@link #validate()} and fails if it has problems.
     *
     * @return this spec
     * @throws SpecValidationException listing every problem, with source {@code config.json}
     */
    public Spec requireValid() {
        List<Problem> problems = validate();
        if (!problems.isEmpty()) {
            throw new SpecValidationException("config.json", problems);
        }
        return this;
    }

    /**
     * The spec {@code runc spec} writes (runc 1.1, so with runc's {@code ociVersion} 1.0.2-dev
     * rather than {@link #VERSION}): {@code sh} on a terminal as root with a few capabilities, the
     * standard {@code /proc}, {@code /dev}, {@code /sys} mounts, new pid, network, ipc, uts and
     * mount namespaces, plus a cgroup namespace when the host uses cgroup v2 only, as runc does.
     * {@link #toJson()} of it is byte for byte runc's config.json.
     *
     * @return the default spec for this host
     */
    public static Spec defaults() {
        return SpecDefaults.example(SpecDefaults.hostHasUnifiedCgroup());
    }

    /**
     * The spec {@code runc spec --rootless} writes: {@link #defaults()} for a user without
     * privileges, mapping root in a new user namespace to the effective user and group of this
     * process, without a network namespace and cgroup device rules, with {@code /sys} bind-mounted
     * and no {@code uid=}/{@code gid=} mount options.
     *
     * @return the rootless default spec for this process
     * @throws IllegalStateException if the effective uid and gid cannot be found (not Linux)
     */
    public static Spec rootlessDefaults() {
        long[] ids = SpecDefaults.effectiveIds();
        return rootlessDefaults(ids[0], ids[1]);
    }

    /**
     * Like {@link #rootlessDefaults()} for a given host user.
     *
     * @param hostUid the host uid that root in the container maps to
     * @param hostGid the host gid that root in the container maps to
     * @return the rootless default spec for that user
     */
    public static Spec rootlessDefaults(long hostUid, long hostGid) {
        return SpecDefaults.toRootless(defaults(), hostUid, hostGid);
    }

    /**
     * @return a new builder with {@link #ociVersion()} set to {@value #VERSION} and every other property absent
     */
    public static Builder builder() {
        return new Builder().ociVersion(VERSION);
    }

    /** @return a builder holding this value's properties, to make a modified copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The container's root filesystem ({@code root}).
     *
     * @param path the root filesystem: an absolute path, or a path relative to the bundle directory
     * @param readonly whether the root filesystem is read-only in the container; absent means false
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Root(
            String path,
            Boolean readonly,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of("path", "readonly");

        /**
         * Creates a value.
         *
         * @param path see {@link #path()}
         * @param readonly see {@link #readonly()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Root {
            extensions = Values.extensions(extensions, Root.class, PROPERTIES);
        }

        /**
         * @param path see {@link #path()}
         * @param readonly see {@link #readonly()}
         * @return a root with no extensions
         */
        public static Root of(String path, boolean readonly) {
            return new Root(path, readonly, null);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Root} values; JSON is read through it too. */
        public static final class Builder {
            private String path;
            private Boolean readonly;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Root prototype) {
                path = prototype.path;
                readonly = prototype.readonly;
                extensions = prototype.extensions;
            }

            /**
             * @param path see {@link Root#path()}
             * @return this builder
             */
            public Builder path(String path) {
                this.path = path;
                return this;
            }

            /**
             * @param readonly see {@link Root#readonly()}
             * @return this builder
             */
            public Builder readonly(Boolean readonly) {
                this.readonly = readonly;
                return this;
            }

            /**
             * @param extensions see {@link Root#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Root.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Root} with the properties set so far */
            public Root build() {
                return new Root(path, readonly, extensions);
            }
        }
    }

    /**
     * The process a container runs ({@code process}); also the content of the process.json file of
     * {@code runc exec --process}.
     *
     * @param terminal whether the process gets a pseudo-terminal; absent means false
     * @param consoleSize the terminal size
     * @param user the user and groups the process runs as; absent means uid 0 and gid 0
     * @param args the program and its arguments, as for execvp(3); at least one on Linux
     * @param commandLine the full command line (Windows only)
     * @param env the environment, as {@code KEY=VALUE} entries
     * @param cwd the working directory: an absolute path in the container
     * @param capabilities the Linux capabilities the process keeps
     * @param rlimits resource limits
     * @param noNewPrivileges whether to set no_new_privs, so that execve cannot gain privileges;
     *     absent means false
     * @param apparmorProfile the AppArmor profile of the process
     * @param oomScoreAdj the oom_score_adj of the process, -1000 to 1000; absent leaves it
     *     unchanged
     * @param scheduler the scheduling policy and attributes
     * @param selinuxLabel the SELinux context the process runs in
     * @param ioPriority the I/O priority
     * @param execCpuAffinity the CPU affinity of processes started by exec; the JSON member is
     *     {@code execCPUAffinity}
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Process(
            Boolean terminal,
            ConsoleSize consoleSize,
            User user,
            List<String> args,
            String commandLine,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            List<Rlimit> rlimits,
            Boolean noNewPrivileges,
            String apparmorProfile,
            Integer oomScoreAdj,
            Scheduler scheduler,
            String selinuxLabel,
            IoPriority ioPriority,
            @JsonProperty("execCPUAffinity") CpuAffinity execCpuAffinity,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd",
                "capabilities", "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj",
                "scheduler", "selinuxLabel", "ioPriority", "execCPUAffinity");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param terminal see {@link #terminal()}
         * @param consoleSize see {@link #consoleSize()}
         * @param user see {@link #user()}
         * @param args see {@link #args()}
         * @param commandLine see {@link #commandLine()}
         * @param env see {@link #env()}
         * @param cwd see {@link #cwd()}
         * @param capabilities see {@link #capabilities()}
         * @param rlimits see {@link #rlimits()}
         * @param noNewPrivileges see {@link #noNewPrivileges()}
         * @param apparmorProfile see {@link #apparmorProfile()}
         * @param oomScoreAdj see {@link #oomScoreAdj()}
         * @param scheduler see {@link #scheduler()}
         * @param selinuxLabel see {@link #selinuxLabel()}
         * @param ioPriority see {@link #ioPriority()}
         * @param execCpuAffinity see {@link #execCpuAffinity()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Process {
            args = Values.list(args);
            env = Values.list(env);
            rlimits = Values.list(rlimits);
            extensions = Values.extensions(extensions, Process.class, PROPERTIES);
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
         * The size of the terminal of the process ({@code process.consoleSize}); ignored unless
         * {@code terminal} is true.
         *
         * @param height the height in characters (unsigned)
         * @param width the width in characters (unsigned)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record ConsoleSize(
                @Uint64 long height,
                @Uint64 long width,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("height", "width");

            /**
             * Creates a value.
             *
             * @param height see {@link #height()}
             * @param width see {@link #width()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public ConsoleSize {
                extensions = Values.extensions(extensions, ConsoleSize.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link ConsoleSize} values; JSON is read through it too. */
            public static final class Builder {
                private long height;
                private long width;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(ConsoleSize prototype) {
                    height = prototype.height;
                    width = prototype.width;
                    extensions = prototype.extensions;
                }

                /**
                 * @param height see {@link ConsoleSize#height()}
                 * @return this builder
                 */
                public Builder height(long height) {
                    this.height = height;
                    return this;
                }

                /**
                 * @param width see {@link ConsoleSize#width()}
                 * @return this builder
                 */
                public Builder width(long width) {
                    this.width = width;
                    return this;
                }

                /**
                 * @param extensions see {@link ConsoleSize#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, ConsoleSize.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link ConsoleSize} with the properties set so far */
                public ConsoleSize build() {
                    return new ConsoleSize(height, width, extensions);
                }
            }
        }

        /**
         * The user the process runs as ({@code process.user}).
         *
         * @param uid the user id in the container (uint32); absent reads as 0
         * @param gid the group id in the container (uint32); absent reads as 0
         * @param umask the umask of the process (uint32), or {@code null} to keep the runtime's
         * @param additionalGids supplementary group ids (uint32 each)
         * @param username the user name (Windows only)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record User(
                @Uint32 long uid,
                @Uint32 long gid,
                @Uint32 Long umask,
                @Uint32 List<Long> additionalGids,
                String username,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "uid", "gid", "umask", "additionalGids", "username");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param uid see {@link #uid()}
             * @param gid see {@link #gid()}
             * @param umask see {@link #umask()}
             * @param additionalGids see {@link #additionalGids()}
             * @param username see {@link #username()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public User {
                additionalGids = Values.list(additionalGids);
                extensions = Values.extensions(extensions, User.class, PROPERTIES);
            }

            /**
             * @param uid see {@link #uid()}
             * @param gid see {@link #gid()}
             * @return a user with only a uid and a gid
             */
            public static User of(long uid, long gid) {
                return new User(uid, gid, null, null, null, null);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link User} values; JSON is read through it too. */
            public static final class Builder {
                private long uid;
                private long gid;
                private Long umask;
                private List<Long> additionalGids;
                private String username;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(User prototype) {
                    uid = prototype.uid;
                    gid = prototype.gid;
                    umask = prototype.umask;
                    additionalGids = prototype.additionalGids;
                    username = prototype.username;
                    extensions = prototype.extensions;
                }

                /**
                 * @param uid see {@link User#uid()}
                 * @return this builder
                 */
                public Builder uid(long uid) {
                    this.uid = uid;
                    return this;
                }

                /**
                 * @param gid see {@link User#gid()}
                 * @return this builder
                 */
                public Builder gid(long gid) {
                    this.gid = gid;
                    return this;
                }

                /**
                 * @param umask see {@link User#umask()}
                 * @return this builder
                 */
                public Builder umask(Long umask) {
                    this.umask = umask;
                    return this;
                }

                /**
                 * @param additionalGids see {@link User#additionalGids()}
                 * @return this builder
                 */
                public Builder additionalGids(List<Long> additionalGids) {
                    this.additionalGids = additionalGids;
                    return this;
                }

                /**
                 * @param username see {@link User#username()}
                 * @return this builder
                 */
                public Builder username(String username) {
                    this.username = username;
                    return this;
                }

                /**
                 * @param extensions see {@link User#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, User.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link User} with the properties set so far */
                public User build() {
                    return new User(uid, gid, umask, additionalGids, username, extensions);
                }
            }
        }

        /**
         * The Linux capability sets of the process ({@code process.capabilities}). Each set is a
         * list of names like {@code CAP_KILL}; an absent set is empty.
         *
         * @param bounding the bounding set
         * @param effective the effective set
         * @param inheritable the inheritable set
         * @param permitted the permitted set
         * @param ambient the ambient set
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Capabilities(
                List<String> bounding,
                List<String> effective,
                List<String> inheritable,
                List<String> permitted,
                List<String> ambient,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "bounding", "effective", "inheritable", "permitted", "ambient");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param bounding see {@link #bounding()}
             * @param effective see {@link #effective()}
             * @param inheritable see {@link #inheritable()}
             * @param permitted see {@link #permitted()}
             * @param ambient see {@link #ambient()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Capabilities {
                bounding = Values.list(bounding);
                effective = Values.list(effective);
                inheritable = Values.list(inheritable);
                permitted = Values.list(permitted);
                ambient = Values.list(ambient);
                extensions = Values.extensions(extensions, Capabilities.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Capabilities} values; JSON is read through it too. */
            public static final class Builder {
                private List<String> bounding;
                private List<String> effective;
                private List<String> inheritable;
                private List<String> permitted;
                private List<String> ambient;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Capabilities prototype) {
                    bounding = prototype.bounding;
                    effective = prototype.effective;
                    inheritable = prototype.inheritable;
                    permitted = prototype.permitted;
                    ambient = prototype.ambient;
                    extensions = prototype.extensions;
                }

                /**
                 * @param bounding see {@link Capabilities#bounding()}
                 * @return this builder
                 */
                public Builder bounding(List<String> bounding) {
                    this.bounding = bounding;
                    return this;
                }

                /**
                 * @param effective see {@link Capabilities#effective()}
                 * @return this builder
                 */
                public Builder effective(List<String> effective) {
                    this.effective = effective;
                    return this;
                }

                /**
                 * @param inheritable see {@link Capabilities#inheritable()}
                 * @return this builder
                 */
                public Builder inheritable(List<String> inheritable) {
                    this.inheritable = inheritable;
                    return this;
                }

                /**
                 * @param permitted see {@link Capabilities#permitted()}
                 * @return this builder
                 */
                public Builder permitted(List<String> permitted) {
                    this.permitted = permitted;
                    return this;
                }

                /**
                 * @param ambient see {@link Capabilities#ambient()}
                 * @return this builder
                 */
                public Builder ambient(List<String> ambient) {
                    this.ambient = ambient;
                    return this;
                }

                /**
                 * @param extensions see {@link Capabilities#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Capabilities.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Capabilities} with the properties set so far */
                public Capabilities build() {
                    return new Capabilities(
                            bounding, effective, inheritable, permitted, ambient, extensions);
                }
            }
        }

        /**
         * A resource limit of the process ({@code process.rlimits[]}), applied with setrlimit(2).
         *
         * @param type the resource, like {@code RLIMIT_NOFILE}
         * @param hard the hard limit (the ceiling for the soft limit); unsigned 64-bit: values from
         *     2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows them), so
         *     RLIM_INFINITY is -1
         * @param soft the soft limit (the one enforced); unsigned 64-bit: values from 2^63 are
         *     negative in Java ({@link Long#toUnsignedString(long)} shows them)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Rlimit(
                String type,
                @Uint64 long hard,
                @Uint64 long soft,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("type", "hard", "soft");

            /**
             * Creates a value.
             *
             * @param type see {@link #type()}
             * @param hard see {@link #hard()}
             * @param soft see {@link #soft()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Rlimit {
                extensions = Values.extensions(extensions, Rlimit.class, PROPERTIES);
            }

            /**
             * @param type see {@link #type()}
             * @param hard see {@link #hard()}
             * @param soft see {@link #soft()}
             * @return an rlimit with no extensions
             */
            public static Rlimit of(String type, long hard, long soft) {
                return new Rlimit(type, hard, soft, null);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Rlimit} values; JSON is read through it too. */
            public static final class Builder {
                private String type;
                private long hard;
                private long soft;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Rlimit prototype) {
                    type = prototype.type;
                    hard = prototype.hard;
                    soft = prototype.soft;
                    extensions = prototype.extensions;
                }

                /**
                 * @param type see {@link Rlimit#type()}
                 * @return this builder
                 */
                public Builder type(String type) {
                    this.type = type;
                    return this;
                }

                /**
                 * @param hard see {@link Rlimit#hard()}
                 * @return this builder
                 */
                public Builder hard(long hard) {
                    this.hard = hard;
                    return this;
                }

                /**
                 * @param soft see {@link Rlimit#soft()}
                 * @return this builder
                 */
                public Builder soft(long soft) {
                    this.soft = soft;
                    return this;
                }

                /**
                 * @param extensions see {@link Rlimit#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Rlimit.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Rlimit} with the properties set so far */
                public Rlimit build() {
                    return new Rlimit(type, hard, soft, extensions);
                }
            }
        }

        /**
         * The scheduling policy and attributes of the process ({@code process.scheduler}), applied
         * with sched_setattr(2).
         *
         * @param policy the policy, like {@code SCHED_OTHER}, {@code SCHED_FIFO} or {@code
         *     SCHED_DEADLINE}
         * @param nice the nice value, -20 to 19 (int32)
         * @param priority the static priority, for {@code SCHED_FIFO} and {@code SCHED_RR} (int32)
         * @param flags flags like {@code SCHED_FLAG_RESET_ON_FORK}
         * @param runtime for {@code SCHED_DEADLINE}: the run time per period, in nanoseconds;
         *     unsigned 64-bit: values from 2^63 are negative in Java ({@link
         *     Long#toUnsignedString(long)} shows them)
         * @param deadline for {@code SCHED_DEADLINE}: the relative deadline, in nanoseconds;
         *     unsigned 64-bit: values from 2^63 are negative in Java ({@link
         *     Long#toUnsignedString(long)} shows them)
         * @param period for {@code SCHED_DEADLINE}: the period, in nanoseconds; unsigned 64-bit:
         *     values from 2^63 are negative in Java ({@link Long#toUnsignedString(long)} shows
         *     them)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Scheduler(
                String policy,
                Integer nice,
                Integer priority,
                List<String> flags,
                @Uint64 Long runtime,
                @Uint64 Long deadline,
                @Uint64 Long period,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of(
                    "policy", "nice", "priority", "flags", "runtime", "deadline", "period");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param policy see {@link #policy()}
             * @param nice see {@link #nice()}
             * @param priority see {@link #priority()}
             * @param flags see {@link #flags()}
             * @param runtime see {@link #runtime()}
             * @param deadline see {@link #deadline()}
             * @param period see {@link #period()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Scheduler {
                flags = Values.list(flags);
                extensions = Values.extensions(extensions, Scheduler.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Scheduler} values; JSON is read through it too. */
            public static final class Builder {
                private String policy;
                private Integer nice;
                private Integer priority;
                private List<String> flags;
                private Long runtime;
                private Long deadline;
                private Long period;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Scheduler prototype) {
                    policy = prototype.policy;
                    nice = prototype.nice;
                    priority = prototype.priority;
                    flags = prototype.flags;
                    runtime = prototype.runtime;
                    deadline = prototype.deadline;
                    period = prototype.period;
                    extensions = prototype.extensions;
                }

                /**
                 * @param policy see {@link Scheduler#policy()}
                 * @return this builder
                 */
                public Builder policy(String policy) {
                    this.policy = policy;
                    return this;
                }

                /**
                 * @param nice see {@link Scheduler#nice()}
                 * @return this builder
                 */
                public Builder nice(Integer nice) {
                    this.nice = nice;
                    return this;
                }

                /**
                 * @param priority see {@link Scheduler#priority()}
                 * @return this builder
                 */
                public Builder priority(Integer priority) {
                    this.priority = priority;
                    return this;
                }

                /**
                 * @param flags see {@link Scheduler#flags()}
                 * @return this builder
                 */
                public Builder flags(List<String> flags) {
                    this.flags = flags;
                    return this;
                }

                /**
                 * @param runtime see {@link Scheduler#runtime()}
                 * @return this builder
                 */
                public Builder runtime(Long runtime) {
                    this.runtime = runtime;
                    return this;
                }

                /**
                 * @param deadline see {@link Scheduler#deadline()}
                 * @return this builder
                 */
                public Builder deadline(Long deadline) {
                    this.deadline = deadline;
                    return this;
                }

                /**
                 * @param period see {@link Scheduler#period()}
                 * @return this builder
                 */
                public Builder period(Long period) {
                    this.period = period;
                    return this;
                }

                /**
                 * @param extensions see {@link Scheduler#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Scheduler.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Scheduler} with the properties set so far */
                public Scheduler build() {
                    return new Scheduler(
                            policy, nice, priority, flags, runtime, deadline, period, extensions);
                }
            }
        }

        /**
         * The I/O scheduling class and priority of the process ({@code process.ioPriority}),
         * applied with ioprio_set(2).
         *
         * @param ioClass the class: {@code IOPRIO_CLASS_RT}, {@code IOPRIO_CLASS_BE} or {@code
         *     IOPRIO_CLASS_IDLE}; the JSON member is {@code class}
         * @param priority the priority within the class, 0 (highest) to 7 (lowest)
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record IoPriority(
                @JsonProperty("class") String ioClass,
                int priority,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("class", "priority");

            /**
             * Creates a value.
             *
             * @param ioClass see {@link #ioClass()}
             * @param priority see {@link #priority()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public IoPriority {
                extensions = Values.extensions(extensions, IoPriority.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link IoPriority} values; JSON is read through it too. */
            public static final class Builder {
                private String ioClass;
                private int priority;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(IoPriority prototype) {
                    ioClass = prototype.ioClass;
                    priority = prototype.priority;
                    extensions = prototype.extensions;
                }

                /**
                 * @param ioClass see {@link IoPriority#ioClass()}
                 * @return this builder
                 */
                public Builder ioClass(String ioClass) {
                    this.ioClass = ioClass;
                    return this;
                }

                /**
                 * @param priority see {@link IoPriority#priority()}
                 * @return this builder
                 */
                public Builder priority(int priority) {
                    this.priority = priority;
                    return this;
                }

                /**
                 * @param extensions see {@link IoPriority#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, IoPriority.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link IoPriority} with the properties set so far */
                public IoPriority build() {
                    return new IoPriority(ioClass, priority, extensions);
                }
            }
        }

        /**
         * The CPUs that processes joining the container ({@code runc exec}) run on ({@code
         * process.execCPUAffinity}). CPU lists have the cpuset format, like {@code 0-3,7}.
         *
         * @param initialCpus the CPUs the process runs on before it moves into the container's
         *     cgroup; the JSON member is {@code initial}
         * @param finalCpus the CPUs the process runs on after it moved into the container's cgroup;
         *     the JSON member is {@code final}
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record CpuAffinity(
                @JsonProperty("initial") String initialCpus,
                @JsonProperty("final") String finalCpus,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("initial", "final");

            /**
             * Creates a value.
             *
             * @param initialCpus see {@link #initialCpus()}
             * @param finalCpus see {@link #finalCpus()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public CpuAffinity {
                extensions = Values.extensions(extensions, CpuAffinity.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link CpuAffinity} values; JSON is read through it too. */
            public static final class Builder {
                private String initialCpus;
                private String finalCpus;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(CpuAffinity prototype) {
                    initialCpus = prototype.initialCpus;
                    finalCpus = prototype.finalCpus;
                    extensions = prototype.extensions;
                }

                /**
                 * @param initialCpus see {@link CpuAffinity#initialCpus()}
                 * @return this builder
                 */
                public Builder initialCpus(String initialCpus) {
                    this.initialCpus = initialCpus;
                    return this;
                }

                /**
                 * @param finalCpus see {@link CpuAffinity#finalCpus()}
                 * @return this builder
                 */
                public Builder finalCpus(String finalCpus) {
                    this.finalCpus = finalCpus;
                    return this;
                }

                /**
                 * @param extensions see {@link CpuAffinity#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, CpuAffinity.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link CpuAffinity} with the properties set so far */
                public CpuAffinity build() {
                    return new CpuAffinity(initialCpus, finalCpus, extensions);
                }
            }
        }

        /** Builds {@link Process} values; JSON is read through it too. */
        public static final class Builder {
            private Boolean terminal;
            private ConsoleSize consoleSize;
            private User user;
            private List<String> args;
            private String commandLine;
            private List<String> env;
            private String cwd;
            private Capabilities capabilities;
            private List<Rlimit> rlimits;
            private Boolean noNewPrivileges;
            private String apparmorProfile;
            private Integer oomScoreAdj;
            private Scheduler scheduler;
            private String selinuxLabel;
            private IoPriority ioPriority;
            private CpuAffinity execCpuAffinity;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Process prototype) {
                terminal = prototype.terminal;
                consoleSize = prototype.consoleSize;
                user = prototype.user;
                args = prototype.args;
                commandLine = prototype.commandLine;
                env = prototype.env;
                cwd = prototype.cwd;
                capabilities = prototype.capabilities;
                rlimits = prototype.rlimits;
                noNewPrivileges = prototype.noNewPrivileges;
                apparmorProfile = prototype.apparmorProfile;
                oomScoreAdj = prototype.oomScoreAdj;
                scheduler = prototype.scheduler;
                selinuxLabel = prototype.selinuxLabel;
                ioPriority = prototype.ioPriority;
                execCpuAffinity = prototype.execCpuAffinity;
                extensions = prototype.extensions;
            }

            /**
             * @param terminal see {@link Process#terminal()}
             * @return this builder
             */
            public Builder terminal(Boolean terminal) {
                this.terminal = terminal;
                return this;
            }

            /**
             * @param consoleSize see {@link Process#consoleSize()}
             * @return this builder
             */
            public Builder consoleSize(ConsoleSize consoleSize) {
                this.consoleSize = consoleSize;
                return this;
            }

            /**
             * @param user see {@link Process#user()}
             * @return this builder
             */
            public Builder user(User user) {
                this.user = user;
                return this;
            }

            /**
             * @param args see {@link Process#args()}
             * @return this builder
             */
            public Builder args(List<String> args) {
                this.args = args;
                return this;
            }

            /**
             * @param commandLine see {@link Process#commandLine()}
             * @return this builder
             */
            public Builder commandLine(String commandLine) {
                this.commandLine = commandLine;
                return this;
            }

            /**
             * @param env see {@link Process#env()}
             * @return this builder
             */
            public Builder env(List<String> env) {
                this.env = env;
                return this;
            }

            /**
             * @param cwd see {@link Process#cwd()}
             * @return this builder
             */
            public Builder cwd(String cwd) {
                this.cwd = cwd;
                return this;
            }

            /**
             * @param capabilities see {@link Process#capabilities()}
             * @return this builder
             */
            public Builder capabilities(Capabilities capabilities) {
                this.capabilities = capabilities;
                return this;
            }

            /**
             * @param rlimits see {@link Process#rlimits()}
             * @return this builder
             */
            public Builder rlimits(List<Rlimit> rlimits) {
                this.rlimits = rlimits;
                return this;
            }

            /**
             * @param noNewPrivileges see {@link Process#noNewPrivileges()}
             * @return this builder
             */
            public Builder noNewPrivileges(Boolean noNewPrivileges) {
                this.noNewPrivileges = noNewPrivileges;
                return this;
            }

            /**
             * @param apparmorProfile see {@link Process#apparmorProfile()}
             * @return this builder
             */
            public Builder apparmorProfile(String apparmorProfile) {
                this.apparmorProfile = apparmorProfile;
                return this;
            }

            /**
             * @param oomScoreAdj see {@link Process#oomScoreAdj()}
             * @return this builder
             */
            public Builder oomScoreAdj(Integer oomScoreAdj) {
                this.oomScoreAdj = oomScoreAdj;
                return this;
            }

            /**
             * @param scheduler see {@link Process#scheduler()}
             * @return this builder
             */
            public Builder scheduler(Scheduler scheduler) {
                this.scheduler = scheduler;
                return this;
            }

            /**
             * @param selinuxLabel see {@link Process#selinuxLabel()}
             * @return this builder
             */
            public Builder selinuxLabel(String selinuxLabel) {
                this.selinuxLabel = selinuxLabel;
                return this;
            }

            /**
             * @param ioPriority see {@link Process#ioPriority()}
             * @return this builder
             */
            public Builder ioPriority(IoPriority ioPriority) {
                this.ioPriority = ioPriority;
                return this;
            }

            /**
             * @param execCpuAffinity see {@link Process#execCpuAffinity()}
             * @return this builder
             */
            public Builder execCpuAffinity(CpuAffinity execCpuAffinity) {
                this.execCpuAffinity = execCpuAffinity;
                return this;
            }

            /**
             * @param extensions see {@link Process#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Process.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Process} with the properties set so far */
            public Process build() {
                return new Process(
                        terminal, consoleSize, user, args, commandLine, env, cwd, capabilities,
                        rlimits, noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler,
                        selinuxLabel, ioPriority, execCpuAffinity, extensions);
            }
        }
    }

    /**
     * A filesystem mounted in the container ({@code mounts[]}), in the listed order.
     *
     * @param destination where the mount goes: an absolute path in the container
     * @param type the filesystem type, like {@code proc} or {@code tmpfs}; {@code none} or absent
     *     for bind mounts
     * @param source a device name, a host path for bind mounts, or a dummy like {@code proc}
     * @param options mount options in fstab style, like {@code nosuid} or {@code mode=755}
     * @param uidMappings user id mappings of an id-mapped mount; set together with {@code
     *     gidMappings}
     * @param gidMappings group id mappings of an id-mapped mount; set together with {@code
     *     uidMappings}
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Mount(
            String destination,
            String type,
            String source,
            List<String> options,
            List<Linux.IdMapping> uidMappings,
            List<Linux.IdMapping> gidMappings,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "destination", "type", "source", "options", "uidMappings", "gidMappings");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param destination see {@link #destination()}
         * @param type see {@link #type()}
         * @param source see {@link #source()}
         * @param options see {@link #options()}
         * @param uidMappings see {@link #uidMappings()}
         * @param gidMappings see {@link #gidMappings()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Mount {
            options = Values.list(options);
            uidMappings = Values.list(uidMappings);
            gidMappings = Values.list(gidMappings);
            extensions = Values.extensions(extensions, Mount.class, PROPERTIES);
        }

        /**
         * @param destination see {@link #destination()}
         * @param type see {@link #type()}
         * @param source see {@link #source()}
         * @param options see {@link #options()}
         * @return a mount without id mappings or extensions
         */
        public static Mount of(String destination, String type, String source, List<String> options) {
            return new Mount(destination, type, source, options, null, null, null);
        }

        /** @return a new builder with every property absent */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding this value's properties, to make a modified copy */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Builds {@link Mount} values; JSON is read through it too. */
        public static final class Builder {
            private String destination;
            private String type;
            private String source;
            private List<String> options;
            private List<Linux.IdMapping> uidMappings;
            private List<Linux.IdMapping> gidMappings;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Mount prototype) {
                destination = prototype.destination;
                type = prototype.type;
                source = prototype.source;
                options = prototype.options;
                uidMappings = prototype.uidMappings;
                gidMappings = prototype.gidMappings;
                extensions = prototype.extensions;
            }

            /**
             * @param destination see {@link Mount#destination()}
             * @return this builder
             */
            public Builder destination(String destination) {
                this.destination = destination;
                return this;
            }

            /**
             * @param type see {@link Mount#type()}
             * @return this builder
             */
            public Builder type(String type) {
                this.type = type;
                return this;
            }

            /**
             * @param source see {@link Mount#source()}
             * @return this builder
             */
            public Builder source(String source) {
                this.source = source;
                return this;
            }

            /**
             * @param options see {@link Mount#options()}
             * @return this builder
             */
            public Builder options(List<String> options) {
                this.options = options;
                return this;
            }

            /**
             * @param uidMappings see {@link Mount#uidMappings()}
             * @return this builder
             */
            public Builder uidMappings(List<Linux.IdMapping> uidMappings) {
                this.uidMappings = uidMappings;
                return this;
            }

            /**
             * @param gidMappings see {@link Mount#gidMappings()}
             * @return this builder
             */
            public Builder gidMappings(List<Linux.IdMapping> gidMappings) {
                this.gidMappings = gidMappings;
                return this;
            }

            /**
             * @param extensions see {@link Mount#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Mount.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Mount} with the properties set so far */
            public Mount build() {
                return new Mount(
                        destination, type, source, options, uidMappings, gidMappings, extensions);
            }
        }
    }

    /**
     * The lifecycle hooks of the container ({@code hooks}), each list run in order.
     *
     * @param prestart deprecated: run in the runtime namespace after the container is created,
     *     before pivot_root; use {@code createRuntime}, {@code createContainer} and {@code
     *     startContainer}
     * @param createRuntime run in the runtime namespace during create, after the namespaces exist
     *     and before pivot_root
     * @param createContainer run in the container namespace during create, before pivot_root
     * @param startContainer run in the container namespace during start, before the user process
     * @param poststart run in the runtime namespace after the user process started
     * @param poststop run in the runtime namespace after the container was deleted
     * @param extensions members of this JSON object that the specification does not define (or that
     *     this version of jrunc does not know), kept so that a document read and written back keeps
     *     them; never {@code null}
     */
    public record Hooks(
            List<Hook> prestart,
            List<Hook> createRuntime,
            List<Hook> createContainer,
            List<Hook> startContainer,
            List<Hook> poststart,
            List<Hook> poststop,
            @JsonAnyGetter Map<String, Object> extensions) {

        private static final Set<String> PROPERTIES = Set.of(
                "prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                "poststop");

        /**
         * Creates a value; lists and maps are copied into unmodifiable ones.
         *
         * @param prestart see {@link #prestart()}
         * @param createRuntime see {@link #createRuntime()}
         * @param createContainer see {@link #createContainer()}
         * @param startContainer see {@link #startContainer()}
         * @param poststart see {@link #poststart()}
         * @param poststop see {@link #poststop()}
         * @param extensions see {@link #extensions()}; {@code null} means none
         * @throws IllegalArgumentException if an extension is named like a defined member, or its
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         * @throws NullPointerException if a list or map contains {@code null}
         */
        public Hooks {
            prestart = Values.list(prestart);
            createRuntime = Values.list(createRuntime);
            createContainer = Values.list(createContainer);
            startContainer = Values.list(startContainer);
            poststart = Values.list(poststart);
            poststop = Values.list(poststop);
            extensions = Values.extensions(extensions, Hooks.class, PROPERTIES);
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
         * A program the runtime runs at a point of the container's lifecycle ({@code hooks.*[]}).
         *
         * @param path the program: an absolute path, as for execv(3)
         * @param args the arguments, including the program name as {@code args[0]}
         * @param env the environment, as {@code KEY=VALUE} entries
         * @param timeout seconds after which the hook is aborted; at least 1
         * @param extensions members of this JSON object that the specification does not define (or
         *     that this version of jrunc does not know), kept so that a document read and written
         *     back keeps them; never {@code null}
         */
        public record Hook(
                String path,
                List<String> args,
                List<String> env,
                Integer timeout,
                @JsonAnyGetter Map<String, Object> extensions) {

            private static final Set<String> PROPERTIES = Set.of("path", "args", "env", "timeout");

            /**
             * Creates a value; lists and maps are copied into unmodifiable ones.
             *
             * @param path see {@link #path()}
             * @param args see {@link #args()}
             * @param env see {@link #env()}
             * @param timeout see {@link #timeout()}
             * @param extensions see {@link #extensions()}; {@code null} means none
             * @throws IllegalArgumentException if an extension is named like a defined member, or its
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             * @throws NullPointerException if a list or map contains {@code null}
             */
            public Hook {
                args = Values.list(args);
                env = Values.list(env);
                extensions = Values.extensions(extensions, Hook.class, PROPERTIES);
            }

            /** @return a new builder with every property absent */
            public static Builder builder() {
                return new Builder();
            }

            /** @return a builder holding this value's properties, to make a modified copy */
            public Builder toBuilder() {
                return new Builder(this);
            }

            /** Builds {@link Hook} values; JSON is read through it too. */
            public static final class Builder {
                private String path;
                private List<String> args;
                private List<String> env;
                private Integer timeout;
                private Map<String, Object> extensions = Map.of();

                private Builder() {
                }

                private Builder(Hook prototype) {
                    path = prototype.path;
                    args = prototype.args;
                    env = prototype.env;
                    timeout = prototype.timeout;
                    extensions = prototype.extensions;
                }

                /**
                 * @param path see {@link Hook#path()}
                 * @return this builder
                 */
                public Builder path(String path) {
                    this.path = path;
                    return this;
                }

                /**
                 * @param args see {@link Hook#args()}
                 * @return this builder
                 */
                public Builder args(List<String> args) {
                    this.args = args;
                    return this;
                }

                /**
                 * @param env see {@link Hook#env()}
                 * @return this builder
                 */
                public Builder env(List<String> env) {
                    this.env = env;
                    return this;
                }

                /**
                 * @param timeout see {@link Hook#timeout()}
                 * @return this builder
                 */
                public Builder timeout(Integer timeout) {
                    this.timeout = timeout;
                    return this;
                }

                /**
                 * @param extensions see {@link Hook#extensions()}; {@code null} means none
                 * @return this builder
                 * @throws IllegalArgumentException if a name is one of the defined properties, or a
                 *     value is not a JSON value (String, Number, Boolean, Map, List or null)
                 */
                public Builder extensions(Map<String, ?> extensions) {
                    this.extensions = Values.extensions(extensions, Hook.class, PROPERTIES);
                    return this;
                }


                /** @return a new {@link Hook} with the properties set so far */
                public Hook build() {
                    return new Hook(path, args, env, timeout, extensions);
                }
            }
        }

        /** Builds {@link Hooks} values; JSON is read through it too. */
        public static final class Builder {
            private List<Hook> prestart;
            private List<Hook> createRuntime;
            private List<Hook> createContainer;
            private List<Hook> startContainer;
            private List<Hook> poststart;
            private List<Hook> poststop;
            private Map<String, Object> extensions = Map.of();

            private Builder() {
            }

            private Builder(Hooks prototype) {
                prestart = prototype.prestart;
                createRuntime = prototype.createRuntime;
                createContainer = prototype.createContainer;
                startContainer = prototype.startContainer;
                poststart = prototype.poststart;
                poststop = prototype.poststop;
                extensions = prototype.extensions;
            }

            /**
             * @param prestart see {@link Hooks#prestart()}
             * @return this builder
             */
            public Builder prestart(List<Hook> prestart) {
                this.prestart = prestart;
                return this;
            }

            /**
             * @param createRuntime see {@link Hooks#createRuntime()}
             * @return this builder
             */
            public Builder createRuntime(List<Hook> createRuntime) {
                this.createRuntime = createRuntime;
                return this;
            }

            /**
             * @param createContainer see {@link Hooks#createContainer()}
             * @return this builder
             */
            public Builder createContainer(List<Hook> createContainer) {
                this.createContainer = createContainer;
                return this;
            }

            /**
             * @param startContainer see {@link Hooks#startContainer()}
             * @return this builder
             */
            public Builder startContainer(List<Hook> startContainer) {
                this.startContainer = startContainer;
                return this;
            }

            /**
             * @param poststart see {@link Hooks#poststart()}
             * @return this builder
             */
            public Builder poststart(List<Hook> poststart) {
                this.poststart = poststart;
                return this;
            }

            /**
             * @param poststop see {@link Hooks#poststop()}
             * @return this builder
             */
            public Builder poststop(List<Hook> poststop) {
                this.poststop = poststop;
                return this;
            }

            /**
             * @param extensions see {@link Hooks#extensions()}; {@code null} means none
             * @return this builder
             * @throws IllegalArgumentException if a name is one of the defined properties, or a
             *     value is not a JSON value (String, Number, Boolean, Map, List or null)
             */
            public Builder extensions(Map<String, ?> extensions) {
                this.extensions = Values.extensions(extensions, Hooks.class, PROPERTIES);
                return this;
            }


            /** @return a new {@link Hooks} with the properties set so far */
            public Hooks build() {
                return new Hooks(
                        prestart, createRuntime, createContainer, startContainer, poststart,
                        poststop, extensions);
            }
        }
    }

    /** Builds {@link Spec} values; JSON is read through it too. */
    public static final class Builder {
        private String ociVersion;
        private Process process;
        private Root root;
        private String hostname;
        private String domainname;
        private List<Mount> mounts;
        private Hooks hooks;
        private Map<String, String> annotations;
        private Linux linux;
        private Map<String, Object> extensions = Map.of();

        private Builder() {
        }

        private Builder(Spec prototype) {
            ociVersion = prototype.ociVersion;
            process = prototype.process;
            root = prototype.root;
            hostname = prototype.hostname;
            domainname = prototype.domainname;
            mounts = prototype.mounts;
            hooks = prototype.hooks;
            annotations = prototype.annotations;
            linux = prototype.linux;
            extensions = prototype.extensions;
        }

        /**
         * @param ociVersion see {@link Spec#ociVersion()}
         * @return this builder
         */
        public Builder ociVersion(String ociVersion) {
            this.ociVersion = ociVersion;
            return this;
        }

        /**
         * @param process see {@link Spec#process()}
         * @return this builder
         */
        public Builder process(Process process) {
            this.process = process;
            return this;
        }

        /**
         * @param root see {@link Spec#root()}
         * @return this builder
         */
        public Builder root(Root root) {
            this.root = root;
            return this;
        }

        /**
         * @param hostname see {@link Spec#hostname()}
         * @return this builder
         */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /**
         * @param domainname see {@link Spec#domainname()}
         * @return this builder
         */
        public Builder domainname(String domainname) {
            this.domainname = domainname;
            return this;
        }

        /**
         * @param mounts see {@link Spec#mounts()}
         * @return this builder
         */
        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        /**
         * @param hooks see {@link Spec#hooks()}
         * @return this builder
         */
        public Builder hooks(Hooks hooks) {
            this.hooks = hooks;
            return this;
        }

        /**
         * @param annotations see {@link Spec#annotations()}
         * @return this builder
         */
        public Builder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        /**
         * @param linux see {@link Spec#linux()}
         * @return this builder
         */
        public Builder linux(Linux linux) {
            this.linux = linux;
            return this;
        }

        /**
         * @param extensions see {@link Spec#extensions()}; {@code null} means none
         * @return this builder
         * @throws IllegalArgumentException if a name is one of the defined properties, or a
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Builder extensions(Map<String, ?> extensions) {
            this.extensions = Values.extensions(extensions, Spec.class, PROPERTIES);
            return this;
        }


        /** @return a new {@link Spec} with the properties set so far */
        public Spec build() {
            return new Spec(
                    ociVersion, process, root, hostname, domainname, mounts, hooks, annotations,
                    linux, extensions);
        }
    }
}
