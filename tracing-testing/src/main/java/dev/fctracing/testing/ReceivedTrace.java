package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of one FC invocation's trace as the loopback collector received them, decoded off the wire with the
 * reference Jaeger Thrift model: what Tracing Analysis would show for the request. Returned by
 * {@link FcTracingTestKit#trace(FakeFcContext)}; a snapshot, immutable.
 *
 * <pre>{@code
 * ReceivedTrace trace = kit.trace(context);
 * assertThat(trace.problems()).as(trace.waterfall()).isEmpty();
 * assertThat(trace.handlerSpan().getOperationName()).isEqualTo("my-function");
 * assertThat(trace.parentOf(trace.span("load-order"))).isEqualTo(trace.handlerSpan());
 * assertThat(trace.tags(trace.span("load-order"))).containsEntry("order.id", "o-1");
 * }</pre>
 *
 * <p>{@link #toString()} is the {@link #waterfall()}, so that an assertion message that prints the trace shows its
 * shape.
 */
public final class ReceivedTrace {

    private final FakeFcContext context;
    private final List<Span> spans;
    private final TraceTree tree;

    ReceivedTrace(FakeFcContext context, List<Span> spans) {
        this.context = context;
        this.spans = Collections.unmodifiableList(new ArrayList<>(spans));
        this.tree = TraceTree.of(this.spans);
    }

    /** The context of the invocation whose trace this is. */
    public FakeFcContext context() {
        return context;
    }

    /** The trace id, 32 lower-case hex chars (FC's, from the context's span context). */
    public String traceId() {
        return context.traceIdHex32();
    }

    /** The received spans of the trace, in arrival order. */
    public List<Span> spans() {
        return spans;
    }

    /** Whether no span of the trace was received. */
    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /** The parent/child structure of the spans. */
    public TraceTree tree() {
        return tree;
    }

    /**
     * The trace as a terminal waterfall ({@link TraceWaterfall#render}), FC's span as the missing parent at the top.
     */
    public String waterfall() {
        return TraceWaterfall.render(spans);
    }

    /**
     * What would stop the trace from nesting as FC's Tracing Analysis shows it: the tree's {@link TraceTree#problems()},
     * and any span at the top that does not hang under FC's span (the span context's span id). Empty for a well-formed
     * trace; empty too when no span arrived (check {@link #isEmpty()}).
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(tree.problems());
        long fcSpan = context.spanId();
        for (TraceTree.TopLevel entry : tree.topLevel()) {
            if (!entry.isMissingParent()) {
                problems.add(TraceTree.describe(entry.root()) + " is a root span, not a child of FC's span "
                        + TraceTree.hex16(fcSpan));
            } else if (entry.missingParentId() != fcSpan) {
                for (Span span : entry.spans()) {
                    problems.add(TraceTree.describe(span) + " has parent " + TraceTree.hex16(entry.missingParentId())
                            + ", which was not received and is not FC's span " + TraceTree.hex16(fcSpan));
                }
            }
        }
        return problems;
    }

    /**
     * The handler span: the one span whose parent is FC's span ({@code @FcHandler} makes it, named after the function).
     *
     * @throws IllegalStateException listing what was received, when there is not exactly one
     */
    public Span handlerSpan() {
        List<Span> found = new ArrayList<>();
        for (Span span : spans) {
            if (span.getParentSpanId() == context.spanId()) {
                found.add(span);
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " spans have FC's span " + context.spanIdHex16()
                    + " as parent, expected one (the" + " handler span); received:\n" + waterfall());
        }
        return found.get(0);
    }

    /**
     * The first span (depth first, in display order) with this operation name.
     *
     * @throws java.util.NoSuchElementException listing the names received, if there is none
     */
    public Span span(String operationName) {
        return tree.byName(operationName);
    }

    /** All spans with this operation name, depth first in display order (empty if none). */
    public List<Span> spans(String operationName) {
        return tree.spansNamed(operationName);
    }

    /** The received parent of {@code span}, or {@code null} when its parent was not received (FC's span, for one). */
    public Span parentOf(Span span) {
        return tree.parent(span);
    }

    /** The received children of {@code span}, by start time. */
    public List<Span> childrenOf(Span span) {
        return tree.children(span);
    }

    /**
     * The span's tags (its OpenTelemetry attributes, plus {@code span.kind}, {@code otel.status_code}, ...) as Java
     * values: {@link String}, {@link Long}, {@link Double}, {@link Boolean} or {@code byte[]}, in the order sent.
     */
    public static Map<String, Object> tags(Span span) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (span.getTags() != null) {
            for (Tag tag : span.getTags()) {
                out.put(tag.getKey(), value(tag));
            }
        }
        return out;
    }

    /** One tag's value as {@link #tags} gives it, or {@code null} when the span has no such tag. */
    public static Object tag(Span span, String key) {
        return tags(span).get(key);
    }

    private static Object value(Tag tag) {
        if (tag.getVType() == null) {
            return null;
        }
        switch (tag.getVType()) {
            case STRING:
                return tag.getVStr();
            case LONG:
                return tag.getVLong();
            case DOUBLE:
                return tag.getVDouble();
            case BOOL:
                return tag.isVBool();
            case BINARY:
                return tag.getVBinary();
            default:
                return null;
        }
    }

    /** The {@link #waterfall()}. */
    @Override
    public String toString() {
        return waterfall();
    }
}
