package dev.fctracing.reliability;

import static dev.fctracing.reliability.Reliability.SECRETS;
import static dev.fctracing.reliability.Reliability.awaitTrace;
import static dev.fctracing.reliability.Reliability.elapsedMillis;
import static dev.fctracing.reliability.Reliability.fc;
import static dev.fctracing.reliability.Reliability.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.handler.FcInvocationTracer;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  private LogCapture logs;
  private LoopbackJaegerCollector healthy;

  @BeforeAll
  static void handlersAreWoven() {
    Reliability.assertWoven(EchoHandler.class);
    Reliability.assertWoven(StreamEchoHandler.class);
  }

  @BeforeEach
  void newInstance() {
    FcInvocationTracer.resetForTesting(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", String.valueOf(FLUSH_MS)));
    logs = LogCapture.start();
    healthy = LoopbackJaegerCollector.start();
  }

  @AfterEach
  void tearDown() {
    FcInvocationTracer.resetForTesting(Environment.system());
    healthy.close();
    logs.close();
  }

  @Test
  void connectionRefused() throws Exception {
    String endpoint = "http://127.0.0.1:" + closedPort() + LoopbackJaegerCollector.TRACES_PATH;

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
    // Batches of several MB: more than the loopback socket buffers hold, so the exporter's write blocks.
    FcInvocationTracer.resetForTesting(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", String.valueOf(FLUSH_MS),
        "OTEL_BSP_MAX_QUEUE_SIZE", "40000", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "40000"));
    try (FaultServer server = FaultServer.start(FaultServer.Mode.BLACKHOLE)) {
      EchoHandler handler = new EchoHandler();
      long worst = 0;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        assertThat(handler.handleRequest("burst:30000", fc(server.endpoint()))).isEqualTo("burst:449985000");
        worst = Math.max(worst, elapsedMillis(start));
      }
      assertThat(worst).as("slowest invocation, ms").isLessThan(FLUSH_MS + MARGIN_MS + 1000);
      assertThat(server.connections()).isPositive();
      logs.assertNoSecrets(SECRETS);

      healthyAgain(healthy.endpoint(), healthy);
    }
  }

  @Test
  void answersAfterFiveSeconds() throws Exception {
    try (LoopbackJaegerCollector slow = LoopbackJaegerCollector.start()) {
      slow.delayMillis(5000);

      runAgainstFault(slow.endpoint(), "timed out");

      slow.clearFaults();
      healthyAgain(slow.endpoint(), slow);
    }
  }

  @Test
  void answers500() throws Exception {
    try (LoopbackJaegerCollector failing = LoopbackJaegerCollector.start()) {
      failing.respondWith(500);

      runAgainstFault(failing.endpoint(), "HTTP 500");

      assertThat(failing.postCount()).isGreaterThanOrEqualTo(FAULTY_INVOCATIONS);
      failing.clearFaults();
      healthyAgain(failing.endpoint(), failing);
    }
  }

  @Test
  void answers413() throws Exception {
    try (LoopbackJaegerCollector failing = LoopbackJaegerCollector.start()) {
      failing.respondWith(413);

      runAgainstFault(failing.endpoint(), "HTTP 413");

      failing.clearFaults();
      healthyAgain(failing.endpoint(), failing);
    }
  }

  @Test
  void answers202WithAGarbageBody() throws Exception {
    try (FaultServer server = FaultServer.start(FaultServer.Mode.GARBAGE_202)) {
      // A 2xx is success whatever the body: nothing to warn about, nothing counted as failed.
      runAgainstFault(server.endpoint(), null);

      assertThat(server.requests()).isGreaterThanOrEqualTo(FAULTY_INVOCATIONS);
      assertThat(TracingRuntime.active().processor().failedExports()).isZero();
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

      assertThat(server.handledRequests()).as("nothing got past the handshake").isZero();
      healthyAgain(healthy.endpoint(), healthy);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Invokes handlers against {@code endpoint} {@value #FAULTY_INVOCATIONS} times, plus once with a throwing handler.
   *
   * @param failureFragment what the one warning about the failure contains, or null when the fault is not a failure
   *     (then no warning about the export at all is expected)
   */
  private void runAgainstFault(String endpoint, String failureFragment) throws IOException {
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
    assertThat(worst).as("slowest invocation, ms").isLessThan(FLUSH_MS + MARGIN_MS);

    List<String> warnings = logs.warningMessages();
    List<String> exportFailures = new java.util.ArrayList<>();
    for (String warning : warnings) {
      if (warning.contains("span(s) lost")) {
        exportFailures.add(warning);
      }
    }
    if (failureFragment == null) {
      assertThat(exportFailures).as("export failure warnings").isEmpty();
    } else {
      assertThat(exportFailures).as("one warning for the failure class, not one per invocation or span")
          .hasSize(1);
      assertThat(exportFailures.get(0)).contains(failureFragment).contains("/adap***/api/traces");
    }
    // Besides the exporter's line, at most the once-a-minute "not all exported in time" line.
    assertThat(warnings).as("warnings after %d invocations", FAULTY_INVOCATIONS + 1).hasSizeLessThanOrEqualTo(2);
    Set<String> distinct = new HashSet<>();
    for (String warning : warnings) {
      assertThat(distinct.add(warning.replaceAll("[0-9]+", "#"))).as("repeated warning: " + warning).isTrue();
    }
    logs.assertNoSecrets(SECRETS);
    logs.assertNoUncaughtExceptions();
  }

  /**
   * Two invocations against a healthy {@code collector}: the first's spans arrive (a batch the faulty collector
   * still holds may use up its budget), the second's are there when it returns.
   */
  private void healthyAgain(String endpoint, LoopbackJaegerCollector collector) {
    EchoHandler handler = new EchoHandler();
    FakeFcContext first = fc(endpoint);
    assertThat(handler.handleRequest("ok", first)).isEqualTo("echo:OK");
    assertThat(awaitTrace(collector, first, 3, 5000)).hasSize(3);

    FakeFcContext second = fc(endpoint);
    assertThat(handler.handleRequest("ok", second)).isEqualTo("echo:OK");
    List<Span> spans = collector.spansOfTrace(second.traceIdHex32());
    assertThat(spans).as("exported before the invocation returned").hasSize(3);
    assertThat(named(spans, "fn").getParentSpanId()).isEqualTo(second.spanId());
    logs.assertNoSecrets(SECRETS);
    logs.assertNoUncaughtExceptions();
  }

  /** A loopback port nobody listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    }
  }
}
