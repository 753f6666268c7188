package dev.fctracing.internal.usercode;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The text of a captured value ({@code @SpanAttribute}, {@code captureReturn}) that has no attribute type of its own,
 * computed so that the value's class cannot hurt the call: a class the JDK defines that cannot hold user objects, or
 * a user class that keeps {@code Object}'s {@code toString()} and {@code hashCode()}, is rendered on the calling
 * thread; any other — a user class with its own {@code toString()}, or a JDK container of objects — through {@link
 * OffThreadRendering}, with a bounded wait. A {@code toString()} that throws, or does not answer in time, gives
 * {@code null}: the attribute is skipped.
 */
public final class ValueText {

    private static final ClassValue<Boolean> SAFE = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return safeOnCallingThread(type);
        }
    };

    private ValueText() {}

    /** {@code value}'s text cut to {@code maxLength} chars, or {@code null} to skip it. Never throws. */
    public static String of(Object value, int maxLength, RenderBudget budget) {
        try {
            if (SAFE.get(value.getClass())) {
                return ThrowableText.cut(String.valueOf(value), maxLength);
            }
            Object text = OffThreadRendering.run(new ToStringJob(value, maxLength), budget);
            return text instanceof String ? (String) text : null;
        } catch (Throwable failed) {
            return null;
        }
    }

    private static boolean safeOnCallingThread(Class<?> type) {
        if (type.getClassLoader() == null) {
            return !(Collection.class.isAssignableFrom(type)
                    || Map.class.isAssignableFrom(type)
                    || Map.Entry.class.isAssignableFrom(type)
                    || Iterable.class.isAssignableFrom(type)
                    || Optional.class == type
                    || AtomicReference.class == type
                    || type.isArray());
        }
        try {
            return type.getMethod("toString").getDeclaringClass() == Object.class
                    && type.getMethod("hashCode").getDeclaringClass() == Object.class;
        } catch (Throwable cannotTell) {
            return false;
        }
    }

    /** {@code toString()} on the helper thread. */
    private static final class ToStringJob extends OffThreadRendering.Job {
        private final Object value;
        private final int maxLength;

        ToStringJob(Object value, int maxLength) {
            this.value = value;
            this.maxLength = maxLength;
        }

        @Override
        Object compute() {
            return ThrowableText.cut(String.valueOf(value), maxLength);
        }
    }
}
