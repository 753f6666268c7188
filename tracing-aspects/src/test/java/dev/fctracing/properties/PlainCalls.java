package dev.fctracing.properties;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The unwoven reference: the same methods as {@link TracedCalls}, same bodies, without {@code @Traced} or
 * {@code @SpanAttribute}, so no advice matches them (checked by {@code WovenAdvicePropertyTest}).
 */
final class PlainCalls extends Calls {

    @Override
    void voidCall(Performer p, Call c, int level) throws Throwable {
        p.perform(c, level);
    }

    @Override
    boolean booleanCall(Performer p, Call c, int level) throws Throwable {
        return (Boolean) p.perform(c, level);
    }

    @Override
    byte byteCall(Performer p, Call c, int level) throws Throwable {
        return (Byte) p.perform(c, level);
    }

    @Override
    short shortCall(Performer p, Call c, int level) throws Throwable {
        return (Short) p.perform(c, level);
    }

    @Override
    char charCall(Performer p, Call c, int level) throws Throwable {
        return (Character) p.perform(c, level);
    }

    @Override
    int intCall(Performer p, Call c, int level) throws Throwable {
        return (Integer) p.perform(c, level);
    }

    @Override
    long longCall(Performer p, Call c, int level) throws Throwable {
        return (Long) p.perform(c, level);
    }

    @Override
    float floatCall(Performer p, Call c, int level) throws Throwable {
        return (Float) p.perform(c, level);
    }

    @Override
    double doubleCall(Performer p, Call c, int level) throws Throwable {
        return (Double) p.perform(c, level);
    }

    @Override
    Object objectCall(Performer p, Call c, int level) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    String stringCall(Performer p, Call c, int level) throws Throwable {
        return (String) p.perform(c, level);
    }

    @Override
    int[] intArrayCall(Performer p, Call c, int level) throws Throwable {
        return (int[]) p.perform(c, level);
    }

    @Override
    Object[] objectArrayCall(Performer p, Call c, int level) throws Throwable {
        return (Object[]) p.perform(c, level);
    }

    @Override
    CompletableFuture<Object> futureCall(Performer p, Call c, int level) throws Throwable {
        return (CompletableFuture<Object>) p.perform(c, level);
    }

    @Override
    CompletionStage<Object> stageCall(Performer p, Call c, int level) throws Throwable {
        return (CompletionStage<Object>) p.perform(c, level);
    }

    @Override
    SubclassFuture<Object> subclassFutureCall(Performer p, Call c, int level) throws Throwable {
        return (SubclassFuture<Object>) p.perform(c, level);
    }

    @Override
    Object capturedObjectCall(Performer p, Call c, int level) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    long capturedLongCall(Performer p, Call c, int level) throws Throwable {
        return (Long) p.perform(c, level);
    }

    @Override
    CompletableFuture<Object> capturedFutureCall(Performer p, Call c, int level) throws Throwable {
        return (CompletableFuture<Object>) p.perform(c, level);
    }

    @Override
    int detachedIntCall(Performer p, Call c, int level) throws Throwable {
        return (Integer) p.perform(c, level);
    }

    @Override
    Object attributeObjectCall(Performer p, Call c, int level, Object value) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    String attributeCharsCall(Performer p, Call c, int level, char[] password) throws Throwable {
        return (String) p.perform(c, level);
    }

    @Override
    int dive(Performer p, int depth) {
        return p.dive(depth);
    }
}
