package dev.fctracing.reliability;

import static dev.fctracing.reliability.Reliability.SECRETS;
import static dev.fctracing.reliability.Reliability.awaitTrace;
import static dev.fctracing.reliability.Reliability.elapsedMillis;
import static dev.fctracing.reliability.Reliability.fc;
import static dev.fctracing.reliability.Reliability.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per collector fault. For each: several invocations (POJO return value, stream output, a throwing
 * handler) return exactly what they would untraced, within the flush budget plus a margin; the failure is logged
 * once however many invocations hit it; no log record ever contains the endpoint's token; and the next invocations
 * against a healthy collector export normally.
 */
class CollectorFaultTest {

    static final long FLUSH_MS = 300;
    /** Generous: these machines are noisy, and the first invocation also starts the SDK. */
    static final long MARGIN_MS = 1500;
    /** Invocations against the faulty collector; more than one, so per-invocation warnings would show. */
    static final int FAULTY_INVOCATIONS = 6;
    /** How soon after the fault a healthy collector must get an invocation's spans before it returns. */
    static final long RECOVERY_MS = 10_000;

    private LogCapture logs;
    private LoopbackJaegerCollector healthy;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
        Reliability.assertWoven(StreamEchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", String.valueOf(FLUSH_MS)));
        logs = LogCapture.start();
        healthy = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        healthy.close();
        logs.close();
    }

    @Test
    void connectionRefused() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort() + Reliability.TRACES_PATH;

        runAgainstFault(endpoint, "ConnectException");

