package dev.fctracing.bench.jmh;

import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.fc.InvocationRequest;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.invocation.FcInvocation;
import dev.fctracing.internal.invocation.InvocationStarter;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * The real tracing runtime, started the way FC starts it: {@link TestSupport#newInstance} (a fresh
 * instance), then a first invocation with a {@link FakeFcContext} whose Jaeger endpoint is a
 * {@link LoopbackJaegerCollector} — which starts the one SDK (resource, parent-based sampler, the real
 * {@link InvocationSpanProcessor}) and proves the whole pipeline by delivering that invocation's handler span.
 *
 * <p>Then, for benchmarking, the processor's exporter is swapped (by reflection: the runtime has no hook for it) for
 * a {@link CountingExporter} that accepts every batch at once, so a flush costs the processor's own work (drain,
 * {@code toSpanData}) and no network. {@link #beginInvocation()} makes an invocation current on the calling thread
 * exactly as the entry aspect does ({@link InvocationStarter#begin}), {@link #endInvocation()} ends it (handler
 * span, scope, flush).
 */
public final class TracingFixture implements AutoCloseable {

    /** FC's span context for a sampled request (128-bit trace id, flags 1). */
    public static final String SAMPLED = "5af7183fb1d4cf5f124ed43254b54966:124ed43254b54966:0:1";
    /** The same request, not sampled by FC (flags 0): nothing may be recorded. */
    public static final String UNSAMPLED = "5af7183fb1d4cf5f124ed43254b54966:124ed43254b54966:0:0";

    private static final long FLUSH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final LoopbackJaegerCollector collector;
    private final FakeFcContext fcContext;
    private final TracingRuntime runtime;
    private final CountingExporter exporter = new CountingExporter();
    private FcInvocation invocation;

    private TracingFixture(boolean sampled) {
        collector = LoopbackJaegerCollector.start();
        boolean started = false;
        try {
            TestSupport.newInstance(Environment.of(Collections.<String, String>emptyMap()));
            fcContext = FakeFcContext.builder()
                    .functionName("bench-function")
                    .spanContext(sampled ? SAMPLED : UNSAMPLED)
                    .jaegerEndpoint(collector.endpoint())
                    .build();
            FcInvocation first = InvocationStarter.begin(
                    InvocationRequest.fromFcContext(fcContext, null), FcRole.REQUEST, "TracingFixture");
            first.end();
            runtime = TracingInstance.current().runtime();
            if (runtime == null) {
                throw new IllegalStateException("the first invocation did not start the tracing runtime");
            }
            if (sampled && !collector.awaitSpans(1, 5000)) {
                throw new IllegalStateException("the first invocation's span did not reach the loopback collector");
            }
            replaceExporter(runtime.processor(), exporter);
            started = true;
        } finally {
            if (!started) {
                collector.close();
            }
        }
    }

    /** Starts the runtime with FC's request {@code sampled} or not; the calling thread is outside any invocation. */
    public static TracingFixture start(boolean sampled) {
        return new TracingFixture(sampled);
    }

    /** Begins an invocation (handler span current on this thread) as the entry aspect would. */
    public void beginInvocation() {
        if (invocation != null) {
            throw new IllegalStateException("an invocation is already current");
        }
        invocation = InvocationStarter.begin(
                InvocationRequest.fromFcContext(fcContext, null), FcRole.REQUEST, "TracingFixture");
        if (Span.fromContextOrNull(Context.current()) == null) {
            throw new IllegalStateException(
                    "begin() left no current span: the benchmark would measure the wrong state");
        }
    }

    /** Ends the current invocation: handler span, scope, flush. */
    public void endInvocation() {
        if (invocation != null) {
            invocation.end();
            invocation = null;
        }
    }

    /** Drains the processor's queue into the counting exporter (the processor's real flush). */
    public void flush() {
        runtime.processor().flush(FLUSH_TIMEOUT_NANOS);
    }

    /** The tracer {@code @Traced} spans come from (the runtime's, same processor and sampler). */
    public Tracer tracer() {
        return runtime.tracer();
    }

    public InvocationSpanProcessor processor() {
        return runtime.processor();
    }

    public CountingExporter exporter() {
        return exporter;
    }

    @Override
    public void close() {
        try {
            endInvocation();
            TestSupport.newInstance(Environment.of(Collections.<String, String>emptyMap()));
        } finally {
            collector.close();
        }
    }

    private static void replaceExporter(InvocationSpanProcessor processor, SpanExporter exporter) {
        try {
            Field field = InvocationSpanProcessor.class.getDeclaredField("exporter");
            field.setAccessible(true);
            field.set(processor, dev.fctracing.internal.export.RouteExporter.ignoringRoute(exporter));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot swap InvocationSpanProcessor's exporter for a no-op one (field renamed?)", e);
        }
    }

    /** Accepts every batch at once and counts its spans; remembers the last span's name. */
    public static final class CountingExporter implements SpanExporter {
        // One writer at a time: the processor exports under its lock.
        private volatile long spans;
        private volatile String lastSpanName;

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            String last = null;
            for (SpanData span : batch) {
                last = span.getName();
            }
            spans += batch.size();
            lastSpanName = last;
            return CompletableResultCode.ofSuccess();
        }

        public long exportedSpans() {
            return spans;
        }

        public String lastSpanName() {
            return lastSpanName;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
