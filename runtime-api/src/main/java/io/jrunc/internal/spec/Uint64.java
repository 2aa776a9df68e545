package io.jrunc.internal.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec property whose JSON type is an unsigned 64-bit integer held in a
 * {@code long}: values of 2^63 and more read as negative numbers, and are written back as
 * {@link Long#toUnsignedString(long)} shows them.
 * On a {@code List<Long>} it applies to the elements. Read by {@link RecordBinder}. Not public API.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Uint64 {
}
