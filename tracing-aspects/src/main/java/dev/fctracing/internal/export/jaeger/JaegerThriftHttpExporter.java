package dev.fctracing.internal.export.jaeger;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.http.HttpOutcome;
import dev.fctracing.internal.export.http.HttpPoster;
import dev.fctracing.internal.export.http.HttpRequest;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Exports spans to FC's Jaeger collector, Thrift over HTTP: encodes each batch on the caller's thread ({@link
 * JaegerThriftEncoder}, one request per resource) and hands it to an {@link HttpPoster} ({@value #THREAD_NAME}) for
 * the batch's {@link Route}; never waits for the network. The returned result succeeds when the collector answered
 * 2xx, and fails otherwise; the caller decides how long to wait for it. Never throws.
 */
public final class JaegerThriftHttpExporter {

    /** Name of the sending thread (its watchdog's name adds {@code -watchdog}). */
    public static final String THREAD_NAME = "fc-tracing-exporter";
    /** Batches that may wait for the sending thread; one more may be in flight. */
    public static final int MAX_PENDING_BATCHES = HttpPoster.MAX_PENDING_REQUESTS;

    static final String CONTENT_TYPE = "application/x-thrift";

    private final HttpPoster poster;
    /** The routes the sending thread was readied for (a few: one per endpoint FC passed). */
    private final Set<Route> prepared = ConcurrentHashMap.newKeySet();

    private JaegerThriftHttpExporter(long timeoutMillis, LongSupplier nanoClock) {
        this.poster = new HttpPoster("Jaeger", THREAD_NAME, timeoutMillis, nanoClock);
    }

    /**
     * An exporter whose connect and read timeouts are {@code timeoutMillis} each (also the grace period of {@link
     * #shutdown()}). No thread is started until one is readied ({@link #prepareToSend}) or the first batch is sent.
     */
    public static JaegerThriftHttpExporter create(long timeoutMillis) {
        return new JaegerThriftHttpExporter(timeoutMillis, ThrottledLog.SYSTEM_CLOCK);
    }

    /** As {@link #create(long)}, with the clock of log rate limiting and the shutdown deadline (tests drive it). */
    static JaegerThriftHttpExporter create(long timeoutMillis, LongSupplier nanoClock) {
        return new JaegerThriftHttpExporter(timeoutMillis, nanoClock);
    }

    /**
     * Starts the sending thread and has it get ready for requests along {@code route} while the invocation runs: resolves
     * the host (the JDK caches the address; FC's endpoint is a host name) and loads the encoder, HTTP client and socket
     * classes (measured in {@code benchmarks/results/coldstart-latest.txt}), so that the first flush pays for none of it. Sends nothing, opens no
     * connection. Once per route; a no-op after shutdown.
     */
    public void prepareToSend(Route route) {
        if (route != null && route != Route.NONE && !prepared.contains(route) && prepared.add(route)) {
            poster.prepare(route.target(), LoadEncoder.INSTANCE);
        }
    }

    /**
     * Encodes {@code spans} on the calling thread and hands the requests to the sending thread for {@code route}'s
     * endpoint. {@link Route#NONE} or no route: nothing to send, success.
     */
    public CompletableResultCode export(Collection<SpanData> spans, Route route) {
        int count = spans == null ? 0 : spans.size();
        if (route == null || route == Route.NONE || count == 0) {
            return CompletableResultCode.ofSuccess();
        }
        List<ThriftBuffer> bodies;
        try {
            bodies = JaegerThriftEncoder.encode(spans);
        } catch (RuntimeException e) {
            ThrottledLog.warn(
                    "encode " + e.getClass().getName(),
                    "fc-tracing: " + count + " span(s) lost: Jaeger endpoint " + route.masked()
                            + " could not be sent: encoding failed with "
                            + e.getClass().getName());
            return CompletableResultCode.ofFailure();
        }
        if (bodies.size() == 1) {
            return post(route, bodies.get(0), count);
        }
        List<CompletableResultCode> results = new ArrayList<>(bodies.size());
        for (ThriftBuffer body : bodies) {
            results.add(post(route, body, -1));
        }
        return CompletableResultCode.ofAll(results);
    }

    private CompletableResultCode post(Route route, ThriftBuffer body, int spanCount) {
        HttpOutcome outcome = poster.post(new HttpRequest(
                route.target(),
                route.masked(),
                CONTENT_TYPE,
                Collections.<String, List<String>>emptyMap(),
                body.array(),
                body.size(),
                spanCount));
        return outcome.done;
    }

    /** Batches failed at once because {@value #MAX_PENDING_BATCHES} were already waiting. */
    public long droppedBatches() {
        return poster.droppedRequests();
    }

    /** Whether the sending thread has ended after {@link #shutdown()} (or never started). */
    boolean stopped() {
        return poster.stopped();
    }

    /** Completes when every batch accepted so far has been sent (fails if any of them failed). */
    public CompletableResultCode flush() {
        return poster.flush();
    }

    /**
     * Stops accepting batches; queued ones are still sent during the timeout, then fail unsent. Does not block: the
     * result completes when the last queued batch is done.
     */
    public CompletableResultCode shutdown() {
        return poster.shutdown();
    }

    @Override
    public String toString() {
        return "JaegerThriftHttpExporter{routes=" + prepared + "}";
    }

    /** Run on the sending thread when it gets ready: loads the encoder's classes for the first flush. */
    private static final class LoadEncoder implements Runnable {
        static final LoadEncoder INSTANCE = new LoadEncoder();

        @Override
        public void run() {
            JaegerThriftEncoder.encode(null, Collections.<SpanData>emptyList());
        }
    }
}
