package dev.fctracing.internal.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.JoinPoints;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.ToolkitLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.invocation.FcInvocation;
import dev.fctracing.internal.invocation.InvocationStarter;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aspectj.lang.JoinPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code FcTracing.openTelemetry()} taken before tracing starts (as an instrumented client built in a static
 * initialiser takes it): its tracers and propagators follow the running SDK, whichever it is at the time of use.
 */
class InstanceOpenTelemetryTest {

    static final class Handler {
        void handleRequest(InputStream input, OutputStream output, com.aliyun.fc.runtime.Context context) {}

        void preStop(com.aliyun.fc.runtime.Context context) {}
    }

    private static final JoinPoint.StaticPart HANDLE_REQUEST = JoinPoints.execution(
            Handler.class, "handleRequest", InputStream.class, OutputStream.class, com.aliyun.fc.runtime.Context.class);
    private static final JoinPoint.StaticPart PRE_STOP =
            JoinPoints.execution(Handler.class, "preStop", com.aliyun.fc.runtime.Context.class);

    private LoopbackJaegerCollector collector;

    @BeforeEach
    void setUp() {
        TestSupport.newInstance(Environment.system());
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
    }

    private FakeFcContext traced() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint())
                .build();
    }

    @Test
    void aTracerTakenBeforeTracingStartsRecordsUnderTheInvocationOnceItRuns() {
        OpenTelemetry early = FcTracing.openTelemetry();
        Tracer tracer = early.getTracerProvider()
                .tracerBuilder("early.lib")
                .setInstrumentationVersion("1.2.3")
                .build();
        assertThat(TracingInstance.current().runtime())
                .as("nothing started yet")
                .isNull();
        assertThat(tracer.spanBuilder("before").startSpan().isRecording())
                .as("a no-op before tracing runs")
                .isFalse();

        FakeFcContext fc = traced();
        FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
        try {
            tracer.spanBuilder("inside").startSpan().end();
        } finally {
            invocation.end();
        }

        List<Span> spans = collector.spansOfTrace(fc.traceIdHex32());
        TraceTree tree = TraceTree.of(spans);
        Span handler = tree.byName("fn");
        Span inside = tree.byName("inside");
        assertThat(inside.getParentSpanId()).as("nested under the handler span").isEqualTo(handler.getSpanId());
        assertThat(tag(inside, "otel.library.name")).isEqualTo("early.lib");
        assertThat(tag(inside, "otel.library.version")).isEqualTo("1.2.3");
        assertThat(FcTracing.openTelemetry())
                .as("one object for the life of the JVM")
                .isSameAs(early);
    }

    @Test
    void propagatorsTakenBeforeTracingStartsInjectTheInvocationsSpan() {
        TextMapPropagator propagator =
                FcTracing.openTelemetry().getPropagators().getTextMapPropagator();
        assertThat(propagator.fields()).contains("traceparent", "baggage");
        Map<String, String> before = new HashMap<>();
        propagator.inject(Context.current(), before, Map::put);
        assertThat(before).as("no span, nothing to say").isEmpty();

        FakeFcContext fc = traced();
        Map<String, String> headers = new HashMap<>();
        FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
        String handlerSpanId;
        try {
            handlerSpanId =
                    io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
            propagator.inject(Context.current(), headers, Map::put);
        } finally {
            invocation.end();
        }
        assertThat(headers.get("traceparent")).isEqualTo("00-" + fc.traceIdHex32() + "-" + handlerSpanId + "-01");
    }

    @Test
    void afterPreStopItIsANoOpAndANewInstanceIsFollowed() {
        Tracer tracer = FcTracing.tracer("lib");
        InvocationStarter.begin(traced(), HANDLE_REQUEST).end();
        InvocationStarter.begin(traced(), PRE_STOP).end();
        assertThat(TracingInstance.current().runtime()).isNull();
        assertThat(tracer.spanBuilder("after-stop").startSpan().isRecording()).isFalse();

        TestSupport.newInstance(Environment.system());
        FakeFcContext fc = traced();
        FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
        try {
            tracer.spanBuilder("next-instance").startSpan().end();
        } finally {
            invocation.end();
        }
        assertThat(collector.spansOfTrace(fc.traceIdHex32()))
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder("fn", "next-instance");
    }

    @Test
    void withTheFunctionsOwnOpenTelemetryItRecordsThere() {
        Tracer tracer = FcTracing.tracer("lib");
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        final SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .build();
        FcTracing.useOpenTelemetry(new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        });

        FcInvocation invocation = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        try {
            tracer.spanBuilder("theirs").startSpan().end();
        } finally {
            invocation.end();
        }
        assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName).contains("fn", "theirs");
        provider.close();
    }

    @Test
    void aNoOpPinnedInGlobalOpenTelemetryBeforeTheFirstInvocationIsReported() {
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.get(); // what a library's static initialiser does: the API pins its no-op for good
        try (ToolkitLog log = ToolkitLog.capture()) {
            FakeFcContext fc = traced();
            InvocationStarter.begin(fc, HANDLE_REQUEST).end();

            assertThat(log.containing("GlobalOpenTelemetry holds OpenTelemetry's no-op"))
                    .hasSize(1);
            assertThat(collector.spansOfTrace(fc.traceIdHex32()))
                    .as("fc-tracing's own spans as usual")
                    .hasSize(1);
        } finally {
            GlobalOpenTelemetry.resetForTest();
        }
    }

    private static String tag(Span span, String key) {
        for (Tag tag : span.getTags()) {
            if (tag.getKey().equals(key)) {
                return tag.getVStr();
            }
        }
        return null;
    }
}
