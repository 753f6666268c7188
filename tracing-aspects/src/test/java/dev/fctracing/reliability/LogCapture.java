package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures, for one test: every record of the toolkit's logger {@code dev.fctracing} at any level (FINE included,
 * so debug lines are checked too), every record other loggers publish through the root logger (the JDK's own, at
 * their default levels), and every exception that escapes any thread. The toolkit's lines are kept off the console
 * while capturing so that thousands of expected warnings do not flood the build log.
 */
final class LogCapture implements AutoCloseable {

    private final Logger toolkit = Logger.getLogger("dev.fctracing");
    private final Logger root = Logger.getLogger("");
    private final Level oldLevel;
    private final boolean oldUseParentHandlers;
    private final Thread.UncaughtExceptionHandler oldUncaughtHandler;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final List<LogRecord> otherRecords = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private final Handler toolkitHandler = new Collecting(records);
    private final Handler rootHandler = new Collecting(otherRecords);

    private LogCapture() {
        oldLevel = toolkit.getLevel();
        oldUseParentHandlers = toolkit.getUseParentHandlers();
        toolkit.setLevel(Level.ALL);
        toolkit.setUseParentHandlers(false);
        toolkitHandler.setLevel(Level.ALL);
        toolkit.addHandler(toolkitHandler);
        root.addHandler(rootHandler);
        oldUncaughtHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Every record of the toolkit's logger so far. */
    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** The toolkit's WARNING (and SEVERE) records so far. */
    List<LogRecord> warnings() {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : records()) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Messages of the toolkit's WARNING records so far. */
    List<String> warningMessages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : warnings()) {
            out.add(r.getMessage());
        }
        return out;
    }

    /** Number of the toolkit's records so far, to look at what came after with {@link #warningsSince(int)}. */
    int mark() {
        return records.size();
    }

    List<String> warningsSince(int mark) {
        List<String> out = new ArrayList<>();
        List<LogRecord> all = records();
        for (LogRecord r : all.subList(Math.min(mark, all.size()), all.size())) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(r.getMessage());
            }
        }
        return out;
    }

    /**
     * Asserts that none of {@code secrets} appears in any captured record — message, formatted message, parameters,
     * thrown exception with its causes and stack — of the toolkit or of any other logger, nor in any uncaught
     * exception.
     */
    void assertNoSecrets(String... secrets) {
        List<LogRecord> all = new ArrayList<>(records());
        synchronized (otherRecords) {
            all.addAll(otherRecords);
        }
        for (LogRecord r : all) {
            String text = fullText(r);
            for (String secret : secrets) {
                assertThat(text).as("log record of %s", r.getLoggerName()).doesNotContain(secret);
            }
        }
        synchronized (uncaught) {
            for (Throwable t : uncaught) {
                for (String secret : secrets) {
                    assertThat(stackTrace(t)).doesNotContain(secret);
                }
            }
        }
    }

    /** Asserts that no exception escaped any thread (the exporter's included) while capturing. */
    void assertNoUncaughtExceptions() {
        synchronized (uncaught) {
            assertThat(uncaught).as("exceptions that escaped a thread").isEmpty();
        }
    }

    static String fullText(LogRecord r) {
        StringBuilder text = new StringBuilder();
        text.append(r.getMessage()).append('\n');
        text.append(new SimpleFormatter().format(r)).append('\n');
        if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
                text.append(p).append('\n');
            }
        }
        if (r.getThrown() != null) {
            text.append(stackTrace(r.getThrown()));
        }
        return text.toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Override
    public void close() {
        toolkit.removeHandler(toolkitHandler);
        root.removeHandler(rootHandler);
        toolkit.setLevel(oldLevel);
        toolkit.setUseParentHandlers(oldUseParentHandlers);
        Thread.setDefaultUncaughtExceptionHandler(oldUncaughtHandler);
    }

    private static final class Collecting extends Handler {
        private final List<LogRecord> into;

        Collecting(List<LogRecord> into) {
            this.into = into;
        }

        @Override
        public void publish(LogRecord record) {
            into.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
