package dev.fctracing.properties;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A span processor that sees every span tracing starts and ends ({@code FcTracing.addSpanProcessor}) and keeps only
 * their ids and end times: it must not keep spans (or what they reference) alive itself.
 */
public final class SpanLedger implements SpanProcessor {

    private final Set<String> started = ConcurrentHashMap.newKeySet();
    /** Span id to {@code System.nanoTime()} when it ended. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        started.add(span.getSpanContext().getSpanId());
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.put(span.getSpanContext().getSpanId(), System.nanoTime());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    public void reset() {
        started.clear();
        ended.clear();
    }

    public boolean hasEnded(String spanId) {
        return ended.containsKey(spanId);
    }

    boolean allEnded(Collection<String> spanIds) {
        for (String id : spanIds) {
            if (!ended.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    public int startedCount() {
        return started.size();
    }

    /** Spans started and not (yet) ended. */
    public Set<String> unended() {
        Set<String> open = new HashSet<>(started);
        open.removeAll(ended.keySet());
        return open;
    }

    /** Spans that ended before {@code nanos} ({@code System.nanoTime()}). */
    Set<String> endedBefore(long nanos) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Long> e : ended.entrySet()) {
            if (e.getValue() - nanos < 0) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
