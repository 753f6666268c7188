package dev.fctracing.internal.traced;

import dev.fctracing.internal.usercode.RenderBudget;
import dev.fctracing.internal.usercode.ValueText;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes one captured value (a {@code @SpanAttribute} argument or a return value) as a span attribute under a fixed
 * key, for every type a parameter can have:
 *
 * <ul>
 *   <li>{@code String}, {@code char[]}, {@code Character}: a string, cut to {@code maxLength} chars;
 *   <li>{@code Boolean}, integral numbers, floating-point numbers: a boolean, long or double attribute;
 *   <li>arrays of primitives: a boolean, long or double array; arrays of objects and {@code Collection}s: a string
 *       array of their elements' texts; at most {@value #MAX_ARRAY_LENGTH} elements;
 *   <li>{@code Map}s: {@code {key=value, ...}} of at most {@value #MAX_ARRAY_LENGTH} entries;
 *   <li>anything else: its text ({@link ValueText}: a user class's own {@code toString()} runs with a bounded wait;
 *       one that throws or does not answer skips the attribute).
 * </ul>
 *
 * {@code null} writes nothing. Never throws, never logs: a value that cannot be captured is skipped.
 */
final class AttributeCapture {

    /** Elements kept of a captured array, collection or map. */
    static final int MAX_ARRAY_LENGTH = 128;

    private final String name;
    private final AttributeKey<String> stringKey;
    private final AttributeKey<Long> longKey;
    private final AttributeKey<Double> doubleKey;
    private final AttributeKey<Boolean> booleanKey;

    AttributeCapture(String name) {
        this.name = name;
        this.stringKey = AttributeKey.stringKey(name);
        this.longKey = AttributeKey.longKey(name);
        this.doubleKey = AttributeKey.doubleKey(name);
        this.booleanKey = AttributeKey.booleanKey(name);
    }

    /** Sets the attribute on a span being built (arguments: samplers see them). */
    void put(SpanBuilder builder, Object value, int maxLength, RenderBudget budget) {
        new Write(builder, maxLength, budget).value(value);
    }

    /** Sets the attribute on a started span (return values). */
    void put(Span span, Object value, int maxLength, RenderBudget budget) {
        new Write(span, maxLength, budget).value(value);
    }

    /** One capture of one value onto one span or span builder. */
    private final class Write {
        private final Object target;
        private final int maxLength;
        private final RenderBudget budget;

        Write(Object target, int maxLength, RenderBudget budget) {
            this.target = target;
            this.maxLength = maxLength;
            this.budget = budget;
        }

        /** {@code target} is a {@link SpanBuilder} or a {@link Span}. */
        void value(Object value) {
            if (value == null) {
                return;
            }
            try {
                if (value instanceof String) {
                    set(stringKey, cut((String) value));
                } else if (value instanceof Boolean) {
                    set(booleanKey, (Boolean) value);
                } else if (value instanceof Long
                        || value instanceof Integer
                        || value instanceof Short
                        || value instanceof Byte) {
                    set(longKey, ((Number) value).longValue());
                } else if (value instanceof Double || value instanceof Float) {
                    set(doubleKey, ((Number) value).doubleValue());
                } else if (value instanceof Character) {
                    set(stringKey, value.toString());
                } else if (value instanceof char[]) {
                    char[] chars = (char[]) value;
                    set(stringKey, new String(chars, 0, Math.min(chars.length, maxLength)));
                } else if (value.getClass().isArray()) {
                    putArray(value);
                } else if (value instanceof Collection && value.getClass().getClassLoader() == null) {
                    set(AttributeKey.stringArrayKey(name), texts(((Collection<?>) value).iterator()));
                } else if (value instanceof Map && value.getClass().getClassLoader() == null) {
                    putMap((Map<?, ?>) value);
                } else {
                    putText(value);
                }
            } catch (Throwable cannotCapture) {
                // a collection modified meanwhile, a user iterator that throws, ...: the attribute is skipped
            }
        }

        private void putArray(Object array) {
            if (array instanceof long[]) {
                long[] values = (long[]) array;
                List<Long> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
                for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
                    list.add(values[i]);
                }
                set(AttributeKey.longArrayKey(name), list);
            } else if (array instanceof int[] || array instanceof short[] || array instanceof byte[]) {
                int length = Math.min(java.lang.reflect.Array.getLength(array), MAX_ARRAY_LENGTH);
                List<Long> list = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    list.add(((Number) java.lang.reflect.Array.get(array, i)).longValue());
                }
                set(AttributeKey.longArrayKey(name), list);
            } else if (array instanceof double[] || array instanceof float[]) {
                int length = Math.min(java.lang.reflect.Array.getLength(array), MAX_ARRAY_LENGTH);
                List<Double> list = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    list.add(((Number) java.lang.reflect.Array.get(array, i)).doubleValue());
                }
                set(AttributeKey.doubleArrayKey(name), list);
            } else if (array instanceof boolean[]) {
                boolean[] values = (boolean[]) array;
                List<Boolean> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
                for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
                    list.add(values[i]);
                }
                set(AttributeKey.booleanArrayKey(name), list);
            } else {
                Object[] values = (Object[]) array;
                List<String> list = new ArrayList<>(Math.min(values.length, MAX_ARRAY_LENGTH));
                for (int i = 0; i < values.length && i < MAX_ARRAY_LENGTH; i++) {
                    list.add(text(values[i]));
                }
                set(AttributeKey.stringArrayKey(name), list);
            }
        }

        private List<String> texts(Iterator<?> elements) {
            List<String> list = new ArrayList<>();
            while (list.size() < MAX_ARRAY_LENGTH && elements.hasNext()) {
                list.add(text(elements.next()));
            }
            return list;
        }

        private void putMap(Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            int entries = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entries == MAX_ARRAY_LENGTH || out.length() >= maxLength) {
                    out.append(", ...");
                    break;
                }
                if (entries++ > 0) {
                    out.append(", ");
                }
                out.append(text(entry.getKey())).append('=').append(text(entry.getValue()));
            }
            set(stringKey, cut(out.append('}').toString()));
        }

        private void putText(Object value) {
            String text = ValueText.of(value, maxLength, budget);
            if (text != null) {
                set(stringKey, text);
            }
        }

        /** An element's text: {@code "null"}, or {@code "?"} when it cannot be rendered. */
        private String text(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return cut((String) value);
            }
            String text = ValueText.of(value, maxLength, budget);
            return text == null ? "?" : text;
        }

        private <T> void set(AttributeKey<T> key, T value) {
            if (target instanceof SpanBuilder) {
                ((SpanBuilder) target).setAttribute(key, value);
            } else {
                ((Span) target).setAttribute(key, value);
            }
        }

        private String cut(String text) {
            return text.length() <= maxLength ? text : text.substring(0, maxLength);
        }
    }
}
