package dev.fctracing.internal.sdk;

import dev.fctracing.internal.log.InternalLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the function registered in code before its first traced invocation ({@code FcTracing.addSpanExporter},
 * {@code addSpanProcessor}, {@code useOpenTelemetry}). The runtime reads it once when it starts; later registrations
 * are refused with a log line.
 */
public final class UserSdkParts {

    private final List<SpanExporter> exporters = new ArrayList<>();
    private final List<SpanProcessor> processors = new ArrayList<>();
    private OpenTelemetry openTelemetry;
    private boolean read;

    /** Registers an exporter; {@code false} (and a log line) once tracing has started. */
    public synchronized boolean addExporter(SpanExporter exporter) {
        if (tooLate("addSpanExporter")) {
            return false;
        }
        exporters.add(exporter);
        return true;
    }

    /** Registers a processor; {@code false} (and a log line) once tracing has started. */
    public synchronized boolean addProcessor(SpanProcessor processor) {
        if (tooLate("addSpanProcessor")) {
            return false;
        }
        processors.add(processor);
        return true;
    }

    /** Uses the function's own OpenTelemetry instead of building one; {@code false} once tracing has started. */
    public synchronized boolean useOpenTelemetry(OpenTelemetry instance) {
        if (tooLate("useOpenTelemetry")) {
            return false;
        }
        openTelemetry = instance;
        return true;
    }

    /** Whether anything was registered. */
    public synchronized boolean any() {
        return openTelemetry != null || !exporters.isEmpty() || !processors.isEmpty();
    }

    /** The runtime starts: what is registered now is what it uses. */
    synchronized void markRead() {
        read = true;
    }

    synchronized List<SpanExporter> exporters() {
        return Collections.unmodifiableList(new ArrayList<>(exporters));
    }

    synchronized List<SpanProcessor> processors() {
        return Collections.unmodifiableList(new ArrayList<>(processors));
    }

    synchronized OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    private boolean tooLate(String method) {
        if (read) {
            InternalLog.warn("FcTracing." + method + " was called after tracing started and is ignored: call it before"
                    + " the first invocation, e.g. in a static initialiser of the handler class");
            return true;
        }
        return false;
    }
}
