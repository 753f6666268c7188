package dev.fctracing.correlation;

import java.util.ArrayList;
import java.util.List;

/** One captured log line, written with {@link #PATTERN}. */
final class Line {

    /** The layout both libraries write with: the three ids, the function's own MDC key {@code user}, the message. */
    static final String PATTERN = "%X{trace_id}|%X{span_id}|%X{trace_flags}|%X{user}|%m%n";

    final String traceId;
    final String spanId;
    final String traceFlags;
    final String user;
    final String message;

    private Line(String[] fields) {
        this.traceId = fields[0];
        this.spanId = fields[1];
        this.traceFlags = fields[2];
        this.user = fields[3];
        this.message = fields[4];
    }

    /** The lines of {@code text}, in order. */
    static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\\r?\\n")) {
            if (!raw.isEmpty()) {
                String[] fields = raw.split("\\|", -1);
                if (fields.length != 5) {
                    throw new AssertionError("not a line of the test's pattern: " + raw);
                }
                lines.add(new Line(fields));
            }
        }
        return lines;
    }

    /** The one line of {@code lines} whose message is {@code message}. */
    static Line withMessage(List<Line> lines, String message) {
        Line found = null;
        for (Line line : lines) {
            if (line.message.equals(message)) {
                if (found != null) {
                    throw new AssertionError("two lines '" + message + "' in " + lines);
                }
                found = line;
            }
        }
        if (found == null) {
            throw new AssertionError("no line '" + message + "' in " + lines);
        }
        return found;
    }

    @Override
    public String toString() {
        return traceId + "|" + spanId + "|" + traceFlags + "|" + user + "|" + message;
    }
}
