package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, case 8: a handler that leaves its thread interrupted — set in the handler, in a {@code @Traced} method,
 * before the invocation, or on its way out with an exception — still has all its spans at the collector when it
 * returns, and the flag is still set. Each invocation runs on a thread of its own; what the thread sees right after
 * {@code handleRequest} returns is what FC would see.
 */
class InterruptedHandlerTest {

    private final TaskHandler handler = new TaskHandler();
    private LogCapture logs;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(TaskHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env());
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
    void aHandlerThatInterruptsItsThreadAndReturnsHasItsSpansAtTheCollector() throws Exception {
        assertSpansOnReturnAndFlagKept(false, ops -> {
            ops.work("a");
            ops.work("b");
            Thread.currentThread().interrupt();
            return "done";
        });
    }

    @Test
    void aTracedMethodThatInterruptsItsThreadLeavesItInterruptedAndTheSpansExported() throws Exception {
        assertSpansOnReturnAndFlagKept(false, ops -> {
            ops.work("a");
            ops.interruptCurrentThread();
            return "done";
        });
    }

    @Test
    void aThreadInterruptedBeforeTheInvocationStaysInterruptedAndItsSpansAreExported() throws Exception {
        assertSpansOnReturnAndFlagKept(true, ops -> {
            ops.work("a");
            ops.work("b");
            return "done";
        });
    }

    @Test
    void anInterruptedHandlerThatThrowsHasItsSpansAtTheCollector() throws Exception {
        IllegalStateException failure = new IllegalStateException("user failure");
        FakeFcContext context = Reliability.fc(collector.endpoint());
        OnThread outcome = OnThread.run(0, () -> {
            try {
                handler.handleRequest(
                        ops -> {
                            ops.work("a");
                            ops.work("b");
                            Thread.currentThread().interrupt();
                            throw failure;
                        },
                        context);
                return "returned";
            } catch (IllegalStateException thrown) {
                return new Object[] {
                    thrown,
                    Thread.interrupted(),
                    collector.spansOfTrace(context.traceIdHex32()).size()
                };
            }
        });
        Object[] seen = (Object[]) outcome.value();
        assertThat(seen[0]).as("the very exception").isSameAs(failure);
        assertThat(seen[1]).as("interrupt flag after the invocation").isEqualTo(true);
        assertThat(seen[2])
                .as("spans at the collector when the invocation threw")
                .isEqualTo(3);
    }

    /**
     * Runs {@code task} in an invocation on a fresh thread (interrupted first if {@code interruptedBefore}) and checks,
     * right after {@code handleRequest} returned there, that its three spans were at the collector and the thread
     * still interrupted.
     */
    private void assertSpansOnReturnAndFlagKept(boolean interruptedBefore, TaskHandler.Task task) throws Exception {
        FakeFcContext context = Reliability.fc(collector.endpoint());
        OnThread outcome = OnThread.run(0, () -> {
            if (interruptedBefore) {
                Thread.currentThread().interrupt();
            }
            Object answer = handler.handleRequest(task, context);
            boolean interrupted = Thread.interrupted();
            List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
            return new Object[] {answer, interrupted, spans.size()};
        });
        Object[] seen = (Object[]) outcome.value();
        assertThat(seen[1])
                .as("interrupt flag after the invocation (answer %s)", seen[0])
                .isEqualTo(true);
        assertThat(seen[2])
                .as("spans at the collector when the invocation returned")
                .isEqualTo(3);
        assertThat(logs.warningMessages()).isEmpty();
    }
}
