package dev.fctracing.reliability;

import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.trace.Span;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Woven {@code @Traced} operations for {@link TaskHandler} tasks, with unwoven twins ({@code plain...}, same bodies,
 * no annotation) where a test compares with the unwoven function.
 */
public class TracedOps {

    /** Deepest level reached by the last {@link #dive} or {@link #plainDive} on this thread. */
    private int deepest;
    /** Id of the span current in the last {@link #fetch}: its own. */
    private volatile String fetchSpanId;

    @Traced("work")
    String work(String input) {
        return input.toUpperCase(java.util.Locale.ROOT);
    }

    /** Recurses {@code depth} levels through itself. */
    @Traced("recurse")
    int recurse(int depth) {
        return depth == 0 ? 0 : recurse(depth - 1) + 1;
    }

    int plainRecurse(int depth) {
        return depth == 0 ? 0 : plainRecurse(depth - 1) + 1;
    }

    /**
     * Recurses through itself until the stack overflows; the caller catches the {@code StackOverflowError}, then reads
     * {@link #deepest()}.
     */
    @Traced("dive")
    int dive(int depth) {
        if (depth > deepest) {
            deepest = depth;
        }
        return dive(depth + 1) + 1;
    }

    int plainDive(int depth) {
        if (depth > deepest) {
            deepest = depth;
        }
        return plainDive(depth + 1) + 1;
    }

    /** Deepest level reached since the last call, which resets it. */
    int deepest() {
        int reached = deepest;
        deepest = 0;
        return reached;
    }

    @Traced("interrupt")
    void interruptCurrentThread() {
        Thread.currentThread().interrupt();
    }

    /** Throws {@code t}, whatever it is. */
    @Traced("fail")
    void fail(Throwable t) {
        throw TaskHandler.<RuntimeException>sneaky(t);
    }

    @Traced("login")
    int login(@SpanAttribute("password") char[] password) {
        return password == null ? 0 : password.length;
    }

    @Traced("record")
    void record(@SpanAttribute("value") Object value) {}

    /** Every array, collection and map type as declared parameter types. */
    @Traced("typed")
    void typed(
            @SpanAttribute("booleans") boolean[] booleans,
            @SpanAttribute("bytes") byte[] bytes,
            @SpanAttribute("shorts") short[] shorts,
            @SpanAttribute("chars") char[] chars,
            @SpanAttribute("ints") int[] ints,
            @SpanAttribute("longs") long[] longs,
            @SpanAttribute("floats") float[] floats,
            @SpanAttribute("doubles") double[] doubles,
            @SpanAttribute("collection") Collection<?> collection,
            @SpanAttribute("map") Map<?, ?> map) {}

    /** A future completed with {@code value} by {@code completer}, after this method returned. */
    @Traced("fetch")
    CompletableFuture<String> fetch(Executor completer, String value) {
        fetchSpanId = Span.current().getSpanContext().getSpanId();
        CompletableFuture<String> future = new CompletableFuture<>();
        completer.execute(() -> future.complete(value));
        return future;
    }

    String fetchSpanId() {
        return fetchSpanId;
    }
}
