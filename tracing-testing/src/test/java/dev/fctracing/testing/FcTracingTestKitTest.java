package dev.fctracing.testing;

import static dev.fctracing.testing.TestSpans.batch;
import static dev.fctracing.testing.TestSpans.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.fctracing.internal.TestSupport;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain API against a stand-in {@code TestSupport} (test sources, {@code dev.fctracing.internal}) that records
 * what the kit asks of fc-tracing's instance; tracing-aspects tests the kit against the real one.
 */
class FcTracingTestKitTest {

    @BeforeEach
    void clearCalls() {
        TestSupport.clear();
    }

    @Test
    void startGivesAFreshInstanceReadingNoVariableAndCloseRestoresTheProcessEnvironment() {
        FcTracingTestKit kit = FcTracingTestKit.start();
        assertThat(TestSupport.calls()).containsExactly("newInstance Environment.of{}");
        assertThat(kit.env()).isEmpty();

        kit.close();
        assertThat(TestSupport.calls())
                .containsExactly(
                        "newInstance Environment.of{}", "awaitWeavingCheck 5000", "newInstance Environment.system()");
        kit.close();
        assertThat(TestSupport.calls()).as("close is idempotent").hasSize(3);
        assertThatThrownBy(kit::newContext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void environmentVariablesReachTheInstanceAndNewInstanceKeepsOrReplacesThem() {
        try (FcTracingTestKit kit = FcTracingTestKit.builder()
                .env("FCTRACING_EXPORT", "deferred")
                .env("OTEL_SERVICE_NAME", "svc")
                .start()) {
            assertThat(TestSupport.current.get("FCTRACING_EXPORT")).isEqualTo("deferred");
            assertThat(TestSupport.current.get("OTEL_SERVICE_NAME")).isEqualTo("svc");
            assertThat(TestSupport.current.get("PATH"))
                    .as("never the process's")
                    .isNull();

            TestSupport.invocations = 3;
            kit.newInstance();
            assertThat(TestSupport.invocations).isZero();
            assertThat(TestSupport.current.get("FCTRACING_EXPORT")).isEqualTo("deferred");

            Map<String, String> env = new LinkedHashMap<>();
            env.put("OTEL_SDK_DISABLED", "true");
            kit.newInstance(env);
            env.put("LATER", "ignored");
            assertThat(TestSupport.current.get("OTEL_SDK_DISABLED")).isEqualTo("true");
            assertThat(TestSupport.current.get("FCTRACING_EXPORT")).isNull();
            assertThat(TestSupport.current.get("LATER")).as("copied").isNull();
            kit.newInstance();
            assertThat(kit.env()).containsExactly(entry("OTEL_SDK_DISABLED", "true"));
        }
        assertThat(TestSupport.current.toString()).isEqualTo("Environment.system()");
        assertThatThrownBy(() -> FcTracingTestKit.builder().env("A", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void contextsPointAtTheKitsCollectorAndTheTraceIsWhatArrivedForThem() {
        FcTracingTestKit kit = FcTracingTestKit.start();
        String endpoint = kit.collector().endpoint();
        try {
            FakeFcContext context = kit.context().functionName("fn").build();
            FakeFcContext other = kit.newContext();
            assertThat(context.getTracing().getJaegerEndpoint()).isEqualTo(endpoint);
            assertThat(context.traceIdHex32())
                    .isNotEqualTo(other.traceIdHex32())
                    .doesNotStartWith("0000000000000000");
            assertThat(kit.trace(context).isEmpty()).isTrue();

            // What a woven handler would send: a handler span under FC's span and a child under it.
            Span handler = span(context, "fn", 0x11, context.spanId(), 0, 10_000);
            Span child = span(context, "step", 0x12, 0x11, 1_000, 2_000);
            Tag quantity = new Tag("quantity", TagType.LONG);
            quantity.setVLong(3);
            child.addToTags(quantity);
            assertThat(post(
                                    endpoint,
                                    JaegerThriftReference.serialize(batch("svc", child, handler)),
                                    "application/x-thrift")
                            .status)
                    .isEqualTo(202);

            ReceivedTrace trace = kit.trace(context);
            assertThat(trace.spans()).containsExactly(child, handler);
            assertThat(trace.problems()).isEmpty();
            assertThat(trace.handlerSpan()).isEqualTo(handler);
            assertThat(trace.span("step")).isEqualTo(child);
            assertThat(trace.parentOf(child)).isEqualTo(handler);
            assertThat(trace.childrenOf(handler)).containsExactly(child);
            assertThat(ReceivedTrace.tags(child)).containsExactly(entry("quantity", 3L));
            assertThat(ReceivedTrace.tag(child, "missing")).isNull();
            assertThat(trace.waterfall())
                    .startsWith("(FC system span " + context.spanIdHex16() + ", not received)\n  fn ");
            assertThat(trace.toString()).isEqualTo(trace.waterfall());
            assertThat(kit.trace(other).isEmpty()).isTrue();
            assertThat(kit.awaitTrace(context, 2, 10).spans()).hasSize(2);
            assertThat(kit.awaitTrace(context, 3, 100).spans())
                    .as("fewer when time runs out")
                    .hasSize(2);
            assertThat(kit.spans()).hasSize(2);
            assertThat(kit.toString())
                    .doesNotContain(kit.collector().secrets().get(0))
                    .doesNotContain(kit.collector().secrets().get(1));
        } finally {
            kit.close();
        }
        assertThat(post(endpoint, new byte[] {0}, "application/x-thrift").error).isInstanceOf(ConnectException.class);
    }

    @Test
    void theLogIsWhatFcTracingLoggedWhileTheKitWasOpen() {
        Logger toolkit = Logger.getLogger("dev.fctracing");
        toolkit.warning("before");
        FcTracingTestKit kit = FcTracingTestKit.start();
        toolkit.warning("export failed");
        toolkit.log(Level.WARNING, "with a cause", new IllegalStateException("outer", new RuntimeException("inner")));
        Logger.getLogger("other").warning("not fc-tracing's");
        kit.close();
        toolkit.warning("after");

        assertThat(kit.log())
                .containsExactly(
                        "WARNING: export failed",
                        "WARNING: with a cause | java.lang.IllegalStateException: outer | java.lang.RuntimeException: inner");
    }

    @Test
    void aTraceThatDoesNotHangUnderFcsSpanHasProblems() {
        try (FcTracingTestKit kit = FcTracingTestKit.start()) {
            FakeFcContext context = kit.newContext();
            Span root = span(context, "root", 0x21, 0, 0, 1_000);
            Span stray = span(context, "stray", 0x22, 0x99, 0, 1_000);
            post(
                    kit.collector().endpoint(),
                    JaegerThriftReference.serialize(batch("svc", root, stray)),
                    "application/x-thrift");

            ReceivedTrace trace = kit.trace(context);
            assertThat(trace.problems())
                    .containsExactly(
                            "span 'root' (0000000000000021) is a root span, not a child of FC's span "
                                    + context.spanIdHex16(),
                            "span 'stray' (0000000000000022) has parent 0000000000000099, which was not received and is not"
                                    + " FC's span " + context.spanIdHex16());
            assertThatThrownBy(trace::handlerSpan)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("0 spans have FC's span " + context.spanIdHex16() + " as parent");
        }
    }

    private static Span span(FakeFcContext context, String name, long id, long parent, long start, long duration) {
        Span span = new Span(
                context.traceIdLow(), context.traceIdHigh(), id, parent, name, 1, TestSpans.T0 + start, duration);
        if (parent != 0) {
            span.addToReferences(
                    new SpanRef(SpanRefType.CHILD_OF, context.traceIdLow(), context.traceIdHigh(), parent));
        }
        return span;
    }
}
