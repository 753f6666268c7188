package dev.fctracing.internal.invocation;

import dev.fctracing.internal.fc.FcSpanContextParser;
import dev.fctracing.internal.fc.InvocationRequest;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;
import java.util.Map;
import java.util.function.Function;

/**
 * Where an invocation's handler span hangs, and which baggage it carries. Precedence, highest first:
 *
 * <ol>
 *   <li>FC's span context ({@code context.getTracing()} or the custom-runtime header): FC's system span for this
 *       request is the nearest ancestor. A W3C {@code traceparent} of a different trace on the same request is kept
 *       as a link.
 *   <li>A W3C {@code traceparent} header (FC 3.0 and upstream services speaking W3C).
 *   <li>Neither: the invocation starts a new trace.
 * </ol>
 *
 * Baggage: the W3C {@code baggage} header's entries, overridden by FC's baggage items of the same key.
 */
final class InvocationParent {

    /** Baggage entries taken from FC, at most (W3C baggage allows 180). */
    static final int MAX_BAGGAGE_ENTRIES = 180;
    /** Longest baggage key or value taken from FC, in chars. */
    static final int MAX_BAGGAGE_LENGTH = 4096;

    private static final TextMapGetter<Function<String, String>> HEADERS =
            new TextMapGetter<Function<String, String>>() {
                @Override
                public Iterable<String> keys(Function<String, String> carrier) {
                    return Collections.emptyList();
                }

                @Override
                public String get(Function<String, String> carrier, String key) {
                    return carrier == null ? null : carrier.apply(key);
                }
            };

    /** The context the handler span starts in: a parent span (if any) and baggage; never the thread's context. */
    final Context context;
    /** A W3C span context of another trace, to link to; or {@code null}. */
    final SpanContext link;
    /** Whether some FC baggage items were left out (null, too long, too many). */
    final boolean baggageTrimmed;

    private InvocationParent(Context context, SpanContext link, boolean baggageTrimmed) {
        this.context = context;
        this.link = link;
        this.baggageTrimmed = baggageTrimmed;
    }

    static InvocationParent of(InvocationRequest request) {
        Context w3c = Context.root();
        if (request.headers != null) {
            w3c = W3CTraceContextPropagator.getInstance().extract(w3c, request.headers, HEADERS);
            w3c = W3CBaggagePropagator.getInstance().extract(w3c, request.headers, HEADERS);
        }
        SpanContext w3cSpan = Span.fromContext(w3c).getSpanContext();
        SpanContext fcSpan = request.fcSpanContext == null
                ? SpanContext.getInvalid()
                : FcSpanContextParser.parseOrLog(request.fcSpanContext);

        Context context = Context.root();
        SpanContext link = null;
        if (fcSpan.isValid()) {
            context = context.with(Span.wrap(fcSpan));
            if (w3cSpan.isValid() && !w3cSpan.getTraceId().equals(fcSpan.getTraceId())) {
                link = w3cSpan;
            }
        } else if (w3cSpan.isValid()) {
            context = context.with(Span.wrap(w3cSpan));
        }

        Baggage upstream = Baggage.fromContext(w3c);
        BaggageBuilder baggage = upstream.toBuilder();
        boolean trimmed = false;
        int taken = 0;
        for (Map.Entry<String, String> item : request.fcBaggage.entrySet()) {
            String key = item.getKey();
            String value = item.getValue();
            if (key == null
                    || value == null
                    || key.isEmpty()
                    || key.length() > MAX_BAGGAGE_LENGTH
                    || value.length() > MAX_BAGGAGE_LENGTH
                    || taken == MAX_BAGGAGE_ENTRIES) {
                trimmed = true;
                continue;
            }
            baggage.put(key, value);
            taken++;
        }
        if (taken > 0 || !upstream.isEmpty()) {
            context = context.with(baggage.build());
        }
        return new InvocationParent(context, link, trimmed);
    }
}
