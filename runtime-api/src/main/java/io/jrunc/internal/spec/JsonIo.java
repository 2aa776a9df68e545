package io.jrunc.internal.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the spec records with jackson-core's streaming parser and generator (through
 * {@link RecordBinder}; no Jackson databind, whose set-up is most of a CLI call's start-up), and
 * turns their errors into {@link SpecException}s with a JSON path, a line and a column. Not public
 * API.
 */
public final class JsonIo {

    /** The indentation of {@code runc spec}'s config.json. */
    public static final String TAB = "\t";

    /** Strict reading (a member may appear once), Go's escapes and lower-case hex in writing. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    static {
        FACTORY.setCharacterEscapes(new GoCharacterEscapes());
    }

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
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    JsonLocation end = p.currentLocation();
                    throw new SpecException(source, null, end.getLineNr(),
                            Math.max(end.getColumnNr(), 1), "unexpected end of input");
                }
                Object value = first == JsonToken.VALUE_NULL ? null : RecordBinder.read(p, type);
                if (p.nextToken() != null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new SpecException(source, null, at.getLineNr(),
                            Math.max(at.getColumnNr(), 1), "unexpected content after the JSON value");
                }
                if (value == null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new SpecException(source, null, at.getLineNr(), at.getColumnNr(),
                            "expected an object, got null");
                }
                return type.cast(value);
            } catch (RecordBinder.Failure f) {
                JsonLocation at = f.location;
                int line = at == null ? 0 : at.getLineNr();
                int column = at == null ? 0 : Math.max(at.getColumnNr(), 1);
                throw new SpecException(source, f.path(), line, column, f.detail);
            } catch (JsonProcessingException e) {
                throw syntax(e, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /**
     * Parses any JSON value as plain Java values: objects as mutable {@code LinkedHashMap}s,
     * arrays as mutable {@code ArrayList}s, strings, booleans, {@code null}, integers as Integer,
     * Long or BigInteger, other numbers as BigDecimal. For code outside the spec model that needs
     * a JSON tree without Jackson databind.
     *
     * @param text the JSON text
     * @param source the document's name for messages
     * @throws SpecException if the text is not JSON
     */
    public static Object parseValue(String text, String source) {
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                if (p.nextToken() == null) {
                    JsonLocation end = p.currentLocation();
                    throw new SpecException(source, null, end.getLineNr(),
                            Math.max(end.getColumnNr(), 1), "unexpected end of input");
                }
                Object value = RecordBinder.readAny(p);
                if (p.nextToken() != null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new SpecException(source, null, at.getLineNr(),
                            Math.max(at.getColumnNr(), 1), "unexpected content after the JSON value");
                }
                return value;
            } catch (JsonProcessingException e) {
                throw syntax(e, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /**
     * Serializes plain Java values (maps with String keys, lists, strings, numbers, booleans,
     * {@code null}, in their own order) like {@link #toJson(Object, String)} does a record.
     *
     * @throws IllegalArgumentException if the value holds anything else
     */
    public static String valueToJson(Object value, String indent) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (!indent.isEmpty()) {
                g.setPrettyPrinter(new GoStylePrinter(indent));
            }
            RecordBinder.writeAny(g, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a " + value.getClass().getName(), e);
        }
        return out.toString();
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
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (!indent.isEmpty()) {
                g.setPrettyPrinter(new GoStylePrinter(indent));
            }
            RecordBinder.write(g, (Record) value);
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
