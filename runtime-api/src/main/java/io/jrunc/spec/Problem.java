package io.jrunc.spec;

import java.util.Objects;

/**
 * One rule of the runtime specification that a {@link Spec} breaks, found by
 * {@link Spec#validate()}.
 *
 * @param path the JSON path of the offending value, like {@code linux.uidMappings[0].size}, or
 *     the empty string for the document as a whole
 * @param message what is wrong, like {@code must be > 0}
 */
public record Problem(String path, String message) {

    /**
     * Creates a problem.
     *
     * @param path see {@link #path()}
     * @param message see {@link #message()}
     * @throws NullPointerException if either is {@code null}
     */
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code path: message}, or just the message when the path is empty */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
