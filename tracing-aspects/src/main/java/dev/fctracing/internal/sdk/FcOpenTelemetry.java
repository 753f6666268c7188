package dev.fctracing.internal.sdk;

import dev.fctracing.internal.context.BaggagePropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The {@link OpenTelemetry} this toolkit hands out: its tracer provider with W3C trace-context and baggage
 * propagators (baggage written by {@link BaggagePropagator}: keys that are not HTTP tokens never reach a header).
 * Metrics and logs stay the API's no-ops, which keeps {@code opentelemetry-sdk-metrics} and {@code -logs} out of the
 * function's jar and its cold start.
 */
public final class FcOpenTelemetry implements OpenTelemetry {

    private final TracerProvider tracerProvider;

    FcOpenTelemetry(TracerProvider tracerProvider) {
        this.tracerProvider = tracerProvider;
    }

    @Override
    public TracerProvider getTracerProvider() {
        return tracerProvider;
    }

    /**
     * Created on first use: the toolkit itself never propagates (FC hands the parent in its own format), so a cold start
     * that only records spans does not load the W3C propagators.
     */
    @Override
    public ContextPropagators getPropagators() {
        return defaultPropagators();
    }

    /** W3C trace context and baggage: what fc-tracing's SDK propagates, loaded on first use. */
    public static ContextPropagators defaultPropagators() {
        return Propagators.W3C;
    }

    /** Holder: initialised by the first {@link #getPropagators()} call. */
    private static final class Propagators {
        static final ContextPropagators W3C = ContextPropagators.create(
                TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), BaggagePropagator.INSTANCE));
    }

    @Override
    public String toString() {
        return "FcOpenTelemetry{tracerProvider=" + tracerProvider + "}";
    }
}
