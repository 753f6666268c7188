package dev.fctracing.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper: collects every record of the toolkit's JUL logger {@code dev.fctracing} (all levels) while open, and
 * keeps them off the console. Only records logged on the thread that opened it are reported, so that a late line of
 * another test's background thread cannot change a count. Close it (try-with-resources or {@code @AfterEach}).
 */
public final class ToolkitLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.fctracing");
    /** {@code LogRecord}'s int thread id of the thread that opened this capture. */
    private final int threadId = (int) Thread.currentThread().getId();

    private final Level oldLevel;
    private final boolean oldUseParentHandlers;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<LogRecord>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private ToolkitLog() {
        oldLevel = logger.getLevel();
        oldUseParentHandlers = logger.getUseParentHandlers();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts collecting. */
    public static ToolkitLog capture() {
        return new ToolkitLog();
    }

    /** Messages logged on the capturing thread at {@code level} or above so far, in order. */
    public List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getThreadID() == threadId && record.getLevel().intValue() >= level.intValue()) {
                    out.add(record.getMessage());
                }
            }
        }
        return out;
    }

    /** Messages logged at WARNING or above so far. */
    public List<String> warnings() {
        return messages(Level.WARNING);
    }

    /** Messages at INFO or above so far that contain {@code text}. */
    public List<String> containing(String text) {
        List<String> out = new ArrayList<>();
        for (String message : messages(Level.INFO)) {
            if (message.contains(text)) {
                out.add(message);
            }
        }
        return out;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(oldLevel);
        logger.setUseParentHandlers(oldUseParentHandlers);
    }
}
