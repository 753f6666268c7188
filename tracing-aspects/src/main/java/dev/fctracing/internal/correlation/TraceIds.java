package dev.fctracing.internal.correlation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The ids of the span current on this thread, under OpenTelemetry's log correlation keys ({@code trace_id}, {@code
 * span_id}, {@code trace_flags}): what the logging integrations put in log lines and what {@code FcTracing.traceId()}
 * returns. Reads the current {@code Context} only: no allocation.
 */
public final class TraceIds {

    /** OpenTelemetry's MDC / context-data key of the trace id (32 lower-case hex chars). */
    public static final String TRACE_ID = "trace_id";
    /** OpenTelemetry's MDC / context-data key of the span id (16 lower-case hex chars). */
    public static final String SPAN_ID = "span_id";
    /** OpenTelemetry's MDC / context-data key of the trace flags ({@code 01} sampled, {@code 00} not). */
    public static final String TRACE_FLAGS = "trace_flags";

    private TraceIds() {}

    /** The current span's context, or {@code null} when no valid span is current. */
    public static SpanContext current() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context : null;
    }
}
