package io.jrunc.spec;

import io.jrunc.internal.spec.JsonIo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes any record of this package as JSON, for documents that are not a whole
 * {@link Spec}, {@link State} or {@link Features} (those have their own {@code read}, {@code parse}
 * and {@code toJson} methods): for instance the process.json of {@code runc exec --process}, which
 * is a {@link Spec.Process}.
 *
 * <p>Output is formatted like Go's encoding/json, which runc uses: members in the specification's
 * order, absent ({@code null}) members left out, map entries sorted by key, {@code <}, {@code >}
 * and {@code &} escaped as <code>&#92;u003c</code>, <code>&#92;u003e</code> and
 * <code>&#92;u0026</code>; members unknown to the model follow the known ones, in the order they
 * were read.
 *
 * <p>Input is read strictly, as Go does: a number is not accepted for a string nor a string for a
 * number, integers must fit their type; in addition a member may appear only once. Members
 * unknown to the model are kept.
 */
public final class SpecJson {

    private SpecJson() {
    }

    /**
     * Reads a document from a UTF-8 file.
     *
     * @param <T> the record type
     * @param file the file
     * @param type a record type of this package, like {@code Spec.Process.class}
     * @return the value
     * @throws IOException if the file cannot be read
     * @throws SpecException if it is not JSON or a value has the wrong type; the message names the
     *     file as given
     * @throws IllegalArgumentException if {@code type} is not a record of this package
     */
    public static <T extends Record> T read(Path file, Class<T> type) throws IOException {
        return JsonIo.read(Objects.requireNonNull(file, "file"), check(type));
    }

    /**
     * Parses a document.
     *
     * @param <T> the record type
     * @param json the JSON text
     * @param source the name of the document in messages, like {@code process.json}
     * @param type a record type of this package
     * @return the value
     * @throws SpecException if it is not JSON or a value has the wrong type
     * @throws IllegalArgumentException if {@code type} is not a record of this package
     */
    public static <T extends Record> T parse(String json, String source, Class<T> type) {
        return JsonIo.parse(Objects.requireNonNull(json, "json"), source, check(type));
    }

    /**
     * Serializes a record of this package, tab-indented like {@code runc spec}'s config.json.
     *
     * @param value the record
     * @return the JSON text, without a final newline
     */
    public static String toJson(Record value) {
        return toJson(value, JsonIo.TAB);
    }

    /**
     * Serializes a record of this package with a given indentation, like Go's
     * {@code json.MarshalIndent(value, "", indent)}.
     *
     * @param value the record
     * @param indent the indentation of one level, like {@code "\t"} or {@code "  "}; the empty
     *     string gives compact JSON on one line, like Go's {@code json.Marshal}
     * @return the JSON text, without a final newline
     */
    public static String toJson(Record value, String indent) {
        check(value.getClass());
        return JsonIo.toJson(value, Objects.requireNonNull(indent, "indent"));
    }

    /**
     * Writes {@link #toJson(Record)} to a file atomically (a temporary file in the same
     * directory renamed over it), so that readers never see part of it.
     *
     * @param file the file; replaced if it exists
     * @param value the record
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Record value) throws IOException {
        JsonIo.write(Objects.requireNonNull(file, "file"), toJson(value));
    }

    private static final Set<Class<?>> DOCUMENTS = Set.of(Spec.class, Linux.class, State.class, Features.class);

    private static <T> Class<T> check(Class<T> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        if (!type.isRecord() || !DOCUMENTS.contains(top)) {
            throw new IllegalArgumentException("not a document type of " + SpecJson.class.getPackageName()
                    + ": " + type.getName());
        }
        return type;
    }
}
