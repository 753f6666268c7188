package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The parent/child structure of received Jaeger spans, for assertions: which spans are roots, each span's
 * children, which parents were referenced but never received (normally FC's own system span), and
 * {@link #problems()} that would stop a trace from nesting in a Jaeger UI. The parent of a span is its
 * {@code parentSpanId} (0 = root); siblings are ordered by start time, ties in input order. Built by
 * {@link TraceWaterfall#tree(List)} or {@link #of(List)}; immutable.
 */
public final class TraceTree {

    private static final Comparator<Span> BY_START = Comparator.comparingLong(Span::getStartTime);

    private final List<Span> input;
    private final Map<Span, Span> parents = new IdentityHashMap<>();
    private final Map<Span, List<Span>> children = new IdentityHashMap<>();
    private final List<Span> roots = new ArrayList<>();
    private final Map<Long, List<Span>> orphansByMissingParent = new LinkedHashMap<>();
    private final List<Span> depthFirst = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private TraceTree(List<Span> spans) {
        this.input = Collections.unmodifiableList(new ArrayList<>(spans));
        build();
    }

    /** Builds the tree of {@code spans} (any order, e.g. {@link LoopbackJaegerCollector#spans()}). */
    public static TraceTree of(List<Span> spans) {
        if (spans == null) {
            throw new IllegalArgumentException("spans is null");
        }
        for (Span s : spans) {
            if (s == null) {
                throw new IllegalArgumentException("spans contains null");
            }
        }
        return new TraceTree(spans);
    }

    // ---------------------------------------------------------------- queries

    /** Received spans without a received parent (true roots and children of missing parents), by start time. */
    public List<Span> roots() {
        return Collections.unmodifiableList(roots);
    }

    /** Direct children of {@code span} among the received spans, by start time. */
    public List<Span> children(Span span) {
        List<Span> list = children.get(known(span));
        return list == null ? Collections.<Span>emptyList() : Collections.unmodifiableList(list);
    }

    /** The received parent of {@code span}, or {@code null} for a root. */
    public Span parent(Span span) {
        return parents.get(known(span));
    }

    /** Every span, depth first in display order (what {@link TraceWaterfall#render} prints). */
    public List<Span> spans() {
        return Collections.unmodifiableList(depthFirst);
    }

    /**
     * The first span (depth first, in display order) with this operation name.
     *
     * @throws NoSuchElementException listing the names present, if there is none
     */
    public Span byName(String operationName) {
        List<Span> found = spansNamed(operationName);
        if (found.isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            for (Span s : depthFirst) {
                names.add(s.getOperationName());
            }
            throw new NoSuchElementException("no span named '" + operationName + "'; received: " + names);
        }
        return found.get(0);
    }

    /** All spans with this operation name, depth first in display order (empty if none). */
    public List<Span> spansNamed(String operationName) {
        List<Span> out = new ArrayList<>();
        for (Span s : depthFirst) {
            if (operationName == null ? s.getOperationName() == null : operationName.equals(s.getOperationName())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Parent span ids referenced by received spans but not received themselves, in display order. */
    public Set<Long> missingParents() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(orphansByMissingParent.keySet()));
    }

    /** The received spans whose parent {@code missingParentId} was not received, by start time. */
    public List<Span> childrenOfMissing(long missingParentId) {
        List<Span> list = orphansByMissingParent.get(missingParentId);
        return list == null ? Collections.<Span>emptyList() : Collections.unmodifiableList(list);
    }

    /**
     * Inconsistencies, one readable sentence each: spans of different traces, a {@code parentSpanId} that
     * disagrees with the span's {@code CHILD_OF} reference (or a reference into another trace), a child
     * starting before its parent, duplicate span ids, parent cycles. Empty for a well-formed trace.
     */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** 16-char lower-case hex of a span id, as used in every message. */
    public static String hex16(long id) {
        return String.format(Locale.ROOT, "%016x", id);
    }

    /** 32-char lower-case hex of a (high, low) trace id. */
    public static String hex32(long high, long low) {
        return hex16(high) + hex16(low);
    }

    // ---------------------------------------------------------------- construction

    private List<Span> trueRoots() {
        List<Span> out = new ArrayList<>();
        for (Span r : roots) {
            if (!isOrphan(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean isOrphan(Span s) {
        List<Span> group = orphansByMissingParent.get(s.getParentSpanId());
        if (group == null) {
            return false;
        }
        for (Span g : group) {
            if (g == s) {
                return true;
            }
        }
        return false;
    }

    private Span known(Span span) {
        if (parents.containsKey(span) || children.containsKey(span)) {
            return span;
        }
        for (Span s : input) {
            if (s == span) {
                return s;
            }
        }
        for (Span s : input) {
            if (s.equals(span)) {
                return s;
            }
        }
        throw new IllegalArgumentException("span is not in this tree: " + describe(span));
    }

    private void build() {
        TraceChecks.checkTraceIds(input, problems);
        Map<Long, Span> byId = TraceChecks.indexAndCheckDuplicates(input, problems);
        TraceChecks.checkReferences(input, problems);

        // Resolve each span's received parent.
        List<Span> rootCandidates = new ArrayList<>();
        for (Span s : input) {
            long parentId = s.getParentSpanId();
            Span parent = parentId == 0 ? null : byId.get(parentId);
            if (parentId != 0 && parentId == s.getSpanId()) {
                problems.add(describe(s) + " is its own parent");
                parent = null;
            }
            if (parent != null && parent != s) {
                parents.put(s, parent);
                childList(parent).add(s);
                if (s.getStartTime() < parent.getStartTime()) {
                    problems.add(describe(s) + " starts " + millis(parent.getStartTime() - s.getStartTime())
                            + " before its parent " + describe(parent));
                }
            } else {
                rootCandidates.add(s);
                if (parentId != 0 && parentId != s.getSpanId()) {
                    List<Span> group = orphansByMissingParent.get(parentId);
                    if (group == null) {
                        group = new ArrayList<>();
                        orphansByMissingParent.put(parentId, group);
                    }
                    group.add(s);
                }
            }
        }
        for (List<Span> list : children.values()) {
            Collections.sort(list, BY_START);
        }
        for (List<Span> list : orphansByMissingParent.values()) {
            Collections.sort(list, BY_START);
        }
        roots.addAll(rootCandidates);

        // Spans not reachable from a root sit in a parent cycle: break each cycle at its earliest span.
        Set<Span> reached = reachable();
        while (reached.size() < input.size()) {
            List<Span> unreached = new ArrayList<>();
            for (Span s : input) {
                if (!reached.contains(s)) {
                    unreached.add(s);
                }
            }
            Collections.sort(unreached, BY_START);
            Span cut = unreached.get(0);
            StringBuilder cycle = new StringBuilder();
            Span at = cut;
            Set<Span> seen = Collections.newSetFromMap(new IdentityHashMap<Span, Boolean>());
            while (at != null && seen.add(at)) {
                cycle.append(cycle.length() == 0 ? "" : " -> ").append(describe(at));
                at = parents.get(at);
            }
            problems.add("parent cycle: " + cycle + " (shown from " + describe(cut) + ")");
            Span oldParent = parents.remove(cut);
            if (oldParent != null) {
                children.get(oldParent).remove(cut);
            }
            roots.add(cut);
            reached = reachable();
        }
        Collections.sort(roots, BY_START);

        // Display order: top-level entries (true roots and missing-parent groups) by start time.
        sortedMissingGroups();
        for (TopLevel entry : topLevel()) {
            for (Span span : entry.spans()) {
                addDepthFirst(span);
            }
        }
    }

    /**
     * The top of the display, by start time: each received root span, and each group of received spans whose common
     * parent was not received (normally FC's system span). {@link TraceWaterfall#render} prints one block per entry.
     */
    public List<TopLevel> topLevel() {
        List<TopLevel> entries = new ArrayList<>();
        for (Span r : trueRoots()) {
            entries.add(new TopLevel(r, 0L, Collections.singletonList(r)));
        }
        for (Map.Entry<Long, List<Span>> g : orphansByMissingParent.entrySet()) {
            entries.add(new TopLevel(null, g.getKey(), Collections.unmodifiableList(g.getValue())));
        }
        Collections.sort(entries, new Comparator<TopLevel>() {
            @Override
            public int compare(TopLevel a, TopLevel b) {
                return Long.compare(a.startTime(), b.startTime());
            }
        });
        return entries;
    }

    /**
     * One entry of {@link TraceTree#topLevel()}: either a received root span ({@link #root()}), or the received spans
     * that share a parent that was not received ({@link #missingParentId()}, {@link #spans()}).
     */
    public static final class TopLevel {
        private final Span root;
        private final long missingParentId;
        private final List<Span> spans;

        TopLevel(Span root, long missingParentId, List<Span> spans) {
            this.root = root;
            this.missingParentId = missingParentId;
            this.spans = spans;
        }

        /** Whether this entry stands for a parent that was not received, not for a received root span. */
        public boolean isMissingParent() {
            return root == null;
        }

        /**
         * The received root span.
         *
         * @throws IllegalStateException for a missing parent's entry
         */
        public Span root() {
            if (root == null) {
                throw new IllegalStateException("entry of missing parent " + hex16(missingParentId) + " has no root");
            }
            return root;
        }

        /**
         * The id of the parent that was not received.
         *
         * @throws IllegalStateException for a received root span's entry
         */
        public long missingParentId() {
            if (root != null) {
                throw new IllegalStateException(describe(root) + " is a received root, not a missing parent");
            }
            return missingParentId;
        }

        /** The spans at the top of this entry, by start time: the root alone, or the missing parent's children. */
        public List<Span> spans() {
            return spans;
        }

        /** Start time (µs) of the entry's earliest span. */
        public long startTime() {
            return spans.get(0).getStartTime();
        }

        @Override
        public String toString() {
            return root != null
                    ? describe(root)
                    : "missing parent " + hex16(missingParentId) + " of " + spans.size() + " span(s)";
        }
    }

    private void sortedMissingGroups() {
        List<Map.Entry<Long, List<Span>>> groups = new ArrayList<>(orphansByMissingParent.entrySet());
        Collections.sort(groups, new Comparator<Map.Entry<Long, List<Span>>>() {
            @Override
            public int compare(Map.Entry<Long, List<Span>> a, Map.Entry<Long, List<Span>> b) {
                return Long.compare(
                        a.getValue().get(0).getStartTime(), b.getValue().get(0).getStartTime());
            }
        });
        orphansByMissingParent.clear();
        for (Map.Entry<Long, List<Span>> g : groups) {
            orphansByMissingParent.put(g.getKey(), g.getValue());
        }
    }

    private void addDepthFirst(Span s) {
        depthFirst.add(s);
        List<Span> kids = children.get(s);
        if (kids != null) {
            for (Span k : kids) {
                addDepthFirst(k);
            }
        }
    }

    private Set<Span> reachable() {
        Set<Span> reached = Collections.newSetFromMap(new IdentityHashMap<Span, Boolean>());
        List<Span> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Span s = stack.remove(stack.size() - 1);
            if (reached.add(s)) {
                List<Span> kids = children.get(s);
                if (kids != null) {
                    stack.addAll(kids);
                }
            }
        }
        return reached;
    }

    private List<Span> childList(Span parent) {
        List<Span> list = children.get(parent);
        if (list == null) {
            list = new ArrayList<>();
            children.put(parent, list);
        }
        return list;
    }

    static String traceId(Span s) {
        return hex32(s.getTraceIdHigh(), s.getTraceIdLow());
    }

    static String describe(Span s) {
        return "span '" + s.getOperationName() + "' (" + hex16(s.getSpanId()) + ")";
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
