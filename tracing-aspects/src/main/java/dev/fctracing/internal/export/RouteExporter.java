package dev.fctracing.internal.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Exports spans along a {@link Route}: what the invocation-scoped processor hands its batches to, one call per route.
 * Like {@link SpanExporter#export}, {@code export} must not block on the network and must not throw.
 */
public interface RouteExporter {

    /** Exports {@code spans}, all of one route. */
    CompletableResultCode export(Collection<SpanData> spans, Route route);

    /** Stops exporting; the result completes when what was accepted is done. */
    CompletableResultCode shutdown();

    /** {@code exporter}, for spans of every route (tests, and exporters that need no FC endpoint). */
    static RouteExporter ignoringRoute(final SpanExporter exporter) {
        return new RouteExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans, Route route) {
                return exporter.export(spans);
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }
}
