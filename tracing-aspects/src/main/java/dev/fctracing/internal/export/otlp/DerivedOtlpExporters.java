package dev.fctracing.internal.export.otlp;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.log.InternalLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code OTEL_TRACES_EXPORTER=otlp} without a configured OTLP endpoint: one OTLP exporter per {@link Route}, to the
 * endpoint derived from that route's Jaeger endpoint, created on the route's first export. A route whose endpoint
 * gives no usable OTLP endpoint is logged once and skipped.
 */
public final class DerivedOtlpExporters {

    /** Stands for "no exporter for this route" in the map. */
    private static final SpanExporter NONE = SpanExporter.composite();

    private final Map<String, String> headers;
    private final long timeoutMillis;
    private final Map<Route, SpanExporter> byRoute = new HashMap<>();

    public DerivedOtlpExporters(Map<String, String> headers, long timeoutMillis) {
        this.headers = headers;
        this.timeoutMillis = timeoutMillis;
    }

    /** The exporter of {@code route}, or {@code null} when it has none. */
    public synchronized SpanExporter forRoute(Route route) {
        SpanExporter exporter = byRoute.get(route);
        if (exporter == null) {
            String endpoint = OtlpExporterFactory.derivedFrom(route.url());
            if (endpoint == null) {
                InternalLog.warn(
                        "OTEL_TRACES_EXPORTER=otlp but no OTEL_EXPORTER_OTLP_ENDPOINT is set and FC's Jaeger endpoint "
                                + route.masked()
                                + " does not end in /api/traces to derive one from; OTLP export is off for it");
            } else {
                exporter = OtlpExporterFactory.createOrLog(endpoint, true, headers, timeoutMillis);
            }
            if (exporter == null) {
                exporter = NONE;
            }
            byRoute.put(route, exporter);
        }
        return exporter == NONE ? null : exporter;
    }

    public synchronized CompletableResultCode shutdown() {
        List<CompletableResultCode> results = new ArrayList<>();
        for (SpanExporter exporter : byRoute.values()) {
            results.add(exporter.shutdown());
        }
        return CompletableResultCode.ofAll(results);
    }
}
