package dev.fctracing.internal.correlation;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Log4j 2: the current span's ids as context data of every log event ({@code %X{trace_id}}, {@code %X{span_id}},
 * {@code %X{trace_flags}} in a layout), read from the current OpenTelemetry {@code Context} when Log4j creates the
 * event on the logging thread (before an async logger or appender hands it over). Log4j finds this provider through
 * {@code META-INF/services} by itself; it supplies ids only once tracing started with {@code
 * FCTRACING_LOG_CORRELATION} on ({@link LogCorrelation#enabled()}).
 *
 * <p>Nothing is written to {@code ThreadContext}: outside a span the event gets nothing from here, so the function's
 * own {@code ThreadContext} values are logged untouched; inside one the function's own value under the same key
 * stays in its {@code ThreadContext} (Log4j merges providers in {@code META-INF/services} order, so which of the two
 * a line shows then depends on the class path). Spans pay nothing; events inside a span reuse this thread's maps of
 * the span's ids while the span stays the same (two small maps per span that logs, none per event).
 */
public final class Log4j2TraceIds implements ContextDataProvider {

    private static final StringMap NONE = frozen(null);

    /** This thread's last span and its ids as a frozen map: most lines in a row come from the same span. */
    private static final ThreadLocal<Last> LAST = new ThreadLocal<>();

    /** Log4j's service loader makes it. */
    public Log4j2TraceIds() {}

    /** Log4j's default {@code ThreadContext} map asks for the ids this way. Never throws. */
    @Override
    public Map<String, String> supplyContextData() {
        Last last = last();
        return last == null ? Collections.<String, String>emptyMap() : last.map;
    }

    /** Log4j's copy-on-write and garbage-free {@code ThreadContext} maps ask for the ids this way. Never throws. */
    @Override
    public StringMap supplyStringMap() {
        Last last = last();
        return last == null ? NONE : last.ids;
    }

    /** The current span's ids, made once per span and thread; {@code null} when there are none to add. */
    private static Last last() {
        try {
            SpanContext span = currentIfEnabled();
            if (span == null) {
                return null;
            }
            Last last = LAST.get();
            if (last == null || last.span != span) {
                last = new Last(span);
                LAST.set(last);
            }
            return last;
        } catch (Throwable correlationFailed) {
            return null; // the event is logged without ids; out of stack or memory, nothing else is tried
        }
    }

    private static SpanContext currentIfEnabled() {
        return LogCorrelation.enabled() ? TraceIds.current() : null;
    }

    private static StringMap frozen(SpanContext span) {
        SortedArrayStringMap ids = new SortedArrayStringMap(span == null ? 0 : 3);
        if (span != null) {
            ids.putValue(TraceIds.TRACE_ID, span.getTraceId());
            ids.putValue(TraceIds.SPAN_ID, span.getSpanId());
            ids.putValue(TraceIds.TRACE_FLAGS, span.getTraceFlags().asHex());
        }
        ids.freeze();
        return ids;
    }

    /** A span and its ids, in both of Log4j's forms. */
    private static final class Last {
        final SpanContext span;
        final StringMap ids;
        final Map<String, String> map;

        Last(SpanContext span) {
            this.span = span;
            this.ids = frozen(span);
            Map<String, String> map = new HashMap<>(4);
            map.put(TraceIds.TRACE_ID, span.getTraceId());
            map.put(TraceIds.SPAN_ID, span.getSpanId());
            map.put(TraceIds.TRACE_FLAGS, span.getTraceFlags().asHex());
            this.map = Collections.unmodifiableMap(map);
        }
    }
}
