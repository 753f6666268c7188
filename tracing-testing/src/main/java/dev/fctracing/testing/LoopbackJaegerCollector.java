package dev.fctracing.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Jaeger collector for tests, listening on {@code 127.0.0.1} on an ephemeral port: it accepts
 * {@code POST} on any path, decodes the body as a Thrift {@link Batch} with the reference model
 * ({@link JaegerThriftReference}) and records it. It answers like Jaeger's own HTTP handler: 202 on success,
 * 400 for a body that does not decode or a Content-Type other than {@code application/x-thrift} /
 * {@code application/vnd.apache.thrift.binary}, 405 for other methods.
 *
 * <p>Faults can be injected for reliability tests ({@link #respondWith}, {@link #delayMillis},
 * {@link #dropConnections}); each applies to requests arriving after the call. Every POST is counted and
 * decoded; only batches answered with a 2xx status are "accepted" and show in {@link #batches()} and
 * {@link #spans()} — the others are in {@link #rejectedBatches()}. A request is recorded before any injected
 * delay, so {@link #awaitSpans} may return while the client is still waiting for its answer.
 *
 * <pre>{@code
 * try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
 *     FakeFcContext ctx = FakeFcContext.builder().jaegerEndpoint(collector.endpoint()).build();
 *     handler.handleRequest(in, out, ctx);
 *     assertThat(collector.awaitSpans(1, 5000)).isTrue();
 * }
 * }</pre>
 */
public final class LoopbackJaegerCollector implements AutoCloseable {

    /** The fake auth token in {@link #endpoint()}'s path; tests assert it never appears in logs or errors. */
    public static final String FAKE_TOKEN = "fktokA7q3Zp9Lw2Xc5";
    /** The second token of FC's {@code adapt_<token>@<token2>} path segment (also secret in production). */
    public static final String FAKE_TOKEN_2 = "fktokB4m8Rd1Vy6Hn0";
    /** The path {@link #endpoint()} ends with, shaped like FC's tracing-analysis endpoints. */
    public static final String TRACES_PATH = "/adapt_" + FAKE_TOKEN + "@" + FAKE_TOKEN_2 + "/api/traces";

    private static final int THREADS = 8;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();

    // Guarded by lock.
    private final List<Received> requests = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int acceptedSpanCount;
    private int faultStatus;      // 0 = answer normally
    private long delayMillis;
    private boolean dropConnections;
    private boolean closed;
    private volatile Consumer<Batch> acceptedListener;

    private LoopbackJaegerCollector(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a collector on 127.0.0.1 and an ephemeral port. Close it (try-with-resources) when done. */
    public static LoopbackJaegerCollector start() {
        final int instance = INSTANCES.incrementAndGet();
        final AtomicInteger threadNo = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "loopback-jaeger-" + instance + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind loopback Jaeger collector", e);
        }
        LoopbackJaegerCollector collector = new LoopbackJaegerCollector(server, executor);
        server.createContext("/", collector::handle);
        server.setExecutor(executor);
        server.start();
        return collector;
    }

    /** {@code http://127.0.0.1:<port>/adapt_<FAKE_TOKEN>@<FAKE_TOKEN_2>/api/traces}: what FC would hand a function. */
    public String endpoint() {
        return baseUrl() + TRACES_PATH;
    }

    /** {@code http://127.0.0.1:<port>}, for building other paths (every path is accepted). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The ephemeral port the collector listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- recorded data

    /** Batches answered with 2xx, in arrival order. */
    public List<Batch> batches() {
        List<Batch> out = new ArrayList<>();
        synchronized (lock) {
            for (Received r : requests) {
                if (r.accepted()) {
                    out.add(r.batch());
                }
            }
        }
        return out;
    }

    /** Batches that decoded but were not accepted (injected error status or dropped connection). */
    public List<Batch> rejectedBatches() {
        List<Batch> out = new ArrayList<>();
        synchronized (lock) {
            for (Received r : requests) {
                if (!r.accepted() && r.batch() != null) {
                    out.add(r.batch());
                }
            }
        }
        return out;
    }

    /** Spans of all accepted batches, flattened in arrival order. */
    public List<Span> spans() {
        List<Span> out = new ArrayList<>();
        for (Batch b : batches()) {
            if (b.getSpans() != null) {
                out.addAll(b.getSpans());
            }
        }
        return out;
    }

    /** Accepted spans whose trace id is ({@code traceIdHigh}, {@code traceIdLow}), in arrival order. */
    public List<Span> spansOfTrace(long traceIdHigh, long traceIdLow) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans()) {
            if (s.getTraceIdHigh() == traceIdHigh && s.getTraceIdLow() == traceIdLow) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Accepted spans of a trace given as hex (up to 32 chars, e.g. {@link FakeFcContext#traceIdHex32()}); a
     * shorter id is left-padded with zeros, so a 64-bit id means {@code traceIdHigh == 0}.
     */
    public List<Span> spansOfTrace(String traceIdHex) {
        long[] id = parseTraceId(traceIdHex);
        return spansOfTrace(id[0], id[1]);
    }

    /** Every request received, in arrival order, whatever its outcome. */
    public List<Received> requests() {
        synchronized (lock) {
            return new ArrayList<>(requests);
        }
    }

    /** Number of POST requests received (accepted, rejected, undecodable or dropped alike). */
    public int postCount() {
        int n = 0;
        synchronized (lock) {
            for (Received r : requests) {
                if ("POST".equals(r.method())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The Content-Type header of each POST in arrival order ({@code null} where there was none). */
    public List<String> contentTypes() {
        List<String> out = new ArrayList<>();
        synchronized (lock) {
            for (Received r : requests) {
                if ("POST".equals(r.method())) {
                    out.add(r.contentType());
                }
            }
        }
        return out;
    }

    /** The raw request path of each POST in arrival order (query string excluded). */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        synchronized (lock) {
            for (Received r : requests) {
                if ("POST".equals(r.method())) {
                    out.add(r.path());
                }
            }
        }
        return out;
    }

    /** Why requests were refused: undecodable bodies, wrong Content-Type, wrong method, unreadable bodies. */
    public List<String> errors() {
        synchronized (lock) {
            return new ArrayList<>(errors);
        }
    }

    /**
     * Waits until at least {@code atLeast} spans have been accepted, or the timeout passes.
     *
     * @return whether {@code spans().size() >= atLeast} when it returns
     */
    public boolean awaitSpans(int atLeast, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (acceptedSpanCount < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
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

    /**
     * Calls {@code listener} with every batch accepted from now on, on the collector's handler thread, after it is
     * recorded and before the client gets its answer — so whatever the listener records is visible once the
     * client's request has returned. {@code null} removes it. An exception from the listener is recorded in
     * {@link #errors()} and the request is left unanswered.
     */
    public LoopbackJaegerCollector onAccepted(Consumer<Batch> listener) {
        this.acceptedListener = listener;
        return this;
    }

    /** Forgets every recorded request, batch and error. Injected faults stay: see {@link #clearFaults()}. */
    public void reset() {
        synchronized (lock) {
            requests.clear();
            errors.clear();
            acceptedSpanCount = 0;
        }
    }

    // ---------------------------------------------------------------- fault injection

    /**
     * Answers subsequent POSTs with {@code status} (e.g. 500, 503, 429, or 200 for a different success)
     * whatever their body. {@code 0} or {@code 202} restores normal answers.
     */
    public LoopbackJaegerCollector respondWith(int status) {
        if (status != 0 && (status < 200 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or 200..599: " + status);
        }
        synchronized (lock) {
            faultStatus = status == 202 ? 0 : status;
        }
        return this;
    }

    /** Waits this long (after reading and recording the request) before answering subsequent requests. */
    public LoopbackJaegerCollector delayMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("delay must be >= 0: " + millis);
        }
        synchronized (lock) {
            delayMillis = millis;
        }
        return this;
    }

    /**
     * When on, subsequent requests are read, recorded as not accepted, then their connection is closed
     * without any answer (the client sees an I/O error such as "Unexpected end of file from server").
     */
    public LoopbackJaegerCollector dropConnections(boolean drop) {
        synchronized (lock) {
            dropConnections = drop;
        }
        return this;
    }

    /** Restores normal answers: no error status, no delay, no dropped connections. */
    public LoopbackJaegerCollector clearFaults() {
        synchronized (lock) {
            faultStatus = 0;
            delayMillis = 0;
            dropConnections = false;
        }
        return this;
    }

    /** Stops the server at once ({@code stop(0)}), abandoning requests in progress, and its threads. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- handling

    private void handle(HttpExchange exchange) {
        try {
            handleOrFail(exchange);
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                errors.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + ": " + e);
            }
        } finally {
            exchange.close();
        }
    }

    private void handleOrFail(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body = readFully(exchange.getRequestBody());

        int status;
        long delay;
        boolean drop;
        synchronized (lock) {
            status = faultStatus;
            delay = delayMillis;
            drop = dropConnections;
        }

        if (!"POST".equals(method)) {
            synchronized (lock) {
                requests.add(new Received(method, path, query, contentType, body.length, null, 405, false));
                errors.add(method + " " + path + ": method not allowed (only POST)");
            }
            answer(exchange, 405);
            return;
        }

        Batch batch = null;
        String error = contentTypeError(contentType);
        if (error == null) {
            try {
                batch = JaegerThriftReference.deserialize(body);
            } catch (IllegalArgumentException e) {
                error = "undecodable body: " + e.getMessage();
            }
        }
        if (status == 0) {
            status = error == null ? 202 : 400;
        }
        boolean accepted = !drop && error == null && status >= 200 && status < 300;
        synchronized (lock) {
            requests.add(new Received(method, path, query, contentType, body.length, batch,
                    drop ? -1 : status, accepted));
            if (error != null) {
                errors.add("POST " + path + ": " + error);
            }
            if (accepted) {
                acceptedSpanCount += batch.getSpansSize();
                lock.notifyAll();
            }
        }
        Consumer<Batch> listener = acceptedListener;
        if (accepted && listener != null) {
            listener.accept(batch);
        }

        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing: abandon the answer
            }
        }
        if (drop) {
            return; // exchange.close() without response headers closes the connection
        }
        answer(exchange, status);
    }

    /** Mirrors Jaeger's handler: the media type (parameters ignored, case-insensitive) must be a Thrift one. */
    private static String contentTypeError(String contentType) {
        if (contentType == null || contentType.trim().isEmpty()) {
            return "missing Content-Type (expected application/x-thrift)";
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/x-thrift") || mediaType.equals("application/vnd.apache.thrift.binary")) {
            return null;
        }
        return "unsupported Content-Type: " + contentType;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static byte[] readFully(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static long[] parseTraceId(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 32) {
            throw new IllegalArgumentException("trace id must be 1-32 hex chars: " + hex);
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("trace id must be 1-32 hex chars: " + hex);
            }
        }
        String padded = pad(hex, 32);
        return new long[] {
            Long.parseUnsignedLong(padded.substring(0, 16), 16),
            Long.parseUnsignedLong(padded.substring(16), 16)
        };
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s).toString();
    }

    /**
     * One request as the collector saw it. {@link #batch()} is {@code null} when the body did not decode (or
     * the method was not POST); {@link #status()} is {@code -1} for a dropped connection.
     */
    public static final class Received {
        private final String method;
        private final String path;
        private final String query;
        private final String contentType;
        private final int bodyLength;
        private final Batch batch;
        private final int status;
        private final boolean accepted;

        Received(String method, String path, String query, String contentType, int bodyLength, Batch batch,
                int status, boolean accepted) {
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

        /** Raw path, without the query string. */
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

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query) + " [" + contentType + ", "
                    + bodyLength + " bytes] -> " + (status < 0 ? "dropped" : String.valueOf(status))
                    + (batch == null ? "" : ", " + batch.getSpansSize() + " span(s)");
        }
    }

    /** Collector state in one line, e.g. for assertion messages. */
    @Override
    public String toString() {
        synchronized (lock) {
            return "LoopbackJaegerCollector[port " + port() + ", " + requests.size() + " request(s), "
                    + acceptedSpanCount + " accepted span(s), " + errors.size() + " error(s)]";
        }
    }
}
