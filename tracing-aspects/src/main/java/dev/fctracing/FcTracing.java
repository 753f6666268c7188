package dev.fctracing;

import dev.fctracing.internal.sdk.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The toolkit's entry point for user code: the OpenTelemetry instance behind {@code @FcHandler} and
 * {@code @Traced}, for spans made by hand under the same invocation context.
 *
 * <pre>{@code
 * Span span = FcTracing.tracer("my.library").spanBuilder("query").startSpan();  // child of the current span
 * }</pre>
 *
 * <p>Before the first traced invocation of the instance (and after {@code preStop}) the returned objects are
 * OpenTelemetry's no-ops, so calling them is always safe.
 */
public final class FcTracing {

  private FcTracing() {}

  /** The instance's OpenTelemetry, or {@link OpenTelemetry#noop()} while tracing is not running. */
  public static OpenTelemetry openTelemetry() {
    TracingRuntime runtime = TracingRuntime.active();
    return runtime == null ? OpenTelemetry.noop() : runtime.openTelemetry();
  }

  /** A tracer of the given instrumentation scope from {@link #openTelemetry()}. */
  public static Tracer tracer(String instrumentationScopeName) {
    return openTelemetry().getTracer(instrumentationScopeName);
  }

  /**
   * Exports every span ended so far, within the flush budget ({@code FCTRACING_FLUSH_TIMEOUT_MS}). Invocations flush
   * by themselves; call this only for spans ended on your own threads outside an invocation.
   *
   * @return {@code true} if they were all exported in time (or there was nothing to export)
   */
  public static boolean flush() {
    TracingRuntime runtime = TracingRuntime.active();
    return runtime == null || runtime.flush();
  }
}
