package io.jrunc.internal.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * How values are shown in the messages of {@link RecordBinder}'s strict reading, which never
 * coerces ("12" is not a number, 12 is not a string, 1.5 is not an integer), checks the ranges of
 * the spec's integer types and reports what it got. Not public API.
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * Describes the parser's current token for an error message: a string quoted (and shortened),
     * a number or literal as written, "an object" or "an array".
     */
    public static String describe(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        try {
            switch (token) {
                case VALUE_STRING:
                    return quote(p.getText());
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                case VALUE_TRUE:
                case VALUE_FALSE:
                case VALUE_NULL:
                    return p.getText();
                case START_OBJECT:
                case FIELD_NAME:
                case END_OBJECT:
                    return "an object";
                case START_ARRAY:
                case END_ARRAY:
                    return "an array";
                default:
                    return token.asString() == null ? token.name() : token.asString();
            }
        } catch (IOException e) {
            return token.name();
        }
    }

    /** Quotes a string the JSON way for a message, shortening it past 40 characters. */
    public static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        StringBuilder sb = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
