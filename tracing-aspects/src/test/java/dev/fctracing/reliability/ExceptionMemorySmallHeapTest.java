package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.properties.SpanLedger;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, case 2: what tracing keeps of exceptions is bounded. Runs only in a JVM with a 48 MB heap (surefire
 * execution {@code hostile-heap}): 250 caught exceptions with 128 KB messages in one invocation, and recursion to a
 * stack overflow while the collector answers slowly, complete without {@code OutOfMemoryError} (the unwoven function
 * needs a few MB for either). Each invocation runs on a thread of its own, so an {@code OutOfMemoryError} is seen
 * as the invocation's outcome instead of killing the test.
 */
@Tag("xmx48m")
class ExceptionMemorySmallHeapTest {

    static final int EXCEPTIONS = 250;
    static final int MESSAGE_CHARS = 128 * 1024;
    static final int INVOCATIONS = 3;

    private final TaskHandler handler = new TaskHandler();
    private final SpanLedger ledger = new SpanLedger();
    private LogCapture logs;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void runsWithA48MegabyteHeap() {
        Reliability.assertWoven(TaskHandler.class);
        assertThat(Runtime.getRuntime().maxMemory())
                .as("max heap: run by the hostile-heap surefire execution")
                .isLessThanOrEqualTo(56L << 20);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", "1000"));
        FcTracing.addSpanProcessor(ledger);
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
    void twoHundredFiftyCaughtExceptionsWithLargeMessagesFitInTheHeap() throws Exception {
        for (int invocation = 1; invocation <= INVOCATIONS; invocation++) {
            collector.reset();
            OnThread outcome = OnThread.run(
                    0,
                    () -> handler.handleRequest(
                            ops -> {
                                int caught = 0;
                                for (int i = 0; i < EXCEPTIONS; i++) {
                                    try {
                                        ops.fail(new IllegalStateException(message(i)));
                                    } catch (IllegalStateException expected) {
                                        caught++;
                                    }
                                }
                                return caught;
                            },
                            Reliability.fc(collector.endpoint())));

            assertThat(outcome.thrown)
                    .as("invocation %d: thrown into the caller", invocation)
                    .isNull();
            assertThat(outcome.value).isEqualTo(EXCEPTIONS);
        }
        assertThat(ledger.unended().size())
                .as("spans never ended, beyond those counted dropped")
                .isLessThanOrEqualTo((int) FcTracing.droppedSpans());
    }

    @Test
    void recursionToAStackOverflowWithASlowCollectorFitsInTheHeap() throws Exception {
        collector.faults().delayMillis(300);
        for (int invocation = 1; invocation <= INVOCATIONS; invocation++) {
            OnThread outcome = OnThread.run(
                    0,
                    () -> handler.handleRequest(
                            ops -> {
                                try {
                                    ops.dive(0);
                                } catch (StackOverflowError expected) {
                                    return ops.deepest();
                                }
                                return -1;
                            },
                            Reliability.fc(collector.endpoint())));

            assertThat(outcome.thrown)
                    .as("invocation %d: thrown into the caller", invocation)
                    .isNull();
            assertThat((Integer) outcome.value)
                    .as("invocation %d: depth reached", invocation)
                    .isPositive();
        }
        assertThat(ledger.unended().size())
                .as("spans never ended, beyond those counted dropped")
                .isLessThanOrEqualTo((int) FcTracing.droppedSpans());
    }

    /** A distinct message of {@value #MESSAGE_CHARS} chars. */
    private static String message(int i) {
        char[] text = new char[MESSAGE_CHARS];
        Arrays.fill(text, (char) ('a' + i % 26));
        String number = Integer.toString(i);
        number.getChars(0, number.length(), text, 0);
        return new String(text);
    }
}
