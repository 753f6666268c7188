package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each span reaches only the endpoint (the token) of the invocation that produced it, when overlapping invocations of
 * one instance carry different Jaeger endpoints. (Found by an outside attack on 9b9ae16: the exporter had one
 * binding, re-pointed by every invocation, so an invocation's spans went wherever the last one pointed it.)
 */
class RoutingTest {

    private final List<LoopbackJaegerCollector> collectors = new ArrayList<>();
    private LogCapture logs;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(RoutingHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", "10000"));
        logs = LogCapture.start();
        for (int i = 0; i < 3; i++) {
            collectors.add(LoopbackJaegerCollector.start());
        }
        RoutingHandler.waiting = new CountDownLatch(1);
        RoutingHandler.release = new CountDownLatch(1);
        RoutingHandler.lateRelease = new CountDownLatch(1);
    }

    @AfterEach
    void tearDown() {
        RoutingHandler.release.countDown();
        RoutingHandler.lateRelease.countDown();
        TestSupport.newInstance(Environment.system());
        for (LoopbackJaegerCollector collector : collectors) {
            collector.close();
        }
        logs.close();
    }

    @Test
    void anInvocationInFlightKeepsItsEndpointWhileAnotherOneArrives() throws Exception {
        LoopbackJaegerCollector a = collectors.get(0);
        LoopbackJaegerCollector b = collectors.get(1);
        FakeFcContext first = Reliability.fc(a.endpoint());
        FakeFcContext second = Reliability.fc(b.endpoint());
        RoutingHandler handler = new RoutingHandler();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<String> waiting = thread.submit(() -> handler.handleRequest("wait", first));
            assertThat(RoutingHandler.waiting.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(handler.handleRequest("work", second)).isEqualTo("done");
            RoutingHandler.release.countDown();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("waited");
        } finally {
            thread.shutdownNow();
        }

        assertThat(a.spansOfTrace(first.traceIdHex32())).hasSize(3);
        assertThat(b.spansOfTrace(second.traceIdHex32())).hasSize(3);
        assertThat(a.spans()).hasSize(3);
        assertThat(b.spans()).hasSize(3);
    }

    @Test
    void thirtyTwoThreadsOverThreeEndpointsNeverCrossTheirTokens() throws Exception {
        int threads = 32;
        int perThread = 40;
        Random random = new Random(7);
        Map<String, Integer> endpointOfTrace = new ConcurrentHashMap<>();
        List<FakeFcContext> contexts = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            int endpoint = random.nextInt(collectors.size());
            FakeFcContext context = Reliability.fc(collectors.get(endpoint).endpoint());
            endpointOfTrace.put(context.traceIdHex32(), endpoint);
            contexts.add(context);
        }
        RoutingHandler handler = new RoutingHandler();
        List<String> incomplete = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int from = t * perThread;
                results.add(pool.submit(() -> {
                    StringBuilder problems = new StringBuilder();
                    for (int i = from; i < from + perThread; i++) {
                        FakeFcContext context = contexts.get(i);
                        handler.handleRequest("work", context);
                        LoopbackJaegerCollector own = collectors.get(endpointOfTrace.get(context.traceIdHex32()));
                        if (own.spansOfTrace(context.traceIdHex32()).size() != 3) {
                            problems.append(context.traceIdHex32()).append(' ');
                        }
                    }
                    return problems.toString();
                }));
            }
            for (Future<String> result : results) {
                String problems = result.get(120, TimeUnit.SECONDS);
                if (!problems.isEmpty()) {
                    incomplete.add(problems);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        StringBuilder where = new StringBuilder();
        for (String line : incomplete) {
            for (String trace : line.trim().split(" ")) {
                where.append(trace)
                        .append(" own=")
                        .append(endpointOfTrace.get(trace))
                        .append(':');
                for (LoopbackJaegerCollector c : collectors) {
                    where.append(' ').append(c.spansOfTrace(trace).size());
                }
                where.append('\n');
            }
        }
        assertThat(incomplete)
                .as("invocations whose 3 spans were not at their own collector when they returned\n" + where
                        + logs.warningMessages() + " dropped=" + FcTracing.droppedSpans())
                .isEmpty();
        int total = 0;
        for (int c = 0; c < collectors.size(); c++) {
            Set<String> foreign = new HashSet<>();
            for (Span span : collectors.get(c).spans()) {
                String trace = traceId(span);
                if (endpointOfTrace.get(trace) != c) {
                    foreign.add(trace);
                }
            }
            assertThat(foreign)
                    .as("traces of other endpoints at collector %d", c)
                    .isEmpty();
            total += collectors.get(c).spans().size();
        }
        assertThat(total).isEqualTo(3 * threads * perThread);
        assertThat(FcTracing.droppedSpans()).isZero();
    }

    @Test
    void aSpanEndingOnAPoolThreadAfterItsInvocationKeepsItsEndpoint() throws Exception {
        LoopbackJaegerCollector a = collectors.get(0);
        LoopbackJaegerCollector b = collectors.get(1);
        FakeFcContext first = Reliability.fc(a.endpoint());
        RoutingHandler handler = new RoutingHandler();

        assertThat(handler.handleRequest("late", first)).isEqualTo("submitted");
        FakeFcContext second = Reliability.fc(b.endpoint());
        assertThat(handler.handleRequest("work", second)).isEqualTo("done");
        RoutingHandler.lateRelease.countDown();
        RoutingHandler.lateTask.get(10, TimeUnit.SECONDS);
        assertThat(FcTracing.flush()).isTrue();

        assertThat(a.spansOfTrace(first.traceIdHex32()))
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder("fn", "late-work");
        assertThat(b.spans()).extracting(Span::getOperationName).containsExactlyInAnyOrder("fn", "outer", "step");
    }

    private static String traceId(Span span) {
        return String.format("%016x%016x", span.getTraceIdHigh(), span.getTraceIdLow());
    }
}
