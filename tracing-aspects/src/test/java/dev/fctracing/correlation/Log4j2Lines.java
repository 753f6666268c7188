package dev.fctracing.correlation;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Lines a Log4j 2 logger writes through a real {@code PatternLayout} with {@link Line#PATTERN} into memory,
 * optionally behind Log4j's {@code AsyncAppender} (whose thread then formats them).
 */
final class Log4j2Lines implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final String loggerName;
    private final LoggerContext context;
    private final Appender output;
    private final Appender attached;

    private Log4j2Lines(String loggerName, boolean async) {
        this.loggerName = loggerName;
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder()
                .withPattern(Line.PATTERN)
                .withConfiguration(config)
                .build();
        output = WriterAppender.newBuilder()
                .setName("correlation-output")
                .setTarget(text)
                .setLayout(layout)
                .build();
        output.start();
        config.addAppender(output);
        if (async) {
            AsyncAppender asyncAppender = AsyncAppender.newBuilder()
                    .setName("correlation-async")
                    .setAppenderRefs(
                            new AppenderRef[] {AppenderRef.createAppenderRef("correlation-output", null, null)})
                    .setConfiguration(config)
                    .setBlocking(true)
                    .build();
            asyncAppender.start();
            config.addAppender(asyncAppender);
            attached = asyncAppender;
        } else {
            attached = output;
        }
        LoggerConfig loggerConfig = LoggerConfig.newBuilder()
                .withLoggerName(loggerName)
                .withLevel(Level.INFO)
                .withAdditivity(false)
                .withConfig(config)
                .build();
        loggerConfig.addAppender(attached, null, null);
        config.addLogger(loggerName, loggerConfig);
        context.updateLoggers();
    }

    /** Captures what {@code loggerName} writes from now on. */
    static Log4j2Lines attach(String loggerName, boolean async) {
        return new Log4j2Lines(loggerName, async);
    }

    /** The lines written so far; stops an async appender first, so that its queue is written out. */
    List<Line> lines() {
        if (attached instanceof AsyncAppender) {
            attached.stop();
        }
        return Line.parse(text.toString());
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.removeLogger(loggerName);
        context.updateLoggers();
        attached.stop();
        output.stop();
        if (config instanceof AbstractConfiguration) {
            ((AbstractConfiguration) config).removeAppender(attached.getName());
            ((AbstractConfiguration) config).removeAppender(output.getName());
        }
    }
}
