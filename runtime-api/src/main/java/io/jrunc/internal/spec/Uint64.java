package io.jrunc.internal.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec property whose JSON type is an unsigned 64-bit integer held in a
 * {@code long}: values of 2^63 and more read as negative numbers, and are written back as
 * {@link Long#toUnsignedString(long)} shows them.
 * Not public API.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonDeserialize(using = Scalars.Uint64Deserializer.class)
@JsonSerialize(using = Scalars.Uint64Serializer.class)
public @interface Uint64 {
}
