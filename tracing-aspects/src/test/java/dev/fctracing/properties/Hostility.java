package dev.fctracing.properties;

/**
 * How a user object misbehaves: which of its methods, and how. Applies to thrown exceptions (every method) and to
 * returned or captured values ({@link Method#TO_STRING}, {@link Method#HASH_CODE}, {@link Method#EQUALS}).
 */
public final class Hostility {

    /** The misbehaving method. */
    public enum Method {
        TO_STRING,
        GET_MESSAGE,
        GET_LOCALIZED_MESSAGE,
        GET_CAUSE,
        GET_STACK_TRACE,
        HASH_CODE,
        EQUALS,
        /** Not a method: the exception's cause chain and its suppressed exceptions both form cycles. */
        CYCLES
    }

    /** What the method does instead of answering. */
    public enum Mode {
        /** Throws an unchecked exception. */
        THROW,
        /** Blocks until the example's {@link Gate} opens (for good, as far as the caller can tell). */
        BLOCK,
        /** Calls itself until the stack overflows. */
        RECURSE,
        /** Answers a huge value: a 1 Mi-char string, a 100 000-element stack, a 2 000-deep cause chain. */
        HUGE
    }

    final Method method;
    final Mode mode;

    public Hostility(Method method, Mode mode) {
        this.method = method;
        this.mode = mode;
    }

    boolean is(Method m, Mode md) {
        return method == m && mode == md;
    }

    @Override
    public String toString() {
        return method == Method.CYCLES ? "CYCLES" : method + "/" + mode;
    }
}
