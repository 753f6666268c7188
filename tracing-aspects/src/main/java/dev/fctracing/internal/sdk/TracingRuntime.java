package dev.fctracing.internal.sdk;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.Routes;
import dev.fctracing.internal.export.SpanExporters;
import dev.fctracing.internal.usercode.SpanFailure;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance's one OpenTelemetry SDK: tracer provider, invocation-scoped processor and exporters (or the
 * function's own {@code OpenTelemetry}, if it registered one). Started lazily by the first traced invocation, reused
 * by every later one (never rebuilt per invocation), shut down by {@code preStop}; after shutdown no new runtime is
 * started and invocations run untraced.
 */
public final class TracingRuntime {

    /** Instrumentation scope of the spans this toolkit makes. */
    public static final String INSTRUMENTATION_SCOPE = "dev.fctracing";

    private final TracingConfig config;
    /** Null when the function supplied its own OpenTelemetry. */
    private final SpanExporters exporters;
    /** Traced request invocations running now. */
    private final AtomicInteger activeInvocations = new AtomicInteger();

    private final BackgroundFlush background = new BackgroundFlush(this);
    /** The FC endpoints seen, checked once each. */
    private final Routes routes = new Routes();
    /** Null when the function supplied its own OpenTelemetry. */
    private final InvocationSpanProcessor processor;

    private final List<SpanProcessor> userProcessors;
    /** The SDK provider to flush and shut down; null for a supplied OpenTelemetry that is not an SDK. */
    private final SdkTracerProvider tracerProvider;

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final boolean registeredGlobally;

    /**
     * Builds the SDK: the function's own OpenTelemetry if it registered one, else a tracer provider with the
     * invocation-scoped processor, the exporters and the function's extra exporters and processors.
     *
     * @param serviceName {@code service.name} of the instance
     */
    public TracingRuntime(TracingConfig config, String serviceName, Environment env, UserSdkParts parts) {
        this.config = config;
        parts.markRead();
        OpenTelemetry supplied = parts.openTelemetry();
        if (supplied != null) {
            this.exporters = null;
            this.processor = null;
            this.userProcessors = Collections.emptyList();
            TracerProvider provider = supplied.getTracerProvider();
            this.tracerProvider = provider instanceof SdkTracerProvider ? (SdkTracerProvider) provider : null;
            this.openTelemetry = supplied;
            this.registeredGlobally = false;
        } else {
            this.exporters = SpanExporters.create(config, parts.exporters());
            this.processor = new InvocationSpanProcessor(
                    exporters,
                    config.maxQueueSize(),
                    config.maxPendingBytes(),
                    config.maxExportBatchSize(),
                    config.flushTimeoutNanos());
            this.userProcessors = parts.processors();
            SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                    .setResource(FcResource.create(serviceName, env, config.resourceAttributes()))
                    .setSampler(config.sampler())
                    .setSpanLimits(config.spanLimits())
                    .setMeterProvider(NoopSelfMetrics.INSTANCE)
                    .addSpanProcessor(processor);
            for (SpanProcessor userProcessor : userProcessors) {
                builder.addSpanProcessor(userProcessor);
            }
            this.tracerProvider = builder.build();
            this.openTelemetry = new FcOpenTelemetry(tracerProvider);
            this.registeredGlobally = registerGlobally(openTelemetry);
        }
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        // Load what a failing call needs now: a StackOverflowError must not be the first to load it (a class whose
        // initialisation fails for want of stack stays unusable, in the JDK too).
        SpanFailure.prepare();
    }

    /**
     * Whether, before the runtime starts, an invocation without FC's Jaeger endpoint could still be traced: the console
     * exporter or OTLP with a configured endpoint is chosen, or the function registered its own exporters, processors
     * or OpenTelemetry. (Once the runtime runs, {@link #bindInvocation} decides.)
     */
    public static boolean canTraceWithoutFcEndpoint(TracingConfig config, UserSdkParts parts) {
        for (String exporter : config.exporters()) {
            if (exporter.equals("console") || (exporter.equals("otlp") && config.otlpTracesEndpoint() != null)) {
                return true;
            }
        }
        return parts.any();
    }

