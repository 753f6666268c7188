package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.context.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One instance serving 100 000 invocations (on 16 threads), all exported: nothing may accumulate. Asserted on retained objects —
 * used heap after full GCs at 10 000 and at 100 000 invocations, spans and contexts of past invocations collected,
 * queue empty, threads and file descriptors constant — not on time.
 */
class LongLivedInstanceTest {

    static final int WARM_UP = 10_000;
    /** Invocations run at once (FC instance concurrency): concurrent flushes share POSTs, which keeps this quick. */
    static final int THREADS = 16;

    static final int TOTAL = 100_000;
    /** A leak of 40 bytes per invocation over the 90 000 measured ones would exceed this. */
    static final long HEAP_TOLERANCE_BYTES = 3_600_000;

    private LogCapture logs;
    private FaultServer sink;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() throws Exception {
        TestSupport.newInstance(Reliability.env());
        logs = LogCapture.start();
        // A collector that answers 202 without decoding: this test is about the instance's memory, not the spans.
        sink = FaultServer.start(FaultServer.Mode.ACCEPT_202);
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        sink.close();
        logs.close();
    }

    @Test
    void aHundredThousandInvocationsRetainNothing() throws Exception {
        long began = System.nanoTime();
        EchoHandler handler = new EchoHandler();
        List<WeakReference<Object>> pastSpans = new ArrayList<>();
        List<WeakReference<Object>> pastContexts = new ArrayList<>();

        runInvocations(handler, 1, WARM_UP, pastSpans, pastContexts);
        long heapAtWarmUp = usedHeapAfterGc();
        long descriptorsAtWarmUp = openFileDescriptors();
        int threadsAtWarmUp = Thread.activeCount();
        runInvocations(handler, WARM_UP + 1, TOTAL, pastSpans, pastContexts);
        long heapAtEnd = usedHeapAfterGc();
        long descriptorsAtEnd = openFileDescriptors();
        long elapsedMs = Reliability.elapsedMillis(began);
        System.out.printf(
                "LongLivedInstanceTest: %d invocations on %d threads in %d ms, %d POSTs; heap after GC %d KB"
                        + " at %d, %d KB at %d; fds %d -> %d%n",
                TOTAL,
                THREADS,
                elapsedMs,
                sink.requests(),
                heapAtWarmUp / 1024,
                WARM_UP,
                heapAtEnd / 1024,
                TOTAL,
                descriptorsAtWarmUp,
                descriptorsAtEnd);

        assertThat(heapAtEnd - heapAtWarmUp)
                .as("heap growth after GC between %d and %d invocations", WARM_UP, TOTAL)
                .isLessThan(HEAP_TOLERANCE_BYTES);
        assertThat(pastSpans).hasSize(TOTAL / 1000);
        assertThat(stillReachableAfterGc(pastSpans))
                .as("handler spans of past invocations still reachable")
                .isZero();
        assertThat(stillReachableAfterGc(pastContexts))
                .as("contexts of past invocations still reachable")
                .isZero();
        InvocationSpanProcessor processor = TracingInstance.current().runtime().processor();
        assertThat(processor.queuedSpans()).isZero();
        assertThat(processor.droppedSpans()).isZero();
        assertThat(processor.failedExports()).isZero();
        assertThat(sink.requests())
                .as("POSTs (concurrent invocations share them)")
                .isPositive();
        assertThat(sink.bodyBytes()).as("bytes exported").isGreaterThan(TOTAL * 3L * 30);
        assertThat(sink.connections()).as("connections reused").isLessThan(10);
        if (descriptorsAtWarmUp >= 0) {
            assertThat(descriptorsAtEnd - descriptorsAtWarmUp)
                    .as("open file descriptors")
                    .isLessThan(20);
        }
        assertThat(Thread.activeCount() - threadsAtWarmUp).as("threads").isLessThanOrEqualTo(2);
        assertThat(Context.current()).isSameAs(Context.root());
        assertThat(logs.warnings()).isEmpty();
        assertThat(elapsedMs).as("wall time, ms").isLessThan(60_000);
    }

    /**
     * Invocations {@code first..last} (inclusive) on {@value #THREADS} threads of a fresh pool; every 1000th keeps
     * weak references to its handler span and context.
     */
    private void runInvocations(
            EchoHandler handler,
            int first,
            int last,
            List<WeakReference<Object>> pastSpans,
            List<WeakReference<Object>> pastContexts)
            throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        List<WeakReference<Object>> spans = Collections.synchronizedList(new ArrayList<>());
        List<WeakReference<Object>> contexts = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    FakeFcContext.Builder builder =
                            FakeFcContext.builder().functionName("fn").jaegerEndpoint(sink.endpoint());
                    for (int i = next.getAndIncrement(); i <= last; i = next.getAndIncrement()) {
                        FakeFcContext context = builder.spanContext(FakeFcContext.randomJaegerSpanContext(i % 2 == 0))
                                .build();
                        boolean remember = i % 1000 == 0;
                        String answer = handler.handleRequest(remember ? "remember" : "ok", context);
                        if (!answer.equals(remember ? "echo:REMEMBER" : "echo:OK")) {
                            throw new AssertionError("invocation " + i + " answered " + answer);
                        }
                        if (remember) {
                            spans.add(EchoHandler.lastSpan.get());
                            contexts.add(EchoHandler.lastContext.get());
                        }
                        if (Context.current() != Context.root()) {
                            throw new AssertionError("invocation " + i + " left a context on its thread");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        pastSpans.addAll(spans);
        pastContexts.addAll(contexts);
    }

    /** The least used heap seen over several full GCs: what is really retained. */
    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** How many of {@code refs} are still set after up to 10 full GCs. */
    private static int stillReachableAfterGc(List<WeakReference<Object>> refs) {
        int alive = refs.size();
        for (int round = 0; round < 10 && alive > 0; round++) {
            System.gc();
            alive = 0;
            for (WeakReference<Object> ref : refs) {
                if (ref.get() != null) {
                    alive++;
                }
            }
        }
        return alive;
    }

    private static long openFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean
                ? ((UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount()
                : -1;
    }
}
