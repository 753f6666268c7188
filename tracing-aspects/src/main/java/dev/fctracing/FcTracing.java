package dev.fctracing;

import dev.fctracing.internal.context.BaggagePropagator;
import dev.fctracing.internal.context.ContextTasks;
import dev.fctracing.internal.correlation.TraceIds;
import dev.fctracing.internal.instance.InstanceOpenTelemetry;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.traced.TracedCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * The toolkit's entry point for user code: the OpenTelemetry instance behind {@code @FcHandler} and
 * {@code @Traced}, for spans made by hand under the same invocation context.
 *
 * <pre>{@code
 * Span span = FcTracing.tracer("my.library").spanBuilder("query").startSpan();  // child of the current span
 * }</pre>
 *
 * <p>Calling it is always safe: while tracing is not running, spans made through it are OpenTelemetry's no-ops.
 */
public final class FcTracing {

    private FcTracing() {}

    /**
     * The OpenTelemetry behind {@code @FcHandler} and {@code @Traced} (the function's own, if it supplied one with
     * {@link #useOpenTelemetry}), for instrumentation libraries and spans made by hand. Always the same object: it
     * finds the running SDK each time it is used, so an instrumented client may be built from it once, in a static
     * initialiser, before the first invocation. While tracing is not running (before the first traced invocation,
     * after {@code preStop}, with tracing off) its spans are no-ops.
     */
    public static OpenTelemetry openTelemetry() {
        return InstanceOpenTelemetry.INSTANCE;
    }

    /** A tracer of the given instrumentation scope from {@link #openTelemetry()}. */
    public static Tracer tracer(String instrumentationScopeName) {
        return openTelemetry().getTracer(instrumentationScopeName);
    }

    /**
     * Adds an exporter beside those chosen by {@code OTEL_TRACES_EXPORTER}; it receives each invocation's spans at the
     * end of the invocation, within the flush budget. Its {@code export} should not block on the network (the SDK's
     * own exporters don't). Call it before the first invocation, e.g. in a static initialiser of the handler class.
     *
     * @return {@code false} (and a log line) if tracing had already started
     */
    public static boolean addSpanExporter(SpanExporter exporter) {
        return TracingInstance.current().userParts().addExporter(exporter);
    }

    /**
     * Adds a span processor to the toolkit's tracer provider; it is flushed at the end of every invocation, within
     * the flush budget. Call it before the first invocation.
     *
     * @return {@code false} (and a log line) if tracing had already started
     */
    public static boolean addSpanProcessor(SpanProcessor processor) {
        return TracingInstance.current().userParts().addProcessor(processor);
    }

    /**
     * Makes {@code @FcHandler} and {@code @Traced} use the function's own OpenTelemetry instead of building one. If
     * its tracer provider is an {@code SdkTracerProvider}, it is flushed at the end of every invocation; its
     * lifecycle otherwise stays the function's. Call it before the first invocation.
     *
     * @return {@code false} (and a log line) if tracing had already started
     */
    public static boolean useOpenTelemetry(OpenTelemetry openTelemetry) {
        return TracingInstance.current().userParts().useOpenTelemetry(openTelemetry);
    }

    /**
     * {@code executor}, running each task in the context that was current when it was submitted, so {@code @Traced}
     * work on a pool nests under the invocation that submitted it, and its log lines carry the invocation's trace ids
     * (nothing of them stays in the pool thread's MDC after the task).
     */
    public static Executor wrap(Executor executor) {
        return ContextTasks.wrap(executor);
    }

    /** {@code executor}, running each task in the context current when it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return ContextTasks.wrap(executor);
    }

    /** {@code task}, bound to the current context: run it on any thread and its spans nest here. */
    public static Runnable wrap(Runnable task) {
        return ContextTasks.wrap(Context.current(), task);
    }

