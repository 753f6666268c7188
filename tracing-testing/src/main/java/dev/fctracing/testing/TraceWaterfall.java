package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one trace's received Jaeger spans as a terminal waterfall, for test output and local runs:
 *
 * <pre>
 * (FC system span 124ed43254b54966, not received)
 *   handleRequest  10.0 ms  ████████████████████████████████████████
 *     loadOrder     5.0 ms      ████████████████████
 *       db.query    2.0 ms          ████████
 *     sendReply     2.5 ms                              ██████████
 * </pre>
 *
 * One line per span, children under parents indented two spaces per level, siblings by start time; then the
 * operation name padded to a column, the duration in ms (one decimal) and a bar {@value #BAR_WIDTH} chars
 * wide for the whole trace (earliest start to latest end), offset by the span's start, at least one char.
 * Spans whose parent was not received hang under a synthetic line for that parent: labelled
 * {@code (FC system span <id>, not received)} when it is the trace's only missing parent and no span is a
 * true root (the usual shape of an FC trace), {@code (span <id>, not received)} otherwise. Any
 * {@link TraceTree#problems()} follow, one per line starting with {@code "! "}. Lines end with '\n'.
 */
public final class TraceWaterfall {

    /** Width of the bar area, in chars, for the whole trace. */
    public static final int BAR_WIDTH = 40;
    /** The char bars are drawn with. */
    public static final char BAR_CHAR = '\u2588';

    private TraceWaterfall() {}

    /** The structure of {@code spans} (same as {@link TraceTree#of(List)}). */
    public static TraceTree tree(List<Span> spans) {
        return TraceTree.of(spans);
    }

    /** The waterfall text of {@code spans}; {@code "(no spans)\n"} for an empty list. */
    public static String render(List<Span> spans) {
        if (spans == null || spans.isEmpty()) {
            return "(no spans)\n";
        }
        TraceTree tree = TraceTree.of(spans);

        long traceStart = Long.MAX_VALUE;
        long traceEnd = Long.MIN_VALUE;
        for (Span s : spans) {
            traceStart = Math.min(traceStart, s.getStartTime());
            traceEnd = Math.max(traceEnd, s.getStartTime() + Math.max(0, s.getDuration()));
        }
        long total = Math.max(1, traceEnd - traceStart);

        List<Row> rows = new ArrayList<>();
        List<TraceTree.TopLevel> top = tree.topLevel();
        int missing = 0;
        for (TraceTree.TopLevel entry : top) {
            missing += entry.isMissingParent() ? 1 : 0;
        }
        boolean fcShape = missing == 1 && top.size() == 1;
        for (TraceTree.TopLevel entry : top) {
            if (entry.isMissingParent()) {
                rows.add(new Row(
                        "",
                        (fcShape ? "(FC system span " : "(span ") + TraceTree.hex16(entry.missingParentId())
                                + ", not received)",
                        null));
                for (Span orphan : entry.spans()) {
                    addRows(tree, orphan, 1, rows);
                }
            } else {
                addRows(tree, entry.root(), 0, rows);
            }
        }

        int nameWidth = 0;
        int durationWidth = 0;
        for (Row r : rows) {
            if (r.span != null) {
                nameWidth = Math.max(nameWidth, r.indent.length() + r.label.length());
                durationWidth = Math.max(
                        durationWidth, TraceTree.millis(r.span.getDuration()).length());
            }
        }

        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(r.indent).append(r.label);
            if (r.span != null) {
                spaces(out, nameWidth - r.indent.length() - r.label.length() + 2);
                String duration = TraceTree.millis(r.span.getDuration());
                spaces(out, durationWidth - duration.length());
                out.append(duration).append("  ");
                bar(out, r.span, traceStart, total);
            }
            out.append('\n');
        }
        for (String problem : tree.problems()) {
            out.append("! ").append(problem).append('\n');
        }
        return out.toString();
    }

    private static void addRows(TraceTree tree, Span span, int depth, List<Row> rows) {
        StringBuilder indent = new StringBuilder();
        spaces(indent, 2 * depth);
        String name = span.getOperationName() == null ? "(unnamed)" : span.getOperationName();
        rows.add(new Row(indent.toString(), name, span));
        for (Span child : tree.children(span)) {
            addRows(tree, child, depth + 1, rows);
        }
    }

    /** Offset = floor(start share), length = rounded duration share, at least 1, kept inside the width. */
    private static void bar(StringBuilder out, Span span, long traceStart, long total) {
        long startOffset = span.getStartTime() - traceStart;
        int offset = (int) Math.min(BAR_WIDTH - 1, Math.max(0, startOffset * BAR_WIDTH / total));
        long length = Math.round(Math.max(0, span.getDuration()) * (double) BAR_WIDTH / total);
        int len = (int) Math.max(1, Math.min(BAR_WIDTH - offset, length));
        spaces(out, offset);
        for (int i = 0; i < len; i++) {
            out.append(BAR_CHAR);
        }
    }

    private static void spaces(StringBuilder out, int n) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }

    private static final class Row {
        final String indent;
        final String label;
        final Span span;

        Row(String indent, String label, Span span) {
            this.indent = indent;
            this.label = label;
            this.span = span;
        }
    }
}
