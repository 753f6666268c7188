package dev.fctracing.internal.correlation;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;

/**
 * Log4j 2: the current span's ids as context data of every log event ({@code %X{trace_id}}, {@code %X{span_id}},
 * {@code %X{trace_flags}} in a layout), supplied when an event is created — Log4j finds this provider through {@code
 * META-INF/services} on its own. Spans pay nothing; an event logged while no span is current gets nothing from here,
 * and the function's own {@code ThreadContext} values are untouched.
 */
public final class Log4j2TraceIds implements ContextDataProvider {

  @Override
  public Map<String, String> supplyContextData() {
    try {
      SpanContext span = TraceIds.current();
      if (span == null) {
        return Collections.emptyMap();
      }
      Map<String, String> ids = new HashMap<>(4);
      ids.put(TraceIds.TRACE_ID, span.getTraceId());
      ids.put(TraceIds.SPAN_ID, span.getSpanId());
      ids.put(TraceIds.TRACE_FLAGS, span.getTraceFlags().asHex());
      return ids;
    } catch (RuntimeException | LinkageError correlationFailed) {
      return Collections.emptyMap();
    }
  }
}
