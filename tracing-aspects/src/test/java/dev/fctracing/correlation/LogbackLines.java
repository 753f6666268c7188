package dev.fctracing.correlation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Lines a Logback logger writes through a real {@code PatternLayoutEncoder} with {@link Line#PATTERN} into memory,
 * optionally behind Logback's {@code AsyncAppender} (whose worker thread then formats them).
 */
final class LogbackLines implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ch.qos.logback.classic.Logger logger;
    private final OutputStreamAppender<ILoggingEvent> output;
    private final Appender<ILoggingEvent> attached;

    private LogbackLines(String loggerName, boolean async) {
        LoggerContext context = context();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(Line.PATTERN);
        encoder.start();
        output = new OutputStreamAppender<>();
        output.setName("correlation-output");
        output.setContext(context);
        output.setEncoder(encoder);
        output.setOutputStream(bytes);
        output.start();
        if (async) {
            ch.qos.logback.classic.AsyncAppender asyncAppender = new ch.qos.logback.classic.AsyncAppender();
            asyncAppender.setName("correlation-async");
            asyncAppender.setContext(context);
            asyncAppender.setDiscardingThreshold(0);
            asyncAppender.setMaxFlushTime(5000);
            asyncAppender.addAppender(output);
            asyncAppender.start();
            attached = asyncAppender;
        } else {
            attached = output;
        }
        logger = context.getLogger(loggerName);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(attached);
    }

    /** SLF4J's Logback context. */
    static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Captures what {@code loggerName} writes from now on. */
    static LogbackLines attach(String loggerName, boolean async) {
        return new LogbackLines(loggerName, async);
    }

    /** The lines written so far; stops an async appender first, so that its queue is written out. */
    List<Line> lines() {
        if (attached instanceof AsyncAppenderBase) {
            attached.stop();
        }
        synchronized (bytes) {
            return Line.parse(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        logger.detachAppender(attached);
        attached.stop();
        output.stop();
    }
}
