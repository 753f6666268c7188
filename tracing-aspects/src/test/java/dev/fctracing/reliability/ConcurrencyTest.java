package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instance concurrency: 64 threads × 200 invocations on one handler instance, each with its own FC span context.
 * Every span must carry its own invocation's trace id and parent, none may be lost, and each invocation's spans
 * must have reached the collector when it returns.
 */
class ConcurrencyTest {

    static final int THREADS = 64;
    static final int INVOCATIONS_PER_THREAD = 200;
    static final int SPANS_PER_INVOCATION = 3;

    private LogCapture logs;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        // The largest budget: under this load a late export would be a defect, not noise.
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", "10000"));
        logs = LogCapture.start();
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
        logs.close();
    }

    @Test
    void sixtyFourThreadsOnOneInstanceNeverMixTheirTraces() throws Exception {
        int total = THREADS * INVOCATIONS_PER_THREAD;
        // Distinct trace ids by construction (the invocation number is in the low bits), half 64-bit, half 128-bit.
        Random random = new Random(42);
        List<FakeFcContext> contexts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String low = String.format("%08x%08x", random.nextInt() | 1, i + 1);
            String trace = i % 2 == 0 ? low : String.format("%016x", random.nextLong() | 1L) + low;
            String span = String.format("%016x", random.nextLong() | 1L);
            contexts.add(FakeFcContext.builder()
                    .requestId("req-" + i)
                    .functionName("fn")
                    .spanContext(trace + ":" + span + ":0:1")
                    .jaegerEndpoint(collector.endpoint())
                    .build());
        }
        Map<String, AtomicInteger> receivedByTrace = new ConcurrentHashMap<>();
        collector.onAccepted(batch -> {
            for (Span span : batch.getSpans()) {
                receivedByTrace
                        .computeIfAbsent(
                                TraceTree.hex32(span.getTraceIdHigh(), span.getTraceIdLow()), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        });

        EchoHandler handler = new EchoHandler();
        handler.handleRequest("warm-up", Reliability.fc(collector.endpoint()));
        collector.reset();
        AtomicInteger late = new AtomicInteger();
        AtomicInteger wrongAnswers = new AtomicInteger();
        AtomicInteger leakedContexts = new AtomicInteger();
        AtomicLong slowestNanos = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long began = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t * INVOCATIONS_PER_THREAD;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < first + INVOCATIONS_PER_THREAD; i++) {
                        FakeFcContext context = contexts.get(i);
                        String trace = context.traceIdHex32();
                        long invoked = System.nanoTime();
                        String answer = handler.handleRequest("trace", context);
                        slowestNanos.accumulateAndGet(System.nanoTime() - invoked, Math::max);
                        if (!answer.equals(trace + "/" + trace)) {
                            wrongAnswers.incrementAndGet();
                        }
                        AtomicInteger received = receivedByTrace.get(trace);
                        if (received == null || received.get() != SPANS_PER_INVOCATION) {
                            late.incrementAndGet();
                        }
                        if (Context.current() != Context.root()) {
                            leakedContexts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        long elapsedMs = Reliability.elapsedMillis(began);

        assertThat(wrongAnswers.get())
                .as("invocations that saw another trace id inside the handler")
                .isZero();
        assertThat(leakedContexts.get())
                .as("threads left with a non-root context")
                .isZero();
        assertThat(late.get())
                .as("invocations whose spans had not all arrived when they returned")
                .isZero();

        List<Span> spans = collector.spans();
        assertThat(spans).hasSize(total * SPANS_PER_INVOCATION);
        Set<Long> spanIds = new HashSet<>();
        Map<String, List<Span>> byTrace = new HashMap<>();
        for (Span span : spans) {
            assertThat(spanIds.add(span.getSpanId())).as("span ids are unique").isTrue();
            byTrace.computeIfAbsent(
                            TraceTree.hex32(span.getTraceIdHigh(), span.getTraceIdLow()), k -> new ArrayList<>())
                    .add(span);
        }
        for (FakeFcContext context : contexts) {
            List<Span> trace = byTrace.get(context.traceIdHex32());
            assertThat(trace).as(context.getRequestId()).hasSize(SPANS_PER_INVOCATION);
            Span handlerSpan = Reliability.named(trace, "fn");
            Span child = Reliability.named(trace, "child");
            Span grandchild = Reliability.named(trace, "grandchild");
            assertThat(handlerSpan.getParentSpanId()).as(context.getRequestId()).isEqualTo(context.spanId());
            assertThat(Reliability.stringTag(handlerSpan, "faas.invocation_id")).isEqualTo(context.getRequestId());
            assertThat(child.getParentSpanId()).isEqualTo(handlerSpan.getSpanId());
            assertThat(grandchild.getParentSpanId()).isEqualTo(child.getSpanId());
        }
        InvocationSpanProcessor processor = TracingInstance.current().runtime().processor();
        assertThat(processor.droppedSpans()).isZero();
        assertThat(processor.failedExports()).isZero();
        assertThat(processor.queuedSpans()).isZero();
        assertThat(collector.postCount())
                .as("concurrent invocations share batches")
                .isLessThan(total);
        assertThat(elapsedMs).as("wall time of %d invocations, ms", total).isLessThan(60_000);
        assertThat(logs.warnings()).isEmpty();
        System.out.printf(
                "ConcurrencyTest: %d invocations on %d threads in %d ms, %d POSTs, slowest %d ms%n",
                total, THREADS, elapsedMs, collector.postCount(), TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()));
    }
}