    /** The tracer for handler and {@code @Traced} spans. */
    public Tracer tracer() {
        return tracer;
    }

    /** The OpenTelemetry instance user code can use for manual spans under the same context. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The invocation-scoped processor, for its counters; {@code null} with a function-supplied OpenTelemetry. */
    public InvocationSpanProcessor processor() {
        return processor;
    }

    /** The settings this runtime was started with. */
    public TracingConfig config() {
        return config;
    }

    /**
     * The one answer to "may this invocation export, and where to?": the {@link Route} of FC's {@code endpoint} (checked
     * once per distinct endpoint; a refused one is logged once, masked), or {@link Route#NONE} when the invocation
     * carried no usable endpoint but something exports without one, or {@code null} when nothing would export its
     * spans (the invocation runs untraced). Also has the exporter's thread get ready for the route (the first time:
     * while the handler runs, after the SDK was built). Call before the invocation starts any span.
     *
     * @param endpoint FC's Jaeger endpoint, or {@code null}
     */
    public Route bindInvocation(String endpoint) {
        if (exporters == null) {
            return Route.NONE; // the function's own OpenTelemetry exports as it was built to
        }
        Route route = endpoint == null ? null : routes.to(endpoint);
        if (route == null) {
            if (!exporters.exportsWithoutFcEndpoint() && userProcessors.isEmpty()) {
                return null;
            }
            route = Route.NONE;
        }
        processor.bind(route);
        exporters.prepareToSend(route);
        return route;
    }

    /** Exports every span ended so far, within the configured flush budget. */
    public boolean flush() {
        return flush(config.flushTimeoutNanos());
    }

    /** Exports every span ended so far, within {@code budget} nanoseconds. */
    public boolean flush(long budget) {
        long deadline = System.nanoTime() + budget;
        boolean flushed = true;
        if (processor != null) {
            flushed = processor.flush(budget);
        } else if (tracerProvider != null) {
            flushed = ForeignFlush.flush(tracerProvider, budget);
        }
        for (SpanProcessor userProcessor : userProcessors) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            flushed &= ForeignFlush.flush(userProcessor, remaining);
        }
        return flushed;
    }

    /** A traced request invocation began. */
    public void invocationStarted() {
        activeInvocations.incrementAndGet();
    }

    /**
     * A traced request invocation ended, its spans already queued: in deferred export, has them exported in the
     * background if other invocations still keep the instance busy (FC freezes an idle instance, and calls {@code
     * preFreeze} first, which exports them then) or if a full batch waits.
     *
     * @param deferred whether this invocation does not export before returning
     */
    public void invocationEnded(boolean deferred) {
        int stillActive = activeInvocations.decrementAndGet();
        if (deferred
                && processor != null
                && (stillActive > 0 || processor.queuedSpans() >= config.maxExportBatchSize())) {
            background.request();
        }
    }

    /**
     * Flushes and stops the SDK within {@code budget} nanoseconds (the function's own OpenTelemetry is only flushed: its
     * lifecycle is the function's).
     */
    public void shutdown(long budget) {
        background.shutdown();
        if (processor == null) {
            flush(budget);
            return;
        }
        tracerProvider.shutdown().join(budget, TimeUnit.NANOSECONDS);
    }

    /** Offers the instance to {@link GlobalOpenTelemetry}; the function's own registration wins ({@link GlobalSlot}). */
    private static boolean registerGlobally(OpenTelemetry openTelemetry) {
        return GlobalSlot.offer(openTelemetry);
    }

    /** Takes this runtime's OpenTelemetry out of {@link GlobalOpenTelemetry} if it is there (a discarded instance). */
    public void withdrawFromGlobal() {
        if (registeredGlobally) {
            GlobalSlot.withdraw(openTelemetry);
        }
    }
}
