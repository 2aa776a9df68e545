package io.jrunc.internal.spec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes strings as Go's {@code encoding/json} does by default: besides quotes, backslashes and
 * control characters, also {@code <}, {@code >} and {@code &} (as <code>&#92;u003c</code> and
 * so on) and U+2028 / U+2029. Not public API.
 */
final class GoCharacterEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    GoCharacterEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii['<'] = ESCAPE_STANDARD;
        ascii['>'] = ESCAPE_STANDARD;
        ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch == 0x2028) {
            return new SerializedString("\\u2028");
        }
        if (ch == 0x2029) {
            return new SerializedString("\\u2029");
        }
        return null;
    }
}
