package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.properties.Gate;
import dev.fctracing.properties.HostileException;
import dev.fctracing.properties.Hostility;
import dev.fctracing.properties.SpanLedger;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, case 6: every span tracing starts ends, whatever the user's exception does when tracing looks at it —
 * {@code toString}, {@code getMessage}, {@code getLocalizedMessage}, {@code getCause}, {@code getStackTrace},
 * {@code hashCode}, {@code equals} that throw, block for good, recurse or answer huge values, and cyclic causes —
 * the caller gets the very exception, and a blocking method costs a bounded time. Failure messages never print the
 * exceptions (their {@code toString} may be the misbehaving method).
 */
class HostileExceptionTest {

    /** Longest two invocations may take: the contract allows ~100 ms each; this only catches a hang. */
    static final long BOUND_MILLIS = 2_000;

    private final TaskHandler handler = new TaskHandler();
    private final SpanLedger ledger = new SpanLedger();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private LogCapture logs;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(TaskHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("OTEL_TRACES_EXPORTER", "none"));
        FcTracing.addSpanProcessor(ledger);
        FcTracing.addSpanExporter(exporter);
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        logs.close();
    }

    /** The reproduction: the span of a method throwing such an exception was never ended nor exported. */
    @Test
    void aTracedMethodThrowingAnExceptionWhoseGetMessageThrowsEndsItsSpan() {
        RuntimeException thrown = new WarningFloodTest.ThrowingMessageException();
        Object caught = handler.handleRequest(
                ops -> {
                    try {
                        ops.fail(thrown);
                    } catch (RuntimeException e) {
                        return e;
                    }
                    return null;
                },
                fc());

        assertThat(caught == thrown).as("the caller got the very exception").isTrue();
        assertThat(ledger.unended()).as("spans never ended").isEmpty();
        List<String> exported = new ArrayList<>();
        for (SpanData span : exporter.getFinishedSpanItems()) {
            exported.add(span.getName());
        }
        assertThat(exported).containsExactlyInAnyOrder("fn", "fail");
    }

    static Stream<Hostility> hostilities() {
        List<Hostility> all = new ArrayList<>();
        for (Hostility.Method method : Hostility.Method.values()) {
            if (method == Hostility.Method.CYCLES) {
                all.add(new Hostility(method, Hostility.Mode.THROW));
                continue;
            }
            for (Hostility.Mode mode : Hostility.Mode.values()) {
                all.add(new Hostility(method, mode));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilities")
    void everyMisbehavingExceptionLeavesTheCallerAndTheSpansIntact(Hostility hostility) throws Exception {
        Gate gate = new Gate();
        try {
            HostileException caughtInside = new HostileException(hostility, gate);
            HostileException leaving = new HostileException(hostility, gate);
            OnThread outcome = OnThread.run(
                    () -> {
                        Object first = handler.handleRequest(
                                ops -> {
                                    try {
                                        ops.fail(caughtInside);
                                    } catch (HostileException e) {
                                        return e;
                                    }
                                    return null;
                                },
                                fc());
                        Object second = null;
                        try {
                            handler.handleRequest(
                                    ops -> {
                                        ops.fail(leaving);
                                        return null;
                                    },
                                    fc());
                        } catch (HostileException e) {
                            second = e;
                        }
                        return new Object[] {first, second};
                    },
                    BOUND_MILLIS,
                    gate::open);

            assertThat(outcome.hung)
                    .as("two invocations still running after %d ms", BOUND_MILLIS)
                    .isFalse();
            assertThat(outcome.thrown == null)
                    .as(
                            "the invocations threw %s",
                            outcome.thrown == null
                                    ? ""
                                    : outcome.thrown.getClass().getName())
                    .isTrue();
            Object[] seen = (Object[]) outcome.value;
            assertThat(seen[0] == caughtInside)
                    .as("the handler caught the very exception")
                    .isTrue();
            assertThat(seen[1] == leaving)
                    .as("handleRequest threw the very exception")
                    .isTrue();
            assertThat(ledger.unended().size())
                    .as("spans never ended, beyond those counted dropped")
                    .isLessThanOrEqualTo((int) FcTracing.droppedSpans());
        } finally {
            gate.open();
        }
    }

    private static FakeFcContext fc() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .build();
    }
}
