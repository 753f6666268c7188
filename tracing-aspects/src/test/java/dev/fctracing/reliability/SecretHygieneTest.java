package dev.fctracing.reliability;

import static dev.fctracing.reliability.FinestCapture.JDK_HTTP_LOGGER;
import static dev.fctracing.reliability.Reliability.ALL_SECRETS;
import static dev.fctracing.reliability.Reliability.OTLP_HEADERS;
import static dev.fctracing.reliability.Reliability.OTLP_PATH;
import static dev.fctracing.reliability.Reliability.TRACES_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secret hygiene as a test: every exporter scenario, with the root logger at FINEST (every record of every logger,
 * the JDK's included, taken and also printed as a console would), standard output and error captured. No record —
 * message, parameters, thrown exception with causes and suppressed ones, stack — and nothing printed may contain
 * the endpoint's tokens or the configured OTLP header credential. A new scenario is one line in {@link #scenarios()}.
 */
class SecretHygieneTest {

    static final int INVOCATIONS = 3;
    static final String BUDGET_MS = "500";

    @TempDir
    static Path dir;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("jaeger: accepted", f -> jaeger(f.jaeger(0).endpoint())),
                row("jaeger: connection refused", f -> jaeger(f.refusedBaseUrl() + TRACES_PATH)),
                row(
                        "jaeger: never answers (timeout)",
                        f -> jaeger(f.fault(FaultServer.Mode.BLACKHOLE).endpoint())),
                row("jaeger: HTTP 500", f -> jaeger(f.jaeger(500).endpoint())),
                row("jaeger: HTTP 401", f -> jaeger(f.jaeger(401).endpoint())),
                row(
                        "jaeger: 307 elsewhere",
                        f -> jaeger(f.redirect(307, TRACES_PATH).endpoint())),
                row(
                        "jaeger: connection reset",
                        f -> jaeger(f.fault(FaultServer.Mode.RESET_MID_REQUEST).endpoint())),
                row("jaeger: untrusted TLS certificate", f -> jaeger(f.tls().endpoint())),
                row("jaeger: ftp endpoint", f -> jaeger("ftp://127.0.0.1:9" + TRACES_PATH)),
                row(
                        "jaeger: endpoint with a space",
                        f -> jaeger("http://127.0.0.1:9" + TRACES_PATH.replace("@", " @"))),
                row("jaeger: port out of range", f -> jaeger("http://127.0.0.1:99999" + TRACES_PATH)),
                row(
                        "jaeger: endpoint with | (URL takes it)",
                        f -> jaeger(f.sink().baseUrl() + TRACES_PATH.replace("@", "|@"))),
                row("otlp: accepted", f -> otlp(f.otlp(200).baseUrl() + OTLP_PATH)),
                row("otlp: HTTP 401", f -> otlp(f.otlp(401).baseUrl() + OTLP_PATH)),
                row("otlp: HTTP 500", f -> otlp(f.otlp(500).baseUrl() + OTLP_PATH)),
                row("otlp: 307 elsewhere", f -> otlp(f.redirect(307, OTLP_PATH).baseUrl() + OTLP_PATH)),
                row("otlp: 308 elsewhere", f -> otlp(f.redirect(308, OTLP_PATH).baseUrl() + OTLP_PATH)),
                row("otlp: connection refused", f -> otlp(f.refusedBaseUrl() + OTLP_PATH)),
                row(
                        "otlp: never answers (timeout)",
                        f -> otlp(f.fault(FaultServer.Mode.BLACKHOLE).baseUrl() + OTLP_PATH)),
                row(
                        "otlp: untrusted TLS certificate",
                        f -> otlp(f.tls().endpoint().replace(TRACES_PATH, OTLP_PATH))),
                row("otlp: endpoint with |", f -> otlp("http://127.0.0.1:9" + OTLP_PATH.replace("@", "|@"))),
                row("otlp: endpoint with %zz", f -> otlp("http://127.0.0.1:9" + OTLP_PATH.replace("@", "%zz@"))),
                row("otlp: ftp endpoint", f -> otlp("ftp://127.0.0.1:9" + OTLP_PATH)),
                row(
                        "otlp: derived from FC's endpoint with ^",
                        f -> new Setup(
                                f.sink().baseUrl() + TRACES_PATH.replace("@", "^@"),
                                "OTEL_TRACES_EXPORTER",
                                "jaeger,otlp")),
                row(
                        "otlp: derived from FC's endpoint, accepted",
                        f -> new Setup(f.jaeger(0).endpoint(), "OTEL_TRACES_EXPORTER", "jaeger,otlp")),
                row("console", f -> new Setup(f.jaeger(0).endpoint(), "OTEL_TRACES_EXPORTER", "console")),
                row(
                        "jaeger, otlp and console at once",
                        f -> new Setup(
                                f.jaeger(0).endpoint(),
                                "OTEL_TRACES_EXPORTER",
                                "jaeger,otlp,console",
                                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                                f.otlp(200).baseUrl() + OTLP_PATH)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noSecretInAnyRecordOrOutput(String name, Function<Fixture, Setup> scenario) throws Exception {
        try (Fixture fixture = new Fixture();
                FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            Setup setup = scenario.apply(fixture);
            TestSupport.newInstance(Reliability.env(setup.env));
            EchoHandler handler = new EchoHandler();
            for (int i = 0; i < INVOCATIONS; i++) {
                assertThat(handler.handleRequest("x", Reliability.fc(setup.fcEndpoint)))
                        .isEqualTo("echo:X");
            }
            TracingInstance.current()
                    .stopRuntime(); // what is still queued or in flight ends (and is logged) inside the capture

            if (fixture.requestsReceived() > 0) {
                assertThat(capture.recordsOf(JDK_HTTP_LOGGER))
                        .as("the JDK's HTTP client logged at FINEST, and was seen")
                        .isNotEmpty();
            }
            capture.assertNoSecrets(Reliability.secrets(ALL_SECRETS, fixture.collectors()));
        }
    }

    // ------------------------------------------------------------------------------------------------------ table

    private static Arguments row(String name, Function<Fixture, Setup> scenario) {
        return Arguments.of(name, scenario);
    }

    /** FC's Jaeger endpoint, the default exporter; the OTLP header credential configured all the same. */
    private static Setup jaeger(String fcEndpoint) {
        return new Setup(fcEndpoint, "OTEL_TRACES_EXPORTER", "jaeger");
    }

    /** OTLP only, to {@code endpoint}. */
    private static Setup otlp(String endpoint) {
        return new Setup(null, "OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint);
    }

    /** One scenario's FC endpoint and environment (always with the flush budget and the OTLP header credential). */
    static final class Setup {
        final String fcEndpoint;
        final String[] env;

        Setup(String fcEndpoint, String... env) {
            this.fcEndpoint = fcEndpoint;
            List<String> all = new ArrayList<>(Arrays.asList(env));
            all.addAll(
                    Arrays.asList("FCTRACING_FLUSH_TIMEOUT_MS", BUDGET_MS, "OTEL_EXPORTER_OTLP_HEADERS", OTLP_HEADERS));
            this.env = all.toArray(new String[0]);
        }
    }

    /** The servers a scenario asks for, started on demand and closed after it. */
    static final class Fixture implements AutoCloseable {
        private final List<AutoCloseable> started = new ArrayList<>();
        private final List<LoopbackJaegerCollector> collectors = new ArrayList<>();
        private final List<FaultServer> faults = new ArrayList<>();
        private final List<OtlpTestServer> otlps = new ArrayList<>();

        /** The Jaeger collectors started so far: their endpoints' random tokens are secrets too. */
        LoopbackJaegerCollector[] collectors() {
            return collectors.toArray(new LoopbackJaegerCollector[0]);
        }

        /** A Jaeger collector answering {@code status} (0: normally, 202). */
        LoopbackJaegerCollector jaeger(int status) {
            LoopbackJaegerCollector collector = LoopbackJaegerCollector.start();
            if (status != 0) {
                collector.faults().respondWith(status);
            }
            collectors.add(collector);
            return track(collector);
        }

        /** An OTLP collector answering {@code status}. */
        OtlpTestServer otlp(int status) {
            try {
                OtlpTestServer server = OtlpTestServer.answering(status, "x-api-key");
                otlps.add(server);
                return track(server);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        FaultServer fault(FaultServer.Mode mode) {
            try {
                FaultServer server = FaultServer.start(mode);
                faults.add(server);
                return track(server);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** A raw-socket collector that takes any request target. */
        FaultServer sink() {
            return fault(FaultServer.Mode.ACCEPT_202);
        }

        /** Redirects with {@code status} to {@code path} on another port (a sink). */
        FaultServer redirect(int status, String path) {
            try {
                FaultServer server = FaultServer.redirectingTo(sink().baseUrl() + path, status);
                faults.add(server);
                return track(server);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        UntrustedTlsServer tls() {
            try {
                return track(UntrustedTlsServer.start(Files.createTempDirectory(dir, "tls")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** {@code http://127.0.0.1:<a port nobody listens on>}. */
        String refusedBaseUrl() {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                return "http://127.0.0.1:" + socket.getLocalPort();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Requests (or, for raw-socket servers, connections) the plain-HTTP servers got. */
        int requestsReceived() {
            int n = 0;
            for (LoopbackJaegerCollector c : collectors) {
                n += c.postCount();
            }
            for (FaultServer f : faults) {
                n += f.connections();
            }
            for (OtlpTestServer o : otlps) {
                n += o.requests();
            }
            return n;
        }

        private <T extends AutoCloseable> T track(T server) {
            started.add(server);
            return server;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable server : started) {
                server.close();
            }
        }
    }
}