        healthyAgain(healthy.endpoint(), healthy);
    }

    @Test
    void acceptsThenNeverAnswers() throws Exception {
        try (FaultServer server = FaultServer.start(FaultServer.Mode.BLACKHOLE)) {
            runAgainstFault(server.endpoint(), "timed out");

            assertThat(server.connections()).isPositive();
            healthyAgain(healthy.endpoint(), healthy);
        }
    }

    @Test
    void acceptsThenNeverReadsALargeBatch() throws Exception {
        // An 8 MB batch: more than the client's send buffer (at most 4 MB here) plus the black hole's small receive
        // buffer, so the exporter's write blocks, and socket writes have no timeout. The attribute length limit (8192
        // by default) is lifted, or the batch would be small and the write would not block.
        TestSupport.newInstance(Reliability.env(
                "FCTRACING_FLUSH_TIMEOUT_MS",
                String.valueOf(FLUSH_MS),
                "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
                "9000000"));
        try (FaultServer server = FaultServer.start(FaultServer.Mode.BLACKHOLE)) {
            EchoHandler handler = new EchoHandler();
            long worst = 0;
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(handler.handleRequest("big:8000000", fc(server.endpoint())))
                        .isEqualTo("big:8000000");
                worst = Math.max(worst, elapsedMillis(start));
            }
            assertThat(worst).as("slowest invocation, ms").isLessThan(FLUSH_MS + MARGIN_MS);
            assertThat(server.connections()).isPositive();
            assertThat(logs.warningMessages())
                    .as("the blocked write outlived the flush budget")
                    .anySatisfy(line -> assertThat(line).contains("spans were not all exported within"));
            logs.assertNoSecrets(secrets(server.endpoint()));
            logs.assertNoUncaughtExceptions();

            healthyAgain(healthy.endpoint(), healthy);
            FakeFcContext big = fc(healthy.endpoint());
            handler.handleRequest("big:8000000", big);
            Span bigSpan = named(awaitTrace(healthy, big, 3, 5000), "big");
            assertThat(bigSpan.getTags())
                    .as("the batch the black hole got was as large: the payload is not truncated")
                    .anySatisfy(tag -> assertThat(tag.getVStr()).hasSize(8_000_000));
        }
    }

    @Test
    void answersAfterFiveSeconds() throws Exception {
        try (LoopbackJaegerCollector slow = LoopbackJaegerCollector.start()) {
            slow.faults().delayMillis(5000);

            runAgainstFault(slow.endpoint(), "timed out");

            slow.faults().clear();
            healthyAgain(slow.endpoint(), slow);
        }
    }

    @Test
    void answers500() throws Exception {
        try (LoopbackJaegerCollector failing = LoopbackJaegerCollector.start()) {
            failing.faults().respondWith(500);

            runAgainstFault(failing.endpoint(), "HTTP 500");

            assertThat(failing.postCount()).isGreaterThanOrEqualTo(FAULTY_INVOCATIONS);
            failing.faults().clear();
            healthyAgain(failing.endpoint(), failing);
        }
    }

    @Test
    void answers413() throws Exception {
        try (LoopbackJaegerCollector failing = LoopbackJaegerCollector.start()) {
            failing.faults().respondWith(413);

            runAgainstFault(failing.endpoint(), "HTTP 413");

            failing.faults().clear();
            healthyAgain(failing.endpoint(), failing);
        }
    }

    @Test
    void answers202WithAGarbageBody() throws Exception {
        // This case is not about time: a larger budget, and a warm-up, so that a noisy machine cannot make an export
        // late (late counts as failed).
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", "3000"));
        try (FaultServer server = FaultServer.start(FaultServer.Mode.GARBAGE_202)) {
            new EchoHandler().handleRequest("warm-up", fc(healthy.endpoint()));
            long failedBefore = TracingInstance.current().runtime().processor().failedExports();

            // A 2xx is success whatever the body: nothing to warn about, nothing counted as failed.
            runAgainstFault(server.endpoint(), null, 3000);

            assertThat(server.requests()).isGreaterThanOrEqualTo(FAULTY_INVOCATIONS);
            assertThat(TracingInstance.current().runtime().processor().failedExports())
                    .isEqualTo(failedBefore);
            healthyAgain(healthy.endpoint(), healthy);
        }
    }

    @Test
    void answers202WithAGarbageBodyThatNeverEnds() throws Exception {
        try (FaultServer server = FaultServer.start(FaultServer.Mode.ENDLESS_GARBAGE_202)) {
            runAgainstFault(server.endpoint(), null);

            healthyAgain(healthy.endpoint(), healthy);
        }
    }

    @Test
    void resetsMidRequest() throws Exception {
        try (FaultServer server = FaultServer.start(FaultServer.Mode.RESET_MID_REQUEST)) {
            runAgainstFault(server.endpoint(), "SocketException");

            assertThat(server.requests()).isPositive();
            healthyAgain(healthy.endpoint(), healthy);
        }
    }

    @Test
    void httpsWithAnUntrustedSelfSignedCertificate(@TempDir Path dir) throws Exception {
        try (UntrustedTlsServer server = UntrustedTlsServer.start(dir)) {
            runAgainstFault(server.endpoint(), "SSLHandshakeException");

            assertThat(server.handledRequests())
                    .as("nothing got past the handshake")
                    .isZero();
            healthyAgain(healthy.endpoint(), healthy);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Invokes handlers against {@code endpoint} {@value #FAULTY_INVOCATIONS} times, plus once with a throwing handler.
     *
     * @param failureFragment what the one warning about the failure contains, or null when the fault is not a failure
     *     (then no warning about the export is expected, bar a timeout on a noisy machine)
     */
    private void runAgainstFault(String endpoint, String failureFragment) throws IOException {
        runAgainstFault(endpoint, failureFragment, FLUSH_MS);
    }

    private void runAgainstFault(String endpoint, String failureFragment, long flushMs) throws IOException {
        EchoHandler pojo = new EchoHandler();
        StreamEchoHandler stream = new StreamEchoHandler();
        long worst = 0;
        for (int i = 0; i < FAULTY_INVOCATIONS; i++) {
            long start = System.nanoTime();
            if (i % 2 == 0) {
                assertThat(pojo.handleRequest("in" + i, fc(endpoint))).isEqualTo("echo:IN" + i);
            } else {
                assertThat(Reliability.stream(stream, fc(endpoint), "in" + i)).isEqualTo("echo:IN" + i);
            }
            worst = Math.max(worst, elapsedMillis(start));
            assertThat(Context.current()).isSameAs(Context.root());
        }
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> Reliability.stream(stream, fc(endpoint), "checked"));
        worst = Math.max(worst, elapsedMillis(start));
        assertThat(thrown).isSameAs(StreamEchoHandler.CHECKED);
        assertThat(worst).as("slowest invocation, ms").isLessThan(flushMs + MARGIN_MS);

        List<String> warnings = logs.warningMessages();
        List<String> exportFailures = new ArrayList<>();
        for (String warning : warnings) {
            if (warning.contains("span(s) lost")) {
                exportFailures.add(warning);
            }
        }
        // A noisy machine may add a timeout (a failure class of its own) to any case: tolerated, once.
        List<String> expected = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String failure : exportFailures) {
            (failureFragment != null && failure.contains(failureFragment) ? expected : others).add(failure);
        }
        if (failureFragment != null) {
            assertThat(expected)
                    .as("one warning for the failure class, not one per invocation or span")
                    .hasSize(1);
            assertThat(expected.get(0)).contains("/adap***/api/traces");
        }
        assertThat(others)
                .as("other export failures")
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(other -> assertThat(other).contains("timed out"));
        // Besides those, at most the once-a-minute "not all exported in time" line.
        assertThat(warnings)
                .as("warnings after %d invocations", FAULTY_INVOCATIONS + 1)
                .hasSizeLessThanOrEqualTo(3);
        Set<String> distinct = new HashSet<>();
        for (String warning : warnings) {
            assertThat(distinct.add(warning.replaceAll("[0-9]+", "#")))
                    .as("repeated warning: " + warning)
                    .isTrue();
        }
        logs.assertNoSecrets(secrets(endpoint));
        logs.assertNoUncaughtExceptions();
    }

    /**
     * Invocations against a healthy {@code collector} until one has its spans exported before it returns — a batch
     * the faulty collector still holds may use up the budget of the first ones (there is no background export: their
     * spans leave with a later invocation's flush) — within {@value #RECOVERY_MS} ms. Then every healthy invocation's
     * spans have arrived, none lost, and the next invocation is exported before it returns too.
     */
    private void healthyAgain(String endpoint, LoopbackJaegerCollector collector) {
        EchoHandler handler = new EchoHandler();
        List<FakeFcContext> invocations = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_MS);
        boolean exportedOnReturn = false;
        while (!exportedOnReturn && System.nanoTime() < deadline) {
            FakeFcContext context = fc(endpoint);
            assertThat(handler.handleRequest("ok", context)).isEqualTo("echo:OK");
            invocations.add(context);
            exportedOnReturn = collector.spansOfTrace(context.traceIdHex32()).size() == 3;
        }
        assertThat(exportedOnReturn)
                .as("recovered within %d ms (%d invocations)", RECOVERY_MS, invocations.size())
                .isTrue();
        for (FakeFcContext context : invocations) {
            List<Span> spans = awaitTrace(collector, context, 3, 2000);
            assertThat(spans).as("spans of a healthy invocation").hasSize(3);
            assertThat(named(spans, "fn").getParentSpanId()).isEqualTo(context.spanId());
        }
        FakeFcContext next = fc(endpoint);
        assertThat(handler.handleRequest("ok", next)).isEqualTo("echo:OK");
        assertThat(collector.spansOfTrace(next.traceIdHex32()))
                .as("exported before the invocation returned")
                .hasSize(3);
        logs.assertNoSecrets(secrets(endpoint));
        logs.assertNoUncaughtExceptions();
    }

    /** What no log line may show: the fixed tokens, the healthy collector's, and those in {@code endpoints}. */
    private String[] secrets(String... endpoints) {
        List<String> all = new ArrayList<>(Arrays.asList(Reliability.secrets(SECRETS, healthy)));
        for (String endpoint : endpoints) {
            all.addAll(Reliability.tokensIn(endpoint));
        }
        return all.toArray(new String[0]);
    }

    /** A loopback port nobody listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }
}
