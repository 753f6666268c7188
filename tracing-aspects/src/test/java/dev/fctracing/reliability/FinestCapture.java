package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Runs a test with {@code java.util.logging} as a DEBUG-level logging bridge leaves it: the root logger at a fine
 * level (FINE or FINEST) and a handler on it that takes every record, from every logger (the JDK's own included),
 * plus a console-like handler printing them, formatted with their stack traces, to a captured {@code System.err}.
 * {@code System.out} and {@code System.err} are captured too. Everything is put back on {@link #close()}.
 *
 * <p>The test servers ({@code com.sun.net.httpserver}: the loopback collectors) are the collector side, not the
 * function: their logger is held at INFO while capturing, so that the request lines they log do not count.
 */
final class FinestCapture implements AutoCloseable {

    /** The JDK HTTP client's logger: it prints request lines and headers at FINE. */
    static final String JDK_HTTP_LOGGER = "sun.net.www.protocol.http.HttpURLConnection";

    private final Logger root = Logger.getLogger("");
    private final Logger collectorSide = Logger.getLogger("com.sun.net.httpserver");
    private final Level oldRootLevel;
    private final Level oldCollectorSideLevel;
    private final Handler[] oldRootHandlers;
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler collecting = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final StreamHandler console;
    private final Level level;

    private FinestCapture(Level level) {
        this.level = level;
        oldRootLevel = root.getLevel();
        oldCollectorSideLevel = collectorSide.getLevel();
        oldRootHandlers = root.getHandlers();
        try {
            System.setOut(new PrintStream(out, true, "UTF-8"));
            System.setErr(new PrintStream(err, true, "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new AssertionError(e);
        }
        // Not System.err itself: a LogManager reset closes the handler, and that must not close the capture.
        console = new StreamHandler(
                new FilterOutputStream(err) {
                    @Override
                    public void close() {}
                },
                new SimpleFormatter());
        console.setLevel(Level.ALL);
        collecting.setLevel(Level.ALL);
        reapply();
    }

    /** Puts the capture's handlers and levels back, after something reset the logging configuration. */
    void reapply() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(collecting);
        root.addHandler(console);
        collectorSide.setLevel(Level.INFO);
        root.setLevel(level);
    }

    /** Root logger at {@code level} (FINE or FINEST) until {@link #close()}. */
    static FinestCapture atLevel(Level level) {
        return new FinestCapture(level);
    }

    /** Every record published so far, from any logger. */
    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** The records of logger {@code name} so far. */
    List<LogRecord> recordsOf(String name) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : records()) {
            if (name.equals(r.getLoggerName())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Messages of the WARNING (and SEVERE) records of any logger so far. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records()) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(r.getLoggerName() + ": " + r.getMessage());
            }
        }
        return out;
    }

    /** Everything printed on standard output and standard error so far (the console handler's lines included). */
    String printed() {
        console.flush();
        return new String(out.toByteArray(), StandardCharsets.UTF_8)
                + new String(err.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Asserts that none of {@code secrets} appears in any record — message, formatted message, parameters, thrown
     * exception with its causes, suppressed exceptions and stack — nor in anything printed.
     */
    void assertNoSecrets(String... secrets) {
        for (LogRecord r : records()) {
            String text = LogCapture.fullText(r);
            for (String secret : secrets) {
                assertThat(text)
                        .as("a record of %s at %s", r.getLoggerName(), r.getLevel())
                        .doesNotContain(secret);
            }
        }
        String printed = printed();
        for (String secret : secrets) {
            assertThat(printed).as("standard output and error").doesNotContain(secret);
        }
    }

    @Override
    public void close() {
        console.flush();
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : oldRootHandlers) {
            root.addHandler(h);
        }
        root.setLevel(oldRootLevel);
        collectorSide.setLevel(oldCollectorSideLevel);
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
