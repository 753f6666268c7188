package dev.fctracing.internal.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * The Logback filter on a Logback context of its own (sharing SLF4J's MDC), with spans made current by hand: what it
 * writes into the MDC, what it leaves of the function's own values, and where it sits among turbo filters.
 */
class LogbackTraceIdsTest {

    private static final SpanContext A = span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
    private static final SpanContext B = span("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private LoggerContext context;
    private Logger logger;

    private static SpanContext span(String traceId, String spanId) {
        return SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    private static Scope current(SpanContext span) {
        return Context.root().with(Span.wrap(span)).makeCurrent();
    }

    @BeforeEach
    void context() {
        LogCorrelation.start(true);
        MDC.clear();
        context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%X{trace_id}|%X{span_id}|%X{trace_flags}|%m%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
    }

    @AfterEach
    void stop() {
        context.stop();
        MDC.clear();
        LogCorrelation.start(true);
    }

    private List<String> lines() {
        return Arrays.asList(new String(bytes.toByteArray(), StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void idsWhileASpanIsCurrentAndNothingOutside() {
        LogbackTraceIds.installOn(context);
        logger.info("outside");
        try (Scope a = current(A)) {
            logger.info("in a");
            try (Scope b = current(B)) {
                logger.info("in b");
            }
            logger.info("in a again");
        }
        logger.info("outside again");

        assertThat(lines())
                .containsExactly(
                        "|||outside",
                        A.getTraceId() + "|" + A.getSpanId() + "|01|in a",
                        B.getTraceId() + "|" + B.getSpanId() + "|01|in b",
                        A.getTraceId() + "|" + A.getSpanId() + "|01|in a again",
                        "|||outside again");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void theFunctionsOwnValueIsLoggedOutsideAndPutBackAfterTheSpan() {
        LogbackTraceIds.installOn(context);
        MDC.put("trace_id", "mine");
        logger.info("before");
        try (Scope a = current(A)) {
            logger.info("in a");
            assertThat(MDC.get("trace_id")).isEqualTo(A.getTraceId());
        }
        assertThat(MDC.get("trace_id"))
                .as("until the next line or the invocation's end")
                .isEqualTo(A.getTraceId());
        LogbackTraceIds.restoreThisThread(); // what the invocation's end does
        assertThat(MDC.get("trace_id")).isEqualTo("mine");
        assertThat(MDC.get("span_id")).isNull();
        logger.info("after");

        assertThat(lines())
                .containsExactly("mine|||before", A.getTraceId() + "|" + A.getSpanId() + "|01|in a", "mine|||after");
    }

    @Test
    void aValueTheFunctionPutsInsideTheSpanIsWhatItGetsBack() {
        LogbackTraceIds.installOn(context);
        try (Scope a = current(A)) {
            logger.info("first");
            MDC.put("trace_id", "theirs");
            logger.info("second"); // inside the span the ids win
        }
        logger.info("outside"); // and the function's last value comes back

        assertThat(lines())
                .containsExactly(
                        A.getTraceId() + "|" + A.getSpanId() + "|01|first",
                        A.getTraceId() + "|" + A.getSpanId() + "|01|second",
                        "theirs|||outside");
        assertThat(MDC.get("trace_id")).isEqualTo("theirs");
    }

    @Test
    void aValueTheFunctionPutsAfterTheLastLineOfTheSpanStays() {
        LogbackTraceIds.installOn(context);
        try (Scope a = current(A)) {
            logger.info("in a");
            MDC.put("span_id", "theirs");
        }
        logger.info("outside");

        assertThat(lines()).containsExactly(A.getTraceId() + "|" + A.getSpanId() + "|01|in a", "|theirs||outside");
    }

    @Test
    void aClearedMdcGetsTheIdsBackOnTheNextLine() {
        LogbackTraceIds.installOn(context);
        try (Scope a = current(A)) {
            logger.info("one");
            MDC.clear();
            logger.info("two");
        }
        assertThat(lines())
                .containsExactly(
                        A.getTraceId() + "|" + A.getSpanId() + "|01|one",
                        A.getTraceId() + "|" + A.getSpanId() + "|01|two");
    }

    @Test
    void firstAmongTurboFiltersTheFunctionHadBefore() {
        TurboFilter acceptAll = new TurboFilter() { // a function's own: lets every line through, whatever its level
                    @Override
                    public FilterReply decide(
                            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
                        return FilterReply.ACCEPT;
                    }
                };
        acceptAll.start();
        context.addTurboFilter(acceptAll);
        LogbackTraceIds.installOn(context);
        LogbackTraceIds.installOn(context); // twice: still one filter and one listener

        assertThat(context.getTurboFilterList()).hasSize(2);
        assertThat(context.getTurboFilterList().get(0)).isInstanceOf(LogbackTraceIds.class);
        try (Scope a = current(A)) {
            logger.debug("below the level, accepted");
        }
        assertThat(lines()).containsExactly(A.getTraceId() + "|" + A.getSpanId() + "|01|below the level, accepted");

        context.reset();
        assertThat(context.getTurboFilterList()).hasSize(1);
        assertThat(context.getTurboFilterList().get(0)).isInstanceOf(LogbackTraceIds.class);
    }

    @Test
    void alineBelowTheLevelWritesNothingWhenNoOtherFilterCouldAcceptIt() {
        LogbackTraceIds.installOn(context);
        try (Scope a = current(A)) {
            logger.debug("not logged");
            assertThat(MDC.get("trace_id")).isNull();
            logger.info("logged");
            assertThat(MDC.get("trace_id")).isEqualTo(A.getTraceId());
        }
    }

    @Test
    void turnedOffTheFilterWritesNothingAndTakesBackWhatItWrote() {
        LogbackTraceIds.installOn(context);
        try (Scope a = current(A)) {
            logger.info("on");
            LogCorrelation.start(false);
            logger.info("off");
        }
        assertThat(lines()).containsExactly(A.getTraceId() + "|" + A.getSpanId() + "|01|on", "|||off");
    }
}
