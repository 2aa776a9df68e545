package io.jrunc.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document that parses but breaks rules of the runtime specification. It lists every problem
 * found, not just the first; its message joins them with {@code "; "}:
 *
 * <pre>
 * config.json: process.args: must not be empty; root.path: must not be empty
 * </pre>
 */
public class SpecValidationException extends SpecException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param source the document, usually its file name, or {@code null}
     * @param problems the problems found; not empty
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public SpecValidationException(String source, List<Problem> problems) {
        super(source, null, 0, 0, join(problems));
        this.problems = List.copyOf(problems);
    }

    private static String join(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /** @return every problem found, in document order */
    public List<Problem> problems() {
        return problems;
    }
}
