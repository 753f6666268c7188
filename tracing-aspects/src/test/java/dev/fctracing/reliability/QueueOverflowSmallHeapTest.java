package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bursts far beyond {@code OTEL_BSP_MAX_QUEUE_SIZE}: memory stays bounded, the excess is dropped, counted
 * ({@code processor().droppedSpans()}) and logged with its count at most once a minute (the lines held back are
 * counted in the next one), and the next invocation exports
 * normally. Runs in its own JVM with {@code -Xmx64m} (surefire execution {@code small-heap} in this module's pom):
 * a queue that kept every ended span runs out of memory on the first burst (checked: with a 1 Mi-span queue the
 * JVM throws {@code OutOfMemoryError}).
 */
@Tag("small-heap")
class QueueOverflowSmallHeapTest {

    static final int QUEUE = 64;
    static final int BATCH = 32;
    static final int BURST = 300_000;
    static final Pattern DROPPED = Pattern.compile("^(\\d+) spans dropped: more than " + QUEUE + " spans or about");

    private LogCapture logs;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void runsWithASmallHeap() {
        Reliability.assertWoven(EchoHandler.class);
        assertThat(Runtime.getRuntime().maxMemory())
                .as("max heap: run by the small-heap surefire execution")
                .isLessThanOrEqualTo(80L << 20);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env(
                "OTEL_BSP_MAX_QUEUE_SIZE",
                String.valueOf(QUEUE),
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                String.valueOf(BATCH),
                "FCTRACING_FLUSH_TIMEOUT_MS",
                "3000"));
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
    void aBurstFarBeyondTheQueueIsDroppedCountedAndLoggedOnceAMinute() {
        EchoHandler handler = new EchoHandler();
        for (int burst = 1; burst <= 3; burst++) {
            int mark = logs.mark();
            collector.reset();
            long droppedBefore = droppedSpans();

            FakeFcContext context = Reliability.fc(collector.endpoint());
            assertThat(handler.handleRequest("burst:" + BURST, context)).isEqualTo("burst:" + sum(BURST));

            // BURST tiny spans then the handler span ended; the queue held the first QUEUE of them until the flush.
            long dropped = droppedSpans() - droppedBefore;
            assertThat(dropped).as("burst %d: dropped", burst).isEqualTo(BURST + 1 - QUEUE);
            assertThat(collector.spansOfTrace(context.traceIdHex32()))
                    .as("burst %d: exported", burst)
                    .hasSize(QUEUE)
                    .allSatisfy(span -> assertThat(span.getOperationName()).isEqualTo("tiny"));
            List<String> warnings = logs.warningsSince(mark);
            if (burst == 1) {
                assertThat(warnings).as("burst 1: one line for the flush").hasSize(1);
                Matcher count = DROPPED.matcher(warnings.get(0));
                assertThat(count.find()).as(warnings.get(0)).isTrue();
                assertThat(Long.parseLong(count.group(1))).isEqualTo(dropped);
            } else {
                assertThat(warnings)
                        .as("burst %d: within a minute of the first line, held back", burst)
                        .isEmpty();
            }
            assertThat(TracingInstance.current().runtime().processor().queuedSpans())
                    .isZero();
        }

        // Back to normal: all spans of an ordinary invocation exported, nothing dropped, nothing logged.
        int mark = logs.mark();
        long droppedBefore = droppedSpans();
        FakeFcContext normal = Reliability.fc(collector.endpoint());
        assertThat(handler.handleRequest("ok", normal)).isEqualTo("echo:OK");
        List<Span> spans = collector.spansOfTrace(normal.traceIdHex32());
        assertThat(spans).extracting(Span::getOperationName).containsExactlyInAnyOrder("fn", "work", "inner");
        assertThat(droppedSpans()).isEqualTo(droppedBefore);
        assertThat(logs.warningsSince(mark)).isEmpty();
        System.out.printf(
                "QueueOverflowSmallHeapTest: %d spans ended in 3 bursts, max heap %d MB, peak heap used %d MB%n",
                3L * (BURST + 1), Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed() >> 20);
    }

    @Test
    void concurrentBurstsCountEverySpanExactlyOnce() throws Exception {
        int threads = 8;
        int perInvocation = 40_000;
        EchoHandler handler = new EchoHandler();
        List<FakeFcContext> contexts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            contexts.add(Reliability.fc(collector.endpoint()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (FakeFcContext context : contexts) {
                answers.add(pool.submit(() -> handler.handleRequest("burst:" + perInvocation, context)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("burst:" + sum(perInvocation));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        long ended = (long) threads * (perInvocation + 1);
        InvocationSpanProcessor processor = TracingInstance.current().runtime().processor();
        assertThat(processor.queuedSpans()).isZero();
        assertThat(collector.spans().size() + processor.droppedSpans())
                .as("exported + dropped")
                .isEqualTo(ended);
        assertThat(collector.spans().size()).isPositive();
        long logged = 0;
        for (String warning : logs.warningMessages()) {
            Matcher count = DROPPED.matcher(warning);
            if (count.find()) {
                logged += Long.parseLong(count.group(1));
            }
        }
        assertThat(logged)
                .as("dropped spans reported in the log (the first flush that dropped)")
                .isPositive()
                .isLessThanOrEqualTo(processor.droppedSpans());
        assertThat(logs.warningMessages()).as("one line a minute").hasSize(1);
    }

    /** The programmatic count (internal API; 0 before the runtime started). */
    /** The public count must agree with the processor's own. */
    private static long droppedSpans() {
        TracingRuntime runtime = TracingInstance.current().runtime();
        long internal = runtime == null ? 0 : runtime.processor().droppedSpans();
        assertThat(dev.fctracing.FcTracing.droppedSpans()).isEqualTo(internal);
        return internal;
    }

    private static long sum(int n) {
        return (long) n * (n - 1) / 2;
    }

    private static long peakHeapUsed() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
