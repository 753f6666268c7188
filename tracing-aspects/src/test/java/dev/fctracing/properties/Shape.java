package dev.fctracing.properties;

/**
 * A fixture method a generated call goes through: its declared return type and which of the {@code @Traced}
 * aspect's advice families it takes (plain; non-default flags, with a boxed result; {@code @SpanAttribute}
 * parameters). {@link TracedCalls} has one woven method per shape, {@link PlainCalls} the same method unwoven.
 */
enum Shape {
    VOID(Result.VOID),
    BOOLEAN(Result.PRIMITIVE),
    BYTE(Result.PRIMITIVE),
    SHORT(Result.PRIMITIVE),
    CHAR(Result.PRIMITIVE),
    INT(Result.PRIMITIVE),
    LONG(Result.PRIMITIVE),
    FLOAT(Result.PRIMITIVE),
    DOUBLE(Result.PRIMITIVE),
    OBJECT(Result.REFERENCE),
    STRING(Result.REFERENCE),
    INT_ARRAY(Result.REFERENCE),
    OBJECT_ARRAY(Result.REFERENCE),
    COMPLETABLE_FUTURE(Result.FUTURE),
    COMPLETION_STAGE(Result.FUTURE),
    /** Declared as a subclass of {@code CompletableFuture}: returned unchanged, so the very same object. */
    FUTURE_SUBCLASS(Result.FUTURE),
    /** {@code @Traced(captureReturn = true) Object}. */
    CAPTURED_OBJECT(Result.REFERENCE),
    /** {@code @Traced(captureReturn = true) long}: the boxed-result advice. */
    CAPTURED_LONG(Result.PRIMITIVE),
    /** {@code @Traced(captureReturn = true) CompletableFuture}: the completion value is captured. */
    CAPTURED_FUTURE(Result.FUTURE),
    /** {@code @Traced(inheritContext = false) int}: a new trace linked to the current span. */
    DETACHED_INT(Result.PRIMITIVE),
    /** {@code @Traced Object m(.., @SpanAttribute Object value)}: the argument is read. */
    ATTRIBUTE_OBJECT(Result.REFERENCE),
    /** {@code @Traced String m(.., @SpanAttribute char[] password)}. */
    ATTRIBUTE_CHARS(Result.REFERENCE);

    /** What kind of result the method declares. */
    enum Result {
        VOID,
        PRIMITIVE,
        REFERENCE,
        FUTURE
    }

    final Result result;

    Shape(Result result) {
        this.result = result;
    }

    boolean isFuture() {
        return result == Result.FUTURE;
    }

    /** Whether the caller must get the very object the method returned (every shape but the wrapped futures). */
    boolean returnsSameObject() {
        return this != COMPLETABLE_FUTURE && this != COMPLETION_STAGE && this != CAPTURED_FUTURE;
    }

    /** The boxed primitive this shape returns for {@code seed}: every bit pattern, NaNs and -0.0 included. */
    Object primitive(long seed) {
        switch (this) {
            case BOOLEAN:
                return (seed & 1) == 1;
            case BYTE:
                return (byte) seed;
            case SHORT:
                return (short) seed;
            case CHAR:
                return (char) seed;
            case INT:
            case DETACHED_INT:
                return (int) seed;
            case LONG:
            case CAPTURED_LONG:
                return seed;
            case FLOAT:
                return Float.intBitsToFloat((int) seed);
            case DOUBLE:
                return Double.longBitsToDouble(seed);
            default:
                throw new IllegalArgumentException(this + " returns no primitive");
        }
    }
}
