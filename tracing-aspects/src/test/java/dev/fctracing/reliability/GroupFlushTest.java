package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.export.RouteExporter;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Instance concurrency against a collector with a realistic round trip (10 ms): an invocation whose spans already
 * left with another invocation's batch must not queue behind every other invocation's export. If each flush waited
 * for the exports of all invocations ahead of it (a convoy), 64 concurrent invocations would wait 64 round trips
 * — longer than their budget — although their spans were exported long before.
 */
class GroupFlushTest {

    static final int THREADS = 64;
    static final int ROUNDS = 15;
    static final long ROUND_TRIP_MS = 10;
    static final long BUDGET_MS = 400;

    private final ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private SdkTracerProvider provider;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (provider != null) {
            provider.close();
        }
        pool.shutdownNow();
        network.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentInvocationsShareExportsInsteadOfQueueingBehindEachOther() throws Exception {
        AtomicInteger exports = new AtomicInteger();
        AtomicInteger exportedSpans = new AtomicInteger();
        SpanExporter exporter = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exports.incrementAndGet();
                int n = spans.size();
                CompletableResultCode result = new CompletableResultCode();
                // One connection, as the Jaeger exporter: batches are answered one after another.
                network.schedule(
                        () -> {
                            exportedSpans.addAndGet(n);
                            result.succeed();
                        },
                        ROUND_TRIP_MS,
                        TimeUnit.MILLISECONDS);
                return result;
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        InvocationSpanProcessor processor = new InvocationSpanProcessor(
                RouteExporter.ignoringRoute(exporter),
                2048,
                Long.MAX_VALUE,
                512,
                TimeUnit.MILLISECONDS.toNanos(BUDGET_MS));
        provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
        Tracer tracer = provider.get("test");

        AtomicInteger incomplete = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < ROUNDS; round++) {
                    tracer.spanBuilder("invocation").startSpan().end();
                    long began = System.nanoTime();
                    if (!processor.flush(TimeUnit.MILLISECONDS.toNanos(BUDGET_MS))) {
                        incomplete.incrementAndGet();
                    }
                    slowest.accumulateAndGet(System.nanoTime() - began, Math::max);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }

        int invocations = THREADS * ROUNDS;
        System.out.printf(
                "GroupFlushTest: %d flushes, %d exports, %d incomplete, slowest %d ms%n",
                invocations, exports.get(), incomplete.get(), TimeUnit.NANOSECONDS.toMillis(slowest.get()));
        assertThat(exportedSpans.get()).isEqualTo(invocations);
        assertThat(incomplete.get())
                .as("flushes that ran out of their %d ms budget", BUDGET_MS)
                .isZero();
        assertThat(exports.get()).as("exports for %d flushes", invocations).isLessThan(invocations / 4);
    }
}
