package io.jrunc.internal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jrunc.spec.SpecException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the spec records with Jackson, and turns Jackson's exceptions into
 * {@link SpecException}s with a JSON path, a line and a column. Not public API.
 */
public final class JsonIo {

    /** The indentation of {@code runc spec}'s config.json. */
    public static final String TAB = "\t";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(Scalars.module())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .withConfigOverride(List.class,
                    o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .withConfigOverride(Map.class,
                    o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new GoCharacterEscapes());
    }

    private static final ObjectWriter COMPACT = MAPPER.writer();

    private JsonIo() {
    }

    /**
     * Parses a document.
     *
     * @param text the JSON text
     * @param source the document's name for messages, like {@code config.json}
     * @param type the record type of the document
     * @throws SpecException if the text is not JSON or does not fit the type
     */
    public static <T> T parse(String text, String source, Class<T> type) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        try (JsonParser p = MAPPER.createParser(text)) {
            try {
                T value = MAPPER.readValue(p, type);
                if (value == null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new SpecException(source, null, at.getLineNr(), at.getColumnNr(),
                            "expected an object, got null");
                }
                return value;
            } catch (JsonProcessingException e) {
                throw translate(e, p, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /**
     * Reads a document from a file (UTF-8).
     *
     * @throws IOException if the file cannot be read
     * @throws SpecException if its content is not JSON or does not fit the type; its source is
     *     the file as given
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return parse(text, file.toString(), type);
    }

    /**
     * Serializes a record the way Go's encoding/json does.
     *
     * @param value the record
     * @param indent the indentation per level (runc uses a tab for config.json); the empty string
     *     gives compact JSON on one line, like Go's {@code json.Marshal}
     * @return the JSON text, without a final newline
     */
    public static String toJson(Object value, String indent) {
        ObjectWriter writer = indent.isEmpty() ? COMPACT : MAPPER.writer(new GoStylePrinter(indent));
        StringWriter out = new StringWriter();
        try {
            writer.writeValue(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
        return out.toString();
    }

    /**
     * Writes text to a file atomically: to a temporary file next to it, then renamed over it, so
     * that a reader sees the old or the new content, never a part. The file gets the default
     * permissions for new files (0666 less the umask), as {@code runc spec} gives config.json.
     */
    public static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- error translation ----

    private static SpecException translate(JsonProcessingException e, JsonParser p, String source) {
        if (e instanceof StreamReadException) {
            return syntax(e, source);
        }
        if (e.getCause() instanceof StreamReadException cause) {
            return syntax(cause, source);
        }
        JsonMappingException m = (JsonMappingException) e;
        String path = path(m);
        JsonLocation at = m.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 1);
        String original = String.valueOf(m.getOriginalMessage());
        String detail;
        if (m instanceof Scalars.Mismatch) {
            detail = original;
        } else if (original.startsWith("No content to map")) {
            JsonLocation end = p.currentLocation();
            return new SpecException(source, null, end.getLineNr(), Math.max(end.getColumnNr(), 1),
                    "unexpected end of input", e);
        } else if (original.startsWith("Trailing token")) {
            return new SpecException(source, null, line, column,
                    "unexpected content after the JSON value", e);
        } else if (m instanceof InvalidNullException) {
            detail = "must not be null";
        } else if (m instanceof ValueInstantiationException && m.getCause() != null) {
            detail = String.valueOf(m.getCause().getMessage());
        } else if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            detail = "expected " + kind(mi.getTargetType()) + ", got " + Scalars.describe(p);
        } else {
            detail = firstLine(original);
        }
        return new SpecException(source, path, line, column, detail, e);
    }

    private static String path(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path = JsonPaths.member(path, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path = JsonPaths.index(path, ref.getIndex());
            }
        }
        return path;
    }

    private static String kind(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static final Pattern UNEXPECTED_CHAR =
            Pattern.compile("^Unexpected character \\((.*) \\(code (\\d+)\\)\\)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
    private static final Pattern CTRL = Pattern.compile("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern ESCAPE = Pattern.compile("^Unrecognized character escape (.*) \\(code \\d+\\)");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"(.*)\"|^Duplicate field '(.*)'");

    private static SpecException syntax(JsonProcessingException e, String source) {
        JsonLocation at = e.getLocation();
        String message = String.valueOf(e.getOriginalMessage());
        String detail;
        Matcher m;
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 1);
        if ((m = UNEXPECTED_CHAR.matcher(message)).find()) {
            int code = Integer.parseInt(m.group(2));
            detail = code < 0x20 ? "unexpected control character (code " + code + ")"
                    : "unexpected character " + m.group(1);
        } else if ((m = CLOSE_MARKER.matcher(message)).find()) {
            detail = "unexpected character '" + m.group(1) + "'";
        } else if (message.startsWith("Unexpected end-of-input")) {
            detail = "unexpected end of input";
        } else if ((m = TOKEN.matcher(message)).find()) {
            detail = "unexpected token '" + m.group(1) + "'";
        } else if ((m = CTRL.matcher(message)).find()) {
            detail = "unescaped control character (code " + m.group(1) + ") in string";
        } else if ((m = ESCAPE.matcher(message)).find()) {
            detail = "invalid escape " + m.group(1) + " in string";
        } else if ((m = DUPLICATE.matcher(message)).find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            detail = "duplicate member " + Scalars.quote(name);
            // Jackson points just past the name; point at its opening quote instead
            column = Math.max(1, column - name.length() - 2);
        } else {
            detail = lowerFirst(firstLine(message));
        }
        return new SpecException(source, null, at == null ? 0 : at.getLineNr(), column, detail, e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
