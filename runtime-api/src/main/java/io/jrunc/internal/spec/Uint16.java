package io.jrunc.internal.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec property whose JSON type is an unsigned 16-bit integer held in an {@code int}.
 * On a {@code List<Long>} it applies to the elements. Read by {@link RecordBinder}. Not public API.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Uint16 {
}
