package io.jrunc.internal.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the spec records to JSON on jackson-core's streaming parser and generator, by their record
 * components, without Jackson databind (whose set-up and introspection cost most of a CLI call's
 * start-up). Values are made through the record's nested {@code Builder} (its no-argument
 * constructor, a setter named like each component, {@code extensions(Map)} and {@code build()}),
 * or the canonical constructor for a record without one. Not public API.
 *
 * <p>A component's JSON name is its {@link JsonProperty} value or else its name; the component
 * marked {@link JsonAnyGetter} holds the members the record does not define. {@link Uint16},
 * {@link Uint32} and {@link Uint64} on a component's accessor give the integer's JSON type; on a
 * {@code List<Long>} they apply to its elements. Reading is strict (see {@link Scalars}): no
 * coercion between strings, numbers and booleans, integers range-checked, {@code null} not allowed
 * in lists and maps, and {@code null} for a primitive component reads as 0 or false. Writing
 * leaves out {@code null} components, writes the known members in component order and then the
 * unknown ones in the order they were read.
 */
final class RecordBinder {

  private RecordBinder() {
  }

  /** A value that does not fit its type; {@link JsonIo} turns it into a SpecException. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String detail;
    final transient JsonLocation location;
    /** Path segments, innermost first: a String member name or an Integer index. */
    private final List<Object> segments = new ArrayList<>(4);

    Failure(String detail, JsonLocation location) {
      super(detail, null, false, false);
      this.detail = detail;
      this.location = location;
    }

    Failure at(Object segment) {
      segments.add(segment);
      return this;
    }

