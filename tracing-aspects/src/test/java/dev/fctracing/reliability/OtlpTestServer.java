package dev.fctracing.reliability;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OTLP/HTTP collector on {@code 127.0.0.1} for tests: accepts {@code POST} on any path, keeps the bodies and the
 * values of one request header, and answers with a fixed status (200 unless told otherwise, an empty body).
 */
final class OtlpTestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final int status;
    private final String header;
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> headerValues = Collections.synchronizedList(new ArrayList<>());

    private OtlpTestServer(int status, String header) throws IOException {
        this.status = status;
        this.header = header;
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-test-server");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(readAll(in));
            }
            headerValues.add(exchange.getRequestHeaders().getFirst(header));
            exchange.sendResponseHeaders(this.status, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Answers {@code status} to every request and records the values of {@code header}. */
    static OtlpTestServer answering(int status, String header) throws IOException {
        return new OtlpTestServer(status, header);
    }

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests received so far. */
    int requests() {
        return bodies.size();
    }

    /** The recorded header's value in each request so far (null where it was absent). */
    List<String> headerValues() {
        synchronized (headerValues) {
            return new ArrayList<>(headerValues);
        }
    }

    /** Names of all the spans received so far, decoded as OTLP protobuf. */
    List<String> spanNames() throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> copy;
        synchronized (bodies) {
            copy = new ArrayList<>(bodies);
        }
        for (byte[] body : copy) {
            for (ResourceSpans resource :
                    ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> names.add(span.getName()));
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
