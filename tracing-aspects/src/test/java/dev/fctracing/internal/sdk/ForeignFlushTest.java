package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ForeignFlush} against a processor that shares its flush requests as OpenTelemetry's {@code
 * BatchSpanProcessor} does: the two ways one {@code forceFlush()} returns before a span ended earlier is exported.
 */
class ForeignFlushTest {

    private static final long BUDGET = TimeUnit.SECONDS.toNanos(5);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aSpanEndedWhileAnotherCallersFlushDrainsIsExportedBeforeFlushReturns() throws Exception {
        SharedRequests processor = new SharedRequests();
        processor.queue("a");
        CountDownLatch release = new CountDownLatch(1);
        processor.holdNextRequest(release);
        processor.forceFlush(); // another invocation's flush: its worker took ["a"] and is exporting
        processor.queue("b"); // this invocation's span, ended after that drain began

        Future<Boolean> flushed = threads.submit(() -> ForeignFlush.flush(processor, BUDGET));
        while (processor.calls.get() < 2) {
            Thread.sleep(1);
        }
        release.countDown(); // the shared request completes without "b"

        assertThat(flushed.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(processor.exported()).containsExactly("a", "b");
    }

    @Test
    void aCompletedRequestNotYetClearedIsNotTakenForThisFlush() {
        SharedRequests processor = new SharedRequests();
        processor.queue("a");
        processor.staleCompleted(2); // the window between succeed() and clearing the request, seen twice

        assertThat(ForeignFlush.flush(processor, BUDGET)).isTrue();
        assertThat(processor.exported()).containsExactly("a");
    }

    @Test
    void aFlushThatDoesNotCompleteWithinTheBudgetIsFalse() {
        SharedRequests processor = new SharedRequests();
        processor.queue("a");
        processor.holdNextRequest(new CountDownLatch(1));

        assertThat(ForeignFlush.flush(processor, TimeUnit.MILLISECONDS.toNanos(50)))
                .isFalse();
    }

    /** Queue, worker and shared flush request in the manner of {@code BatchSpanProcessor}, with its races made still. */
    private final class SharedRequests implements SpanProcessor {
        final AtomicInteger calls = new AtomicInteger();
        private final List<String> queue = new ArrayList<>();
        private final List<String> exported = new ArrayList<>();
        private CompletableResultCode pending;
        private CountDownLatch hold;
        private int staleLeft;

        synchronized void queue(String span) {
            queue.add(span);
        }

        synchronized List<String> exported() {
            return new ArrayList<>(exported);
        }

        synchronized void holdNextRequest(CountDownLatch release) {
            hold = release;
        }

        synchronized void staleCompleted(int times) {
            pending = CompletableResultCode.ofSuccess();
            staleLeft = times;
        }

        @Override
        public synchronized CompletableResultCode forceFlush() {
            calls.incrementAndGet();
            if (pending != null && (!pending.isDone() || staleLeft-- > 0)) {
                return pending; // the request already there, pending or completed but not yet cleared
            }
            CompletableResultCode request = new CompletableResultCode();
            pending = request;
            List<String> drained = new ArrayList<>(queue); // the worker drains what is queued now
            queue.clear();
            CountDownLatch release = hold;
            hold = null;
            threads.execute(() -> {
                try {
                    if (release != null) {
                        release.await();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (SharedRequests.this) {
                    exported.addAll(drained);
                }
                request.succeed();
            });
            return request;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
