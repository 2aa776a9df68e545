package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jrunc.internal.spec.JsonIo;
import io.jrunc.internal.spec.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The state of a container as the runtime reports it (the {@code state} operation of runtime.md,
 * and {@code runc state}).
 *
 * @param ociVersion the version of the runtime specification of the document
 * @param id the container id
 * @param status the status: {@value #CREATING}, {@value #CREATED}, {@value #RUNNING} or {@value
 *     #STOPPED} (runc also reports {@code paused})
 * @param pid the container process id in the runtime's pid namespace, while created or running
 * @param bundle the absolute path of the bundle directory
 * @param annotations the annotations of the container's config
 * @param extensions members of this JSON object that the specification does not define (or that
 *     this version of jrunc does not know), kept so that a document read and written back keeps
 *     them; never {@code null}
 */
public record State(
        String ociVersion,
        String id,
        String status,
        Integer pid,
        String bundle,
        Map<String, String> annotations,
        @JsonAnyGetter Map<String, Object> extensions) {

    /** Status of a container being created. */
    public static final String CREATING = "creating";
    /** Status of a container created and not yet started. */
    public static final String CREATED = "created";
    /** Status of a container whose process runs. */
    public static final String RUNNING = "running";
    /** Status of a container whose process exited. */
    public static final String STOPPED = "stopped";
    /** Status of a container whose processes are frozen ({@code runc pause}); not in the OCI list. */
    public static final String PAUSED = "paused";

    private static final Set<String> PROPERTIES = Set.of(
            "ociVersion", "id", "status", "pid", "bundle", "annotations");

    /**
     * Creates a value; lists and maps are copied into unmodifiable ones.
     *
     * @param ociVersion see {@link #ociVersion()}
     * @param id see {@link #id()}
     * @param status see {@link #status()}
     * @param pid see {@link #pid()}
     * @param bundle see {@link #bundle()}
     * @param annotations see {@link #annotations()}
     * @param extensions see {@link #extensions()}; {@code null} means none
     * @throws IllegalArgumentException if an extension is named like a defined member, or its
     *     value is not a JSON value (String, Number, Boolean, Map, List or null)
     * @throws NullPointerException if a list or map contains {@code null}
     */
    public State {
        annotations = Values.map(annotations);
        extensions = Values.extensions(extensions, State.class, PROPERTIES);
    }

    /**
     * Reads a state document.
     *
     * @param file the file
     * @return the state
     * @throws IOException if the file cannot be read
     * @throws SpecException if it is not JSON or a value has the wrong type
     */
    public static State read(Path file) throws IOException {
        return JsonIo.read(file, State.class);
    }

    /**
     * Parses a state document; messages name it {@code state.json}.
     *
     * @param json the JSON text
     * @return the state
     * @throws SpecException if it is not JSON or a value has the wrong type
     */
    public static State parse(String json) {
        return JsonIo.parse(json, "state.json", State.class);
    }

    /**
     * Serializes this state tab-indented like {@link Spec#toJson()}; use
     * {@link SpecJson#toJson(Record, String)} for another indentation.
     *
     * @return the JSON text, without a final newline
     */
    public String toJson() {
        return JsonIo.toJson(this, JsonIo.TAB);
    }

    /**
     * Writes {@link #toJson()} to a file atomically.
     *
     * @param file the file; replaced if it exists
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        JsonIo.write(file, toJson());
    }

    /** @return a new builder with every property absent */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this value's properties, to make a modified copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link State} values; JSON is read through it too. */
    public static final class Builder {
        private String ociVersion;
        private String id;
        private String status;
        private Integer pid;
        private String bundle;
        private Map<String, String> annotations;
        private Map<String, Object> extensions = Map.of();

        private Builder() {
        }

        private Builder(State prototype) {
            ociVersion = prototype.ociVersion;
            id = prototype.id;
            status = prototype.status;
            pid = prototype.pid;
            bundle = prototype.bundle;
            annotations = prototype.annotations;
            extensions = prototype.extensions;
        }

        /**
         * @param ociVersion see {@link State#ociVersion()}
         * @return this builder
         */
        public Builder ociVersion(String ociVersion) {
            this.ociVersion = ociVersion;
            return this;
        }

        /**
         * @param id see {@link State#id()}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * @param status see {@link State#status()}
         * @return this builder
         */
        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /**
         * @param pid see {@link State#pid()}
         * @return this builder
         */
        public Builder pid(Integer pid) {
            this.pid = pid;
            return this;
        }

        /**
         * @param bundle see {@link State#bundle()}
         * @return this builder
         */
        public Builder bundle(String bundle) {
            this.bundle = bundle;
            return this;
        }

        /**
         * @param annotations see {@link State#annotations()}
         * @return this builder
         */
        public Builder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        /**
         * @param extensions see {@link State#extensions()}; {@code null} means none
         * @return this builder
         * @throws IllegalArgumentException if a name is one of the defined properties, or a
         *     value is not a JSON value (String, Number, Boolean, Map, List or null)
         */
        public Builder extensions(Map<String, ?> extensions) {
            this.extensions = Values.extensions(extensions, State.class, PROPERTIES);
            return this;
        }


        /** @return a new {@link State} with the properties set so far */
        public State build() {
            return new State(ociVersion, id, status, pid, bundle, annotations, extensions);
        }
    }
}
