package dev.fctracing.testing;

import dev.fctracing.testing.LoopbackJaegerCollector.Received;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link LoopbackJaegerCollector} received and how it is to answer: the requests and errors in arrival order,
 * the count of accepted spans (which {@code awaitSpans} waits on) and the fault settings, under one lock so that a
 * request is answered with the faults set when it arrived and is visible once answered.
 */
final class CollectorRecord {

    /** The fault settings one request is answered with. */
    static final class FaultSettings {
        final int status; // 0 = answer normally
        final long delayMillis;
        final boolean drop;

        FaultSettings(int status, long delayMillis, boolean drop) {
            this.status = status;
            this.delayMillis = delayMillis;
            this.drop = drop;
        }
    }

    private final Object lock = new Object();

    // Guarded by lock.
    private final List<Received> requests = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int acceptedSpanCount;
    private int faultStatus;
    private long delayMillis;
    private boolean dropConnections;
    private boolean closed;

    /** Records one request, with the error it was refused for ({@code null} for none), and wakes waiters. */
    void add(Received received, String error) {
        synchronized (lock) {
            requests.add(received);
            if (error != null) {
                errors.add(error);
            }
            if (received.accepted()) {
                acceptedSpanCount += received.batch().getSpansSize();
                lock.notifyAll();
            }
        }
    }

    void addError(String error) {
        synchronized (lock) {
            errors.add(error);
        }
    }

    List<Received> requests() {
        synchronized (lock) {
            return new ArrayList<>(requests);
        }
    }

    /** The decoded batches that were ({@code accepted}) or were not accepted, in arrival order. */
    List<Batch> batches(boolean accepted) {
        List<Batch> out = new ArrayList<>();
        for (Received r : requests()) {
            if (r.accepted() == accepted && r.batch() != null) {
                out.add(r.batch());
            }
        }
        return out;
    }

    /** The POST requests, in arrival order. */
    List<Received> posts() {
        List<Received> out = new ArrayList<>();
        for (Received r : requests()) {
            if ("POST".equals(r.method())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Spans of the accepted batches in arrival order: all, or those of the trace {@code {high, low}}. */
    List<Span> spans(long[] traceId) {
        List<Span> out = new ArrayList<>();
        for (Batch batch : batches(true)) {
            for (Span span : batch.getSpans() == null ? Collections.<Span>emptyList() : batch.getSpans()) {
                if (traceId == null || span.getTraceIdHigh() == traceId[0] && span.getTraceIdLow() == traceId[1]) {
                    out.add(span);
                }
            }
        }
        return out;
    }

    List<String> postContentTypes() {
        List<String> out = new ArrayList<>();
        for (Received r : posts()) {
            out.add(r.contentType());
        }
        return out;
    }

    List<String> postPaths() {
        List<String> out = new ArrayList<>();
        for (Received r : posts()) {
            out.add(r.path());
        }
        return out;
    }

    List<String> errors() {
        synchronized (lock) {
            return new ArrayList<>(errors);
        }
    }

    boolean awaitSpans(int atLeast, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (acceptedSpanCount < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return acceptedSpanCount >= atLeast;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return acceptedSpanCount >= atLeast;
                }
            }
            return true;
        }
    }

    void reset() {
        synchronized (lock) {
            requests.clear();
            errors.clear();
            acceptedSpanCount = 0;
        }
    }

    /** Marks the record closed and wakes waiters; false if it already was. */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            lock.notifyAll();
            return true;
        }
    }

    String summary() {
        synchronized (lock) {
            return requests.size() + " request(s), " + acceptedSpanCount + " accepted span(s), " + errors.size()
                    + " error(s)" + (closed ? ", closed" : "");
        }
    }

    // ---------------------------------------------------------------- faults

    FaultSettings faults() {
        synchronized (lock) {
            return new FaultSettings(faultStatus, delayMillis, dropConnections);
        }
    }

    void respondWith(int status) {
        synchronized (lock) {
            faultStatus = status;
        }
    }

    void delayMillis(long millis) {
        synchronized (lock) {
            delayMillis = millis;
        }
    }

    void dropConnections(boolean drop) {
        synchronized (lock) {
            dropConnections = drop;
        }
    }

    String faultSummary() {
        synchronized (lock) {
            return "status " + (faultStatus == 0 ? "normal" : String.valueOf(faultStatus)) + ", delay " + delayMillis
                    + " ms" + (dropConnections ? ", dropping connections" : "");
        }
    }
}
