package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aspects woven (by ajc at test-compile) into small handlers, run against the real SDK, the real Jaeger
 * exporter and a loopback collector that decodes with the reference Thrift model.
 */
class WovenHandlerTest {

    private LoopbackJaegerCollector collector;
    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Environment.system());
        collector = LoopbackJaegerCollector.start();
        Logger.getLogger("dev.fctracing").addHandler(logCapture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("dev.fctracing").removeHandler(logCapture);
        collector.close();
        TestSupport.newInstance(Environment.system());
    }

    private FakeFcContext.Builder fc() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint());
    }

    private static String stream(FakeFcContext context, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new StreamHandler()
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void staticPrivateAndInstanceMethodsNestUnderTheHandlerSpan() throws IOException {
        FakeFcContext context = fc().baggageItem("tenant", "acme").build();

        assertThat(stream(context, "hi")).isEqualTo("hello HI");

        List<Span> spans = collector.spans();
        TraceTree tree = TraceTree.of(spans);
        assertThat(tree.problems()).isEmpty();
        assertThat(spans)
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder(
                        "fn", "outer", "StreamHandler.staticMiddle", "private-inner", "instance-client");
        Span handler = tree.byName("fn");
        assertThat(handler.getParentSpanId()).isEqualTo(context.spanId());
        assertThat(tree.byName("outer").getParentSpanId()).isEqualTo(handler.getSpanId());
        Span middle = tree.byName("StreamHandler.staticMiddle");
        assertThat(middle.getParentSpanId()).isEqualTo(tree.byName("outer").getSpanId());
        assertThat(tree.byName("private-inner").getParentSpanId()).isEqualTo(middle.getSpanId());
        Span client = tree.byName("instance-client");
        assertThat(client.getParentSpanId()).isEqualTo(tree.byName("outer").getSpanId());
        assertThat(tag(client, "span.kind").getVStr()).isEqualTo("client");
        assertThat(tagOrNull(middle, "span.kind"))
                .as("internal spans carry no kind tag")
                .isNull();
        assertThat(StreamHandler.seenBaggage.get()).isEqualTo("acme");
        assertThat(collector.postCount()).isEqualTo(1);
        assertThat(Context.current()).as("scope closed after the invocation").isSameAs(Context.root());
    }

    @Test
    void anUncheckedExceptionReachesTheCallerUnchangedAndBothSpansAreMarkedFailed() {
        FakeFcContext context = fc().build();

        Throwable thrown = catchThrowable(() -> stream(context, "fail"));

        assertThat(thrown).isSameAs(StreamHandler.USER_FAILURE);
        TraceTree tree = TraceTree.of(collector.spans());
        for (String name : new String[] {"fn", "failing"}) {
            Span span = tree.byName(name);
            assertThat(tag(span, "otel.status_code").getVStr()).as(name).isEqualTo("ERROR");
            assertThat(tag(span, "error").isVBool()).as(name).isTrue();
            assertThat(exceptionEvent(span))
                    .as(name)
                    .containsEntry("exception.type", "java.lang.IllegalStateException")
                    .containsEntry("exception.message", "user failure");
        }
        assertThat(Context.current()).isSameAs(Context.root());
    }

    @Test
    void aCheckedExceptionFromTheHandlerReachesTheCallerUnchanged() {
        FakeFcContext context = fc().build();

        Throwable thrown = catchThrowable(() -> stream(context, "checked"));

        assertThat(thrown).isSameAs(StreamHandler.CHECKED_FAILURE);
        Span handler = TraceTree.of(collector.spans()).byName("fn");
        assertThat(tag(handler, "otel.status_code").getVStr()).isEqualTo("ERROR");
        assertThat(exceptionEvent(handler)).containsEntry("exception.type", "java.io.IOException");
    }

    @Test
    void withoutTracingTheHandlerRunsAndNothingIsSentOrStarted() throws IOException {
        assertThat(stream(FakeFcContext.builder().noTracing().build(), "a")).isEqualTo("hello A");
        assertThat(stream(
                        FakeFcContext.builder()
                                .spanContext("")
                                .jaegerEndpoint("")
                                .build(),
                        "b"))
                .isEqualTo("hello B");
        assertThat(stream(
                        FakeFcContext.builder()
                                .spanContext(null)
                                .jaegerEndpoint(null)
                                .build(),
                        "c"))
                .isEqualTo("hello C");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new StreamHandler().handleRequest(new ByteArrayInputStream("d".getBytes(StandardCharsets.UTF_8)), output, null);
        assertThat(output.toString("UTF-8")).isEqualTo("hello D");

        assertThat(collector.postCount()).isZero();
        assertThat(TracingInstance.current().runtime())
                .as("no SDK started for untraced invocations")
                .isNull();
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("null FC Context"));
    }

    @Test
    void aMalformedFcSpanContextIsLoggedAndTheInvocationStartsItsOwnTrace() throws IOException {
        FakeFcContext context = fc().spanContext("not-a-span-context").build();

        assertThat(stream(context, "x")).isEqualTo("hello X");

        List<Span> spans = collector.spans();
        assertThat(spans).hasSize(5);
        assertThat(TraceTree.of(spans).problems()).isEmpty();
        assertThat(TraceTree.of(spans).byName("fn").getParentSpanId()).isZero();
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("FC span context ignored"));
    }

    @Test
    void anUnsampledFcSpanSendsNothing() throws IOException {
        FakeFcContext context =
                fc().spanContext("124ed43254b54966:124ed43254b54966:0:0").build();

        assertThat(stream(context, "x")).isEqualTo("hello X");

        assertThat(collector.postCount()).isZero();
    }

    @Test
    void aGenericPojoHandlerMakesOneHandlerSpanDespiteItsBridgeMethod() {
        FakeFcContext context = fc().build();

        assertThat(new PojoHandler().handleRequest("four", context)).isEqualTo(4);

        List<Span> spans = collector.spans();
        assertThat(spans).extracting(Span::getOperationName).containsExactlyInAnyOrder("fn", "PojoHandler.length");
        assertThat(TraceTree.of(spans).byName("PojoHandler.length").getParentSpanId())
                .isEqualTo(TraceTree.of(spans).byName("fn").getSpanId());
    }

    @Test
    void anHttpHandlerIsTraced() throws Exception {
        new HttpHandler().handleRequest(null, null, fc().build());

        assertThat(collector.spans()).extracting(Span::getOperationName).containsExactly("fn");
    }

    @Test
    void aNestedEntryPointCallDoesNotStartASecondInvocation() {
        assertThat(new NestingHandler().handleRequest("abc", fc().build())).isEqualTo(3);

        assertThat(collector.spans())
                .extracting(Span::getOperationName)
                .containsExactlyInAnyOrder("fn", "PojoHandler.length");
        assertThat(collector.postCount()).isEqualTo(1);
    }

    @Test
    void tracedMethodsOutsideAnInvocationAreNotTraced() throws IOException {
        stream(fc().build(), "warm-up");
        collector.reset();

        assertThat(new UnannotatedHandler().handleRequest("x", fc().build())).isEqualTo("x");
        assertThat(new StreamHandler().outer("y")).isEqualTo("hello Y");
        FcTracing.flush();

        assertThat(collector.postCount()).isZero();
    }

    @Test
    void manualSpansThroughFcTracingNestUnderTheInvocation() throws IOException {
        stream(fc().build(), "manual");

        TraceTree tree = TraceTree.of(collector.spans());
        assertThat(tree.byName("manual").getParentSpanId())
                .isEqualTo(tree.byName("fn").getSpanId());
        assertThat(GlobalOpenTelemetry.isSet())
                .as("registered globally as nothing else was")
                .isTrue();
        io.opentelemetry.api.trace.Span viaGlobal =
                GlobalOpenTelemetry.getTracer("test").spanBuilder("g").startSpan();
        assertThat(viaGlobal.getSpanContext().isValid())
                .as("the global tracer is the SDK's, not a no-op")
                .isTrue();
        viaGlobal.end();
    }

    @Test
    void initializePreFreezeAndPreStopFollowTheInstanceLifecycle() throws IOException {
        StreamHandler handler = new StreamHandler();
        FakeFcContext init = fc().build();
        handler.initialize(init);

        TraceTree initTrace = TraceTree.of(collector.spans());
        assertThat(initTrace.byName("initialize").getParentSpanId()).isEqualTo(init.spanId());
        assertThat(initTrace.byName("inner").getParentSpanId())
                .isEqualTo(initTrace.byName("initialize").getSpanId());

        // A span ended on the user's own thread after the invocation returned waits for the next flush: preFreeze.
        collector.reset();
        io.opentelemetry.api.trace.Span background =
                FcTracing.tracer("test").spanBuilder("background").startSpan();
        background.end();
        assertThat(collector.postCount()).isZero();
        handler.preFreeze(FakeFcContext.builder().noTracing().build());
        assertThat(collector.spans()).extracting(Span::getOperationName).containsExactly("background");

        handler.preStop(FakeFcContext.builder().noTracing().build());
        assertThat(TracingInstance.current().runtime()).isNull();
        collector.reset();
        assertThat(stream(fc().build(), "after"))
                .as("still works after shutdown, untraced")
                .isEqualTo("hello AFTER");
        assertThat(collector.postCount()).isZero();
    }

    @Test
    void theEndpointTokenNeverReachesTheLogWhenTheCollectorFails() throws IOException {
        collector.faults().respondWith(500);

        assertThat(stream(fc().build(), "x")).isEqualTo("hello X");

        assertThat(messages()).isNotEmpty();
        for (String secret : collector.secrets()) {
            assertThat(messages()).noneSatisfy(m -> assertThat(m).contains(secret));
        }
    }

    @Test
    void aChangedEndpointIsFollowed() throws IOException {
        stream(fc().build(), "one");
        try (LoopbackJaegerCollector second = LoopbackJaegerCollector.start()) {
            stream(fc().jaegerEndpoint(second.endpoint()).build(), "two");

            assertThat(collector.postCount()).isEqualTo(1);
            assertThat(second.postCount()).isEqualTo(1);
        }
    }

    private List<String> messages() {
        List<String> messages = new ArrayList<>();
        synchronized (logs) {
            for (LogRecord record : logs) {
                messages.add(record.getMessage());
            }
        }
        return messages;
    }

    private static Map<String, String> exceptionEvent(Span span) {
        assertThat(span.getLogs()).as("logs of " + span.getOperationName()).isNotNull();
        for (Log log : span.getLogs()) {
            Map<String, String> fields = new HashMap<>();
            for (Tag field : log.getFields()) {
                fields.put(field.getKey(), field.getVStr());
            }
            if ("exception".equals(fields.get("event"))) {
                return fields;
            }
        }
        throw new AssertionError("no exception event on " + span.getOperationName());
    }

    private static Tag tag(Span span, String key) {
        Tag tag = tagOrNull(span, key);
        if (tag == null) {
            throw new AssertionError("span " + span.getOperationName() + " has no tag " + key + ": " + span.getTags());
        }
        return tag;
    }

    private static Tag tagOrNull(Span span, String key) {
        if (span.getTags() != null) {
            for (Tag tag : span.getTags()) {
                if (tag.getKey().equals(key)) {
                    return tag;
                }
            }
        }
        return null;
    }
}
