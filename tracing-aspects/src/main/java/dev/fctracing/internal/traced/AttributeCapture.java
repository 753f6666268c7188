package dev.fctracing.internal.traced;

import dev.fctracing.internal.InternalLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one captured value (a {@code @SpanAttribute} argument or a return value) as a span attribute under a fixed
 * key. Strings, booleans, integral and floating-point numbers and arrays of them keep their type; anything else
 * becomes {@code String.valueOf(value)}. Strings are cut to {@code maxLength} chars and arrays to
 * {@link #MAX_ARRAY_LENGTH} elements; a {@code toString()} that throws skips the attribute. {@code null} writes
 * nothing. Never throws.
 */
final class AttributeCapture {

  /** Elements kept of a captured array. */
  static final int MAX_ARRAY_LENGTH = 128;

  private static final AtomicBoolean toStringFailureLogged = new AtomicBoolean();

  private final String name;
  private final int maxLength;
  private final AttributeKey<String> stringKey;
  private final AttributeKey<Long> longKey;
  private final AttributeKey<Double> doubleKey;
  private final AttributeKey<Boolean> booleanKey;

  AttributeCapture(String name, int maxLength) {
    this.name = name;
    this.maxLength = maxLength;
    this.stringKey = AttributeKey.stringKey(name);
    this.longKey = AttributeKey.longKey(name);
    this.doubleKey = AttributeKey.doubleKey(name);
    this.booleanKey = AttributeKey.booleanKey(name);
  }

  /** Sets the attribute on a span being built (arguments: samplers see them). */
  void put(SpanBuilder builder, Object value) {
    write(builder, value);
  }

  /** Sets the attribute on a started span (return values). */
  void put(Span span, Object value) {
    write(span, value);
  }

  /** {@code target} is a {@link SpanBuilder} or a {@link Span}. */
  private void write(Object target, Object value) {
    if (value == null) {
      return;
    }
    try {
      if (value instanceof String) {
        set(target, stringKey, cut((String) value));
      } else if (value instanceof Boolean) {
        set(target, booleanKey, (Boolean) value);
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        set(target, longKey, ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        set(target, doubleKey, ((Number) value).doubleValue());
      } else if (value.getClass().isArray()) {
        putArray(target, value);
      } else {
        String text = safeToString(value);
        if (text != null) {
          set(target, stringKey, cut(text));
        }
      }
    } catch (RuntimeException e) {
      InternalLog.warn("could not record attribute " + name + ": " + e.getClass().getName());
    }
  }

  private void putArray(Object builder, Object array) {
    if (array instanceof String[]) {
      String[] values = (String[]) array;
      List<String> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
      for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
        list.add(values[i] == null ? "null" : cut(values[i]));
      }
      set(builder, AttributeKey.stringArrayKey(name), list);
    } else if (array instanceof long[] || array instanceof int[] || array instanceof short[] || array instanceof byte[]) {
      int length = Math.min(java.lang.reflect.Array.getLength(array), MAX_ARRAY_LENGTH);
      List<Long> list = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        list.add(((Number) java.lang.reflect.Array.get(array, i)).longValue());
      }
      set(builder, AttributeKey.longArrayKey(name), list);
    } else if (array instanceof double[] || array instanceof float[]) {
      int length = Math.min(java.lang.reflect.Array.getLength(array), MAX_ARRAY_LENGTH);
      List<Double> list = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        list.add(((Number) java.lang.reflect.Array.get(array, i)).doubleValue());
      }
      set(builder, AttributeKey.doubleArrayKey(name), list);
    } else if (array instanceof boolean[]) {
      boolean[] values = (boolean[]) array;
      List<Boolean> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
      for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
        list.add(values[i]);
      }
      set(builder, AttributeKey.booleanArrayKey(name), list);
    } else {
      Object[] values = (Object[]) array;
      List<String> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
      for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
        String text = values[i] == null ? "null" : safeToString(values[i]);
        list.add(text == null ? "?" : cut(text));
      }
      set(builder, AttributeKey.stringArrayKey(name), Collections.unmodifiableList(list));
    }
  }

  private static <T> void set(Object target, AttributeKey<T> key, T value) {
    if (target instanceof SpanBuilder) {
      ((SpanBuilder) target).setAttribute(key, value);
    } else {
      ((Span) target).setAttribute(key, value);
    }
  }

  private String cut(String text) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength);
  }

  private String safeToString(Object value) {
    try {
      return String.valueOf(value);
    } catch (Throwable e) {
      if (toStringFailureLogged.compareAndSet(false, true)) {
        InternalLog.warn(
            "toString() of a " + value.getClass().getName() + " captured as attribute " + name + " threw "
                + e.getClass().getName() + "; such attributes are skipped");
      }
      return null;
    }
  }
}
