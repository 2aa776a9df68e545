package io.jrunc.internal.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Strict scalar (de)serializers: unlike Jackson's defaults they never coerce ("12" is not a
 * number, 12 is not a string, 1.5 is not an integer), they check the ranges of the spec's
 * integer types, and they report what they got. Not public API.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A type mismatch whose message is already the user-facing detail. */
    public static final class Mismatch extends MismatchedInputException {
        private static final long serialVersionUID = 1L;

        Mismatch(JsonParser p, String detail, Class<?> target) {
            super(p, detail, target);
        }
    }

    /** The module replacing Jackson's lenient String, boolean, int and long deserializers. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("jrunc-strict-scalars");
        module.addDeserializer(String.class, new StringDeserializer());
        module.addDeserializer(Boolean.class, new BooleanDeserializer(false));
        module.addDeserializer(Boolean.TYPE, new BooleanDeserializer(true));
        module.addDeserializer(Integer.class, new IntDeserializer(false));
        module.addDeserializer(Integer.TYPE, new IntDeserializer(true));
        module.addDeserializer(Long.class, new LongDeserializer(false));
        module.addDeserializer(Long.TYPE, new LongDeserializer(true));
        return module;
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

    private static Mismatch mismatch(JsonParser p, String expected, Class<?> target) {
        return new Mismatch(p, "expected " + expected + ", got " + describe(p), target);
    }

    /** Reads the current integer token, failing for anything else. */
    private static BigInteger integer(JsonParser p, String expected, Class<?> target)
            throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getBigIntegerValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            throw mismatch(p, expected, target);
        }
        throw mismatch(p, "a number", target);
    }

    private static final class StringDeserializer extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            throw mismatch(p, "a string", String.class);
        }
    }

    private static final class BooleanDeserializer extends JsonDeserializer<Boolean> {
        private final boolean primitive;

        BooleanDeserializer(boolean primitive) {
            this.primitive = primitive;
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (token == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            throw mismatch(p, "a boolean", Boolean.class);
        }

        @Override
        public Boolean getNullValue(DeserializationContext ctxt) {
            return primitive ? Boolean.FALSE : null;
        }
    }

    private static final class IntDeserializer extends JsonDeserializer<Integer> {
        private final boolean primitive;

        IntDeserializer(boolean primitive) {
            this.primitive = primitive;
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigInteger value = integer(p, "an integer", Integer.class);
            if (value.bitLength() > 31) {
                throw mismatch(p, "a 32-bit integer", Integer.class);
            }
            return value.intValue();
        }

        @Override
        public Integer getNullValue(DeserializationContext ctxt) {
            return primitive ? 0 : null;
        }
    }

    private static final class LongDeserializer extends JsonDeserializer<Long> {
        private final boolean primitive;

        LongDeserializer(boolean primitive) {
            this.primitive = primitive;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigInteger value = integer(p, "an integer", Long.class);
            if (value.bitLength() > 63) {
                throw mismatch(p, "a 64-bit integer", Long.class);
            }
            return value.longValue();
        }

        @Override
        public Long getNullValue(DeserializationContext ctxt) {
            return primitive ? 0L : null;
        }
    }

    /** Base of the unsigned deserializers: range check, primitive-aware null value. */
    private abstract static class UnsignedDeserializer<T extends Number> extends JsonDeserializer<T>
            implements ContextualDeserializer {
        private final int bits;
        final boolean primitive;

        UnsignedDeserializer(int bits, boolean primitive) {
            this.bits = bits;
            this.primitive = primitive;
        }

        abstract T convert(BigInteger value);

        abstract UnsignedDeserializer<T> withPrimitive();

        abstract T zero();

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigInteger value = integer(p, "an unsigned integer", Number.class);
            if (value.signum() < 0 || value.bitLength() > bits) {
                throw mismatch(p, "an unsigned " + bits + "-bit integer", Number.class);
            }
            return convert(value);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            if (!primitive && property != null && property.getType().isPrimitive()) {
                return withPrimitive();
            }
            return this;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) {
            return primitive ? zero() : null;
        }
    }

    /** uint16, held in an {@code int}. */
    public static final class Uint16Deserializer extends UnsignedDeserializer<Integer> {
        /** For {@code @JsonDeserialize(using = ...)}. */
        public Uint16Deserializer() {
            this(false);
        }

        Uint16Deserializer(boolean primitive) {
            super(16, primitive);
        }

        @Override
        Integer convert(BigInteger value) {
            return value.intValue();
        }

        @Override
        UnsignedDeserializer<Integer> withPrimitive() {
            return new Uint16Deserializer(true);
        }

        @Override
        Integer zero() {
            return 0;
        }
    }

    /** uint32, held in a {@code long}. */
    public static final class Uint32Deserializer extends UnsignedDeserializer<Long> {
        /** For {@code @JsonDeserialize(using = ...)}. */
        public Uint32Deserializer() {
            this(false);
        }

        Uint32Deserializer(boolean primitive) {
            super(32, primitive);
        }

        @Override
        Long convert(BigInteger value) {
            return value.longValue();
        }

        @Override
        UnsignedDeserializer<Long> withPrimitive() {
            return new Uint32Deserializer(true);
        }

        @Override
        Long zero() {
            return 0L;
        }
    }

    /** uint64, held in a {@code long} read as unsigned (2^64-1 becomes -1). */
    public static final class Uint64Deserializer extends UnsignedDeserializer<Long> {
        /** For {@code @JsonDeserialize(using = ...)}. */
        public Uint64Deserializer() {
            this(false);
        }

        Uint64Deserializer(boolean primitive) {
            super(64, primitive);
        }

        @Override
        Long convert(BigInteger value) {
            return value.longValue();
        }

        @Override
        UnsignedDeserializer<Long> withPrimitive() {
            return new Uint64Deserializer(true);
        }

        @Override
        Long zero() {
            return 0L;
        }
    }

    /** Writes a {@code long} as an unsigned 64-bit number. */
    public static final class Uint64Serializer extends StdSerializer<Long> {
        private static final long serialVersionUID = 1L;

        /** For {@code @JsonSerialize(using = ...)}. */
        public Uint64Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeNumber(Long.toUnsignedString(value));
        }
    }
}