    String path() {
      String path = "";
      for (int i = segments.size() - 1; i >= 0; i--) {
        Object s = segments.get(i);
        path = s instanceof Integer index ? JsonPaths.index(path, index) : JsonPaths.member(path, (String) s);
      }
      return path;
    }
  }

  /** Reads and writes one JSON type. */
  private abstract static class Codec {
    /** What a kind of value is called in "expected ..., got ..." when the token is wrong. */
    final String kind;

    Codec(String kind) {
      this.kind = kind;
    }

    /** Reads the value starting at the current token, which is not {@code null}. */
    abstract Object read(JsonParser p) throws IOException;

    abstract void write(JsonGenerator g, Object value) throws IOException;
  }

  private static Failure mismatch(JsonParser p, String expected) {
    return new Failure("expected " + expected + ", got " + Scalars.describe(p), p.currentTokenLocation());
  }

  // ---- scalars ----

  private static final Codec STRING = new Codec("a string") {
    @Override
    Object read(JsonParser p) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      throw mismatch(p, kind);
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      g.writeString((String) value);
    }
  };

  private static final Codec BOOLEAN = new Codec("a boolean") {
    @Override
    Object read(JsonParser p) {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_TRUE) {
        return Boolean.TRUE;
      }
      if (token == JsonToken.VALUE_FALSE) {
        return Boolean.FALSE;
      }
      throw mismatch(p, kind);
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      g.writeBoolean((Boolean) value);
    }
  };

  /** Reads the current integer token, failing for anything else. */
  private static BigInteger integer(JsonParser p, String expected) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return p.getBigIntegerValue();
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      throw mismatch(p, expected);
    }
    throw mismatch(p, "a number");
  }

  /** A signed integer of up to 32 (int) or 64 (long) bits. */
  private static final class SignedCodec extends Codec {
    private final int bits;

    SignedCodec(int bits) {
      super("a number");
      this.bits = bits;
    }

    @Override
    Object read(JsonParser p) throws IOException {
      BigInteger value = integer(p, "an integer");
      if (value.bitLength() > bits - 1) {
        throw mismatch(p, "a " + bits + "-bit integer");
      }
      return bits == 32 ? (Object) value.intValue() : (Object) value.longValue();
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      if (value instanceof Integer i) {
        g.writeNumber(i);
      } else {
        g.writeNumber((Long) value);
      }
    }
  }

  /** uint16 in an int, uint32 in a long, uint64 in a long read and written as unsigned. */
  private static final class UnsignedCodec extends Codec {
    private final int bits;

    UnsignedCodec(int bits) {
      super("a number");
      this.bits = bits;
    }

    @Override
    Object read(JsonParser p) throws IOException {
      BigInteger value = integer(p, "an unsigned integer");
      if (value.signum() < 0 || value.bitLength() > bits) {
        throw mismatch(p, "an unsigned " + bits + "-bit integer");
      }
      return bits == 16 ? (Object) value.intValue() : (Object) value.longValue();
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      if (value instanceof Integer i) {
        g.writeNumber(i);
      } else if (bits == 64) {
        g.writeNumber(Long.toUnsignedString((Long) value));
      } else {
        g.writeNumber((Long) value);
      }
    }
  }

  private static final Codec INT = new SignedCodec(32);
  private static final Codec LONG = new SignedCodec(64);
  private static final Codec UINT16 = new UnsignedCodec(16);
  private static final Codec UINT32 = new UnsignedCodec(32);
  private static final Codec UINT64 = new UnsignedCodec(64);

  // ---- containers ----

  private static final class ListCodec extends Codec {
    private final Codec element;

    ListCodec(Codec element) {
      super("an array");
      this.element = element;
    }

    @Override
    Object read(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw mismatch(p, kind);
      }
      List<Object> list = new ArrayList<>();
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        int index = list.size();
        try {
          if (token == JsonToken.VALUE_NULL) {
            throw new Failure("must not be null", p.currentTokenLocation());
          }
          list.add(element.read(p));
        } catch (Failure f) {
          throw f.at(index);
        }
      }
      return list;
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      List<?> list = (List<?>) value;
      g.writeStartArray();
      for (Object v : list) {
        element.write(g, v);
      }
      g.writeEndArray();
    }
  }

  private static final class MapCodec extends Codec {
    private final Codec value;

    MapCodec(Codec value) {
      super("an object");
      this.value = value;
    }

    @Override
    Object read(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw mismatch(p, kind);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        try {
          if (token == JsonToken.VALUE_NULL) {
            throw new Failure("must not be null", p.currentTokenLocation());
          }
          map.put(name, value.read(p));
        } catch (Failure f) {
          throw f.at(name);
        }
      }
      return map;
    }

    @Override
    void write(JsonGenerator g, Object v) throws IOException {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName((String) e.getKey());
        value.write(g, e.getValue());
      }
      g.writeEndObject();
    }
  }

  /** Any JSON value, as Jackson's "untyped" binding gives it: the values of unknown members. */
  private static final Codec ANY = new Codec("a value") {
    @Override
    Object read(JsonParser p) throws IOException {
      switch (p.currentToken()) {
        case START_OBJECT: {
          Map<String, Object> map = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, read(p));
          }
          return map;
        }
        case START_ARRAY: {
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p));
          }
          return list;
        }
        case VALUE_STRING:
          return p.getText();
        case VALUE_NUMBER_INT:
          return p.getNumberValue(); // Integer, Long or BigInteger, the smallest that fits
        case VALUE_NUMBER_FLOAT:
          return p.getDecimalValue();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        default:
          throw mismatch(p, kind);
      }
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      if (value == null) {
        g.writeNull();
      } else if (value instanceof String s) {
        g.writeString(s);
      } else if (value instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        g.writeNumber(((Number) value).intValue());
      } else if (value instanceof Long l) {
        g.writeNumber(l);
      } else if (value instanceof BigInteger b) {
        g.writeNumber(b);
      } else if (value instanceof BigDecimal d) {
        g.writeNumber(d);
      } else if (value instanceof Double d) {
        g.writeNumber(d);
      } else if (value instanceof Float f) {
        g.writeNumber(f);
      } else if (value instanceof Map<?, ?> map) {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      } else if (value instanceof List<?> list) {
        g.writeStartArray();
        for (Object v : list) {
          write(g, v);
        }
        g.writeEndArray();
      } else {
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
      }
    }
  };

  // ---- records ----

  /** One defined member of a record; {@code setter} is its builder's, if the record has one. */
  private record Property(String name, int index, Method accessor, Method setter, Codec codec,
      Object absent) {
  }

  private static final class RecordCodec extends Codec {
    private final Class<?> type;
    private Constructor<?> constructor;
    private Property[] properties;
    private Map<String, Property> byName;
    private int arity;
    private int extensions = -1;
    private Method extensionsAccessor;
    // through the record's Builder when it has one: a builder's no-argument constructor, one-argument
    // setters and build() have a few shapes between them, where the canonical constructors have one
    // each, and the JVM makes classes (LambdaForms) per shape for reflective calls
    private Constructor<?> builderConstructor;
    private Method extensionsSetter;
    private Method build;

    RecordCodec(Class<?> type) {
      super("an object");
      this.type = type;
    }

    /** Introspects the record; separate from the constructor so that nested types resolve lazily. */
    private void init() {
      RecordComponent[] components = type.getRecordComponents();
      Class<?> builder = builderOf(type);
      Class<?>[] types = new Class<?>[components.length];
      List<Property> defined = new ArrayList<>(components.length);
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        types[i] = c.getType();
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        if (accessor.isAnnotationPresent(JsonAnyGetter.class)) {
          extensions = i;
          extensionsAccessor = accessor;
          extensionsSetter = builder == null ? null : method(builder, c.getName(), Map.class);
          continue;
        }
        JsonProperty named = accessor.getAnnotation(JsonProperty.class);
        String name = named != null && !named.value().isEmpty() ? named.value() : c.getName();
        Method setter = builder == null ? null : method(builder, c.getName(), c.getType());
        defined.add(new Property(name, i, accessor, setter,
            codec(c.getGenericType(), accessor, false), absent(c.getType())));
      }
      try {
        if (builder != null) {
          Constructor<?> ctor = builder.getDeclaredConstructor();
          ctor.setAccessible(true);
          builderConstructor = ctor;
          build = method(builder, "build");
        } else {
          Constructor<?> ctor = type.getDeclaredConstructor(types);
          ctor.setAccessible(true);
          constructor = ctor;
        }
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("no constructor for " + type.getName(), e);
      }
      arity = components.length;
      Map<String, Property> names = new HashMap<>(defined.size() * 2);
      for (Property property : defined) {
        names.put(property.name, property);
      }
      byName = names;
      properties = defined.toArray(new Property[0]); // last: marks the codec ready
    }

    @Override
    Object read(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw mismatch(p, kind);
      }
      if (builderConstructor != null) {
        return readWithBuilder(p);
      }
      Object[] args = new Object[arity];
      for (Property property : properties) {
        args[property.index] = property.absent;
      }
      Map<String, Object> unknown = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        Property property = byName.get(name);
        if (property == null) {
          if (unknown == null) {
            unknown = new LinkedHashMap<>();
          }
          unknown.put(name, ANY.read(p));
          continue;
        }
        try {
          args[property.index] = token == JsonToken.VALUE_NULL ? property.absent : property.codec.read(p);
        } catch (Failure f) {
          throw f.at(name);
        }
      }
      if (extensions >= 0) {
        args[extensions] = unknown;
      }
      try {
        return constructor.newInstance(args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new Failure(String.valueOf(cause.getMessage()), p.currentTokenLocation());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make a " + type.getName(), e);
      }
    }

    private Object readWithBuilder(JsonParser p) throws IOException {
      try {
        Object builder = builderConstructor.newInstance();
        Map<String, Object> unknown = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken token = p.nextToken();
          Property property = byName.get(name);
          if (property == null) {
            if (unknown == null) {
              unknown = new LinkedHashMap<>();
            }
            unknown.put(name, ANY.read(p));
            continue;
          }
          if (token == JsonToken.VALUE_NULL) {
            continue; // absent: a new builder holds null, 0 or false
          }
          Object value;
          try {
            value = property.codec.read(p);
          } catch (Failure f) {
            throw f.at(name);
          }
          property.setter.invoke(builder, value);
        }
        if (unknown != null && extensionsSetter != null) {
          extensionsSetter.invoke(builder, unknown);
        }
        return build.invoke(builder);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new Failure(String.valueOf(cause.getMessage()), p.currentTokenLocation());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make a " + type.getName(), e);
      }
    }

    @Override
    void write(JsonGenerator g, Object value) throws IOException {
      g.writeStartObject();
      try {
        for (Property property : properties) {
          Object v = property.accessor.invoke(value);
          if (v != null) {
            g.writeFieldName(property.name);
            property.codec.write(g, v);
          }
        }
        if (extensionsAccessor != null) {
          Map<?, ?> unknown = (Map<?, ?>) extensionsAccessor.invoke(value);
          if (unknown != null) {
            for (Map.Entry<?, ?> e : unknown.entrySet()) {
              g.writeFieldName((String) e.getKey());
              ANY.write(g, e.getValue());
            }
          }
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read a " + type.getName(), e);
      }
      g.writeEndObject();
    }
  }

  /** The record's nested {@code Builder} class, or {@code null}. */
  private static Class<?> builderOf(Class<?> type) {
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (nested.getSimpleName().equals("Builder")) {
        return nested;
      }
    }
    return null;
  }

  private static Method method(Class<?> owner, String name, Class<?>... parameters) {
    try {
      Method m = owner.getDeclaredMethod(name, parameters);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("no " + name + " in " + owner.getName(), e);
    }
  }

  private static Object absent(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == boolean.class) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static Codec codec(Type type, Method accessor, boolean element) {
    if (type instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      Type[] args = pt.getActualTypeArguments();
      if (raw == List.class) {
        return new ListCodec(codec(args[0], accessor, true));
      }
      if (raw == Map.class && args[0] == String.class) {
        return new MapCodec(codec(args[1], accessor, true));
      }
    } else if (type instanceof Class<?> c) {
      if (c == String.class) {
        return STRING;
      }
      if (c == Boolean.class || c == boolean.class) {
        return BOOLEAN;
      }
      if (c == Integer.class || c == int.class) {
        return accessor.isAnnotationPresent(Uint16.class) ? UINT16 : INT;
      }
      if (c == Long.class || c == long.class) {
        if (accessor.isAnnotationPresent(Uint32.class)) {
          return UINT32;
        }
        return accessor.isAnnotationPresent(Uint64.class) ? UINT64 : LONG;
      }
      if (c.isRecord()) {
        return forRecord(c);
      }
    }
    throw new IllegalStateException("no JSON binding for " + type.getTypeName() + " of "
        + accessor.getDeclaringClass().getName() + "." + accessor.getName()
        + (element ? " (element)" : ""));
  }

  private static final ClassValue<RecordCodec> RECORDS = new ClassValue<>() {
    @Override
    protected RecordCodec computeValue(Class<?> type) {
      return new RecordCodec(type);
    }
  };

  /** The codec of a record type, introspected once on first use. */
  private static RecordCodec forRecord(Class<?> type) {
    RecordCodec codec = RECORDS.get(type);
    synchronized (codec) {
      if (codec.properties == null) {
        codec.init();
      }
    }
    return codec;
  }

  /**
   * Reads a record whose first token is the parser's current token (not {@code null}).
   *
   * @throws Failure if the value does not fit the type; syntax errors come as Jackson's
   *     exceptions
   */
  static Object read(JsonParser p, Class<?> type) throws IOException {
    return forRecord(type).read(p);
  }

  /** Writes a record. */
  static void write(JsonGenerator g, Record value) throws IOException {
    forRecord(value.getClass()).write(g, value);
  }

  /**
   * Reads any JSON value whose first token is the parser's current token: objects as mutable
   * {@link LinkedHashMap}s, arrays as mutable {@link ArrayList}s, integers as Integer, Long or
   * BigInteger, other numbers as BigDecimal.
   */
  static Object readAny(JsonParser p) throws IOException {
    return ANY.read(p);
  }

  /** Writes a value made of maps with String keys, lists, strings, numbers, booleans and nulls. */
  static void writeAny(JsonGenerator g, Object value) throws IOException {
    ANY.write(g, value);
  }
}
