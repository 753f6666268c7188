package dev.fctracing.sample;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sample's trace must look like once it reaches the collector: FC's span → handler span →
 * {@code fc-operation} → {@code child}, all in FC's trace. Shared by the local run and the end-to-end tests.
 */
final class SampleTrace {

    private SampleTrace() {}

    /** Everything wrong with {@code spans} as the trace of one sample invocation under {@code fc}; empty if none. */
    static List<String> problems(List<Span> spans, FakeFcContext fc) {
        List<String> problems = new ArrayList<>();
        if (spans.size() != 3) {
            problems.add("expected 3 spans (handler, fc-operation, child), received " + spans.size());
            return problems;
        }
        TraceTree tree = TraceTree.of(spans);
        problems.addAll(tree.problems());
        for (Span span : spans) {
            if (span.getTraceIdHigh() != fc.traceIdHigh() || span.getTraceIdLow() != fc.traceIdLow()) {
                problems.add(span.getOperationName() + " is in trace "
                        + TraceTree.hex32(span.getTraceIdHigh(), span.getTraceIdLow()) + ", not FC's "
                        + fc.traceIdHex32());
            }
        }
        List<Span> roots = tree.roots();
        if (roots.size() != 1) {
            problems.add("expected one handler span under FC's span, found " + roots.size());
            return problems;
        }
        Span handler = roots.get(0);
        expectParent(problems, handler, fc.spanId(), "FC's span");
        Span operation = find(spans, "fc-operation", problems);
        Span child = find(spans, "child", problems);
        if (operation != null) {
            expectParent(problems, operation, handler.getSpanId(), "the handler span");
            if (operation.getDuration() < 250_000) {
                problems.add("fc-operation took " + operation.getDuration() + " µs, less than its 250 ms of sleeps");
            }
        }
        if (child != null && operation != null) {
            expectParent(problems, child, operation.getSpanId(), "fc-operation");
            if (child.getDuration() < 100_000) {
                problems.add("child took " + child.getDuration() + " µs, less than its 100 ms sleep");
            }
        }
        return problems;
    }

    private static Span find(List<Span> spans, String name, List<String> problems) {
        for (Span span : spans) {
            if (name.equals(span.getOperationName())) {
                return span;
            }
        }
        problems.add("no span named " + name);
        return null;
    }

    private static void expectParent(List<String> problems, Span span, long parentId, String parentName) {
        if (span.getParentSpanId() != parentId) {
            problems.add(span.getOperationName() + "'s parent is " + TraceTree.hex16(span.getParentSpanId())
                    + ", expected " + parentName + " " + TraceTree.hex16(parentId));
        }
    }
}
