package dev.fctracing.internal.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.fctracing.internal.JoinPoints;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.ToolkitLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.usercode.SpanFailure;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
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
 * {@link InvocationStarter} and {@link FcInvocation} called directly, as the entry aspect calls them, with no weaving:
 * what {@code begin} makes current, what {@code end} restores and exports, {@code fail}, and every way an invocation
 * runs untraced or passes through (null FC context, {@code OTEL_SDK_DISABLED}, a nested entry, no endpoint, after
 * {@code preStop}).
 */
class InvocationStarterTest {

    private static final ContextKey<String> CALLER_KEY = ContextKey.named("invocation-starter-test.caller");
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    /** The entry points the static parts describe; never called. */
    @SuppressWarnings("unused")
    static final class Handler {
        void handleRequest(InputStream input, OutputStream output, com.aliyun.fc.runtime.Context context) {}

        void preStop(com.aliyun.fc.runtime.Context context) {}
    }

    private static final JoinPoint.StaticPart HANDLE_REQUEST = JoinPoints.execution(
            Handler.class, "handleRequest", InputStream.class, OutputStream.class, com.aliyun.fc.runtime.Context.class);
    private static final JoinPoint.StaticPart PRE_STOP =
            JoinPoints.execution(Handler.class, "preStop", com.aliyun.fc.runtime.Context.class);

    private LoopbackJaegerCollector collector;
    private ToolkitLog log;

    @BeforeEach
    void setUp() {
        newInstance("FCTRACING_FLUSH_TIMEOUT_MS", "5000");
        collector = LoopbackJaegerCollector.start();
        log = ToolkitLog.capture();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
        log.close();
        Thread.interrupted();
        if (Context.current() != Context.root()) {
            Context.root().makeCurrent(); // a failed test must not leave its context to the next one
        }
    }

    private static void newInstance(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        TestSupport.newInstance(Environment.of(values));
    }

