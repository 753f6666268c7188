package dev.fctracing.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.fctracing.testing.LoopbackJaegerCollector.Received;
import io.jaegertracing.thriftjava.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP side of a {@link LoopbackJaegerCollector}: reads each request, decodes a POST's body as a Thrift
 * {@link Batch} with the reference model, records it, then answers as Jaeger's own HTTP handler does (202, 400 for a
 * body that does not decode or a non-Thrift Content-Type, 405 for other methods) or as the faults set say.
 */
final class CollectorExchange implements HttpHandler {

    private static final int THREADS = 8;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final LoopbackJaegerCollector collector;
    private final CollectorRecord record;

    CollectorExchange(LoopbackJaegerCollector collector, CollectorRecord record) {
        this.collector = collector;
        this.record = record;
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port that hands every request to {@code handler}, on daemon threads
     * of its own executor ({@link HttpServer#getExecutor()}, to shut down after {@link HttpServer#stop}).
     */
    static HttpServer serve(CollectorExchange handler) {
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
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            handleOrFail(exchange);
        } catch (IOException | RuntimeException e) {
            record.addError(collector.mask(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + ": " + e));
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
        CollectorRecord.FaultSettings faults = record.faults();

        if (!"POST".equals(method)) {
            record.add(
                    new Received(collector, method, path, query, contentType, body.length, null, 405, false),
                    collector.mask(method + " " + path + ": method not allowed (only POST)"));
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
        int status = faults.status != 0 ? faults.status : error == null ? 202 : 400;
        boolean accepted = !faults.drop && error == null && status >= 200 && status < 300;
        record.add(
                new Received(
                        collector,
                        method,
                        path,
                        query,
                        contentType,
                        body.length,
                        batch,
                        faults.drop ? -1 : status,
                        accepted),
                error == null ? null : collector.mask("POST " + path + ": " + error));
        Consumer<Batch> listener = collector.acceptedListener();
        if (accepted && listener != null) {
            listener.accept(batch);
        }

        if (faults.delayMillis > 0) {
            try {
                Thread.sleep(faults.delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing: abandon the answer
            }
        }
        if (faults.drop) {
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
}
