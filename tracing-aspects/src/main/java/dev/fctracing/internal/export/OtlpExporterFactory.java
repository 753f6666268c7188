package dev.fctracing.internal.export;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.export.jaeger.EndpointMasking;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code OTEL_TRACES_EXPORTER=otlp}: OTLP over HTTP/protobuf, for FC 3.0's Managed Service for OpenTelemetry or any
 * OTLP collector. Needs {@code io.opentelemetry:opentelemetry-exporter-otlp} on the function's class path (it is an
 * optional dependency, so functions that don't use OTLP don't carry it).
 *
 * <p>Endpoint: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, else {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code
 * /v1/traces}, else derived from FC's Jaeger endpoint ({@code .../api/traces} → {@code .../api/otlp/traces}, where
 * Managed Service for OpenTelemetry takes OTLP on the same host).
 */
final class OtlpExporterFactory {

  static final String OTLP_EXPORTER_CLASS = "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

  private OtlpExporterFactory() {}

  /** Whether the OTLP exporter artifact is on the class path. */
  static boolean available() {
    try {
      Class.forName(OTLP_EXPORTER_CLASS, false, OtlpExporterFactory.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The endpoint to use, or {@code null} when none is configured or derivable. */
  static String endpoint(String configured, String fcJaegerEndpoint) {
    if (configured != null) {
      return configured;
    }
    if (fcJaegerEndpoint != null && fcJaegerEndpoint.endsWith("/api/traces")) {
      return fcJaegerEndpoint.substring(0, fcJaegerEndpoint.length() - "/api/traces".length()) + "/api/otlp/traces";
    }
    return null;
  }

  /** Call only when {@link #available()}. */
  static SpanExporter create(String endpoint, Map<String, String> headers, long timeoutMillis) {
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      builder.addHeader(header.getKey(), header.getValue());
    }
    InternalLog.info("exporting spans with OTLP/HTTP to " + EndpointMasking.mask(endpoint));
    return builder.build();
  }
}
