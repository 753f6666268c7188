package dev.fctracing.reliability;

import static dev.fctracing.reliability.Reliability.SECRETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.context.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code initialize}, {@code preFreeze}, {@code preStop}, invocations after shutdown, and endpoint changes. */
class LifecycleTest {

    static final long FLUSH_MS = 300;
    static final long MARGIN_MS = 1500;

    private LogCapture logs;
    private LoopbackJaegerCollector collector;
    /** Exporter threads of other tests' runtimes, alive before this test started: not this test's business. */
    private Set<Thread> earlierExporterThreads;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", String.valueOf(FLUSH_MS)));
        earlierExporterThreads = exporterThreads();
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
    void preStopFlushesShutsDownAndLaterInvocationsStillRunUntraced() throws Exception {
        EchoHandler handler = new EchoHandler();
        FakeFcContext init = Reliability.fc(collector.endpoint());
        handler.initialize(init);
        assertThat(collector.spansOfTrace(init.traceIdHex32()))
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder("initialize", "work", "inner");
        Set<Thread> ours = exporterThreads();
        ours.removeAll(earlierExporterThreads);
        assertThat(ours).as("this instance's exporter and watchdog threads").hasSize(2);
        // A span ended outside any invocation (the user's own thread) waits for the next flush.
        FcTracing.tracer("test").spanBuilder("background").startSpan().end();
        assertThat(collector.spans()).extracting(Span::getOperationName).doesNotContain("background");

        FakeFcContext stop = Reliability.fc(collector.endpoint());
        handler.preStop(stop);

        assertThat(collector.spans()).extracting(Span::getOperationName).contains("background");
        assertThat(collector.spansOfTrace(stop.traceIdHex32()))
                .extracting(Span::getOperationName)
                .containsExactly("preStop");
        assertThat(TracingInstance.current().runtime()).as("shut down").isNull();
        assertThat(awaitNoExporterThreads(10_000))
                .as("exporter and watchdog threads ended")
                .isTrue();

        int posts = collector.postCount();
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handleRequest("after" + i, Reliability.fc(collector.endpoint())))
                    .isEqualTo("echo:AFTER" + i);
            assertThat(Context.current()).isSameAs(Context.root());
        }
        io.opentelemetry.api.trace.Span manual =
                FcTracing.tracer("test").spanBuilder("after-stop").startSpan();
        assertThat(manual.getSpanContext().isValid())
                .as("no-op tracing after shutdown")
                .isFalse();
        manual.end();
        assertThat(FcTracing.flush()).isTrue();
        handler.preFreeze(Reliability.fc(collector.endpoint()));
        handler.preStop(Reliability.fc(collector.endpoint()));
        assertThat(collector.postCount()).as("nothing sent after shutdown").isEqualTo(posts);
        assertThat(TracingInstance.current().runtime()).isNull();
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void preStopAgainstADeadCollectorReturnsWithinItsBudget() throws Exception {
        try (FaultServer blackHole = FaultServer.start(FaultServer.Mode.BLACKHOLE)) {
            EchoHandler handler = new EchoHandler();
            handler.handleRequest("x", Reliability.fc(blackHole.endpoint()));
            FcTracing.tracer("test").spanBuilder("background").startSpan().end();

            long start = System.nanoTime();
            handler.preStop(Reliability.fc(blackHole.endpoint()));
            long elapsed = Reliability.elapsedMillis(start);

            // preStop's own flush, then shutdown's flush and exporter grace period (each within the budget).
            assertThat(elapsed).as("preStop, ms").isLessThan(3 * FLUSH_MS + MARGIN_MS);
            assertThat(TracingInstance.current().runtime()).isNull();
            assertThat(handler.handleRequest("after", Reliability.fc(collector.endpoint())))
                    .isEqualTo("echo:AFTER");
            logs.assertNoSecrets(Reliability.secrets(SECRETS, collector));
            logs.assertNoUncaughtExceptions();
        }
    }

    @Test
    void preFreezeFlushesWhatEndedOutsideInvocations() {
        EchoHandler handler = new EchoHandler();
        handler.handleRequest("x", Reliability.fc(collector.endpoint()));
        collector.reset();
        for (int i = 0; i < 5; i++) {
            FcTracing.tracer("test").spanBuilder("background-" + i).startSpan().end();
        }
        assertThat(collector.postCount()).isZero();

        handler.preFreeze(FakeFcContext.builder().noTracing().build());

        assertThat(collector.spans())
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder(
                        "background-0", "background-1", "background-2", "background-3", "background-4");
        assertThat(TracingInstance.current().runtime())
                .as("still running after preFreeze")
                .isNotNull();
        FakeFcContext next = Reliability.fc(collector.endpoint());
        assertThat(handler.handleRequest("next", next)).isEqualTo("echo:NEXT");
        assertThat(collector.spansOfTrace(next.traceIdHex32()))
                .as("FCTRACING_EXPORT=auto: once FC has called preFreeze, invocations leave their spans to it")
                .isEmpty();
        handler.preFreeze(FakeFcContext.builder().noTracing().build());
        assertThat(collector.spansOfTrace(next.traceIdHex32())).hasSize(3);
    }

    @Test
    void aChangedEndpointIsFollowedAndARefusedOneDoesNotStick() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (LoopbackJaegerCollector second = LoopbackJaegerCollector.start()) {
            FakeFcContext first = Reliability.fc(collector.endpoint());
            handler.handleRequest("one", first);
            FakeFcContext moved = Reliability.fc(second.endpoint());
            handler.handleRequest("two", moved);
            FakeFcContext refused = Reliability.fc("ftp://127.0.0.1:" + second.port() + Reliability.TRACES_PATH);
            assertThat(handler.handleRequest("three", refused)).isEqualTo("echo:THREE");
            FakeFcContext back = Reliability.fc(collector.endpoint());
            handler.handleRequest("four", back);

            assertThat(collector.spansOfTrace(first.traceIdHex32())).hasSize(3);
            assertThat(second.spansOfTrace(moved.traceIdHex32())).hasSize(3);
            assertThat(collector.spansOfTrace(back.traceIdHex32())).hasSize(3);
            assertThat(collector.spansOfTrace(moved.traceIdHex32())).isEmpty();
            assertThat(second.spansOfTrace(back.traceIdHex32())).isEmpty();
            assertThat(collector.spansOfTrace(refused.traceIdHex32()))
                    .as("refused: untraced")
                    .isEmpty();
            assertThat(second.spansOfTrace(refused.traceIdHex32())).isEmpty();
            assertThat(TracingInstance.current().runtime().processor().queuedSpans())
                    .isZero();
            assertThat(logs.warningMessages())
                    .hasSize(1)
                    .allSatisfy(m -> assertThat(m).contains("refused"));
            logs.assertNoSecrets(Reliability.secrets(SECRETS, collector, second));
        }
    }

    @Test
    void aNewInstanceAfterPreStopTracesAgainWithItsOwnEndpoint() throws Exception {
        EchoHandler handler = new EchoHandler();
        handler.handleRequest("x", Reliability.fc(collector.endpoint()));
        handler.preStop(Reliability.fc(collector.endpoint()));
        assertThat(TracingInstance.current().runtime()).isNull();

        // What FC does next is start a new instance (a new JVM); resetForTesting stands in for that.
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", String.valueOf(FLUSH_MS)));
        try (LoopbackJaegerCollector other = LoopbackJaegerCollector.start()) {
            FakeFcContext context = Reliability.fc(other.endpoint());
            assertThat(handler.handleRequest("again", context)).isEqualTo("echo:AGAIN");
            List<Span> spans = other.spansOfTrace(context.traceIdHex32());
            assertThat(spans).hasSize(3);
            assertThat(Reliability.stringTag(Reliability.named(spans, "fn"), "faas.invocation_id"))
                    .isEqualTo(context.getRequestId());
        }
    }

    /** Waits until no exporter thread started by this test is alive (they end once their exporter is shut down). */
    private boolean awaitNoExporterThreads(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            Set<Thread> alive = exporterThreads();
            alive.removeAll(earlierExporterThreads);
            if (alive.isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static Set<Thread> exporterThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()
                    && (thread.getName().equals(JaegerThriftHttpExporter.THREAD_NAME)
                            || thread.getName().equals(JaegerThriftHttpExporter.THREAD_NAME + "-watchdog"))) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
