package dev.fctracing.testing;

import com.aliyun.fc.runtime.FunctionComputeLogger;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FunctionComputeLogger} for tests: prints each message at or above its level to
 * {@code System.err} as {@code [fake-fc <requestId>] LEVEL message} and keeps the printed lines, so a
 * test can assert what a function logged (e.g. that the endpoint token never appears). The level starts
 * at TRACE: nothing is hidden. Thread-safe.
 */
public final class FakeFcLogger implements FunctionComputeLogger {

    private final String prefix;
    private final List<String> lines = new ArrayList<>();
    private volatile Level level = Level.TRACE;

    /** A logger whose lines start with {@code [fake-fc <requestId>]}. */
    public FakeFcLogger(String requestId) {
        this.prefix = "[fake-fc " + requestId + "] ";
    }

    @Override
    public void trace(String message) {
        log(Level.TRACE, message);
    }

    @Override
    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    @Override
    public void info(String message) {
        log(Level.INFO, message);
    }

    @Override
    public void warn(String message) {
        log(Level.WARN, message);
    }

    @Override
    public void error(String message) {
        log(Level.ERROR, message);
    }

    @Override
    public void fatal(String message) {
        log(Level.FATAL, message);
    }

    @Override
    public void setLogLevel(Level level) {
        this.level = level == null ? Level.TRACE : level;
    }

    /** The current level (messages below it are neither printed nor kept). */
    public Level level() {
        return level;
    }

    /** The lines printed so far, prefix included, in order. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** All printed lines joined with '\n', handy for {@code contains}/{@code doesNotContain} assertions. */
    public String text() {
        return String.join("\n", lines());
    }

    private void log(Level at, String message) {
        if (at.compareTo(level) < 0) {
            return;
        }
        String line = prefix + at + " " + message;
        synchronized (lines) {
            lines.add(line);
        }
        PrintStream err = System.err; // looked up each time: tests may redirect System.err
        err.println(line);
    }
}
