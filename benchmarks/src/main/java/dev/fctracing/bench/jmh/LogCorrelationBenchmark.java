package dev.fctracing.bench.jmh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.fctracing.internal.correlation.LogCorrelation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Log correlation's cost (issue 12), with the real Logback as SLF4J's binding, a {@code PatternLayoutEncoder} with
 * {@code %X{trace_id}}, {@code %X{span_id}} and {@code %X{trace_flags}} writing to a discarding stream, inside a
 * sampled invocation of the real runtime ({@link TracingFixture}), flushed every {@value TracedCallBenchmark#FLUSH_EVERY}
 * calls like {@link TracedCallBenchmark}'s sampled state.
 *
 * <p>{@code correlation}: {@code on} is what a function gets by default (the turbo filter installed and enabled);
 * {@code off} is Logback without it ({@code FCTRACING_LOG_CORRELATION=false}: no turbo filter at all), so its lines
 * are shorter (empty ids); {@code fixedMdc} is {@code off} with three ids of the same length put into the MDC once,
 * by hand: the same output as {@code on} without the filter, the baseline that isolates the filter's own cost.
 *
 * <ul>
 *   <li>{@code tracedQuiet}: a {@code @Traced} method that does not log: correlation is not on its path at all.
 *   <li>{@code tracedLogging}: a {@code @Traced} method that logs one line: every call is a new span, so with
 *       correlation on every line writes a new {@code span_id} into the MDC — the worst case per line.
 *   <li>{@code lineInSpan}: one line logged inside the handler span (the span does not change between lines).
 *   <li>{@code lineOutsideSpan}: one line with no span current (the root context made current around it, which
 *       both states pay).
 *   <li>{@code debugInSpan}: a {@code debug} line below the logger's level, inside the span (not logged).
 * </ul>
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogCorrelationBenchmark {

    /** The layout: Logback's usual pattern with the three ids. */
    public static final String PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} trace_id=%X{trace_id} span_id=%X{span_id}"
                    + " trace_flags=%X{trace_flags} - %msg%n";

    /** An invocation's runtime, with or without correlation, and the logger's appender. */
    @State(Scope.Thread)
    public static class Invocation {
        @Param({"on", "off", "fixedMdc"})
        public String correlation;

        TracingFixture fixture;
        OutputStreamAppender<ILoggingEvent> appender;
        final LoggingTarget target = new LoggingTarget();
        long x = 42;
        int calls;

        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(PATTERN);
            encoder.start();
            appender = new OutputStreamAppender<>();
            appender.setContext(context);
            appender.setName("bench");
            appender.setEncoder(encoder);
            appender.setOutputStream(DISCARD);
            appender.start();
            Logger logger = context.getLogger(LoggingTarget.LOGGER);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);

            fixture = TracingFixture.start(
                    true); // starts the runtime: installs the filter (correlation is on by default)
            boolean installed = context.getTurboFilterList().size() == 1;
            if (!installed) {
                throw new IllegalStateException("the runtime did not install the Logback filter");
            }
            if (!correlation.equals("on")) {
                LogCorrelation.start(false);
                context.getTurboFilterList().clear();
            }
            if (correlation.equals("fixedMdc")) {
                MDC.put("trace_id", "5af7183fb1d4cf5f124ed43254b54966");
                MDC.put("span_id", "124ed43254b54966");
                MDC.put("trace_flags", "01");
            }
        }

        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void begin() {
            fixture.beginInvocation();
            if (!Span.current().getSpanContext().isSampled()) {
                throw new IllegalStateException("expected a sampled current span");
            }
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void end() {
            fixture.endInvocation();
            if (fixture.processor().droppedSpans() != 0) {
                throw new IllegalStateException(
                        fixture.processor().droppedSpans() + " spans dropped: flush more often");
            }
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() {
            fixture.close();
            appender.stop();
            LogCorrelation.start(true);
        }

        void tick() {
            if (++calls == TracedCallBenchmark.FLUSH_EVERY) {
                calls = 0;
                fixture.flush();
            }
        }
    }

    private static final OutputStream DISCARD = new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    };

    @Benchmark
    public long tracedQuiet(Invocation s) {
        long result = s.target.tracedQuiet(s.x);
        s.tick();
        return result;
    }

    @Benchmark
    public long tracedLogging(Invocation s) {
        long result = s.target.tracedLogging(s.x);
        s.tick();
        return result;
    }

    @Benchmark
    public long lineInSpan(Invocation s) {
        return s.target.plainLogging(s.x);
    }

    @Benchmark
    public long lineOutsideSpan(Invocation s) {
        // The root context made current around the line: no span, on the thread that has the invocation's.
        try (io.opentelemetry.context.Scope root = Context.root().makeCurrent()) {
            return s.target.plainLogging(s.x);
        }
    }

    @Benchmark
    public long debugInSpan(Invocation s) {
        return s.target.plainDebug(s.x);
    }
}
