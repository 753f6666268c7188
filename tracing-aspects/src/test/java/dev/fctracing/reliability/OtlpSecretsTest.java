package dev.fctracing.reliability;

import static dev.fctracing.reliability.Reliability.ALL_SECRETS;
import static dev.fctracing.reliability.Reliability.OTLP_HEADERS;
import static dev.fctracing.reliability.Reliability.OTLP_PATH;
import static dev.fctracing.reliability.Reliability.SECRETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.JaegerThriftReference;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTLP endpoints and answers that used to spill secrets: endpoints OpenTelemetry refuses (configured, or derived
 * from FC's endpoint), redirects to another host, failures. Each runs several invocations with the root logger at
 * FINEST and checks one masked warning, no secret anywhere, and Jaeger export unaffected.
 */
class OtlpSecretsTest {

    static final int INVOCATIONS = 4;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Environment.system());
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
    }

    /** Endpoint shapes OpenTelemetry's builder throws on (its message names the whole URL), plus one it cannot reach. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:9/adapt_%s|x@%s/api/otlp/traces",
                "http://127.0.0.1:9/adapt_%s^x@%s/api/otlp/traces",
                "http://127.0.0.1:9/adapt_%s%%zz@%s/api/otlp/traces",
                "ftp://127.0.0.1:9/adapt_%s@%s/api/otlp/traces",
                "http://no_such_host:9/adapt_%s@%s/api/otlp/traces"
            })
    void aConfiguredEndpointOpenTelemetryRefusesIsLoggedOnceMaskedAndJaegerStillExports(String shape) throws Exception {
        String endpoint = String.format(shape, Reliability.TOKEN, Reliability.TOKEN_2);
        try (LoopbackJaegerCollector jaeger = LoopbackJaegerCollector.start();
                FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            TestSupport.newInstance(Reliability.env(
                    "OTEL_TRACES_EXPORTER",
                    "jaeger,otlp",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    endpoint,
                    "OTEL_EXPORTER_OTLP_HEADERS",
                    OTLP_HEADERS,
                    "FCTRACING_FLUSH_TIMEOUT_MS",
                    "3000"));
            EchoHandler handler = new EchoHandler();
            for (int i = 0; i < INVOCATIONS; i++) {
                FakeFcContext context = Reliability.fc(jaeger.endpoint());
                assertThat(handler.handleRequest("x", context)).isEqualTo("echo:X");
                assertThat(jaeger.spansOfTrace(context.traceIdHex32()))
                        .as("traced, and exported to Jaeger")
                        .hasSize(3);
            }

            assertOneMaskedOtlpWarning(capture);
            capture.assertNoSecrets(Reliability.secrets(ALL_SECRETS, jaeger));
        }
    }

    /** FC's endpoint with characters {@code java.net.URL} takes and {@code java.net.URI} refuses; OTLP derived. */
    @ParameterizedTest
    @ValueSource(strings = {"|", "^", "%zz"})
    void anEndpointDerivedFromFcsThatOpenTelemetryRefusesIsLoggedOnceMaskedAndJaegerStillExports(String odd)
            throws Exception {
        // A raw-socket collector: the JDK's HttpServer would refuse these request targets itself.
        try (FaultServer jaeger = FaultServer.start(FaultServer.Mode.ACCEPT_202).keepBodies();
                FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            String fcEndpoint = jaeger.baseUrl() + Reliability.TRACES_PATH.replace("@", odd + "@");
            TestSupport.newInstance(
                    Reliability.env("OTEL_TRACES_EXPORTER", "jaeger,otlp", "FCTRACING_FLUSH_TIMEOUT_MS", "3000"));
            EchoHandler handler = new EchoHandler();
            for (int i = 0; i < INVOCATIONS; i++) {
                FakeFcContext context = Reliability.fc(fcEndpoint);
                assertThat(handler.handleRequest("x", context)).isEqualTo("echo:X");
                assertThat(spansOfTrace(jaeger, context))
                        .as("traced, and exported to Jaeger")
                        .hasSize(3);
            }

            assertOneMaskedOtlpWarning(capture);
            capture.assertNoSecrets(SECRETS);
        }
    }

    /**
     * A 307 or 308 from the OTLP collector to another port or host: not followed, so nothing reaches the other one
     * (not even a connection) and the header credential stays with the configured host; one masked warning.
     */
    @ParameterizedTest
    @CsvSource({"307, 127.0.0.1", "308, 127.0.0.1", "307, 127.0.0.2", "308, 127.0.0.2"})
    void aRedirectIsNotFollowed(int status, String otherHost) throws Exception {
        assumeTrue(canListenOn(otherHost), otherHost + " is not a loopback address here");
        try (FaultServer elsewhere = FaultServer.startOn(otherHost, FaultServer.Mode.ACCEPT_202);
                FaultServer redirecting = FaultServer.redirectingTo(elsewhere.baseUrl() + "/v1/traces", status);
                FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            TestSupport.newInstance(Reliability.env(
                    "OTEL_TRACES_EXPORTER",
                    "otlp",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    redirecting.baseUrl() + OTLP_PATH,
                    "OTEL_EXPORTER_OTLP_HEADERS",
                    OTLP_HEADERS,
                    "FCTRACING_FLUSH_TIMEOUT_MS",
                    "2000"));
            EchoHandler handler = new EchoHandler();
            for (int i = 0; i < INVOCATIONS; i++) {
                assertThat(handler.handleRequest("x", Reliability.fc(null))).isEqualTo("echo:X");
            }
            TracingInstance.current().stopRuntime(); // whatever the exporter still holds is sent (or not) now

            assertThat(redirecting.requests())
                    .as("exports to the configured collector")
                    .isPositive();
            assertThat(elsewhere.connections())
                    .as("connections to the redirect's target")
                    .isZero();
            List<String> redirectWarnings = new ArrayList<>();
            for (String warning : capture.warnings()) {
                if (warning.contains(String.valueOf(status))) {
                    redirectWarnings.add(warning);
                }
            }
            assertThat(redirectWarnings)
                    .as("warnings about the %d, from any logger", status)
                    .hasSize(1);
            assertThat(redirectWarnings.get(0)).startsWith("dev.fctracing: ").contains("/adap***/api/otlp/traces");
            capture.assertNoSecrets(ALL_SECRETS);
        }
    }

    /** Failed OTLP exports: each kind logged once, masked, with no secret anywhere. */
    @ParameterizedTest
    @ValueSource(ints = {401, 500, 0})
    void anOtlpFailureIsLoggedOnceMasked(int status) throws Exception {
        try (OtlpTestServer otlp = OtlpTestServer.answering(status == 0 ? 200 : status, "x-api-key");
                FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            String base = status == 0 ? "http://127.0.0.1:" + closedPort() : otlp.baseUrl();
            TestSupport.newInstance(Reliability.env(
                    "OTEL_TRACES_EXPORTER",
                    "otlp",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    base + OTLP_PATH,
                    "OTEL_EXPORTER_OTLP_HEADERS",
                    OTLP_HEADERS,
                    "FCTRACING_FLUSH_TIMEOUT_MS",
                    "2000"));
            EchoHandler handler = new EchoHandler();
            for (int i = 0; i < INVOCATIONS; i++) {
                assertThat(handler.handleRequest("x", Reliability.fc(null))).isEqualTo("echo:X");
            }
            TracingInstance.current().stopRuntime();

            List<String> failures = new ArrayList<>();
            for (String warning : capture.warnings()) {
                if (!warning.contains("not all exported")) {
                    failures.add(warning);
                }
            }
            assertThat(failures)
                    .as("warnings about the failed exports, from any logger")
                    .hasSize(1);
            assertThat(failures.get(0)).startsWith("dev.fctracing: ").contains("/adap***/api/otlp/traces");
            if (status != 0) {
                assertThat(otlp.requests()).isGreaterThanOrEqualTo(INVOCATIONS);
                assertThat(failures.get(0)).contains("HTTP " + status);
            }
            capture.assertNoSecrets(ALL_SECRETS);
        }
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static void assertOneMaskedOtlpWarning(FinestCapture capture) {
        List<String> otlp = new ArrayList<>();
        for (String warning : capture.warnings()) {
            if (warning.contains("OTLP")) {
                otlp.add(warning);
            }
        }
        assertThat(otlp)
                .as("warnings about the OTLP endpoint over %d invocations, from any logger", INVOCATIONS)
                .hasSize(1);
        assertThat(otlp.get(0)).startsWith("dev.fctracing: ").contains("adap***");
        assertThat(capture.warnings())
                .as("no invocation failed to start")
                .noneSatisfy(w -> assertThat(w).contains("could not start"));
    }

    private static List<Span> spansOfTrace(FaultServer jaeger, FakeFcContext context) {
        List<Span> spans = new ArrayList<>();
        for (byte[] body : jaeger.bodies()) {
            Batch batch = JaegerThriftReference.deserialize(body);
            for (Span span : batch.getSpans()) {
                if (String.format("%016x%016x", span.getTraceIdHigh(), span.getTraceIdLow())
                        .equals(context.traceIdHex32())) {
                    spans.add(span);
                }
            }
        }
        return spans;
    }

    private static boolean canListenOn(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }
}