    /** {@code task}, bound to the current context. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return ContextTasks.wrap(Context.current(), task);
    }

    /**
     * The trace id of the span current on this thread (32 lower-case hex chars), for a log line that the logging
     * integrations do not reach, such as FC's own {@code context.getLogger()}:
     *
     * <pre>{@code
     * context.getLogger().info("trace_id=" + FcTracing.traceId() + " order " + id + " stored");
     * }</pre>
     *
     * <p>The empty string (never {@code null}) when no valid span is current: outside an invocation, with tracing off,
     * or before the first traced invocation. Not affected by {@code FCTRACING_LOG_CORRELATION}. Allocates nothing.
     */
    public static String traceId() {
        SpanContext span = currentSpanContext();
        return span == null ? "" : span.getTraceId();
    }

    /**
     * The span id of the span current on this thread (16 lower-case hex chars); the empty string when no valid span is
     * current (see {@link #traceId()}).
     */
    public static String spanId() {
        SpanContext span = currentSpanContext();
        return span == null ? "" : span.getSpanId();
    }

    /**
     * The trace flags of the span current on this thread as two hex chars: {@code "01"} when the trace is sampled (its
     * spans are exported), {@code "00"} when it is not (there is no trace to look up); the empty string when no valid
     * span is current (see {@link #traceId()}).
     */
    public static String traceFlags() {
        SpanContext span = currentSpanContext();
        return span == null ? "" : span.getTraceFlags().asHex();
    }

    private static SpanContext currentSpanContext() {
        try {
            return TraceIds.current();
        } catch (Throwable unreadable) {
            return null; // never into the function's log line
        }
    }

    /**
     * Writes the current span's context into outbound request headers so the next service joins the trace: W3C
     * {@code traceparent} (and {@code tracestate}, {@code baggage} when set) and Jaeger's {@code uber-trace-id}.
     * Nothing is written outside a traced invocation. Baggage entries whose key is not an HTTP token are left out of
     * {@code baggage}, so the next service parses exactly the entries sent.
     *
     * <pre>{@code
     * FcTracing.injectHeaders(connection::setRequestProperty);
     * }</pre>
     */
    public static void injectHeaders(BiConsumer<String, String> setHeader) {
        Context context = Context.current();
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return;
        }
        W3CTraceContextPropagator.getInstance().inject(context, setHeader, HeaderSetter.INSTANCE);
        BaggagePropagator.INSTANCE.inject(context, setHeader, HeaderSetter.INSTANCE);
        setHeader.accept(
                "uber-trace-id", span.getTraceId() + ":" + span.getSpanId() + ":0:" + (span.isSampled() ? "1" : "0"));
    }

    /** Adapts a header-setting function to OpenTelemetry's propagators. */
    private enum HeaderSetter implements TextMapSetter<BiConsumer<String, String>> {
        INSTANCE;

        @Override
        public void set(BiConsumer<String, String> carrier, String key, String value) {
            if (carrier != null) {
                carrier.accept(key, value);
            }
        }
    }

    /**
     * Spans lost since the instance started: dropped because more than {@code OTEL_BSP_MAX_QUEUE_SIZE} spans or
     * {@code FCTRACING_MAX_PENDING_BYTES} of them waited for one flush (logged with the count, at most once a minute),
     * or never ended because the stack was exhausted where they should have ended (a {@code StackOverflowError} deep in
     * a {@code @Traced} recursion).
     */
    public static long droppedSpans() {
        return TracingInstance.current().droppedSpans() + TracedCall.spansNotEnded;
    }

    /**
     * Exports every span ended so far, within the flush budget ({@code FCTRACING_FLUSH_TIMEOUT_MS}). Invocations flush
     * by themselves; call this only for spans ended on your own threads outside an invocation.
     *
     * @return {@code true} if they were all exported in time (or there was nothing to export)
     */
    public static boolean flush() {
        TracingRuntime runtime = TracingInstance.current().runtime();
        return runtime == null || runtime.flush();
    }
}