    /** An FC context like FC's with tracing on: a sampled 128-bit span context, baggage, the collector's endpoint. */
    private FakeFcContext traced() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .baggageItem("tenant", "t-1")
                .jaegerEndpoint(collector.endpoint())
                .build();
    }

    /** Records every span ended from now on; must be called before the instance's first invocation. */
    private static InMemorySpanExporter recordSpans() {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        assertThat(TracingInstance.current().userParts().addProcessor(SimpleSpanProcessor.create(memory)))
                .isTrue();
        return memory;
    }

    private static SpanData named(InMemorySpanExporter memory, String name) {
        SpanData found = null;
        for (SpanData span : memory.getFinishedSpanItems()) {
            if (span.getName().equals(name)) {
                assertThat(found).as("one span named " + name).isNull();
                found = span;
            }
        }
        assertThat(found).as("span named " + name).isNotNull();
        return found;
    }

    @Test
    void beginMakesTheHandlerSpanCurrentUnderFcsSpanWithTheBaggageAndTheInvocationState() {
        FakeFcContext fc = traced();

        FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
        try {
            Context inside = Context.current();
            Span span = Span.fromContext(inside);
            assertThat(span).isInstanceOf(ReadableSpan.class);
            ReadableSpan handler = (ReadableSpan) span;
            assertThat(handler.getName()).isEqualTo("fn");
            assertThat(handler.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(handler.getSpanContext().isSampled()).isTrue();
            assertThat(handler.getSpanContext().getTraceId()).isEqualTo(fc.traceIdHex32());
            assertThat(handler.getParentSpanContext().getSpanId()).isEqualTo(fc.spanIdHex16());
            assertThat(handler.getParentSpanContext().isRemote()).isTrue();
            assertThat(handler.hasEnded()).isFalse();

            assertThat(Baggage.fromContext(inside).getEntryValue("tenant")).isEqualTo("t-1");

            InvocationState state = InvocationState.of(inside);
            assertThat(state).isNotNull();
            assertThat(state.route().url()).isEqualTo(collector.endpoint());
            assertThat(TracingInstance.current().runtime())
                    .as("started by the first traced invocation")
                    .isNotNull();
        } finally {
            invocation.end();
        }
    }

    @Test
    void endEndsTheSpanRestoresTheCallersContextAndHasExportedBeforeItReturns() {
        FakeFcContext fc = traced();
        Context caller = Context.root().with(CALLER_KEY, "caller");
        try (Scope callerScope = caller.makeCurrent()) {
            FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
            ReadableSpan handler = (ReadableSpan) Span.current();
            assertThat(Context.current().get(CALLER_KEY))
                    .as("the invocation's context is FC's, not the caller's")
                    .isNull();

            invocation.end();

            assertThat(handler.hasEnded()).isTrue();
            assertThat(Context.current()).isSameAs(caller);
        }
        // No waiting: the span must already be at the collector when end() returned.
        List<io.jaegertracing.thriftjava.Span> received = collector.spansOfTrace(fc.traceIdHex32());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getOperationName()).isEqualTo("fn");
        assertThat(received.get(0).getParentSpanId()).isEqualTo(fc.spanId());
    }

    @Test
    void endPutsTheCallersContextBackWhenTheHandlerLeftAScopeOpen() {
        FakeFcContext fc = traced();
        Context caller = Context.root().with(CALLER_KEY, "caller");
        try (Scope callerScope = caller.makeCurrent()) {
            FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
            @SuppressWarnings("unused")
            Scope leaked =
                    Context.current().with(CALLER_KEY, "leaked").makeCurrent(); // never closed, as a buggy handler

            invocation.end();

            assertThat(Context.current()).isSameAs(caller);
        }
        assertThat(Context.current()).isSameAs(Context.root());
        assertThat(collector.spansOfTrace(fc.traceIdHex32())).hasSize(1);
    }

    @Test
    void endKeepsTheThreadsInterruptFlagAndStillExports() {
        FakeFcContext fc = traced();
        FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);
        Thread.currentThread().interrupt(); // the handler restored an interrupt it caught

        invocation.end();

        boolean stillInterrupted = Thread.interrupted();
        assertThat(stillInterrupted).as("interrupt flag when end() returns").isTrue();
        assertThat(collector.spansOfTrace(fc.traceIdHex32()))
                .as("exported despite the interrupt")
                .hasSize(1);
    }

    @Test
    void endNeverThrowsEvenWhenEndingTheSpanFails() {
        TracingInstance.current().userParts().addProcessor(new ThrowingOnEnd());
        FakeFcContext fc = traced();
        Context caller = Context.root().with(CALLER_KEY, "caller");
        try (Scope callerScope = caller.makeCurrent()) {
            FcInvocation invocation = InvocationStarter.begin(fc, HANDLE_REQUEST);

            assertThatCode(invocation::end).doesNotThrowAnyException();

            assertThat(Context.current()).isSameAs(caller);
        }
        assertThat(log.containing("ending the handler span failed")).hasSize(1);
    }

    /**
     * Ending the handler span may throw (a span processor of the function's whose {@code onEnd} throws; the SDK does
     * not catch it): {@code end()} still flushes and, for {@code preStop}, still stops tracing.
     */
    @Test
    void endStillExportsAndPreStopStillStopsWhenEndingTheSpanFails() {
        TracingInstance.current().userParts().addProcessor(new ThrowingOnEnd());
        FakeFcContext fc = traced();
        InvocationStarter.begin(fc, HANDLE_REQUEST).end();
        assertThat(collector.spansOfTrace(fc.traceIdHex32()))
                .as("exported before end() returned")
                .hasSize(1);

        InvocationStarter.begin(traced(), PRE_STOP).end();
        assertThat(TracingInstance.current().runtime()).as("stopped by preStop").isNull();
    }

    /**
     * When reading FC's {@code Context} throws ({@code getTracing()} here), the call runs untraced but keeps its
     * duties: a {@code preStop} flushes what is queued and stops the runtime (a {@code handleRequest} simply runs
     * untraced).
     */
    @Test
    void preStopStillFlushesAndStopsWhenFcsContextCannotBeRead() {
        InvocationStarter.begin(traced(), HANDLE_REQUEST).end();
        TracingInstance.current()
                .runtime()
                .tracer()
                .spanBuilder("background")
                .startSpan()
                .end(); // waits for the next flush

        InvocationStarter.begin(new UnreadableTracing(traced()), PRE_STOP).end();

        assertThat(collector.spans())
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .contains("background");
        assertThat(TracingInstance.current().runtime()).as("stopped by preStop").isNull();
    }

    @Test
    void failRecordsTheErrorOnTheHandlerSpanAndRendersEachExceptionOncePerInvocation() {
        InMemorySpanExporter memory = recordSpans();
        FcInvocation invocation = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        IllegalStateException seenByAnInnerSpan = new IllegalStateException("inner");
        Span inner = TracingInstance.current()
                .runtime()
                .tracer()
                .spanBuilder("inner")
                .startSpan();
        SpanFailure.endFailed(
                inner, seenByAnInnerSpan, InvocationState.of(Context.current()).throwables(), 8192);

        invocation.fail(seenByAnInnerSpan);
        invocation.end();

        SpanData handler = named(memory, "fn");
        assertThat(handler.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(handler.getEvents()).hasSize(1);
        EventData event = handler.getEvents().get(0);
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo("java.lang.IllegalStateException");
        assertThat(event.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("inner");
        assertThat(event.getAttributes().get(EXCEPTION_STACKTRACE))
                .as("already rendered by the inner span")
                .isNull();
        assertThat(named(memory, "inner").getEvents().get(0).getAttributes().get(EXCEPTION_STACKTRACE))
                .startsWith("java.lang.IllegalStateException: inner");

        memory.reset();
        FcInvocation next = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        next.fail(seenByAnInnerSpan);
        next.end();
        assertThat(named(memory, "fn").getEvents().get(0).getAttributes().get(EXCEPTION_STACKTRACE))
                .as("a new invocation renders it again")
                .startsWith("java.lang.IllegalStateException: inner");
    }

    @Test
    void failWithAStackOverflowErrorSetsTheStatusAndRendersNothing() {
        InMemorySpanExporter memory = recordSpans();
        FcInvocation invocation = InvocationStarter.begin(traced(), HANDLE_REQUEST);

        invocation.fail(new StackOverflowError());
        invocation.end();

        SpanData handler = named(memory, "fn");
        assertThat(handler.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(handler.getStatus().getDescription()).isEqualTo("java.lang.StackOverflowError");
        assertThat(handler.getEvents()).isEmpty();
    }

    @Test
    void aNullFcContextRunsUntracedAndIsLoggedOnce() {
        for (int i = 0; i < 3; i++) {
            FcInvocation invocation = InvocationStarter.begin(null, HANDLE_REQUEST);
            assertThat(invocation).isNotSameAs(FcInvocation.PASS_THROUGH);
            assertThat(Context.current()).isSameAs(Context.root());
            assertThatCode(() -> invocation.fail(new RuntimeException("x"))).doesNotThrowAnyException();
            invocation.end();
            assertThat(Context.current()).isSameAs(Context.root());
        }
        assertThat(log.containing("null FC Context")).hasSize(1);
        assertThat(log.containing("null FC Context").get(0)).contains(Handler.class.getName() + ".handleRequest");
        assertThat(TracingInstance.current().runtime()).isNull();
        assertThat(collector.postCount()).isZero();
    }

    @Test
    void withTheSdkDisabledEverythingPassesThroughAndNoRuntimeStarts() {
        newInstance("OTEL_SDK_DISABLED", "true");

        FcInvocation invocation = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        assertThat(invocation).isSameAs(FcInvocation.PASS_THROUGH);
        assertThat(Context.current()).isSameAs(Context.root());
        invocation.end();
        FcInvocation nullContext = InvocationStarter.begin(null, HANDLE_REQUEST);
        nullContext.end();

        assertThat(TracingInstance.current().runtime()).isNull();
        assertThat(TracingInstance.current().weavingCheckStarted.get())
                .as("not even the weaving check")
                .isFalse();
        assertThat(collector.postCount()).isZero();
        assertThat(log.messages(java.util.logging.Level.ALL)).isEmpty();
    }

    @Test
    void aNestedEntryPassesThroughAndLeavesTheOuterInvocationAlone() {
        FakeFcContext outerFc = traced();
        FcInvocation outer = InvocationStarter.begin(outerFc, HANDLE_REQUEST);
        Context outerContext = Context.current();
        ReadableSpan outerSpan = (ReadableSpan) Span.current();

        FcInvocation nested = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        assertThat(nested).isSameAs(FcInvocation.PASS_THROUGH);
        assertThat(Context.current()).isSameAs(outerContext);
        nested.end();
        assertThat(Context.current()).isSameAs(outerContext);
        assertThat(outerSpan.hasEnded()).isFalse();

        outer.end();
        assertThat(collector.spans()).hasSize(1);
        assertThat(collector.spansOfTrace(outerFc.traceIdHex32())).hasSize(1);
    }

    @Test
    void withoutAnEndpointOrAnythingElseConfiguredTheInvocationIsUntracedLoggedOnceAndStartsNoRuntime() {
        for (int i = 0; i < 3; i++) {
            FakeFcContext noEndpoint = FakeFcContext.builder()
                    .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                    .build();
            FcInvocation invocation = InvocationStarter.begin(noEndpoint, HANDLE_REQUEST);
            assertThat(invocation).isNotSameAs(FcInvocation.PASS_THROUGH);
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
            assertThat(InvocationState.of(Context.current())).isNull();
            invocation.end();
        }
        FcInvocation noTracing =
                InvocationStarter.begin(FakeFcContext.builder().noTracing().build(), HANDLE_REQUEST);
        noTracing.end();

        assertThat(log.containing("FC passed no Jaeger endpoint")).hasSize(1);
        assertThat(TracingInstance.current().runtime()).isNull();
    }

    @Test
    void preStopEndsItsOwnSpanStopsTheRuntimeAndLaterInvocationsRunUntraced() {
        FcInvocation first = InvocationStarter.begin(traced(), HANDLE_REQUEST);
        first.end();
        TracingRuntime stopped = TracingInstance.current().runtime();
        assertThat(GlobalOpenTelemetry.getOrNoop().getTracerProvider())
                .as("offered to GlobalOpenTelemetry when it started")
                .isSameAs(stopped.openTelemetry().getTracerProvider());
        FakeFcContext stopFc = traced();

        FcInvocation stop = InvocationStarter.begin(stopFc, PRE_STOP);
        assertThat(((ReadableSpan) Span.current()).getName()).isEqualTo("preStop");
        stop.end();

        assertThat(TracingInstance.current().runtime()).isNull();
        assertThat(GlobalOpenTelemetry.getOrNoop().getTracerProvider())
                .as("a stopped SDK is taken out of GlobalOpenTelemetry")
                .isNotSameAs(stopped.openTelemetry().getTracerProvider());
        assertThat(collector.spansOfTrace(stopFc.traceIdHex32()))
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .containsExactly("preStop");
        int posts = collector.postCount();
        for (int i = 0; i < 2; i++) {
            FcInvocation later = InvocationStarter.begin(traced(), HANDLE_REQUEST);
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
            later.end();
            assertThat(Context.current()).isSameAs(Context.root());
        }
        assertThat(TracingInstance.current().runtime())
                .as("never started again")
                .isNull();
        assertThat(collector.postCount()).isEqualTo(posts);
    }

    /** FC's context, except that {@code getTracing()} throws. */
    private static final class UnreadableTracing implements com.aliyun.fc.runtime.Context {
        private final FakeFcContext fc;

        UnreadableTracing(FakeFcContext fc) {
            this.fc = fc;
        }

        @Override
        public String getRequestId() {
            return fc.getRequestId();
        }

        @Override
        public com.aliyun.fc.runtime.Credentials getExecutionCredentials() {
            return fc.getExecutionCredentials();
        }

        @Override
        public com.aliyun.fc.runtime.FunctionParam getFunctionParam() {
            return fc.getFunctionParam();
        }

        @Override
        public com.aliyun.fc.runtime.Service getService() {
            return fc.getService();
        }

        @Override
        public com.aliyun.fc.runtime.FunctionComputeLogger getLogger() {
            return fc.getLogger();
        }

        @Override
        public com.aliyun.fc.runtime.OpenTracing getTracing() {
            throw new IllegalStateException("tracing unreadable");
        }

        @Override
        public int getRetryCount() {
            return fc.getRetryCount();
        }
    }

    /** A span processor of the function's whose {@code onEnd} throws. */
    private static final class ThrowingOnEnd implements io.opentelemetry.sdk.trace.SpanProcessor {
        @Override
        public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("processor failed");
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
