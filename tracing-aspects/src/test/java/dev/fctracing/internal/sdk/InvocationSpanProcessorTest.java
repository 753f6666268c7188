package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.export.RouteExporter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvocationSpanProcessorTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long UNLIMITED_BYTES = Long.MAX_VALUE;

    private final List<SdkTracerProvider> providers = new ArrayList<>();
    private final ExecutorService exporterThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        providers.forEach(SdkTracerProvider::close);
        exporterThread.shutdownNow();
    }

    /** Exports on its own thread after a random delay, like the Jaeger exporter; records what it exported. */
    private final class SlowAsyncExporter implements SpanExporter {
        final Set<String> exported = ConcurrentHashMap.newKeySet();
        final AtomicInteger exportCalls = new AtomicInteger();
        final int maxDelayMillis;

        SlowAsyncExporter(int maxDelayMillis) {
            this.maxDelayMillis = maxDelayMillis;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exportCalls.incrementAndGet();
            List<SpanData> copy = new ArrayList<>(spans);
            CompletableResultCode result = new CompletableResultCode();
            exporterThread.execute(() -> {
                sleep(ThreadLocalRandom.current().nextInt(maxDelayMillis + 1));
                copy.forEach(span -> exported.add(span.getSpanId()));
                result.succeed();
            });
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
    }

    private Tracer tracer(InvocationSpanProcessor processor) {
        SdkTracerProvider provider =
                SdkTracerProvider.builder().addSpanProcessor(processor).build();
        providers.add(provider);
        return provider.get("test");
    }

    @Test
    void flushExportsEverySpanEndedBeforeIt() {
        SlowAsyncExporter exporter = new SlowAsyncExporter(20);
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(exporter), 100, UNLIMITED_BYTES, 10, SECOND);
        Tracer tracer = tracer(processor);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Span span = tracer.spanBuilder("s" + i).startSpan();
            span.end();
            ids.add(span.getSpanContext().getSpanId());
        }

        assertThat(processor.flush(5 * SECOND)).isTrue();

        assertThat(exporter.exported).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(exporter.exportCalls.get()).as("batches of at most 10").isEqualTo(3);
        assertThat(processor.queuedSpans()).isZero();
    }

    @Test
    void aFlushWithNothingQueuedMakesNoExportCall() {
        SlowAsyncExporter exporter = new SlowAsyncExporter(0);
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(exporter), 100, UNLIMITED_BYTES, 10, SECOND);
        tracer(processor);

        assertThat(processor.flush(SECOND)).isTrue();
        assertThat(exporter.exportCalls.get()).isZero();
    }

    /**
     * The property {@code BatchSpanProcessor.forceFlush()} lacks: with 64 threads ending spans and flushing at once
     * against a slow exporter, every thread finds all of its own spans exported when its flush returns.
     */
    @Test
    void underConcurrencyEachFlushCoversItsCallersSpans() throws Exception {
        SlowAsyncExporter exporter = new SlowAsyncExporter(3);
        InvocationSpanProcessor processor = new InvocationSpanProcessor(
                RouteExporter.ignoringRoute(exporter), 100_000, UNLIMITED_BYTES, 512, SECOND);
        Tracer tracer = tracer(processor);
        int threads = 64;
        int invocationsPerThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> missing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            missing.add(pool.submit(() -> {
                start.await();
                int notExported = 0;
                for (int n = 0; n < invocationsPerThread; n++) {
                    List<String> mine = new ArrayList<>();
                    int spans = 1 + ThreadLocalRandom.current().nextInt(5);
                    for (int s = 0; s < spans; s++) {
                        Span span = tracer.spanBuilder("work").startSpan();
                        span.end();
                        mine.add(span.getSpanContext().getSpanId());
                    }
                    boolean flushed = processor.flush(10 * SECOND);
                    for (String id : mine) {
                        if (!flushed || !exporter.exported.contains(id)) {
                            notExported++;
                        }
                    }
                }
                return notExported;
            }));
        }
        start.countDown();
        int totalMissing = 0;
        for (Future<Integer> f : missing) {
            totalMissing += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(totalMissing)
                .as("spans not yet exported when their invocation's flush returned")
                .isZero();
        assertThat(processor.droppedSpans()).isZero();
        assertThat(exporter.exportCalls.get())
                .as("concurrent invocations share batches")
                .isLessThan(threads * invocationsPerThread);
    }

    @Test
    void aHungExporterCostsTheBudgetNotMore() {
        SpanExporter hung = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return new CompletableResultCode(); // never completes
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
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(hung), 100, UNLIMITED_BYTES, 10, SECOND);
        tracer(processor).spanBuilder("s").startSpan().end();

        long start = System.nanoTime();
        boolean flushed = processor.flush(TimeUnit.MILLISECONDS.toNanos(200));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(flushed).isFalse();
        assertThat(tookMillis).isBetween(190L, 2_000L);
        assertThat(processor.failedExports()).isEqualTo(1);

        // The next flush first waits for the one still in flight: it too is bounded by its own budget.
        tracer(processor).spanBuilder("s2").startSpan().end();
        start = System.nanoTime();
        assertThat(processor.flush(TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(90L, 2_000L);
    }

    @Test
    void anExporterThatThrowsFailsTheFlushButNotTheCaller() {
        SpanExporter throwing = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                throw new IllegalStateException("boom");
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
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(throwing), 100, UNLIMITED_BYTES, 10, SECOND);
        tracer(processor).spanBuilder("s").startSpan().end();

        assertThat(processor.flush(SECOND)).isFalse();
        assertThat(processor.queuedSpans()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsNewSpans() {
        SlowAsyncExporter exporter = new SlowAsyncExporter(0);
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(exporter), 5, UNLIMITED_BYTES, 5, SECOND);
        Tracer tracer = tracer(processor);
        for (int i = 0; i < 8; i++) {
            tracer.spanBuilder("s" + i).startSpan().end();
        }

        assertThat(processor.queuedSpans()).isEqualTo(5);
        assertThat(processor.droppedSpans()).isEqualTo(3);
        assertThat(processor.flush(SECOND)).isTrue();
        assertThat(exporter.exported).hasSize(5);
    }

    @Test
    void unsampledSpansAreNeverQueued() {
        SlowAsyncExporter exporter = new SlowAsyncExporter(0);
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(exporter), 5, UNLIMITED_BYTES, 5, SECOND);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSampler(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
                .addSpanProcessor(processor)
                .build();
        providers.add(provider);
        provider.get("t").spanBuilder("s").startSpan().end();

        assertThat(processor.queuedSpans()).isZero();
    }

    @Test
    void afterShutdownSpansAreIgnoredAndFlushIsImmediate() {
        SlowAsyncExporter exporter = new SlowAsyncExporter(0);
        InvocationSpanProcessor processor =
                new InvocationSpanProcessor(RouteExporter.ignoringRoute(exporter), 5, UNLIMITED_BYTES, 5, SECOND);
        Tracer tracer = tracer(processor);
        tracer.spanBuilder("before").startSpan().end();

        assertThat(processor.shutdown().join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(exporter.exported).hasSize(1);
        tracer.spanBuilder("after").startSpan().end();
        assertThat(processor.queuedSpans()).isZero();
        assertThat(processor.flush(SECOND)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
