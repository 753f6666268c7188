package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.fc.runtime.PreFreezeHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Deferred export (issue 14): once FC has called {@code preFreeze}, invocations return without waiting for the
 * collector and their spans leave in the next {@code preFreeze} (or in the background while the instance is busy);
 * without a {@code preFreeze} every invocation flushes as before; nothing is lost, nothing goes to another
 * invocation's endpoint, a dead collector costs a hook at most its budget.
 */
class DeferredExportTest {

    private final List<LoopbackJaegerCollector> collectors = new ArrayList<>();
    private LogCapture logs;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
        Reliability.assertWoven(RoutingHandler.class);
    }

    private void newInstance(String... settings) {
        TestSupport.newInstance(Reliability.env(settings));
        logs = LogCapture.start();
        collectors.add(LoopbackJaegerCollector.start());
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        for (LoopbackJaegerCollector collector : collectors) {
            collector.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static FakeFcContext hookContext() {
        return FakeFcContext.builder().noTracing().build();
    }

    @Test
    void autoFlushesBeforeReturningUntilFcCallsPreFreezeThenDefersToIt() {
        newInstance();
        LoopbackJaegerCollector collector = collectors.get(0);
        EchoHandler handler = new EchoHandler();

        FakeFcContext first = Reliability.fc(collector.endpoint());
        handler.handleRequest("one", first);
        assertThat(collector.spansOfTrace(first.traceIdHex32()))
                .as("before any preFreeze: sync")
                .hasSize(3);

        handler.preFreeze(hookContext());
        FakeFcContext second = Reliability.fc(collector.endpoint());
        handler.handleRequest("two", second);
        assertThat(collector.spansOfTrace(second.traceIdHex32()))
                .as("after a preFreeze: left to the next")
                .isEmpty();
        assertThat(collector.postCount()).isEqualTo(1);

        handler.preFreeze(hookContext());
        assertThat(collector.spansOfTrace(second.traceIdHex32())).hasSize(3);
        assertThat(TracingInstance.current().deferredExport()).isTrue();
    }

    @Test
    void withoutPreFreezeEveryInvocationStillFlushesBeforeReturning() {
        newInstance();
        LoopbackJaegerCollector collector = collectors.get(0);
        EchoHandler handler = new EchoHandler();
        for (int i = 0; i < 5; i++) {
            FakeFcContext context = Reliability.fc(collector.endpoint());
            handler.handleRequest("x" + i, context);
            assertThat(collector.spansOfTrace(context.traceIdHex32())).hasSize(3);
        }
        assertThat(TracingInstance.current().deferredExport()).isFalse();
    }

    @Test
    void syncIgnoresPreFreezeAndDeferredNeverWaits() {
        newInstance("FCTRACING_EXPORT", "sync");
        LoopbackJaegerCollector collector = collectors.get(0);
        EchoHandler handler = new EchoHandler();
        handler.preFreeze(hookContext());
        FakeFcContext context = Reliability.fc(collector.endpoint());
        handler.handleRequest("sync", context);
        assertThat(collector.spansOfTrace(context.traceIdHex32())).hasSize(3);

        tearDown();
        collectors.clear();
        newInstance("FCTRACING_EXPORT", "deferred");
        collector = collectors.get(0);
        FakeFcContext deferred = Reliability.fc(collector.endpoint());
        handler.handleRequest("deferred", deferred);
        assertThat(collector.postCount()).as("deferred before any preFreeze").isZero();
        handler.preStop(hookContext());
        assertThat(collector.spansOfTrace(deferred.traceIdHex32()))
                .as("preStop exports what is left")
                .hasSize(3);
    }

    @Test
    void aHandlerWithoutHooksGetsThemFromTheWeave() throws Exception {
        newInstance("FCTRACING_EXPORT", "deferred");
        LoopbackJaegerCollector collector = collectors.get(0);
        RoutingHandler handler = new RoutingHandler();
        assertThat(handler).isInstanceOf(PreFreezeHandler.class).isInstanceOf(PreStopHandler.class);

        FakeFcContext context = Reliability.fc(collector.endpoint());
        handler.handleRequest("work", context);
        assertThat(collector.postCount()).isZero();
        ((PreFreezeHandler) handler).preFreeze(hookContext());
        assertThat(collector.spansOfTrace(context.traceIdHex32())).hasSize(3);
    }

    @Test
    void aDeadCollectorCostsAHookAtMostItsBudget() throws Exception {
        newInstance(
                "FCTRACING_EXPORT",
                "deferred",
                "FCTRACING_HOOK_TIMEOUT_MS",
                "300",
                "FCTRACING_FLUSH_TIMEOUT_MS",
                "300");
        try (FaultServer dead = FaultServer.start(FaultServer.Mode.BLACKHOLE)) {
            EchoHandler handler = new EchoHandler();
            String endpoint = dead.baseUrl() + Reliability.TRACES_PATH;
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                handler.handleRequest("x", Reliability.fc(endpoint));
            }
            long invocationsMillis = Reliability.elapsedMillis(start);
            start = System.nanoTime();
            handler.preFreeze(hookContext());
            long preFreezeMillis = Reliability.elapsedMillis(start);
            start = System.nanoTime();
            handler.preStop(hookContext());
            long preStopMillis = Reliability.elapsedMillis(start);

            assertThat(invocationsMillis)
                    .as("deferred invocations never wait for the collector")
                    .isLessThan(300);
            assertThat(preFreezeMillis)
                    .as("preFreeze within its 300 ms budget (plus margin)")
                    .isLessThan(300 + 1500);
            assertThat(preStopMillis)
                    .as("preStop within its budget (plus margin)")
                    .isLessThan(300 + 1500);
            logs.assertNoSecrets(Reliability.SECRETS);
        }
    }

    @Test
    void whileTheInstanceIsBusyTheSpansLeaveInTheBackground() throws Exception {
        newInstance("FCTRACING_EXPORT", "deferred");
        LoopbackJaegerCollector collector = collectors.get(0);
        RoutingHandler handler = new RoutingHandler();
        RoutingHandler.waiting = new java.util.concurrent.CountDownLatch(1);
        RoutingHandler.release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            FakeFcContext busy = Reliability.fc(collector.endpoint());
            Future<String> waiting = other.submit(() -> handler.handleRequest("wait", busy));
            assertThat(RoutingHandler.waiting.await(10, TimeUnit.SECONDS)).isTrue();

            FakeFcContext done = Reliability.fc(collector.endpoint());
            handler.handleRequest("work", done);
            assertThat(Reliability.awaitTrace(collector, done, 3, 10_000))
                    .as("exported in the background while another invocation runs, no preFreeze")
                    .hasSize(3);

            RoutingHandler.release.countDown();
            waiting.get(10, TimeUnit.SECONDS);
        } finally {
            RoutingHandler.release.countDown();
            other.shutdownNow();
            RoutingHandler.waiting = new java.util.concurrent.CountDownLatch(1);
            RoutingHandler.release = new java.util.concurrent.CountDownLatch(1);
        }
    }

    /**
     * As FC runs an instance with instance concurrency 16 and the hooks configured: bursts of overlapping invocations
     * over two endpoints, a {@code preFreeze} whenever the instance goes idle, one more racing the invocations now and
     * then, then {@code preStop}. Every span arrives, under its own trace, at its own invocation's endpoint only.
     */
    @Test
    @Tag("large-fixture") // its two collectors keep all 30 000 decoded spans: more than the 48 MB hostile heap
    void tenThousandInvocationsAtConcurrency16LoseNothingAndNeverCrossEndpoints() throws Exception {
        newInstance(
                "FCTRACING_EXPORT",
                "auto",
                "OTEL_BSP_MAX_QUEUE_SIZE",
                "100000",
                "FCTRACING_FLUSH_TIMEOUT_MS",
                "10000",
                "FCTRACING_HOOK_TIMEOUT_MS",
                "10000");
        collectors.add(LoopbackJaegerCollector.start());
        EchoHandler handler = new EchoHandler();
        int concurrency = 16;
        int total = 10_000;
        Random random = new Random(14);
        Map<String, Integer> endpointOfTrace = new ConcurrentHashMap<>();
        List<FakeFcContext> contexts = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int endpoint = random.nextInt(2);
            FakeFcContext context = Reliability.fc(collectors.get(endpoint).endpoint());
            endpointOfTrace.put(context.traceIdHex32(), endpoint);
            contexts.add(context);
        }
        handler.preFreeze(hookContext()); // FC has called it once: auto defers from now on
        ExecutorService pool = Executors.newFixedThreadPool(concurrency + 1);
        try {
            for (int from = 0; from < total; from += 160) {
                List<Future<?>> burst = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    final int start = from + t * 10;
                    burst.add(pool.submit(() -> {
                        for (int i = start; i < start + 10 && i < total; i++) {
                            handler.handleRequest("x", contexts.get(i));
                        }
                    }));
                }
                if (from % 1600 == 0) {
                    burst.add(pool.submit(() -> handler.preFreeze(hookContext()))); // racing the invocations
                }
                for (Future<?> f : burst) {
                    f.get(60, TimeUnit.SECONDS);
                }
                handler.preFreeze(hookContext()); // idle: FC calls preFreeze before it freezes the instance
            }
        } finally {
            pool.shutdownNow();
        }
        handler.preStop(hookContext());

        int received = 0;
        for (int c = 0; c < collectors.size(); c++) {
            Set<String> traces = new HashSet<>();
            for (Span span : collectors.get(c).spans()) {
                String trace = String.format("%016x%016x", span.getTraceIdHigh(), span.getTraceIdLow());
                assertThat(endpointOfTrace.get(trace))
                        .as("span of trace %s at collector %d", trace, c)
                        .isEqualTo(c);
                traces.add(trace);
                received++;
            }
        }
        assertThat(received).as("every span of every invocation").isEqualTo(3 * total);
        for (FakeFcContext context : contexts) {
            LoopbackJaegerCollector own = collectors.get(endpointOfTrace.get(context.traceIdHex32()));
            assertThat(own.spansOfTrace(context.traceIdHex32())).hasSize(3);
        }
        assertThat(TracingInstance.current().droppedSpans()).isZero();
    }

    @Test
    void spansWaitingAcrossInvocationsAreBoundedAndTheExcessCounted() {
        newInstance(
                "FCTRACING_EXPORT",
                "deferred",
                "OTEL_BSP_MAX_QUEUE_SIZE",
                "30",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                "1000");
        // A full batch starts a background export; a slow collector holds it on its first batch, so the queue fills up
        // behind it and the rest must be dropped and counted (a fast one would drain the queue and hide the bound).
        LoopbackJaegerCollector collector = collectors.get(0);
        collector.faults().delayMillis(1000);
        EchoHandler handler = new EchoHandler();
        int invocations = 40;
        for (int i = 0; i < invocations; i++) {
            handler.handleRequest("x", Reliability.fc(collector.endpoint()));
            assertThat(TracingInstance.current().runtime().processor().queuedSpans())
                    .isLessThanOrEqualTo(30);
        }
        long dropped = TracingInstance.current().droppedSpans();
        assertThat(dropped)
                .as("one batch in flight and one full queue at most; the rest dropped")
                .isGreaterThanOrEqualTo(invocations * 3 - 30 - 30);
        collector.faults().clear();
        handler.preFreeze(hookContext());
        assertThat(collector.spans().size() + dropped)
                .as("each span delivered or counted")
                .isEqualTo(invocations * 3);
    }
}
