package dev.fctracing.internal.correlation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Logback: puts the current span's ids into SLF4J's MDC when something logs, not when a span starts. A turbo filter
 * runs on the logging thread before Logback builds the event, so every line logged while a span is current carries
 * {@code %X{trace_id}}, {@code %X{span_id}}, {@code %X{trace_flags}}, on any thread the span's context was propagated
 * to; the first line logged once no span is current puts back the values the function had under those keys. Spans
 * themselves pay nothing (a {@code @Traced} call stays as fast as without Logback); a log call pays a thread-local
 * read, and three MDC puts only when the current span changed since this thread's last line.
 *
 * <p>Installed once per Logback context, and again after a reset (a reconfiguration clears turbo filters).
 */
final class LogbackTraceIds extends TurboFilter {

  /** What this thread's MDC holds from us, and what it held before. */
  private static final ThreadLocal<String[]> STATE =
      new ThreadLocal<String[]>() {
        @Override
        protected String[] initialValue() {
          return new String[7]; // ours: trace, span, flags; before: trace, span, flags; [6] != null: ours are set
        }
      };

  /** Adds the filter to {@code context} unless it has it, and keeps it there across resets. */
  static void installOn(LoggerContext context) {
    if (!present(context)) {
      context.addTurboFilter(new LogbackTraceIds());
    }
    for (LoggerContextListener listener : context.getCopyOfListenerList()) {
      if (listener instanceof Reinstall) {
        return;
      }
    }
    context.addListener(new Reinstall());
  }

  private static boolean present(LoggerContext context) {
    for (TurboFilter filter : context.getTurboFilterList()) {
      if (filter instanceof LogbackTraceIds) {
        return true;
      }
    }
    return false;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    try {
      String[] state = STATE.get();
      SpanContext span = TraceIds.current();
      if (span != null) {
        if (state[6] == null) {
          state[3] = MDC.get(TraceIds.TRACE_ID);
          state[4] = MDC.get(TraceIds.SPAN_ID);
          state[5] = MDC.get(TraceIds.TRACE_FLAGS);
          state[6] = "set";
        }
        state[0] = put(TraceIds.TRACE_ID, span.getTraceId(), state[0]);
        state[1] = put(TraceIds.SPAN_ID, span.getSpanId(), state[1]);
        state[2] = put(TraceIds.TRACE_FLAGS, span.getTraceFlags().asHex(), state[2]);
      } else if (state[6] != null) {
        restore(TraceIds.TRACE_ID, state[3]);
        restore(TraceIds.SPAN_ID, state[4]);
        restore(TraceIds.TRACE_FLAGS, state[5]);
        java.util.Arrays.fill(state, null);
      }
    } catch (RuntimeException | LinkageError correlationFailed) {
      // the line is logged without ids
    }
    return FilterReply.NEUTRAL;
  }

  /** Puts {@code value} unless it is what this thread put last (the same span): returns what is there now. */
  private static String put(String key, String value, String last) {
    if (!value.equals(last)) {
      MDC.put(key, value);
    }
    return value;
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  /** Puts the filter back after the context is reset (a reconfiguration removes turbo filters). */
  private static final class Reinstall implements LoggerContextListener {
    @Override
    public boolean isResetResistant() {
      return true;
    }

    @Override
    public void onStart(LoggerContext context) {}

    @Override
    public void onReset(LoggerContext context) {
      if (!present(context)) {
        context.addTurboFilter(new LogbackTraceIds());
      }
    }

    @Override
    public void onStop(LoggerContext context) {}

    @Override
    public void onLevelChange(Logger logger, Level level) {}
  }
}
