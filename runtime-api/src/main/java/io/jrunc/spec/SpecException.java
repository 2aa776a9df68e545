package io.jrunc.spec;

/**
 * A runtime-spec document (config.json, state.json, features.json) that cannot be used: it is not
 * JSON, a value has the wrong type, or (as the subclass {@link SpecValidationException}) it breaks
 * the rules of the specification.
 *
 * <p>This exception is unchecked: reading a document also throws {@link java.io.IOException} for
 * I/O failures, and a document's content is checked data rather than a recoverable condition. The
 * message names the document, the JSON path of the offending value when there is one, and the
 * position in the text when the problem came from parsing:
 *
 * <pre>
 * config.json: line 12, column 5: unexpected character '}'
 * config.json: process.user.uid: expected a number, got "abc" (line 7, column 14)
 * </pre>
 *
 * <p>Lines and columns count from 1; columns count characters, a tab being one.
 */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The document, or {@code null}. */
    private final String source;
    /** The JSON path, or {@code null}. */
    private final String path;
    /** The line from 1, or 0. */
    private final int line;
    /** The column from 1, or 0. */
    private final int column;
    /** What is wrong. */
    private final String detail;

    /**
     * Creates an exception for a problem in a document.
     *
     * @param source the document, usually its file name; may be {@code null}
     * @param path the JSON path of the offending value, like {@code process.args[0]}; {@code null}
     *     or empty when the problem is not about one value (a syntax error)
     * @param line the line of the problem, from 1, or 0 if unknown
     * @param column the column of the problem, from 1, or 0 if unknown
     * @param detail what is wrong, like {@code expected a number, got "abc"}
     */
    public SpecException(String source, String path, int line, int column, String detail) {
        this(source, path, line, column, detail, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param source the document, or {@code null}
     * @param path the JSON path of the offending value, or {@code null}
     * @param line the line, from 1, or 0 if unknown
     * @param column the column, from 1, or 0 if unknown
     * @param detail what is wrong
     * @param cause the underlying exception, or {@code null}
     */
    public SpecException(String source, String path, int line, int column, String detail,
            Throwable cause) {
        super(format(source, path, line, column, detail), cause);
        this.source = source;
        this.path = path == null || path.isEmpty() ? null : path;
        this.line = Math.max(line, 0);
        this.column = Math.max(column, 0);
        this.detail = detail;
    }

    private static String format(String source, String path, int line, int column, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        boolean hasPath = path != null && !path.isEmpty();
        if (hasPath) {
            sb.append(path).append(": ").append(detail);
            if (line > 0) {
                sb.append(" (line ").append(line).append(", column ").append(column).append(')');
            }
        } else {
            if (line > 0) {
                sb.append("line ").append(line).append(", column ").append(column).append(": ");
            }
            sb.append(detail);
        }
        return sb.toString();
    }

    /** @return the document the problem is in, usually a file name, or {@code null} */
    public String source() {
        return source;
    }

    /** @return the JSON path of the offending value, or {@code null} if not about one value */
    public String path() {
        return path;
    }

    /** @return the line of the problem, counting from 1, or 0 if unknown */
    public int line() {
        return line;
    }

    /** @return the column of the problem, counting from 1, or 0 if unknown */
    public int column() {
        return column;
    }

    /** @return what is wrong, without the source, path and position */
    public String detail() {
        return detail;
    }
}
