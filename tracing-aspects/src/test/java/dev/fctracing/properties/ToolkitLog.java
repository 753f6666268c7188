package dev.fctracing.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the toolkit's log ({@code dev.fctracing}, every level) as sequence number, level and message text only —
 * never the record's thrown exception or parameters, which would keep user objects alive — and keeps it off the
 * console. Sequence numbers order records against a {@link #sequenceNow() marker} taken on any thread.
 */
final class ToolkitLog implements AutoCloseable {

    private final Logger toolkit = Logger.getLogger("dev.fctracing");
    private final Level oldLevel = toolkit.getLevel();
    private final boolean oldUseParentHandlers = toolkit.getUseParentHandlers();
    private final List<Line> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(new Line(record.getSequenceNumber(), record.getLevel(), record.getMessage()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    ToolkitLog() {
        handler.setLevel(Level.ALL);
        toolkit.setLevel(Level.ALL);
        toolkit.setUseParentHandlers(false);
        toolkit.addHandler(handler);
    }

    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Lines logged since {@code mark}, at {@code level} or above, and before the record numbered {@code before}. */
    List<String> since(int mark, Level level, long before) {
        List<String> out = new ArrayList<>();
        synchronized (lines) {
            for (Line line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
                if (line.level.intValue() >= level.intValue() && line.sequence < before) {
                    out.add(line.level + " " + line.message);
                }
            }
        }
        return out;
    }

    /** Lines logged since {@code mark}, at {@code level} or above. */
    List<String> since(int mark, Level level) {
        return since(mark, level, Long.MAX_VALUE);
    }

    /** A number above every record's logged so far and below every later one's. */
    static long sequenceNow() {
        return new LogRecord(Level.OFF, "").getSequenceNumber();
    }

    /** What is kept of a record. */
    private static final class Line {
        final long sequence;
        final Level level;
        final String message;

        Line(long sequence, Level level, String message) {
            this.sequence = sequence;
            this.level = level;
            this.message = message;
        }
    }

    @Override
    public void close() {
        toolkit.removeHandler(handler);
        toolkit.setLevel(oldLevel);
        toolkit.setUseParentHandlers(oldUseParentHandlers);
    }
}
