package io.jrunc.internal.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies for the components of the spec records. Not public API.
 *
 * <p>Lists and maps keep {@code null} as "absent" and otherwise become unmodifiable copies; lists
 * keep their order, maps are sorted by key. Extension maps (JSON members the model does not define) are copied
 * deeply, may hold JSON {@code null} values, and may only hold plain JSON values.
 */
public final class Values {

    private Values() {
    }

    /**
     * Copies a list; {@code null} stays {@code null}.
     *
     * @throws NullPointerException if an element is null
     */
    public static <T> List<T> list(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    /**
     * Orders strings by code point, which is the order of their UTF-8 bytes: the order in which Go
     * writes map keys.
     */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /**
     * Copies a map into an unmodifiable one sorted by key (as Go writes maps); {@code null} stays
     * {@code null}.
     *
     * @throws NullPointerException if a key or a value is null
     */
    public static <V> Map<String, V> map(Map<String, V> map) {
        if (map == null) {
            return null;
        }
        if (map.isEmpty()) {
            return Map.of();
        }
        SortedMap<String, V> copy = new TreeMap<>(CODE_POINT_ORDER);
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"),
                Objects.requireNonNull(v, () -> "value of " + k)));
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Copies an extension map deeply, keeping its order; {@code null} becomes the empty map.
     *
     * @param extensions JSON members not defined by the owning type
     * @param owner the owning type, for messages
     * @param defined the JSON names the owning type defines, which extensions must not use
     * @throws IllegalArgumentException if a key is a defined name, or a value is not JSON
     */
    public static Map<String, Object> extensions(Map<String, ?> extensions, Class<?> owner,
            Set<String> defined) {
        if (extensions == null || extensions.isEmpty()) {
            return Map.of();
        }
        for (String key : extensions.keySet()) {
            if (defined.contains(Objects.requireNonNull(key, "extension name"))) {
                throw new IllegalArgumentException("extension \"" + key
                        + "\" is a property of " + owner.getSimpleName() + "; set it directly");
            }
        }
        return jsonObject(extensions);
    }

    private static Map<String, Object> jsonObject(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
        map.forEach((k, v) -> {
            if (!(k instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + k);
            }
            copy.put(key, jsonValue(v));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof BigDecimal || value instanceof Short || value instanceof Byte) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("not a JSON number: " + value);
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return jsonObject(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(jsonValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON value (use String, Number, Boolean, "
                + "Map, List or null): " + value.getClass().getName());
    }
}
