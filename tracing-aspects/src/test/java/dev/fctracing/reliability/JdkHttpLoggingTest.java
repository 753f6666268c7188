package dev.fctracing.reliability;

import static dev.fctracing.reliability.FinestCapture.JDK_HTTP_LOGGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's own HTTP client logs request lines (path included) and request headers through {@code
 * java.util.logging} at FINE, which a DEBUG-level logging bridge turns on: with the root logger that fine, a healthy
 * export must still log nothing that holds the endpoint's token. The JDK's lines stay, with the endpoint masked.
 */
class JdkHttpLoggingTest {

    private final Logger jdkHttp = Logger.getLogger(JDK_HTTP_LOGGER);
    private Filter userFilter;
    private Level userLevel;
    private LoopbackJaegerCollector collector;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(EchoHandler.class);
    }

    @BeforeEach
    void newInstance() {
        userFilter = jdkHttp.getFilter();
        userLevel = jdkHttp.getLevel();
        TestSupport.newInstance(Reliability.env("FCTRACING_FLUSH_TIMEOUT_MS", "3000"));
        collector = LoopbackJaegerCollector.start();
    }

    /** The tokens of the collector's endpoint (and the fixed ones of the reliability tests). */
    private String[] secrets() {
        return Reliability.secrets(Reliability.SECRETS, collector);
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
        jdkHttp.setFilter(userFilter);
        jdkHttp.setLevel(userLevel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FINE", "FINEST"})
    void aHealthyJaegerExportLogsNoTokenWithTheRootLoggerThatFine(String level) throws Exception {
        try (FinestCapture capture = FinestCapture.atLevel(Level.parse(level))) {
            invokeThreeTimes();

            List<LogRecord> jdkRecords = capture.recordsOf(JDK_HTTP_LOGGER);
            assertThat(jdkRecords)
                    .as("the JDK's HTTP client logged the requests (the capture sees it)")
                    .isNotEmpty();
            assertThat(jdkRecords)
                    .as("its request lines are kept, with the endpoint masked")
                    .anySatisfy(r -> assertThat(LogCapture.fullText(r)).contains("POST /adap***/api/traces"));
            capture.assertNoSecrets(secrets());
        }
    }

    @Test
    void theFunctionsOwnFilterOnThatLoggerStillRunsAndSeesNoToken() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        jdkHttp.setFilter(record -> {
            seen.add(LogCapture.fullText(record));
            return !record.getMessage().startsWith("ProxySelector Request"); // the function drops these itself
        });
        jdkHttp.setLevel(Level.FINER);
        try (FinestCapture capture = FinestCapture.atLevel(Level.FINE)) {
            invokeThreeTimes();

            assertThat(seen).as("the function's filter was asked").isNotEmpty();
            for (String text : seen) {
                for (String secret : secrets()) {
                    assertThat(text).as("what the function's filter saw").doesNotContain(secret);
                }
            }
            assertThat(capture.recordsOf(JDK_HTTP_LOGGER))
                    .isNotEmpty()
                    .noneSatisfy(r -> assertThat(r.getMessage()).startsWith("ProxySelector Request"));
            assertThat(jdkHttp.getLevel())
                    .as("the function's level is untouched")
                    .isEqualTo(Level.FINER);
            capture.assertNoSecrets(secrets());
        }
    }

    @Test
    void aFilterSetAfterTracingStartedIsWrappedToo() throws Exception {
        try (FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            invokeThreeTimes();
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            jdkHttp.setFilter(record -> seen.add(LogCapture.fullText(record)));

            invokeThreeTimes();

            assertThat(seen).as("the function's filter was asked").isNotEmpty();
            for (String text : seen) {
                for (String secret : secrets()) {
                    assertThat(text).as("what the function's filter saw").doesNotContain(secret);
                }
            }
            capture.assertNoSecrets(secrets());
        }
    }

    @Test
    void aLoggingReconfigurationDoesNotBringTheTokenBack() throws Exception {
        try (FinestCapture capture = FinestCapture.atLevel(Level.FINEST)) {
            invokeThreeTimes();

            // What a logging framework does when it (re)configures JUL: every level and handler is reset.
            LogManager.getLogManager().readConfiguration();
            capture.reapply();
            int before = capture.recordsOf(JDK_HTTP_LOGGER).size();
            invokeThreeTimes();

            assertThat(capture.recordsOf(JDK_HTTP_LOGGER).size())
                    .as("JDK records after the reset")
                    .isGreaterThan(before);
            capture.assertNoSecrets(secrets());
        }
    }

    private void invokeThreeTimes() {
        EchoHandler handler = new EchoHandler();
        for (int i = 0; i < 3; i++) {
            FakeFcContext context = Reliability.fc(collector.endpoint());
            assertThat(handler.handleRequest("x", context)).isEqualTo("echo:X");
            assertThat(collector.spansOfTrace(context.traceIdHex32()))
                    .as("exported before the invocation returned")
                    .hasSize(3);
        }
    }
}
