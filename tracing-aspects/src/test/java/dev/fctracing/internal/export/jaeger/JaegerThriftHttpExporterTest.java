package dev.fctracing.internal.export.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.Routes;
import dev.fctracing.internal.log.EndpointMasking;
import dev.fctracing.internal.log.EndpointMaskingTest;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaegerThriftHttpExporterTest {

    /** The route the test's exports use; the previous one stays when a URL is refused, as a binding did. */
    private Route route;
    /** The instance's routes: each refused URL is logged once. */
    private final Routes routes = new Routes();

    private boolean bind(String url) {
        Route candidate = routes.to(url);
        if (candidate != null) {
            route = candidate;
        }
        return candidate != null;
    }

    private boolean bindAndPrepare(JaegerThriftHttpExporter target, String url) {
        boolean bound = bind(url);
        if (bound) {
            target.prepareToSend(route);
        }
        return bound;
    }

    private String boundUrl() {
        return route == null ? null : route.url();
    }

    static final String TOKEN = EndpointMaskingTest.TOKEN;
    static final String PATH = "/adapt_" + TOKEN + "/api/traces";
    /** Held strongly so that JUL keeps our handler's logger. */
    static final Logger LOGGER = Logger.getLogger("dev.fctracing");

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    final AtomicLong fakeNanos = new AtomicLong(1_000_000_000L);
    final List<JaegerThriftHttpExporter> exporters = new ArrayList<>();
    Collector collector;

    @BeforeEach
    void setUp() throws IOException {
        LOGGER.addHandler(handler);
        collector = new Collector();
    }

    @AfterEach
    void tearDown() {
        LOGGER.removeHandler(handler);
        collector.release();
        for (JaegerThriftHttpExporter e : exporters) {
            e.shutdown();
        }
        collector.close();
    }

    JaegerThriftHttpExporter exporter(long timeoutMillis) {
        JaegerThriftHttpExporter e = JaegerThriftHttpExporter.create(timeoutMillis, fakeNanos::get);
        exporters.add(e);
        return e;
    }

    static List<SpanData> spans(int n) {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            spans.add(JaegerThriftEncoderTest.span("op-" + i).build());
        }
        return spans;
    }

    List<String> warnings() {
        return records.stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage)
                .collect(Collectors.toList());
    }

    void assertNoTokenLogged() {
        for (LogRecord r : records) {
            EndpointMaskingTest.assertNoTokenPart(r.getMessage());
            assertThat(r.getMessage()).doesNotContain(PATH);
        }
    }

    @Test
    void postsTheBatchAndSucceedsOn202() throws Exception {
        JaegerThriftHttpExporter exporter = exporter(5000);
        assertThat(bindAndPrepare(exporter, collector.url(PATH))).isTrue();
        assertThat(boundUrl()).isEqualTo(collector.url(PATH));
        List<SpanData> spans = spans(3);

        CompletableResultCode result = exporter.export(spans, route);
        assertThat(result.join(5, TimeUnit.SECONDS).isSuccess()).isTrue();

        assertThat(collector.received).hasSize(1);
        Received r = collector.received.get(0);
        assertThat(r.method).isEqualTo("POST");
        assertThat(r.contentType).isEqualTo("application/x-thrift");
        assertThat(r.rawPath).isEqualTo(PATH);
        assertThat(r.contentLength).isEqualTo(String.valueOf(r.body.length));
        Batch batch = new Batch();
        new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, r.body);
        assertThat(batch).isEqualTo(JaegerReferenceMapping.toBatch(spans));
        assertThat(r.body).isEqualTo(JaegerThriftEncoder.encode(spans).get(0).toByteArray());
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anyTwoHundredIsSuccess() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        for (int status : new int[] {200, 204, 299}) {
            collector.status = status;
            assertThat(exporter.export(spans(1), route)
                            .join(5, TimeUnit.SECONDS)
                            .isSuccess())
                    .as("HTTP %s", status)
                    .isTrue();
        }
    }

    @Test
    void http500FailsAndLogsOnlyTheMaskedEndpoint() {
        collector.status = 500;
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));

        CompletableResultCode result = exporter.export(spans(2), route).join(5, TimeUnit.SECONDS);

        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccess()).isFalse();
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0))
                .contains("HTTP 500")
                .contains("2 span(s) lost")
                .contains(EndpointMasking.mask(collector.url(PATH)))
                .contains("/adap***/api/traces");
        assertNoTokenLogged();
    }

    @Test
    void redirectsAreNotFollowed() throws IOException {
        try (Collector elsewhere = new Collector()) {
            collector.status = 307;
            collector.location = elsewhere.url("/api/traces");
            JaegerThriftHttpExporter exporter = exporter(5000);
            bindAndPrepare(exporter, collector.url(PATH));
            assertThat(exporter.export(spans(1), route)
                            .join(5, TimeUnit.SECONDS)
                            .isSuccess())
                    .isFalse();
            assertThat(elsewhere.received).isEmpty();
            assertThat(warnings()).hasSize(1).allMatch(w -> w.contains("HTTP 307"));
        }
    }

    @Test
    void connectionRefusedFailsWithoutException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        JaegerThriftHttpExporter exporter = exporter(2000);
        assertThat(bindAndPrepare(exporter, "http://127.0.0.1:" + port + PATH)).isTrue();

        CompletableResultCode result = exporter.export(spans(1), route).join(5, TimeUnit.SECONDS);

        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccess()).isFalse();
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("1 span(s) lost").contains("ConnectException");
        assertNoTokenLogged();
    }

    @Test
    void slowCollectorTimesOutWithoutBlockingTheCaller() {
        JaegerThriftEncoder.encode(spans(2)); // warm up class loading outside the measurement
        collector.delayMillis = 3000;
        JaegerThriftHttpExporter exporter = exporter(300);
        bindAndPrepare(exporter, collector.url(PATH));

        long t0 = System.nanoTime();
        CompletableResultCode result = exporter.export(spans(2), route);
        long exportMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        result.join(5, TimeUnit.SECONDS);
        long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(exportMillis).as("export() must not wait for the network").isLessThan(100);
        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccess()).isFalse();
        assertThat(totalMillis)
                .as("failed by the 300 ms read timeout, not the 3 s answer")
                .isLessThan(2500);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("timed out after 300 ms");
        assertNoTokenLogged();
    }

    @Test
    void unacceptableEndpointsAreRefused() {
        JaegerThriftHttpExporter exporter = exporter(1000);
        for (String url : Arrays.asList("file:///etc/passwd", "ftp://x", "not a url", "", null)) {
            records.clear();
            assertThat(bindAndPrepare(exporter, url)).as(url).isFalse();
            assertThat(boundUrl()).isNull();
            assertThat(warnings()).as(url).hasSize(1);
            assertThat(warnings().get(0))
                    .contains("refused")
                    .contains(EndpointMasking.mask(url))
                    .doesNotContain("/etc/passwd")
                    .doesNotContain("not a url");
            // The same refusal again is not logged again.
            records.clear();
            assertThat(bindAndPrepare(exporter, url)).isFalse();
            assertThat(warnings()).isEmpty();
        }
        assertThat(route).isNull();
        assertThat(exporter.export(spans(1), route).isSuccess())
                .as("no route: nothing to send")
                .isTrue();
        assertThat(collector.received).isEmpty();
    }

    @Test
    void refusalKeepsThePreviousBinding() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        assertThat(bindAndPrepare(exporter, "ftp://x")).isFalse();
        assertThat(boundUrl()).isEqualTo(collector.url(PATH));
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isTrue();
    }

    @Test
    void sameEndpointIsANoOpAndRebindingWorks() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        assertThat(bindAndPrepare(exporter, collector.url(PATH))).isTrue();
        assertThat(bindAndPrepare(exporter, collector.url(PATH))).isTrue();
        assertThat(records).isEmpty();

        String other = collector.url("/adapt_another_token_99/api/traces");
        assertThat(bindAndPrepare(exporter, other)).isTrue();
        assertThat(boundUrl()).isEqualTo(other);
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        assertThat(collector.received.get(0).rawPath).isEqualTo("/adapt_another_token_99/api/traces");
        assertThat(records).isEmpty();
    }

    @Test
    void spansOfInvocationsWithoutAnFcEndpointAreNotSentAnywhere() {
        List<Thread> before = exporterThreadList();
        JaegerThriftHttpExporter exporter = exporter(1000);
        assertThat(exporter.export(spans(1), Route.NONE).isSuccess()).isTrue();
        assertThat(exporter.export(spans(2), null).isSuccess()).isTrue();
        assertThat(collector.received).isEmpty();
        assertThat(exporterThreadList()).as("no thread started for nothing").isSubsetOf(before);
        assertThat(records).isEmpty();
    }

    @Test
    void sameFailureIsLoggedOncePerWindow() {
        collector.status = 500;
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));

        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isFalse();
        fakeNanos.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isFalse();
        assertThat(warnings()).hasSize(1);

        // A different failure class is reported at once.
        collector.status = 503;
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isFalse();
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(1)).contains("HTTP 503");

        // After the window, the first class is reported again, counting what was held back.
        collector.status = 500;
        fakeNanos.addAndGet(TimeUnit.SECONDS.toNanos(31));
        assertThat(exporter.export(spans(4), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isFalse();
        assertThat(warnings()).hasSize(3);
        assertThat(warnings().get(2))
                .contains("HTTP 500")
                .contains("4 span(s) lost")
                .contains("1 more");
        assertNoTokenLogged();
    }

    @Test
    void fullQueueFailsTheNewBatchAtOnceAndCountsIt() throws Exception {
        collector.gate = new CountDownLatch(1);
        JaegerThriftHttpExporter exporter = exporter(10_000);
        bindAndPrepare(exporter, collector.url(PATH));

        List<CompletableResultCode> accepted = new ArrayList<>();
        accepted.add(exporter.export(spans(1), route));
        collector.awaitReceived(1); // the first batch is in flight, held by the collector
        for (int i = 0; i < JaegerThriftHttpExporter.MAX_PENDING_BATCHES; i++) {
            accepted.add(exporter.export(spans(1), route));
        }
        CompletableResultCode dropped = exporter.export(spans(5), route);

        assertThat(dropped.isDone()).isTrue();
        assertThat(dropped.isSuccess()).isFalse();
        assertThat(exporter.droppedBatches()).isEqualTo(1);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("5 span(s) lost").contains("already waiting");
        assertThat(accepted).noneMatch(CompletableResultCode::isDone);

        collector.release();
        assertThat(exporter.flush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(accepted).allMatch(CompletableResultCode::isSuccess);
        assertThat(collector.received).hasSize(1 + JaegerThriftHttpExporter.MAX_PENDING_BATCHES);
        assertNoTokenLogged();
    }

    @Test
    void flushCompletesWhenEverythingSubmittedIsSent() throws Exception {
        JaegerThriftHttpExporter exporter = exporter(10_000);
        assertThat(exporter.flush().isSuccess()).isTrue(); // nothing pending
        bindAndPrepare(exporter, collector.url(PATH));
        collector.gate = new CountDownLatch(1);
        CompletableResultCode first = exporter.export(spans(1), route);
        CompletableResultCode second = exporter.export(spans(1), route);
        CompletableResultCode flush = exporter.flush();
        collector.awaitReceived(1);
        assertThat(flush.isDone()).isFalse();
        collector.release();
        assertThat(flush.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        assertThat(collector.received).hasSize(2);
    }

    @Test
    void sendsOnOneDaemonThreadNamedFcTracingExporter() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(JaegerThriftHttpExporter.THREAD_NAME))
                .collect(Collectors.toList());
        assertThat(threads).isNotEmpty().allMatch(Thread::isDaemon);
    }

    @Test
    void noThreadBeforeAnEndpointIsBound() {
        List<Thread> before = exporterThreadList();
        JaegerThriftHttpExporter exporter = exporter(5000);
        exporter.export(Collections.<SpanData>emptyList(), route);
        bindAndPrepare(exporter, "not a url");
        assertThat(exporterThreadList()).isSubsetOf(before);
    }

    @Test
    void bindingStartsTheThreadWhichSendsNothing() throws Exception {
        List<Thread> before = exporterThreadList();
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        List<Thread> started = exporterThreadList();
        started.removeAll(before);
        assertThat(started).as("one new sending thread").hasSize(1);
        exporter.flush().join(5, TimeUnit.SECONDS);
        exporter.export(Collections.<SpanData>emptyList(), route);
        Thread.sleep(50);
        assertThat(collector.received).isEmpty();
    }

    @Test
    void bindStartsNoThreadUntilPrepareToSend() {
        List<Thread> before = exporterThreadList();
        JaegerThriftHttpExporter exporter = exporter(5000);

        assertThat(bind(collector.url(PATH))).isTrue();
        assertThat(boundUrl()).isEqualTo(collector.url(PATH));
        assertThat(exporterThreadList()).isSubsetOf(before);

        exporter.prepareToSend(route);
        List<Thread> started = exporterThreadList();
        started.removeAll(before);
        assertThat(started).hasSize(1);
    }

    static List<Thread> exporterThreadList() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(JaegerThriftHttpExporter.THREAD_NAME) && t.isAlive())
                .collect(Collectors.toList());
    }

    @Test
    void shutdownLetsPendingBatchesFinishThenStopsTheThread() throws Exception {
        JaegerThriftHttpExporter exporter = exporter(10_000);
        bindAndPrepare(exporter, collector.url(PATH));
        collector.gate = new CountDownLatch(1);
        CompletableResultCode first = exporter.export(spans(1), route);
        CompletableResultCode second = exporter.export(spans(1), route);
        collector.awaitReceived(1);

        long t0 = System.nanoTime();
        CompletableResultCode shutdown = exporter.shutdown();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(250);
        assertThat(shutdown.isDone()).isFalse();
        assertThat(exporter.export(spans(1), route).isSuccess()).isFalse(); // no longer accepting
        assertThat(exporter.droppedBatches()).isZero();

        collector.release();
        assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        assertThat(collector.received).hasSize(2);
        assertThat(exporter.shutdown().join(1, TimeUnit.SECONDS).isSuccess()).isTrue(); // idempotent
    }

    @Test
    void shutdownAbandonsBatchesNotStartedBeforeTheDeadline() throws Exception {
        JaegerThriftHttpExporter exporter = exporter(1_000);
        bindAndPrepare(exporter, collector.url(PATH));
        collector.gate = new CountDownLatch(1);
        CompletableResultCode first = exporter.export(spans(1), route);
        CompletableResultCode second = exporter.export(spans(3), route);
        collector.awaitReceived(1);
        CompletableResultCode shutdown = exporter.shutdown();
        fakeNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001)); // past the grace period
        collector.release();

        assertThat(shutdown.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isDone()).isTrue();
        assertThat(second.isSuccess()).isFalse();
        assertThat(collector.received).hasSize(1);
        assertThat(warnings()).anyMatch(w -> w.contains("3 span(s) lost") && w.contains("shut down"));
    }

    @Test
    void threadEndsAfterShutdown() throws Exception {
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        assertThat(exporter.export(spans(1), route).join(5, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        // Shut down every exporter of this test class that may still own a thread.
        assertThat(exporter.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threadAlive(exporter) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(threadAlive(exporter)).isFalse();
    }

    static boolean threadAlive(JaegerThriftHttpExporter exporter) {
        return !exporter.stopped();
    }

    @Test
    void emptyBatchesSucceedWithoutSending() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        bindAndPrepare(exporter, collector.url(PATH));
        assertThat(exporter.export(Collections.<SpanData>emptyList(), route).isSuccess())
                .isTrue();
        assertThat(exporter.export(null, route).isSuccess()).isTrue();
        assertThat(collector.received).isEmpty();
    }

    @Test
    void toStringShowsOnlyTheMaskedEndpoint() {
        JaegerThriftHttpExporter exporter = exporter(5000);
        assertThat(exporter.toString()).isEqualTo("JaegerThriftHttpExporter{routes=[]}");
        bindAndPrepare(exporter, collector.url(PATH));
        assertThat(exporter.toString()).contains("/adap***/api/traces").doesNotContain(TOKEN);
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> JaegerThriftHttpExporter.create(0));
    }

    // --------------------------------------------------------------------------------------------- loopback collector

    static final class Received {
        final String method;
        final String rawPath;
        final String contentType;
        final String contentLength;
        final byte[] body;

        Received(String method, String rawPath, String contentType, String contentLength, byte[] body) {
            this.method = method;
            this.rawPath = rawPath;
            this.contentType = contentType;
            this.contentLength = contentLength;
            this.body = body;
        }
    }

    /** A loopback HTTP collector that records requests and answers with a configurable status, delay or gate. */
    static final class Collector implements AutoCloseable {
        final HttpServer server;
        final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-collector");
            t.setDaemon(true);
            return t;
        });
        final List<Received> received = new CopyOnWriteArrayList<>();
        volatile int status = 202;
        volatile long delayMillis;
        volatile String location;
        volatile CountDownLatch gate;

        Collector() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setExecutor(pool);
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try {
                byte[] body = readAll(exchange.getRequestBody());
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Content-Length"),
                        body));
                CountDownLatch g = gate;
                if (g != null) {
                    g.await(20, TimeUnit.SECONDS);
                }
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (location != null) {
                    exchange.getResponseHeaders().add("Location", location);
                }
                int code = status;
                byte[] answer = code == 204 ? new byte[0] : ("answer " + code).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        }

        void awaitReceived(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(received).hasSizeGreaterThanOrEqualTo(n);
        }

        void release() {
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
        }

        @Override
        public void close() {
            release();
            server.stop(0);
            pool.shutdownNow();
        }

        private static byte[] readAll(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
