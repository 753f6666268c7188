package dev.fctracing.internal.traced;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Which futures are handed over as a new one, and that the caller's future behaves like the original. */
class AsyncEndTest {

    static final class MyFuture<T> extends CompletableFuture<T> {}

    @Test
    void onlyExactlyCompletableFutureOrCompletionStageMethodsGetAReplaceableKind() {
        assertThat(AsyncEnd.of(CompletableFuture.class)).isEqualTo(AsyncEnd.REPLACEABLE);
        assertThat(AsyncEnd.of(CompletionStage.class)).isEqualTo(AsyncEnd.REPLACEABLE);
        assertThat(AsyncEnd.of(MyFuture.class)).isEqualTo(AsyncEnd.CALLBACK);
        assertThat(AsyncEnd.of(String.class)).isEqualTo(AsyncEnd.NONE);
        assertThat(AsyncEnd.of(long.class)).isEqualTo(AsyncEnd.NONE);
    }

    @Test
    void theCallersFutureFailsWithTheSameStoredObjectAsTheOriginal() throws Exception {
        IOException raw = new IOException("raw");
        CompletionException wrapped = new CompletionException(new IOException("wrapped"));
        for (Throwable error : new Throwable[] {raw, wrapped}) {
            CompletableFuture<Object> original = new CompletableFuture<>();
            CompletableFuture<Object> forCaller = replace(original);
            original.completeExceptionally(error);

            assertThat(forCaller.handle((v, e) -> e).get())
                    .isSameAs(original.handle((v, e) -> e).get())
                    .isSameAs(error);
            assertThat(forCaller.exceptionally(e -> e).get())
                    .isSameAs(original.exceptionally(e -> e).get());
        }
    }

    @Test
    void cancellingAndCompletingTheCallersFutureReachesTheOriginal() {
        CompletableFuture<Object> original = new CompletableFuture<>();
        replace(original).cancel(true);
        assertThat(original.isCancelled()).isTrue();

        CompletableFuture<Object> other = new CompletableFuture<>();
        replace(other).complete("early");
        assertThat(other.join()).isEqualTo("early");

        CompletableFuture<Object> cancelledAtSource = new CompletableFuture<>();
        CompletableFuture<Object> forCaller = replace(cancelledAtSource);
        cancelledAtSource.cancel(true);
        assertThat(forCaller.isCancelled()).isTrue();
    }

    @Test
    void aCompletedOrForeignStageIsReturnedAsItIs() {
        CompletableFuture<Object> done = CompletableFuture.completedFuture("v");
        assertThat(AsyncEnd.REPLACEABLE.endWhenComplete(
                        method(), io.opentelemetry.api.trace.Span.getInvalid(), done, null))
                .isSameAs(done);
        MyFuture<Object> mine = new MyFuture<>();
        assertThat(AsyncEnd.REPLACEABLE.endWhenComplete(
                        method(), io.opentelemetry.api.trace.Span.getInvalid(), mine, null))
                .isSameAs(mine);
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> replace(CompletableFuture<Object> original) {
        Object forCaller = AsyncEnd.REPLACEABLE.endWhenComplete(
                method(), io.opentelemetry.api.trace.Span.getInvalid(), original, null);
        assertThat(forCaller).isNotSameAs(original).isInstanceOf(CompletableFuture.class);
        return (CompletableFuture<Object>) forCaller;
    }

    private static TracedMethod method() {
        return new TracedMethod(
                "m", io.opentelemetry.api.trace.SpanKind.INTERNAL, null, true, AsyncEnd.REPLACEABLE, null, null);
    }
}
