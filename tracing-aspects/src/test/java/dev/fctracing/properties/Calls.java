package dev.fctracing.properties;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The fixture methods a generated call goes through, one per {@link Shape}; every body just hands over to the
 * {@link Performer}. {@link TracedCalls} declares them {@code @Traced} (woven by ajc); {@link PlainCalls} declares
 * the same methods without the annotation, so the advice never applies: the unwoven reference.
 */
abstract class Calls {

    /** Makes the call at {@code level} through the shape's method and returns its result, boxed. */
    final Object invoke(Performer p, Call c, int level) throws Throwable {
        switch (c.shape) {
            case VOID:
                voidCall(p, c, level);
                return null;
            case BOOLEAN:
                return booleanCall(p, c, level);
            case BYTE:
                return byteCall(p, c, level);
            case SHORT:
                return shortCall(p, c, level);
            case CHAR:
                return charCall(p, c, level);
            case INT:
                return intCall(p, c, level);
            case LONG:
                return longCall(p, c, level);
            case FLOAT:
                return floatCall(p, c, level);
            case DOUBLE:
                return doubleCall(p, c, level);
            case OBJECT:
                return objectCall(p, c, level);
            case STRING:
                return stringCall(p, c, level);
            case INT_ARRAY:
                return intArrayCall(p, c, level);
            case OBJECT_ARRAY:
                return objectArrayCall(p, c, level);
            case COMPLETABLE_FUTURE:
                return futureCall(p, c, level);
            case COMPLETION_STAGE:
                return stageCall(p, c, level);
            case FUTURE_SUBCLASS:
                return subclassFutureCall(p, c, level);
            case CAPTURED_OBJECT:
                return capturedObjectCall(p, c, level);
            case CAPTURED_LONG:
                return capturedLongCall(p, c, level);
            case CAPTURED_FUTURE:
                return capturedFutureCall(p, c, level);
            case DETACHED_INT:
                return detachedIntCall(p, c, level);
            case ATTRIBUTE_OBJECT:
                return attributeObjectCall(p, c, level, p.argument(c));
            case ATTRIBUTE_CHARS:
                return attributeCharsCall(p, c, level, (char[]) p.argument(c));
            default:
                throw new AssertionError(c.shape);
        }
    }

    abstract void voidCall(Performer p, Call c, int level) throws Throwable;

    abstract boolean booleanCall(Performer p, Call c, int level) throws Throwable;

    abstract byte byteCall(Performer p, Call c, int level) throws Throwable;

    abstract short shortCall(Performer p, Call c, int level) throws Throwable;

    abstract char charCall(Performer p, Call c, int level) throws Throwable;

    abstract int intCall(Performer p, Call c, int level) throws Throwable;

    abstract long longCall(Performer p, Call c, int level) throws Throwable;

    abstract float floatCall(Performer p, Call c, int level) throws Throwable;

    abstract double doubleCall(Performer p, Call c, int level) throws Throwable;

    abstract Object objectCall(Performer p, Call c, int level) throws Throwable;

    abstract String stringCall(Performer p, Call c, int level) throws Throwable;

    abstract int[] intArrayCall(Performer p, Call c, int level) throws Throwable;

    abstract Object[] objectArrayCall(Performer p, Call c, int level) throws Throwable;

    abstract CompletableFuture<Object> futureCall(Performer p, Call c, int level) throws Throwable;

    abstract CompletionStage<Object> stageCall(Performer p, Call c, int level) throws Throwable;

    abstract SubclassFuture<Object> subclassFutureCall(Performer p, Call c, int level) throws Throwable;

    abstract Object capturedObjectCall(Performer p, Call c, int level) throws Throwable;

    abstract long capturedLongCall(Performer p, Call c, int level) throws Throwable;

    abstract CompletableFuture<Object> capturedFutureCall(Performer p, Call c, int level) throws Throwable;

    abstract int detachedIntCall(Performer p, Call c, int level) throws Throwable;

    abstract Object attributeObjectCall(Performer p, Call c, int level, Object value) throws Throwable;

    abstract String attributeCharsCall(Performer p, Call c, int level, char[] password) throws Throwable;

    /** One level of recursion until the stack overflows ({@link Performer#dive}). */
    abstract int dive(Performer p, int depth);

    /** A {@code CompletableFuture} subclass, for the declared type that tracing must return unchanged. */
    static final class SubclassFuture<T> extends CompletableFuture<T> {}
}
