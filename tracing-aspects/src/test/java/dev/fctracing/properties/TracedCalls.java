package dev.fctracing.properties;

import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The woven fixture: every {@link Calls} method {@code @Traced}, in each advice family. */
final class TracedCalls extends Calls {

    @Override
    @Traced
    void voidCall(Performer p, Call c, int level) throws Throwable {
        p.perform(c, level);
    }

    @Override
    @Traced
    boolean booleanCall(Performer p, Call c, int level) throws Throwable {
        return (Boolean) p.perform(c, level);
    }

    @Override
    @Traced
    byte byteCall(Performer p, Call c, int level) throws Throwable {
        return (Byte) p.perform(c, level);
    }

    @Override
    @Traced
    short shortCall(Performer p, Call c, int level) throws Throwable {
        return (Short) p.perform(c, level);
    }

    @Override
    @Traced
    char charCall(Performer p, Call c, int level) throws Throwable {
        return (Character) p.perform(c, level);
    }

    @Override
    @Traced
    int intCall(Performer p, Call c, int level) throws Throwable {
        return (Integer) p.perform(c, level);
    }

    @Override
    @Traced
    long longCall(Performer p, Call c, int level) throws Throwable {
        return (Long) p.perform(c, level);
    }

    @Override
    @Traced
    float floatCall(Performer p, Call c, int level) throws Throwable {
        return (Float) p.perform(c, level);
    }

    @Override
    @Traced
    double doubleCall(Performer p, Call c, int level) throws Throwable {
        return (Double) p.perform(c, level);
    }

    @Override
    @Traced
    Object objectCall(Performer p, Call c, int level) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    @Traced
    String stringCall(Performer p, Call c, int level) throws Throwable {
        return (String) p.perform(c, level);
    }

    @Override
    @Traced
    int[] intArrayCall(Performer p, Call c, int level) throws Throwable {
        return (int[]) p.perform(c, level);
    }

    @Override
    @Traced
    Object[] objectArrayCall(Performer p, Call c, int level) throws Throwable {
        return (Object[]) p.perform(c, level);
    }

    @Override
    @Traced
    CompletableFuture<Object> futureCall(Performer p, Call c, int level) throws Throwable {
        return (CompletableFuture<Object>) p.perform(c, level);
    }

    @Override
    @Traced
    CompletionStage<Object> stageCall(Performer p, Call c, int level) throws Throwable {
        return (CompletionStage<Object>) p.perform(c, level);
    }

    @Override
    @Traced
    SubclassFuture<Object> subclassFutureCall(Performer p, Call c, int level) throws Throwable {
        return (SubclassFuture<Object>) p.perform(c, level);
    }

    @Override
    @Traced(captureReturn = true)
    Object capturedObjectCall(Performer p, Call c, int level) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    @Traced(captureReturn = true)
    long capturedLongCall(Performer p, Call c, int level) throws Throwable {
        return (Long) p.perform(c, level);
    }

    @Override
    @Traced(captureReturn = true)
    CompletableFuture<Object> capturedFutureCall(Performer p, Call c, int level) throws Throwable {
        return (CompletableFuture<Object>) p.perform(c, level);
    }

    @Override
    @Traced(inheritContext = false)
    int detachedIntCall(Performer p, Call c, int level) throws Throwable {
        return (Integer) p.perform(c, level);
    }

    @Override
    @Traced
    Object attributeObjectCall(Performer p, Call c, int level, @SpanAttribute("value") Object value) throws Throwable {
        return p.perform(c, level);
    }

    @Override
    @Traced
    String attributeCharsCall(Performer p, Call c, int level, @SpanAttribute("password") char[] password)
            throws Throwable {
        return (String) p.perform(c, level);
    }

    @Override
    @Traced
    int dive(Performer p, int depth) {
        return p.dive(depth);
    }
}
