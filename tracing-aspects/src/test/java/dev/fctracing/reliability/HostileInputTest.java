package dev.fctracing.reliability;

import static dev.fctracing.reliability.Reliability.SECRETS;
import static dev.fctracing.reliability.Reliability.stringTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.fc.FcSpanContextParser;
import dev.fctracing.internal.fc.ParsedSpanContext;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed and hostile input from FC: span contexts, baggage, endpoints. None may break the function. */
class HostileInputTest {

    static final long SEED = 0x5eed_f0c7L;
    static final int PARSER_CASES = 100_000;
    static final int INVOCATION_CASES = 2_000;

    private LogCapture logs;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env());
        logs = LogCapture.start();
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
        logs.close();
    }

    // ------------------------------------------------------------------------------------------------ span contexts

    @Test
    void aHundredThousandHostileSpanContextsNeverThrowAndNeverGiveAnInvalidParent() {
        SpanContextFuzz fuzz = new SpanContextFuzz(SEED);
        int valid = 0;
        int logged = 0;
        for (int i = 0; i < PARSER_CASES; i++) {
            String text = fuzz.next();
            ParsedSpanContext parsed;
            try {
                parsed = FcSpanContextParser.parse(text);
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (seed " + SEED + ") threw on " + printable(text), t);
            }
            SpanContext expected = SpanContextFuzz.expected(text);
            SpanContext got = parsed.spanContext();
            // Plain checks in this hot loop (AssertJ only to report a failure).
            String where = "case " + i + " (seed " + SEED + "): ";
            if (expected == null) {
                if (parsed.isValid() || got != SpanContext.getInvalid()) {
                    fail(where + "accepted " + printable(text) + " as " + got);
                }
                String problem = parsed.problem();
                if (problem == null
                        || problem.trim().isEmpty()
                        || problem.length() > 200
                        || problem.chars()
                                .anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))) {
                    fail(where + "problem is not one short printable line: " + printable(problem));
                }
            } else {
                valid++;
                if (!parsed.isValid()
                        || !got.isValid()
                        || !got.isRemote()
                        || !got.getTraceId().equals(expected.getTraceId())
                        || !got.getSpanId().equals(expected.getSpanId())
                        || got.isSampled() != expected.isSampled()) {
                    fail(where + printable(text) + " gave " + got + " (" + parsed.problem() + "), expected "
                            + expected);
                }
            }
            if (i % 100 == 0) {
                // The logging variant: one single-line warning for a rejected non-empty text, none otherwise.
                int mark = logs.mark();
                ThrottledLog.install(new ThrottledLog(
                        ThrottledLog.SYSTEM_CLOCK,
                        0)); // one line per cause per minute: each case must log as the first would
                SpanContext viaLog = FcSpanContextParser.parseOrLog(text);
                List<String> warnings = logs.warningsSince(mark);
                boolean silent = text == null || text.isEmpty() || expected != null;
                assertThat(warnings).as("case %d", i).hasSize(silent ? 0 : 1);
                for (String warning : warnings) {
                    assertThat(warning).doesNotContain("\n").doesNotContain("\r");
                    logged++;
                }
                assertThat(viaLog).isEqualTo(got);
            }
        }
        assertThat(valid).as("valid cases among %d", PARSER_CASES).isBetween(PARSER_CASES / 10, PARSER_CASES / 2);
        assertThat(logged).isPositive();
    }

    @Test
    void hostileSpanContextsThroughWholeInvocations() {
        SpanContextFuzz fuzz = new SpanContextFuzz(SEED + 1);
        EchoHandler handler = new EchoHandler();
        Map<String, String> textByRequest = new HashMap<>();
        for (int i = 0; i < INVOCATION_CASES; i++) {
            String text = i % 4 == 0 ? fuzz.valid() : fuzz.next();
            String requestId = "fz-" + i;
            textByRequest.put(requestId, text);
            FakeFcContext context = FakeFcContext.builder()
                    .requestId(requestId)
                    .functionName("fn")
                    .spanContext(text)
                    .jaegerEndpoint(collector.endpoint())
                    .build();
            try {
                assertThat(handler.handleRequest("x" + i, context)).isEqualTo("echo:X" + i);
            } catch (Throwable t) {
                throw new AssertionError("invocation " + i + " failed with span context " + printable(text), t);
            }
            assertThat(Context.current()).isSameAs(Context.root());
        }

        List<Span> spans = collector.spans();
        Map<String, Span> handlerSpans = new HashMap<>();
        for (Span span : spans) {
            if (span.getOperationName().equals("fn")) {
                assertThat(handlerSpans.put(stringTag(span, "faas.invocation_id"), span))
                        .isNull();
            }
        }
        TraceTree tree = TraceTree.of(spans);
        int newTraces = 0;
        int continued = 0;
        for (Map.Entry<String, String> entry : textByRequest.entrySet()) {
            SpanContext expected = SpanContextFuzz.expected(entry.getValue());
            Span span = handlerSpans.get(entry.getKey());
            String what = entry.getKey() + " " + printable(entry.getValue());
            if (expected != null && !expected.isSampled()) {
                assertThat(span)
                        .as("unsampled by FC, nothing recorded: %s", what)
                        .isNull();
                continue;
            }
            assertThat(span).as(what).isNotNull();
            if (expected == null) {
                newTraces++;
                assertThat(span.getParentSpanId()).as("new trace: %s", what).isZero();
                assertThat(span.getReferences()).as("new trace: %s", what).isNullOrEmpty();
            } else {
                continued++;
                assertThat(TraceTree.hex32(span.getTraceIdHigh(), span.getTraceIdLow()))
                        .as(what)
                        .isEqualTo(expected.getTraceId());
                assertThat(TraceTree.hex16(span.getParentSpanId())).as(what).isEqualTo(expected.getSpanId());
                assertThat(span.getReferences())
                        .as(what)
                        .containsExactly(new SpanRef(
                                SpanRefType.CHILD_OF,
                                span.getTraceIdLow(),
                                span.getTraceIdHigh(),
                                span.getParentSpanId()));
            }
            List<Span> children = tree.children(span);
            assertThat(children).as(what).extracting(Span::getOperationName).containsExactly("work");
            assertThat(tree.children(children.get(0)))
                    .extracting(Span::getOperationName)
                    .containsExactly("inner");
        }
        assertThat(newTraces).isPositive();
        assertThat(continued).isPositive();
        logs.assertNoUncaughtExceptions();
    }

    // ------------------------------------------------------------------------------------------------------ baggage

    @Test
    void baggageWithNullKeysNullValuesAndHugeValuesIsFilteredAndNeverFatal() {
        Map<String, String> baggage = new HashMap<>();
        baggage.put(null, "null key");
        baggage.put("null-value", null);
        baggage.put("", "empty key");
        baggage.put("huge", repeat('v', 1 << 20));
        baggage.put("at-limit", repeat('w', 4096));
        baggage.put("over-limit", repeat('w', 4097));
        baggage.put(repeat('k', 5000), "huge key");
        baggage.put("tenant", "acme");
        baggage.put("wéird kéy=;,", "välue\r\nInjected: yes");
        baggage.put("\u0000ctl", "\ud800");

        String answer = invokeWithBaggage(baggage);

        assertThat(answer).startsWith("headers:");
        Baggage seen = EchoHandler.lastBaggage.get();
        assertThat(seen.asMap().keySet()).containsExactlyInAnyOrder("tenant", "at-limit", "wéird kéy=;,", "\u0000ctl");
        assertThat(seen.getEntryValue("tenant")).isEqualTo("acme");
        assertThat(seen.getEntryValue("at-limit")).hasSize(4096);
        assertThat(logs.warningMessages())
                .filteredOn(m -> m.contains("baggage"))
                .hasSize(1);
        assertThat(Context.current()).isSameAs(Context.root());
        logs.assertNoUncaughtExceptions();
    }

    @Test
    void tenThousandBaggageEntriesAreCappedAndLoggedOnce() {
        Map<String, String> baggage = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            baggage.put("key-" + i, "value-" + i + repeat('x', 100));
        }

        for (int i = 0; i < 3; i++) {
            assertThat(invokeWithBaggage(baggage)).startsWith("headers:");
            Baggage seen = EchoHandler.lastBaggage.get();
            assertThat(seen.size())
                    .as("entries that reach the invocation's Baggage")
                    .isEqualTo(180);
            seen.forEach((key, entry) -> assertThat(baggage.get(key)).isEqualTo(entry.getValue()));
        }
        assertThat(logs.warningMessages())
                .filteredOn(m -> m.contains("baggage"))
                .hasSize(1);
    }

    @Test
    void aBaggageMapThatThrowsLeavesTheInvocationUntracedButRunning() {
        Map<String, String> throwing = new AbstractMap<String, String>() {
            @Override
            public Set<Entry<String, String>> entrySet() {
                throw new IllegalStateException("hostile map");
            }

            @Override
            public boolean isEmpty() {
                return false;
            }
        };

        assertThat(invokeWithBaggage(throwing)).startsWith("headers:");

        assertThat(Context.current()).isSameAs(Context.root());
        assertThat(collector.postCount()).isZero();
        assertThat(logs.warningMessages()).anySatisfy(m -> assertThat(m).contains("runs untraced"));
        FakeFcContext next = Reliability.fc(collector.endpoint());
        assertThat(new EchoHandler().handleRequest("next", next)).isEqualTo("echo:NEXT");
        assertThat(collector.spansOfTrace(next.traceIdHex32())).hasSize(3);
    }

    @Test
    void aContextWhoseTracingGetterThrowsLeavesTheInvocationUntracedButRunning() {
        FakeFcContext real = Reliability.fc(collector.endpoint());
        com.aliyun.fc.runtime.Context hostile = new HostileContext(real);

        assertThat(new EchoHandler().handleRequest("x", hostile)).isEqualTo("echo:X");

        assertThat(Context.current()).isSameAs(Context.root());
        assertThat(collector.postCount()).isZero();
        assertThat(logs.warningMessages()).anySatisfy(m -> assertThat(m).contains("runs untraced"));
    }

    private String invokeWithBaggage(Map<String, String> baggage) {
        EchoHandler.lastBaggage.remove();
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .baggage(baggage)
                .jaegerEndpoint(collector.endpoint())
                .build();
        return new EchoHandler().handleRequest("baggage", context);
    }

    // ---------------------------------------------------------------------------------------------------- endpoints

    @Test
    void endpointsThatAreNotHttpUrlsAreRefusedClearlyAndNothingIsSentAnywhere() throws Exception {
        try (Trap trap = new Trap()) {
            String hostPort = "127.0.0.1:" + trap.port();
            String path = Reliability.TRACES_PATH;
            List<String> endpoints = Arrays.asList(
                    "not a url",
                    "adapt_" + Reliability.TOKEN + "/api/traces",
                    hostPort + path,
                    "//" + hostPort + path,
                    "file://" + path,
                    "file:/etc/passwd",
                    "FILE:" + path,
                    "ftp://" + hostPort + path,
                    "jar:http://" + hostPort + path + ".jar!/x",
                    "javascript:alert('" + Reliability.TOKEN + "')",
                    "gopher://" + hostPort + path,
                    "ldap://" + hostPort + path,
                    "netdoc:" + path,
                    "data:text/plain," + Reliability.TOKEN,
                    "mailto:" + Reliability.TOKEN + "@example.com",
                    "http://" + hostPort + "/adapt_" + Reliability.TOKEN + " /api/traces",
                    "http://" + hostPort + "/adapt_" + Reliability.TOKEN + "\r\nX-Injected: 1/api/traces",
                    "http://" + hostPort + "/adapt_\t" + Reliability.TOKEN + "/api/traces",
                    "\u00a0http://" + hostPort + path,
                    "http://" + hostPort + path + "\u2028",
                    "http://",
                    "http:///adapt_" + Reliability.TOKEN + "/api/traces",
                    "http://127.0.0.1:99999" + path);
            EchoHandler handler = new EchoHandler();
            for (String endpoint : endpoints) {
                for (int attempt = 0; attempt < 2; attempt++) {
                    int mark = logs.mark();
                    FakeFcContext context = Reliability.fc(endpoint);
                    assertThat(handler.handleRequest("x", context))
                            .as(printable(endpoint))
                            .isEqualTo("echo:X");
                    assertThat(Context.current()).isSameAs(Context.root());
                    List<String> warnings = logs.warningsSince(mark);
                    if (attempt == 0) {
                        assertThat(warnings)
                                .as("refusal of %s", printable(endpoint))
                                .hasSize(1);
                        assertThat(warnings.get(0))
                                .contains("refused")
                                .containsAnyOf(
                                        "is not http or https",
                                        "not an absolute URL",
                                        "whitespace or control characters",
                                        "has no host",
                                        "port is out of range",
                                        "not a valid URL");
                        assertThat(warnings.get(0).chars().noneMatch(Character::isISOControl))
                                .as("one printable line: %s", printable(warnings.get(0)))
                                .isTrue();
                    } else {
                        assertThat(warnings)
                                .as("the same refusal again is not logged again")
                                .isEmpty();
                    }
                }
            }
            // A valid endpoint afterwards: only its own invocation's spans are sent, to it alone.
            FakeFcContext good = Reliability.fc(collector.endpoint());
            assertThat(handler.handleRequest("good", good)).isEqualTo("echo:GOOD");
            assertThat(collector.spans()).hasSize(3);
            assertThat(collector.spansOfTrace(good.traceIdHex32())).hasSize(3);
            assertThat(trap.connections()).as("connections to the trap port").isZero();
            logs.assertNoSecrets(Reliability.secrets(SECRETS, collector));
            logs.assertNoUncaughtExceptions();
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (Trap trap = new Trap();
                FaultServer redirecting =
                        FaultServer.redirectingTo("http://127.0.0.1:" + trap.port() + Reliability.TRACES_PATH)) {
            for (int i = 0; i < 3; i++) {
                assertThat(new EchoHandler().handleRequest("x", Reliability.fc(redirecting.endpoint())))
                        .isEqualTo("echo:X");
            }

            assertThat(redirecting.requests()).isEqualTo(3);
            assertThat(trap.connections()).isZero();
            assertThat(logs.warningMessages())
                    .filteredOn(m -> m.contains("HTTP 307"))
                    .hasSize(1);
            logs.assertNoSecrets(SECRETS);
        }
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 120; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return text.length() > 120 ? out + "...(" + text.length() + " chars)" : out.toString();
    }

    static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    /** A loopback port that counts the connections made to it (and answers nothing). */
    static final class Trap implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        Trap() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            acceptor = new Thread(
                    () -> {
                        for (int i = 0; i < 1000; i++) {
                            try (Socket ignored = server.accept()) {
                                connections.incrementAndGet();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "trap");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** An FC Context whose {@code getTracing()} throws. */
    static final class HostileContext implements com.aliyun.fc.runtime.Context {
        private final com.aliyun.fc.runtime.Context delegate;

        HostileContext(com.aliyun.fc.runtime.Context delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getRequestId() {
            return delegate.getRequestId();
        }

        @Override
        public Credentials getExecutionCredentials() {
            return delegate.getExecutionCredentials();
        }

        @Override
        public FunctionParam getFunctionParam() {
            return delegate.getFunctionParam();
        }

        @Override
        public Service getService() {
            return delegate.getService();
        }

        @Override
        public FunctionComputeLogger getLogger() {
            return delegate.getLogger();
        }

        @Override
        public OpenTracing getTracing() {
            throw new IllegalStateException("hostile getTracing");
        }

        @Override
        public int getRetryCount() {
            return delegate.getRetryCount();
        }
    }
}
