package dev.fctracing.testing;

import static dev.fctracing.testing.TestSpans.FC_SPAN_ID;
import static dev.fctracing.testing.TestSpans.TRACE_HIGH;
import static dev.fctracing.testing.TestSpans.TRACE_LOW;
import static dev.fctracing.testing.TestSpans.fcTrace;
import static dev.fctracing.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TraceTreeTest {

    @Test
    void structureOfAnFcTrace() {
        TraceTree tree = TraceWaterfall.tree(fcTrace());

        Span handle = tree.byName("handleRequest");
        Span load = tree.byName("loadOrder");
        Span db = tree.byName("db.query");
        Span reply = tree.byName("sendReply");

        assertThat(tree.roots()).containsExactly(handle);
        assertThat(tree.children(handle)).containsExactly(load, reply);
        assertThat(tree.children(load)).containsExactly(db);
        assertThat(tree.children(db)).isEmpty();
        assertThat(tree.parent(db)).isSameAs(load);
        assertThat(tree.parent(handle)).isNull();
        assertThat(tree.missingParents()).containsExactly(FC_SPAN_ID);
        assertThat(tree.childrenOfMissing(FC_SPAN_ID)).containsExactly(handle);
        assertThat(tree.spans()).containsExactly(handle, load, db, reply);
        assertThat(tree.problems()).isEmpty();
        // An equal copy (e.g. decoded again) is found too.
        assertThat(tree.children(new Span(handle))).containsExactly(load, reply);
    }

    @Test
    void topLevelEntriesAreTypedRootsAndMissingParentsByStartTime() {
        Span root = span("root", 0x1L, 0, 5_000, 1_000);
        Span early = span("early", 0x2L, 0x77L, 0, 1_000);
        Span late = span("late", 0x3L, 0x77L, 9_000, 1_000);
        Span other = span("other", 0x4L, 0x88L, 7_000, 1_000);

        List<TraceTree.TopLevel> top =
                TraceTree.of(Arrays.asList(late, root, other, early)).topLevel();

        assertThat(top).hasSize(3);
        assertThat(top.get(0).isMissingParent()).isTrue();
        assertThat(top.get(0).missingParentId()).isEqualTo(0x77L);
        assertThat(top.get(0).spans()).containsExactly(early, late);
        assertThat(top.get(0).startTime()).isEqualTo(TestSpans.T0);
        assertThat(top.get(1).isMissingParent()).isFalse();
        assertThat(top.get(1).root()).isSameAs(root);
        assertThat(top.get(1).spans()).containsExactly(root);
        assertThat(top.get(2).missingParentId()).isEqualTo(0x88L);
        assertThat(top.get(2).spans()).containsExactly(other);
        assertThat(top.get(0)).hasToString("missing parent 0000000000000077 of 2 span(s)");
        assertThat(top.get(1)).hasToString("span 'root' (0000000000000001)");
        assertThatThrownBy(top.get(0)::root).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(top.get(1)::missingParentId).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> top.get(0).spans().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void byNameFailsWithTheNamesPresent() {
        TraceTree tree = TraceTree.of(fcTrace());
        assertThat(tree.spansNamed("nope")).isEmpty();
        assertThatThrownBy(() -> tree.byName("nope"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("handleRequest")
                .hasMessageContaining("db.query");
        assertThatThrownBy(() -> tree.children(span("stranger", 99, 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byNameTakesTheFirstInDisplayOrder() {
        Span root = span("root", 1, 0, 0, 100);
        Span second = span("work", 3, 1, 50, 10);
        Span first = span("work", 2, 1, 10, 10);
        TraceTree tree = TraceTree.of(Arrays.asList(root, second, first));
        assertThat(tree.byName("work")).isSameAs(first);
        assertThat(tree.spansNamed("work")).containsExactly(first, second);
    }

    @Test
    void detectsSpansOfDifferentTraces() {
        Span a = span("a", 1, 0, 0, 100);
        Span b = span("b", 2, 1, 10, 10);
        Span stray = span("stray", 3, 1, 20, 10).setTraceIdLow(TRACE_LOW + 1);
        stray.getReferences().get(0).setTraceIdLow(TRACE_LOW + 1);

        List<String> problems = TraceTree.of(Arrays.asList(a, b, stray)).problems();

        assertThat(problems)
                .singleElement()
                .asString()
                .contains("'stray' (0000000000000003)")
                .contains(TraceTree.hex32(TRACE_HIGH, TRACE_LOW + 1))
                .contains("not the trace's " + TraceTree.hex32(TRACE_HIGH, TRACE_LOW));
    }

    @Test
    void detectsParentSpanIdDisagreeingWithChildOf() {
        Span root = span("root", 1, 0, 0, 100);
        Span other = span("other", 2, 1, 5, 50);
        Span wrong = span("wrong", 3, 1, 10, 10);
        wrong.getReferences().get(0).setSpanId(2);
        Span zeroParent = span("zeroParent", 4, 0, 20, 10);
        zeroParent.addToReferences(new SpanRef(SpanRefType.CHILD_OF, TRACE_LOW, TRACE_HIGH, 1));
        Span linkOnly = span("linkOnly", 5, 1, 30, 10);
        linkOnly.addToReferences(new SpanRef(SpanRefType.FOLLOWS_FROM, TRACE_LOW, TRACE_HIGH, 2));
        Span noRefs = span("noRefs", 6, 1, 40, 10);
        noRefs.setReferences(null);

        List<String> problems = TraceTree.of(Arrays.asList(root, other, wrong, zeroParent, linkOnly, noRefs))
                .problems();

        assertThat(problems)
                .containsExactly(
                        "span 'wrong' (0000000000000003) has parentSpanId 0000000000000001 but its CHILD_OF reference is "
                                + "0000000000000002",
                        "span 'zeroParent' (0000000000000004) has parentSpanId 0000000000000000 but its CHILD_OF "
                                + "reference is 0000000000000001");
    }

    @Test
    void detectsChildOfReferenceIntoAnotherTrace() {
        Span root = span("root", 1, 0, 0, 100);
        Span child = span("child", 2, 1, 10, 10);
        child.getReferences().get(0).setTraceIdHigh(7);

        assertThat(TraceTree.of(Arrays.asList(root, child)).problems())
                .singleElement()
                .asString()
                .contains("CHILD_OF reference to 0000000000000001 in trace 0000000000000007");
    }

    @Test
    void detectsChildStartingBeforeParent() {
        Span parent = span("parent", 1, 0, 1_000, 1_000);
        Span child = span("child", 2, 1, 500, 100);

        assertThat(TraceTree.of(Arrays.asList(parent, child)).problems())
                .containsExactly(
                        "span 'child' (0000000000000002) starts 0.5 ms before its parent span 'parent' (0000000000000001)");
    }

    @Test
    void detectsDuplicateSpanIds() {
        Span a = span("a", 1, 0, 0, 100);
        Span b = span("b", 2, 1, 10, 10);
        Span dup = span("dup", 2, 1, 20, 10);

        TraceTree tree = TraceTree.of(Arrays.asList(a, b, dup));

        assertThat(tree.problems()).containsExactly("span id 0000000000000002 is used by 2 spans: 'b', 'dup'");
        assertThat(tree.children(a)).containsExactly(b, dup);
    }

    @Test
    void detectsSelfParentAndCycles() {
        Span self = span("self", 1, 1, 0, 10);
        Span x = span("x", 2, 3, 5, 10);
        Span y = span("y", 3, 2, 6, 10);

        TraceTree tree = TraceTree.of(Arrays.asList(self, x, y));

        assertThat(tree.problems())
                .anySatisfy(p -> assertThat(p).contains("'self'").contains("is its own parent"));
        assertThat(tree.problems())
                .anySatisfy(p -> assertThat(p)
                        .startsWith("parent cycle:")
                        .contains("'x'")
                        .contains("'y'"));
        assertThat(tree.spans()).hasSize(3);
        assertThat(tree.roots()).contains(self, x);
        assertThat(TraceWaterfall.render(Arrays.asList(self, x, y))).contains("! parent cycle");
    }

    @Test
    void wellFormedTraceHasNoProblems() {
        assertThat(TraceTree.of(fcTrace()).problems()).isEmpty();
        assertThat(TraceTree.hex16(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(TraceTree.hex16(0x124ed43254b54966L)).isEqualTo("124ed43254b54966");
    }
}
