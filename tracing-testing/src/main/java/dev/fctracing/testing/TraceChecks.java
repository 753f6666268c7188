package dev.fctracing.testing;

import static dev.fctracing.testing.TraceTree.describe;
import static dev.fctracing.testing.TraceTree.hex16;
import static dev.fctracing.testing.TraceTree.hex32;
import static dev.fctracing.testing.TraceTree.traceId;

import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks {@link TraceTree} makes of received spans before it links them, each adding what it finds to
 * {@code problems}: one trace id, unique span ids, references that agree with {@code parentSpanId}.
 */
final class TraceChecks {

    private TraceChecks() {}

    /** The most common trace id is "the" trace; every span of another trace is a problem. */
    static void checkTraceIds(List<Span> input, List<String> problems) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Span s : input) {
            String id = traceId(s);
            Integer n = counts.get(id);
            counts.put(id, n == null ? 1 : n + 1);
        }
        if (counts.size() <= 1) {
            return;
        }
        String main = null;
        int best = -1;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                main = e.getKey();
            }
        }
        for (Span s : input) {
            if (!traceId(s).equals(main)) {
                problems.add(describe(s) + " has trace id " + traceId(s) + ", not the trace's " + main);
            }
        }
    }

    static Map<Long, Span> indexAndCheckDuplicates(List<Span> input, List<String> problems) {
        Map<Long, Span> byId = new LinkedHashMap<>();
        Map<Long, List<Span>> all = new LinkedHashMap<>();
        for (Span s : input) {
            if (!byId.containsKey(s.getSpanId())) {
                byId.put(s.getSpanId(), s);
                all.put(s.getSpanId(), new ArrayList<Span>());
            }
            all.get(s.getSpanId()).add(s);
        }
        for (Map.Entry<Long, List<Span>> e : all.entrySet()) {
            if (e.getValue().size() > 1) {
                StringBuilder names = new StringBuilder();
                for (Span s : e.getValue()) {
                    names.append(names.length() == 0 ? "" : ", ")
                            .append('\'')
                            .append(s.getOperationName())
                            .append('\'');
                }
                problems.add("span id " + hex16(e.getKey()) + " is used by "
                        + e.getValue().size() + " spans: " + names);
            }
        }
        return byId;
    }

    /** parentSpanId must equal the first CHILD_OF reference, and references must stay in the span's trace. */
    static void checkReferences(List<Span> input, List<String> problems) {
        for (Span s : input) {
            SpanRef childOf = null;
            if (s.getReferences() != null) {
                for (SpanRef ref : s.getReferences()) {
                    if (ref == null) {
                        continue;
                    }
                    if (ref.getTraceIdHigh() != s.getTraceIdHigh() || ref.getTraceIdLow() != s.getTraceIdLow()) {
                        if (ref.getRefType() == SpanRefType.CHILD_OF) {
                            problems.add(describe(s) + " has a CHILD_OF reference to " + hex16(ref.getSpanId())
                                    + " in trace " + hex32(ref.getTraceIdHigh(), ref.getTraceIdLow())
                                    + ", not its own trace " + traceId(s));
                        }
                    }
                    if (ref.getRefType() == SpanRefType.CHILD_OF && childOf == null) {
                        childOf = ref;
                    }
                }
            }
            if (childOf != null && childOf.getSpanId() != s.getParentSpanId()) {
                problems.add(describe(s) + " has parentSpanId " + hex16(s.getParentSpanId())
                        + " but its CHILD_OF reference is " + hex16(childOf.getSpanId()));
            }
        }
    }
}
