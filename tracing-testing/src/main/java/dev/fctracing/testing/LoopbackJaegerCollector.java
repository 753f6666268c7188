package dev.fctracing.testing;

import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Jaeger collector for tests and local runs, listening on {@code 127.0.0.1} on an ephemeral port: it accepts
 * {@code POST} on any path, decodes the body as a Thrift {@link Batch} with the reference model
 * ({@link JaegerThriftReference}) and records it. It answers like Jaeger's own HTTP handler: 202 on success, 400 for a
 * body that does not decode or a Content-Type other than {@code application/x-thrift} /
 * {@code application/vnd.apache.thrift.binary}, 405 for other methods.
 *
 * <p>{@link #endpoint()} is shaped like the endpoint FC hands a function, {@code /adapt_<token>@<token2>/api/traces},
 * with two tokens drawn at random for each collector: {@link #secrets()} returns them, so that a test can assert
 * that they never appear in logs, exception messages or span attributes (in production they are credentials). The
 * collector never prints them itself: {@link #toString()}, {@link #errors()} and {@link Received#toString()} show
 * {@code ***} in their place.
 *
 * <p>Only batches answered with a 2xx status are "accepted" and show in {@link #batches()} and {@link #spans()}; the
 * others are in {@link #rejectedBatches()}. To test how a function behaves when the collector fails (error status,
 * slow answers, dropped connections) use {@link #faults()}.
 *
 * <pre>{@code
 * try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
 *   FakeFcContext ctx = FakeFcContext.builder()
 *       .spanContext(FakeFcContext.randomJaegerSpanContext(true))
 *       .jaegerEndpoint(collector.endpoint())
 *       .build();
 *   handler.handleRequest(in, out, ctx);
 *   List<Span> spans = collector.spansOfTrace(ctx.traceIdHex32());
 * }
 * }</pre>
 *
 * <p>Most tests do not need this class directly: {@link FcTracingTestKit} starts one and builds contexts that point at
 * it.
 */
public final class LoopbackJaegerCollector implements AutoCloseable {

    private static final int TOKEN_LENGTH = 18;
    private static final String MASK = "***";

    private final HttpServer server;
    private final String token;
    private final String token2;
    private final Faults faults = new Faults();
    private final CollectorRecord record = new CollectorRecord();
    private volatile Consumer<Batch> acceptedListener;

    private LoopbackJaegerCollector() {
        this.token = Ids.randomToken(TOKEN_LENGTH);
        String second;
        do {
            second = Ids.randomToken(TOKEN_LENGTH);
        } while (second.equals(token));
        this.token2 = second;
        this.server = CollectorExchange.serve(new CollectorExchange(this, record));
    }

    /** Starts a collector on 127.0.0.1 and an ephemeral port, with fresh tokens. Close it when done. */
    public static LoopbackJaegerCollector start() {
        return new LoopbackJaegerCollector();
    }

    /**
     * {@code http://127.0.0.1:<port>/adapt_<token>@<token2>/api/traces}: what FC would hand a function in
     * {@code context.getTracing().getJaegerEndpoint()}. Contains {@link #secrets()}: do not print it.
     */
    public String endpoint() {
        return baseUrl() + tracesPath();
    }

    /** The path of {@link #endpoint()}, {@code /adapt_<token>@<token2>/api/traces}, secrets included. */
    public String tracesPath() {
        return "/adapt_" + token + "@" + token2 + "/api/traces";
    }

    /**
     * The two random tokens in {@link #endpoint()}'s path (FC's endpoints carry two credentials there). For
     * assertions that they never leak: {@code assertThat(logText).doesNotContain(collector.secrets().get(0))}.
     */
    public List<String> secrets() {
        return Collections.unmodifiableList(Arrays.asList(token, token2));
    }

    /** {@code http://127.0.0.1:<port>}, for building other paths (every path is accepted). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The ephemeral port the collector listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The collector's failure modes, for testing how a function behaves when its collector fails: an error status, a
     * slow answer, a dropped connection. Each applies to the requests that arrive after it is set, until
     * {@link Faults#clear()}.
     */
    public Faults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- recorded data

    /** Batches answered with 2xx, in arrival order. */
    public List<Batch> batches() {
        return record.batches(true);
    }

    /** Batches that decoded but were not accepted (an injected error status or dropped connection). */
    public List<Batch> rejectedBatches() {
        return record.batches(false);
    }

    /** Spans of all accepted batches, flattened in arrival order. */
    public List<Span> spans() {
        return record.spans(null);
    }

    /** Accepted spans whose trace id is ({@code traceIdHigh}, {@code traceIdLow}), in arrival order. */
    public List<Span> spansOfTrace(long traceIdHigh, long traceIdLow) {
        return record.spans(new long[] {traceIdHigh, traceIdLow});
    }

    /**
     * Accepted spans of a trace given as hex (up to 32 chars, e.g. {@link FakeFcContext#traceIdHex32()}); a shorter id
     * is left-padded with zeros, so a 64-bit id means {@code traceIdHigh == 0}.
     */
    public List<Span> spansOfTrace(String traceIdHex) {
        long[] id = Ids.parseTraceId(traceIdHex);
        return spansOfTrace(id[0], id[1]);
    }

    /** Every request received, in arrival order, whatever its outcome. */
    public List<Received> requests() {
        return record.requests();
    }

    /** Number of POST requests received (accepted, rejected, undecodable or dropped alike). */
    public int postCount() {
        return record.posts().size();
    }

    /** The Content-Type header of each POST in arrival order ({@code null} where there was none). */
    public List<String> contentTypes() {
        return record.postContentTypes();
    }

    /** The raw request path of each POST in arrival order (query string excluded; secrets included). */
    public List<String> paths() {
        return record.postPaths();
    }

    /**
     * Why requests were refused: undecodable bodies, wrong Content-Type, wrong method, unreadable bodies. The
     * collector's tokens show as {@code ***}.
     */
    public List<String> errors() {
        return record.errors();
    }

    /**
     * Waits until at least {@code atLeast} spans have been accepted, or the timeout passes.
     *
     * @param atLeast how many accepted spans to wait for, counted since the start or the last {@link #reset()}
     * @param timeoutMillis how long to wait at most
     * @return whether {@code spans().size() >= atLeast} when it returns
     */
    public boolean awaitSpans(int atLeast, long timeoutMillis) {
        return record.awaitSpans(atLeast, timeoutMillis);
    }

    /**
     * Calls {@code listener} with every batch accepted from now on, on the collector's handler thread, after it is
     * recorded and before the client gets its answer — so whatever the listener records is visible once the client's
     * request has returned. {@code null} removes it. An exception from the listener is recorded in {@link #errors()}
     * and the request is left unanswered.
     *
     * @param listener called with each accepted batch, or {@code null}
     * @return this collector
     */
    public LoopbackJaegerCollector onAccepted(Consumer<Batch> listener) {
        this.acceptedListener = listener;
        return this;
    }

    /** Forgets every recorded request, batch and error. Faults stay set: see {@link Faults#clear()}. */
    public void reset() {
        record.reset();
    }

    /** Stops the server at once, abandoning requests in progress, and its threads. Idempotent. */
    @Override
    public void close() {
        if (!record.close()) {
            return;
        }
        server.stop(0);
        ExecutorService executor = (ExecutorService) server.getExecutor();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collector state in one line, for assertion messages; never the tokens. */
    @Override
    public String toString() {
        return "LoopbackJaegerCollector[" + baseUrl() + "/adapt_" + MASK + "@" + MASK + "/api/traces, "
                + record.summary() + "]";
    }

    /**
     * Fault injection, for testing how a function behaves when its collector fails. Reached through
     * {@link LoopbackJaegerCollector#faults()}; every setting applies to the requests that arrive after it, and
     * {@link #clear()} restores normal answers. Every request is still read, decoded and recorded first (as not
     * accepted when the fault makes it fail), so a test can see what was sent.
     *
     * <pre>{@code
     * kit.collector().faults().respondWith(503);
     * handler.handleRequest(in, out, kit.newContext()); // must still answer, and log no token
     * kit.collector().faults().clear();
     * }</pre>
     */
    public final class Faults {

        private Faults() {}

        /**
         * Answers subsequent POSTs with {@code status} (e.g. 500, 503, 429, or 200 for a different success) whatever
         * their body; {@code 0} or {@code 202} restores normal answers.
         *
         * @param status 0, or an HTTP status from 200 to 599
         * @return these faults, for chaining
         */
        public Faults respondWith(int status) {
            if (status != 0 && (status < 200 || status > 599)) {
                throw new IllegalArgumentException("status must be 0 or 200..599: " + status);
            }
            record.respondWith(status == 202 ? 0 : status);
            return this;
        }

        /**
         * Waits this long before answering subsequent requests (after reading and recording each), so that a client
         * with a shorter timeout gives up. A request is recorded before the delay: {@code awaitSpans} may return while
         * the client is still waiting for its answer.
         *
         * @param millis the delay; 0 for none
         * @return these faults, for chaining
         */
        public Faults delayMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("delay must be >= 0: " + millis);
            }
            record.delayMillis(millis);
            return this;
        }

        /**
         * When on, subsequent requests are read, recorded as not accepted, then their connection is closed without any
         * answer (the client sees an I/O error such as "Unexpected end of file from server").
         *
         * @param drop whether to drop connections
         * @return these faults, for chaining
         */
        public Faults dropConnections(boolean drop) {
            record.dropConnections(drop);
            return this;
        }

        /**
         * Restores normal answers: no error status, no delay, no dropped connections.
         *
         * @return these faults, for chaining
         */
        public Faults clear() {
            record.respondWith(0);
            record.delayMillis(0);
            record.dropConnections(false);
            return this;
        }

        /** The collector these faults belong to. */
        public LoopbackJaegerCollector collector() {
            return LoopbackJaegerCollector.this;
        }

        @Override
        public String toString() {
            return "Faults[" + record.faultSummary() + "]";
        }
    }

    /** The listener {@link #onAccepted} set, or {@code null}. */
    Consumer<Batch> acceptedListener() {
        return acceptedListener;
    }

    /** {@code text} with this collector's tokens replaced by {@code ***}. */
    String mask(String text) {
        return text == null ? null : text.replace(token, MASK).replace(token2, MASK);
    }

    /**
     * One request as the collector saw it. {@link #batch()} is {@code null} when the body did not decode (or the
     * method was not POST); {@link #status()} is {@code -1} for a dropped connection.
     */
    public static final class Received {
        private final LoopbackJaegerCollector collector;
        private final String method;
        private final String path;
        private final String query;
        private final String contentType;
        private final int bodyLength;
        private final Batch batch;
        private final int status;
        private final boolean accepted;

        Received(
                LoopbackJaegerCollector collector,
                String method,
                String path,
                String query,
                String contentType,
                int bodyLength,
                Batch batch,
                int status,
                boolean accepted) {
            this.collector = collector;
            this.method = method;
            this.path = path;
            this.query = query;
            this.contentType = contentType;
            this.bodyLength = bodyLength;
            this.batch = batch;
            this.status = status;
            this.accepted = accepted;
        }

        /** HTTP method. */
        public String method() {
            return method;
        }

        /** Raw path, without the query string (the collector's tokens included). */
        public String path() {
            return path;
        }

        /** Raw query string, or {@code null} (old clients add {@code format=jaeger.thrift}). */
        public String query() {
            return query;
        }

        /** Content-Type header, or {@code null}. */
        public String contentType() {
            return contentType;
        }

        /** Body size in bytes. */
        public int bodyLength() {
            return bodyLength;
        }

        /** The decoded batch, or {@code null}. */
        public Batch batch() {
            return batch;
        }

        /** The status answered, or {@code -1} if the connection was dropped. */
        public int status() {
            return status;
        }

        /** Whether the batch was decoded and answered with 2xx. */
        public boolean accepted() {
            return accepted;
        }

        /** One line, the collector's tokens shown as {@code ***}. */
        @Override
        public String toString() {
            return collector.mask(
                    method + " " + path + (query == null ? "" : "?" + query) + " [" + contentType + ", " + bodyLength
                            + " bytes] -> " + (status < 0 ? "dropped" : String.valueOf(status))
                            + (batch == null ? "" : ", " + batch.getSpansSize() + " span(s)"));
        }
    }
}
