package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Woven {@code @Traced} methods in a JVM where no FC invocation was ever bound: the one warning that says why there
 * are no spans, and the cases that must stay quiet. The instance's clock is the test's, so that 30 s pass at once.
 */
class NoInvocationBoundTest {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));
    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger toolkit = Logger.getLogger("dev.fctracing");
    private LoopbackJaegerCollector collector;
    /** Unbound {@code @Traced} calls made through {@link #untracedCalls} since the instance was made. */
    private int calls;

    @BeforeEach
    void start() {
        newInstance(Collections.emptyMap());
        collector = LoopbackJaegerCollector.start();
        toolkit.addHandler(capture);
    }

    @AfterEach
    void stop() {
        toolkit.removeHandler(capture);
        collector.close();
        TestSupport.newInstance(Environment.system());
    }

    private void newInstance(Map<String, String> env) {
        TestSupport.newInstance(Environment.of(env), nanos::get);
        calls = 0;
    }

    private void pass(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** As many unbound {@code @Traced} calls again as so far (at least one), so that the count passes a power of two. */
    private void untracedCalls() {
        untracedCalls(Math.max(1, calls));
    }

    private void untracedCalls(int more) {
        for (int i = 0; i < more; i++) {
            assertThat(new StreamHandler().outer("x")).isEqualTo("hello X");
        }
        calls += more;
    }

    private List<String> warnings() {
        List<String> out = new ArrayList<>();
        synchronized (logs) {
            for (LogRecord r : logs) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    out.add(r.getMessage());
                }
            }
        }
        return out;
    }

    private FakeFcContext context() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint())
                .build();
    }

    @Test
    void aHandlerWithoutFcHandlerIsNamedOnItsFirstTracedCall() {
        assertThat(new UnannotatedHandler().handleRequest("a", context())).isEqualTo("a");

        assertThat(warnings())
                .containsExactly(
                        "@Traced methods record no spans: they ran inside dev.fctracing.it.UnannotatedHandler.handleRequest, an"
                                + " FC entry point, and no FC invocation was bound because dev.fctracing.it.UnannotatedHandler is not"
                                + " annotated @FcHandler — annotate the class FC invokes with @FcHandler (and weave it with"
                                + " aspectj-maven-plugin)");
        assertThat(collector.postCount()).isZero();
    }

    @Test
    void theWarningIsLoggedOncePerInstance() {
        for (int i = 0; i < 100; i++) {
            pass(10);
            new UnannotatedHandler().handleRequest("a", context());
            untracedCalls(100);
        }

        assertThat(warnings()).hasSize(1);
    }

    @Test
    void tracedCallsOutsideAnyFcEntryPointWarnAfterThirtySecondsWithoutAnInvocation() {
        untracedCalls(); // e.g. a static initialiser
        pass(29);
        untracedCalls();
        untracedCalls();
        assertThat(warnings())
                .as("legitimate until then: start-up before the first invocation")
                .isEmpty();

        pass(1);
        untracedCalls();

        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0))
                .startsWith("@Traced methods record no spans: for 30 s they have run outside any FC invocation"
                        + " (dev.fctracing.it.StreamHandler.")
                .contains(
                        " among them) and no invocation has been bound in this JVM — the class FC invokes must be annotated"
                                + " @FcHandler and woven (aspectj-maven-plugin); in a custom runtime, bind each request with"
                                + " dev.fctracing.servlet.FcTracingFilter or CustomRuntimeTracing.start(headers).");
    }

    @Test
    void anInvocationBoundBeforeThenSilencesTheWatchForGood() {
        untracedCalls(); // before the first invocation
        pass(5);
        assertThat(new PojoHandler().handleRequest("abc", context())).isEqualTo(3);
        assertThat(collector.spans()).isNotEmpty();

        for (int i = 0; i < 10; i++) {
            pass(60);
            untracedCalls(); // the function's own threads, without the invocation's context
            new UnannotatedHandler().handleRequest("a", context()); // a second, unannotated handler class
        }

        assertThat(warnings()).isEmpty();
    }

    @Test
    void anUntracedInvocationCountsAsBoundToo() {
        // FC passed no Jaeger endpoint: tracing is off and said so (INFO); the watch adds nothing.
        new PojoHandler()
                .handleRequest("abc", FakeFcContext.builder().functionName("fn").build());
        pass(60);
        untracedCalls();
        untracedCalls();

        assertThat(warnings()).isEmpty();
    }

    @Test
    void disabledTracingSaysNothing() {
        Map<String, String> env = new HashMap<>();
        env.put(TracingConfig.SDK_DISABLED, "true");
        newInstance(env);

        new UnannotatedHandler().handleRequest("a", context());
        untracedCalls();
        pass(60);
        untracedCalls();
        untracedCalls();

        assertThat(warnings()).isEmpty();
        assertThat(logs).isEmpty();
    }

    @Test
    void whileWatchingAnUnboundTracedCallAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Counter target = new Counter();
        // Warm up past the first checks (they may allocate: the stack is looked at), then measure 2^20 calls, of
        // which one passes a power of two and reads the clock (a fake one here: no allocation either).
        for (int i = 0; i < 1 << 16; i++) {
            target.next(i);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long sum = 0;
        for (int i = 0; i < 1 << 20; i++) {
            sum += target.next(4);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertThat(sum).isEqualTo((1L << 20) * 5);
        // One allocated object per call would be at least 16 MB; the bound leaves room for what the JVM itself
        // allocates
        // on this thread while measuring (a few hundred bytes to a few KB).
        assertThat(allocated)
                .as("bytes allocated by 2^20 unbound @Traced calls")
                .isLessThan(64 * 1024);
    }

    /** A woven {@code @Traced} method whose own body allocates nothing. */
    static final class Counter {
        @dev.fctracing.annotations.Traced
        long next(long x) {
            return x + 1;
        }
    }
}
