package dev.fctracing.reliability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * An instrumentation library as most are written: it takes its tracer from {@link GlobalOpenTelemetry} when it is
 * created, and makes a span per call in whatever context is current.
 */
final class GlobalTracerLibrary {

    private final Tracer tracer = GlobalOpenTelemetry.getTracer("library");

    void query(String spanName) {
        tracer.spanBuilder(spanName).startSpan().end();
    }
}
