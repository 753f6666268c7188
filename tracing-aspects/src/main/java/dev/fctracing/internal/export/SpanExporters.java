package dev.fctracing.internal.export;

import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import dev.fctracing.internal.export.otlp.DerivedOtlpExporters;
import dev.fctracing.internal.export.otlp.OtelVersions;
import dev.fctracing.internal.export.otlp.OtlpExporterFactory;
import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporters of one instance, chosen once from {@code OTEL_TRACES_EXPORTER} (default {@code jaeger}: FC's
 * endpoint) plus any the function registered in code, as one {@link RouteExporter}: FC's Jaeger endpoint, and an OTLP
 * endpoint derived from it, are the route's; the others (console, a configured OTLP endpoint, the function's own)
 * receive every route's spans. Unknown or unavailable names, and an OTLP endpoint that cannot be used, are logged
 * once (masked) and skipped: the others still export. An OTLP exporter on the class path whose version is not the
 * SDK's is named in one warning with both versions ({@link OtelVersions}), and OTLP export is then off. Never throws.
 */
public final class SpanExporters implements RouteExporter {

    private final JaegerThriftHttpExporter jaeger;
    /** Per route, when OTLP goes to the endpoint derived from FC's; null otherwise. */
    private final DerivedOtlpExporters derivedOtlp;
    /** Exporters that need no FC endpoint. */
    private final List<SpanExporter> fixed;

    private SpanExporters(JaegerThriftHttpExporter jaeger, DerivedOtlpExporters derivedOtlp, List<SpanExporter> fixed) {
        this.jaeger = jaeger;
        this.derivedOtlp = derivedOtlp;
        this.fixed = fixed;
    }

    /** @param userExporters exporters registered with {@code FcTracing.addSpanExporter} */
    public static SpanExporters create(TracingConfig config, List<SpanExporter> userExporters) {
        long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(config.flushTimeoutNanos());
        JaegerThriftHttpExporter jaeger = null;
        DerivedOtlpExporters derivedOtlp = null;
        List<SpanExporter> fixed = new ArrayList<>();
        boolean otlpConfigured = config.exporters().contains("otlp");
        // Needed here only to decide about OTLP export; otherwise the check runs after the first request, off the
        // cold start (WeavingSelfCheck): it is the instance's first class-loader resource lookup, milliseconds.
        String otlpMismatch = otlpConfigured ? OtelVersions.otlpMismatch(SpanExporters.class.getClassLoader()) : null;
        if (otlpMismatch != null) {
            InternalLog.warn(otlpMismatch + "; OTLP export is off");
        }
        for (String name : config.exporters()) {
            switch (name) {
                case "jaeger":
                    jaeger = JaegerThriftHttpExporter.create(timeoutMillis);
                    break;
                case "console":
                    fixed.add(new ConsoleSpanExporter(System.out));
                    break;
                case "otlp":
                    if (!OtlpExporterFactory.available()) {
                        InternalLog.warn(TracingConfig.TRACES_EXPORTER
                                + "=otlp needs io.opentelemetry:opentelemetry-exporter-otlp"
                                + " on the function's class path; OTLP export is off");
                    } else if (otlpMismatch != null) {
                        break; // said above, with both versions
                    } else if (config.otlpTracesEndpoint() == null) {
                        derivedOtlp = new DerivedOtlpExporters(config.otlpHeaders(), timeoutMillis);
                    } else {
                        SpanExporter otlp = OtlpExporterFactory.createOrLog(
                                config.otlpTracesEndpoint(), false, config.otlpHeaders(), timeoutMillis);
                        if (otlp != null) {
                            fixed.add(otlp);
                        }
                    }
                    break;
                default:
                    InternalLog.warn(TracingConfig.TRACES_EXPORTER + " names '" + name
                            + "', which fc-tracing does not know" + " (jaeger, otlp, console, none); skipped");
            }
        }
        fixed.addAll(userExporters);
        return new SpanExporters(jaeger, derivedOtlp, fixed);
    }

    /** Whether anything exports spans of invocations that carry no FC endpoint ({@link Route#NONE}). */
    public boolean exportsWithoutFcEndpoint() {
        return !fixed.isEmpty();
    }

    /** Has the Jaeger exporter's thread get ready to send along {@code route} (see {@link JaegerThriftHttpExporter}). */
    public void prepareToSend(Route route) {
        if (jaeger != null) {
            jaeger.prepareToSend(route);
        }
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans, Route route) {
        List<CompletableResultCode> results = new ArrayList<>(fixed.size() + 2);
        if (jaeger != null && route != Route.NONE) {
            results.add(jaeger.export(spans, route));
        }
        if (derivedOtlp != null && route != Route.NONE) {
            SpanExporter otlp = derivedOtlp.forRoute(route);
            if (otlp != null) {
                results.add(exportSafely(otlp, spans));
            }
        }
        for (SpanExporter exporter : fixed) {
            results.add(exportSafely(exporter, spans));
        }
        return results.size() == 1 ? results.get(0) : CompletableResultCode.ofAll(results);
    }

    @Override
    public CompletableResultCode shutdown() {
        List<CompletableResultCode> results = new ArrayList<>();
        if (jaeger != null) {
            results.add(jaeger.shutdown());
        }
        if (derivedOtlp != null) {
            results.add(derivedOtlp.shutdown());
        }
        for (SpanExporter exporter : fixed) {
            try {
                results.add(exporter.shutdown());
            } catch (RuntimeException e) {
                results.add(CompletableResultCode.ofFailure());
            }
        }
        return CompletableResultCode.ofAll(results);
    }

    private static CompletableResultCode exportSafely(SpanExporter exporter, Collection<SpanData> spans) {
        try {
            CompletableResultCode result = exporter.export(spans);
            return result != null ? result : CompletableResultCode.ofFailure();
        } catch (RuntimeException e) {
            ThrottledLog.warn(
                    "exporter threw",
                    "span exporter " + exporter.getClass().getName() + " threw "
                            + e.getClass().getName() + "; " + spans.size() + " span(s) lost");
            return CompletableResultCode.ofFailure();
        }
    }
}
