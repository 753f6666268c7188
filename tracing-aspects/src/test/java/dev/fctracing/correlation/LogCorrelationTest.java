package dev.fctracing.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.turbo.MarkerFilter;
import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Trace ids in log lines, with the real Logback (SLF4J's binding in these tests) and the real Log4j 2 (its own API),
 * each writing through a pattern layout with {@code %X{trace_id}}, {@code %X{span_id}}, {@code %X{trace_flags}}: the
 * ids in every line logged inside an invocation are those of the span the collector received for the code that
 * logged it; lines outside carry the function's own values, which tracing leaves where they were.
 */
class LogCorrelationTest {

    private LoopbackJaegerCollector collector;
    private final List<AutoCloseable> captures = new ArrayList<>();

    @BeforeAll
    static void handlerIsWoven() {
        boolean woven = false;
        for (java.lang.reflect.Field field : LoggingHandler.class.getDeclaredFields()) {
            woven |= field.getName().startsWith("ajc$tjp_");
        }
        assertThat(woven)
                .as("LoggingHandler was not woven by ajc at test-compile")
                .isTrue();
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(env());
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable capture : captures) {
            capture.close();
        }
        TestSupport.newInstance(Environment.system());
        collector.close();
        MDC.clear();
        ThreadContext.clearAll();
    }

    private static Environment env(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Environment.of(values);
    }

    private FakeFcContext fc() {
        return fc(true);
    }

    private FakeFcContext fc(boolean sampled) {
        String context = FakeFcContext.randomJaegerSpanContext(true);
        if (!sampled) {
            context = context.substring(0, context.length() - 1) + "0";
        }
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(context)
                .jaegerEndpoint(collector.endpoint())
                .build();
    }

    private LogbackLines logback(boolean async) {
        LogbackLines lines = LogbackLines.attach(LoggingHandler.LOGBACK, async);
        captures.add(lines);
        return lines;
    }

    private Log4j2Lines log4j2(boolean async) {
        Log4j2Lines lines = Log4j2Lines.attach(LoggingHandler.LOG4J, async);
        captures.add(lines);
        return lines;
    }

    /** The spans of {@code fc}'s trace, by operation name, once {@code count} arrived. */
    private Map<String, Span> spans(FakeFcContext fc, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Span> spans = collector.spansOfTrace(fc.traceIdHex32());
        while (spans.size() < count && System.nanoTime() < deadline) {
            collector.awaitSpans(collector.spans().size() + 1, 50);
            spans = collector.spansOfTrace(fc.traceIdHex32());
        }
        assertThat(spans).as("spans of the trace").hasSize(count);
        Map<String, Span> byName = new HashMap<>();
        for (Span span : spans) {
            byName.put(span.getOperationName(), span);
        }
        return byName;
    }

    private static String hex(long spanId) {
        return String.format("%016x", spanId);
    }

    /** Each message's line carries the trace id and the id of the span named beside it, sampled. */
    private static void assertIds(
            List<Line> lines, FakeFcContext fc, Map<String, Span> spans, String... messageAndSpan) {
        for (int i = 0; i < messageAndSpan.length; i += 2) {
            Line line = Line.withMessage(lines, messageAndSpan[i]);
            assertThat(line.traceId).as("trace_id of %s", line).isEqualTo(fc.traceIdHex32());
            assertThat(line.spanId)
                    .as("span_id of %s", line)
                    .isEqualTo(hex(spans.get(messageAndSpan[i + 1]).getSpanId()));
            assertThat(line.traceFlags).as("trace_flags of %s", line).isEqualTo("01");
        }
    }

    @Test
    void nestedSpansLogTheirOwnSpanIdUnderOneTraceId() {
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        FakeFcContext fc = fc();

        assertThat(new LoggingHandler().handleRequest("nested", fc)).isEqualTo("ok");

        Map<String, Span> spans = spans(fc, 3);
        String[] expected = {"handler", "fn", "outer", "outer", "inner", "inner", "handler-after", "fn"};
        assertIds(logback.lines(), fc, spans, expected);
        assertIds(log4j2.lines(), fc, spans, expected);
        assertThat(Line.withMessage(logback.lines(), "inner").spanId)
                .isNotEqualTo(Line.withMessage(logback.lines(), "outer").spanId);
    }

    @Test
    void linesWhileAnExceptionPropagatesAndInTheCatchBlock() {
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        FakeFcContext caught = fc();
        FakeFcContext thrown = fc();

        assertThat(new LoggingHandler().handleRequest("throw", caught)).isEqualTo("ok");
        assertThat(catchThrowable(() -> new LoggingHandler().handleRequest("throw-out", thrown)))
                .isSameAs(LoggingHandler.FAILURE);

        Map<String, Span> caughtSpans = spans(caught, 2);
        Map<String, Span> thrownSpans = spans(thrown, 1);
        for (List<Line> lines : Arrays.asList(logback.lines(), log4j2.lines())) {
            assertIds(lines, caught, caughtSpans, "finally", "failing", "in-catch", "fn");
            assertIds(lines, thrown, thrownSpans, "before-throw", "fn");
        }
        assertThat(MDC.getCopyOfContextMap())
                .as("the thread's MDC after the handler threw")
                .isNullOrEmpty();
    }

    @Test
    void aTaskOnAWrappedExecutorLogsTheSubmittingSpanAndItsOwn() throws Exception {
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        FakeFcContext fc = fc();

        assertThat(new LoggingHandler().handleRequest("executor", fc)).isEqualTo("ok");

        Map<String, Span> spans = spans(fc, 2);
        assertIds(logback.lines(), fc, spans, "task", "fn", "pooled", "pooled");
        assertIds(log4j2.lines(), fc, spans, "task", "fn", "pooled", "pooled");
        // Nothing of the invocation stays in the pool thread's MDC once the wrapped task ended.
        Map<String, String> poolMdc =
                LoggingHandler.POOL.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS);
        assertThat(poolMdc == null ? Collections.<String, String>emptyMap() : poolMdc)
                .doesNotContainKeys("trace_id", "span_id", "trace_flags");
    }

    @Test
    void asyncAppendersWriteTheIdsOfTheLoggingThread() {
        LogbackLines logback = logback(true);
        Log4j2Lines log4j2 = log4j2(true);
        FakeFcContext first = fc();
        FakeFcContext second = fc();

        new LoggingHandler().handleRequest("nested", first);
        new LoggingHandler().handleRequest("executor", second);

        Map<String, Span> firstSpans = spans(first, 3);
        Map<String, Span> secondSpans = spans(second, 2);
        for (List<Line> lines : Arrays.asList(logback.lines(), log4j2.lines())) {
            assertThat(lines).hasSize(6);
            assertIds(
                    lines,
                    first,
                    firstSpans,
                    "handler",
                    "fn",
                    "outer",
                    "outer",
                    "inner",
                    "inner",
                    "handler-after",
                    "fn");
            assertIds(lines, second, secondSpans, "task", "fn", "pooled", "pooled");
        }
    }

    @Test
    void outsideAnInvocationTheFunctionsOwnValuesAreLoggedAndKept() {
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        MDC.put("trace_id", "mine");
        MDC.put("user", "u1");
        ThreadContext.put("trace_id", "mine");
        ThreadContext.put("user", "u1");

        LoggingHandler.log("before");
        FakeFcContext fc = fc();
        new LoggingHandler().handleRequest("nested", fc);
        // Back on the caller's side, with no line logged since: the MDC is as the function left it.
        assertThat(MDC.get("trace_id")).isEqualTo("mine");
        assertThat(MDC.get("span_id")).isNull();
        assertThat(MDC.get("trace_flags")).isNull();
        assertThat(MDC.get("user")).isEqualTo("u1");
        assertThat(ThreadContext.get("trace_id")).isEqualTo("mine");
        assertThat(ThreadContext.containsKey("span_id")).isFalse();
        LoggingHandler.log("after");

        for (List<Line> lines : Arrays.asList(logback.lines(), log4j2.lines())) {
            for (String outside : new String[] {"before", "after"}) {
                Line line = Line.withMessage(lines, outside);
                assertThat(line.traceId).as(outside).isEqualTo("mine");
                assertThat(line.spanId).as(outside).isEmpty();
                assertThat(line.traceFlags).as(outside).isEmpty();
                assertThat(line.user).as(outside).isEqualTo("u1");
            }
            assertThat(Line.withMessage(lines, "inner").user).isEqualTo("u1");
        }
        // Inside the invocation Logback's lines carry the span's ids, not the function's own trace_id.
        assertIds(logback.lines(), fc, spans(fc, 3), "handler", "fn", "inner", "inner");
    }

    @Test
    void aFunctionThatClearsItsMdcInsideASpanGetsTheIdsBack() {
        LogbackLines logback = logback(false);
        FakeFcContext fc = fc();

        new LoggingHandler().handleRequest("clear", fc);
        new LoggingHandler().handleRequest("clear", fc()); // a second invocation on the same thread, same trace flags

        assertIds(logback.lines().subList(0, 2), fc, spans(fc, 1), "before-clear", "fn", "after-clear", "fn");
        List<Line> second = logback.lines().subList(2, 4);
        assertThat(second).allSatisfy(line -> {
            assertThat(line.traceId).isNotEmpty().isNotEqualTo(fc.traceIdHex32());
            assertThat(line.traceFlags).isEqualTo("01");
        });
    }

    @Test
    void unsampledInvocationsLogTheirIdsWithFlagsZero() {
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        FakeFcContext fc = fc(false);

        new LoggingHandler().handleRequest("nested", fc);

        for (List<Line> lines : Arrays.asList(logback.lines(), log4j2.lines())) {
            assertThat(lines).hasSize(4).allSatisfy(line -> {
                assertThat(line.traceId).isEqualTo(fc.traceIdHex32());
                assertThat(line.spanId).hasSize(16);
                assertThat(line.traceFlags).isEqualTo("00");
            });
        }
        assertThat(collector.spansOfTrace(fc.traceIdHex32())).isEmpty();
    }

    @Test
    void thePublicApiGivesTheIdsForFcsOwnLogger() {
        FakeFcContext fc = fc();
        String ids = new LoggingHandler().handleRequest("ids", fc);

        Span handler = spans(fc, 1).get("fn");
        assertThat(ids).isEqualTo(fc.traceIdHex32() + "/" + hex(handler.getSpanId()) + "/01");
        assertThat(FcTracing.traceId()).isEmpty();
        assertThat(FcTracing.spanId()).isEmpty();
        assertThat(FcTracing.traceFlags()).isEmpty();
    }

    @Test
    void turnedOffLinesCarryNoIdsButTheApiStillAnswers() {
        TestSupport.newInstance(env("FCTRACING_LOG_CORRELATION", "false"));
        LogbackLines logback = logback(false);
        Log4j2Lines log4j2 = log4j2(false);
        FakeFcContext fc = fc();

        new LoggingHandler().handleRequest("nested", fc);
        String ids = new LoggingHandler().handleRequest("ids", fc);

        for (List<Line> lines : Arrays.asList(logback.lines(), log4j2.lines())) {
            assertThat(lines).hasSize(4).allSatisfy(line -> {
                assertThat(line.traceId).isEmpty();
                assertThat(line.spanId).isEmpty();
            });
        }
        assertThat(ids).startsWith(fc.traceIdHex32() + "/");
    }

    @Test
    void aReconfiguredLogbackKeepsTheIdsFirstInItsTurboFilters() throws Exception {
        new LoggingHandler().handleRequest("ids", fc()); // tracing started: the filter is installed
        LoggerContext context = LogbackLines.context();
        try {
            reconfigure(context, "/logback-reconfigured.xml"); // resets the context first, as a reconfiguration does
            LogbackLines logback = logback(false);
            FakeFcContext fc = fc();

            assertThat(context.getTurboFilterList()).hasSize(2);
            assertThat(context.getTurboFilterList().get(0).getClass().getSimpleName())
                    .isEqualTo("LogbackTraceIds");
            assertThat(context.getTurboFilterList().get(1)).isInstanceOf(MarkerFilter.class);
            new LoggingHandler().handleRequest("nested", fc);
            io.opentelemetry.api.trace.Span manual =
                    FcTracing.tracer("test").spanBuilder("manual").startSpan();
            try (Scope ignored = manual.makeCurrent()) {
                // Below the logger's INFO level, let through by the function's own turbo filter: it still gets the ids.
                LoggerFactory.getLogger(LoggingHandler.LOGBACK)
                        .debug(MarkerFactory.getMarker("ALWAYS"), "marked-debug");
            } finally {
                manual.end();
            }

            List<Line> lines = logback.lines();
            assertIds(lines, fc, spans(fc, 3), "handler", "fn", "outer", "outer", "inner", "inner");
            Line marked = Line.withMessage(lines, "marked-debug");
            assertThat(marked.traceId).isEqualTo(manual.getSpanContext().getTraceId());
            assertThat(marked.spanId).isEqualTo(manual.getSpanContext().getSpanId());
        } finally {
            reconfigure(context, "/logback-test.xml");
        }
    }

    private static void reconfigure(LoggerContext context, String resource) throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        configurator.doConfigure(LogCorrelationTest.class.getResource(resource));
    }
}
