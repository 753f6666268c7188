package dev.fctracing.internal.export;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.export.jaeger.EndpointMasking;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporters of one instance, chosen once from {@code OTEL_TRACES_EXPORTER} (default {@code jaeger}: FC's
 * endpoint) plus any the function registered in code. Unknown or unavailable names, and an OTLP endpoint that cannot
 * be used, are logged once (masked) and skipped: the others still export. Never throws.
 */
public final class SpanExporters {

  private final JaegerThriftHttpExporter jaeger;
  private final List<SpanExporter> all;

  private SpanExporters(JaegerThriftHttpExporter jaeger, List<SpanExporter> all) {
    this.jaeger = jaeger;
    this.all = all;
  }

  /**
   * @param fcJaegerEndpoint FC's endpoint at start-up, or {@code null}: the OTLP endpoint can be derived from it
   * @param userExporters exporters registered with {@code FcTracing.addSpanExporter}
   */
  public static SpanExporters create(TracingConfig config, String fcJaegerEndpoint, List<SpanExporter> userExporters) {
    long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(config.flushTimeoutNanos());
    JaegerThriftHttpExporter jaeger = null;
    List<SpanExporter> all = new ArrayList<>();
    for (String name : config.exporters()) {
      switch (name) {
        case "jaeger":
          jaeger = JaegerThriftHttpExporter.create(timeoutMillis);
          all.add(jaeger);
          break;
        case "console":
          all.add(new ConsoleSpanExporter(System.out));
          break;
        case "otlp":
          SpanExporter otlp = otlp(config, fcJaegerEndpoint, timeoutMillis);
          if (otlp != null) {
            all.add(otlp);
          }
          break;
        default:
          InternalLog.warn(TracingConfig.TRACES_EXPORTER + " names '" + name + "', which fc-tracing does not know"
              + " (jaeger, otlp, console, none); skipped");
      }
    }
    all.addAll(userExporters);
    return new SpanExporters(jaeger, all);
  }

  private static SpanExporter otlp(TracingConfig config, String fcJaegerEndpoint, long timeoutMillis) {
    if (!OtlpExporterFactory.available()) {
      InternalLog.warn(TracingConfig.TRACES_EXPORTER + "=otlp needs io.opentelemetry:opentelemetry-exporter-otlp on"
          + " the function's class path; OTLP export is off");
      return null;
    }
    for (String credential : config.otlpHeaders().values()) {
      LogSecrets.addValue(credential);
    }
    String configured = config.otlpTracesEndpoint();
    String endpoint = OtlpExporterFactory.endpoint(configured, fcJaegerEndpoint);
    if (endpoint == null) {
      InternalLog.warn(TracingConfig.TRACES_EXPORTER + "=otlp but no " + TracingConfig.OTLP_ENDPOINT + " is set and"
          + " FC passed no Jaeger endpoint to derive one from; OTLP export is off");
      return null;
    }
    LogSecrets.addEndpoint(endpoint);
    String what = "OTLP endpoint " + EndpointMasking.mask(endpoint)
        + (configured == null ? " (derived from FC's Jaeger endpoint)" : "");
    String problem = OtlpExporterFactory.problem(endpoint);
    if (problem != null) {
      InternalLog.warn(what + " refused: " + problem + "; OTLP export is off");
      return null;
    }
    try {
      return OtlpExporterFactory.create(endpoint, config.otlpHeaders(), timeoutMillis);
    } catch (RuntimeException | LinkageError e) {
      // An exporter older than the sender SPI (1.59), or a message of OpenTelemetry's: never logged unscrubbed.
      InternalLog.warn(what + ": the OTLP exporter could not be created (" + e.getClass().getName() + ": "
          + LogSecrets.scrub(e.getMessage()) + "); OTLP export is off");
      return null;
    }
  }

  /** FC's Jaeger exporter, or {@code null} when {@code jaeger} is not among the exporters. */
  public JaegerThriftHttpExporter jaeger() {
    return jaeger;
  }

  /** Whether anything exports besides FC's Jaeger endpoint (then invocations are traced even without one). */
  public boolean exportsWithoutFcEndpoint() {
    return all.size() > (jaeger == null ? 0 : 1);
  }

  /** All of them as one exporter (nothing exported when empty). */
  public SpanExporter combined() {
    return all.size() == 1 ? all.get(0) : SpanExporter.composite(all);
  }
}
