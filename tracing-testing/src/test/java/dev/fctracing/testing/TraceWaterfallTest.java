package dev.fctracing.testing;

import static dev.fctracing.testing.TestSpans.FC_SPAN_ID;
import static dev.fctracing.testing.TestSpans.fcTrace;
import static dev.fctracing.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceWaterfallTest {

    private static final String BAR = String.valueOf(TraceWaterfall.BAR_CHAR);

    private static List<String> lines(String text) {
        assertThat(text).endsWith("\n");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** The indentation + name part: everything before the column gap. */
    private static String namePart(String line) {
        int gap = line.indexOf("  ", line.length() - line.replaceAll("^ +", "").length());
        return gap < 0 ? line : line.substring(0, gap);
    }

    private static int barLength(String line) {
        return line.length() - line.replace(BAR, "").length();
    }

    private static int barOffset(String line) {
        int firstBar = line.indexOf(BAR);
        int msEnd = line.lastIndexOf(" ms  ") + " ms  ".length();
        return firstBar - msEnd;
    }

    @Test
    void threeLevelTraceUnderMissingFcParent() {
        List<Span> shuffled = fcTrace();
        String text = TraceWaterfall.render(shuffled);
        System.out.print(text);
        List<String> lines = lines(text);

        assertThat(lines)
                .extracting(TraceWaterfallTest::namePart)
                .containsExactly(
                        "(FC system span 124ed43254b54966, not received)",
                        "  handleRequest",
                        "    loadOrder",
                        "      db.query",
                        "    sendReply");

        String full = repeat(BAR, 40);
        assertThat(lines)
                .containsExactly(
                        "(FC system span 124ed43254b54966, not received)",
                        "  handleRequest  10.0 ms  " + full,
                        "    loadOrder     5.0 ms      " + repeat(BAR, 20),
                        "      db.query    2.0 ms          " + repeat(BAR, 8),
                        "    sendReply     2.5 ms                              " + repeat(BAR, 10));

        // Proportional: the half-length child has half the root's bar, starting a tenth in.
        assertThat(barLength(lines.get(1))).isEqualTo(40);
        assertThat(barLength(lines.get(2))).isBetween(19, 21);
        assertThat(barOffset(lines.get(2))).isEqualTo(4);
        assertThat(barOffset(lines.get(3))).isEqualTo(8);
        assertThat(barOffset(lines.get(4))).isEqualTo(28);
    }

    @Test
    void renderDoesNotDependOnArrivalOrder() {
        List<Span> spans = fcTrace();
        String expected = TraceWaterfall.render(spans);
        List<Span> reversed = new ArrayList<>(spans);
        Collections.reverse(reversed);
        assertThat(TraceWaterfall.render(reversed)).isEqualTo(expected);
    }

    @Test
    void rootedTraceHasNoSyntheticLine() {
        List<Span> spans =
                Arrays.asList(span("GET /orders", 0x10L, 0, 0, 4_000), span("child", 0x11L, 0x10L, 2_000, 2_000));
        List<String> lines = lines(TraceWaterfall.render(spans));
        assertThat(lines).extracting(TraceWaterfallTest::namePart).containsExactly("GET /orders", "  child");
        assertThat(barLength(lines.get(1))).isEqualTo(20);
        assertThat(barOffset(lines.get(1))).isEqualTo(20);
    }

    @Test
    void severalMissingParentsAreNotAllCalledFcSpans() {
        List<Span> spans = Arrays.asList(
                span("root", 0x10L, 0, 0, 4_000),
                span("lost-child", 0x11L, 0xdeadL, 1_000, 1_000),
                span("orphan", 0x12L, FC_SPAN_ID, 500, 100));
        List<String> names = new ArrayList<>();
        for (String line : lines(TraceWaterfall.render(spans))) {
            names.add(namePart(line));
        }
        assertThat(names)
                .containsExactly(
                        "root",
                        "(span 124ed43254b54966, not received)",
                        "  orphan",
                        "(span 000000000000dead, not received)",
                        "  lost-child");
    }

    @Test
    void tinySpansStillGetOneCharAndZeroLengthTraceRenders() {
        List<Span> spans = Arrays.asList(span("long", 0x1L, 0, 0, 1_000_000), span("blip", 0x2L, 0x1L, 999_999, 0));
        List<String> lines = lines(TraceWaterfall.render(spans));
        assertThat(barLength(lines.get(1))).isEqualTo(1);
        assertThat(barOffset(lines.get(1))).isEqualTo(39);
        assertThat(lines.get(1)).contains("0.0 ms");

        List<String> instant = lines(TraceWaterfall.render(Collections.singletonList(span("x", 1, 0, 0, 0))));
        assertThat(instant).containsExactly("x  0.0 ms  " + BAR);
    }

    @Test
    void problemsFollowTheSpanLines() {
        Span parent = span("parent", 0x1L, 0, 1_000, 1_000);
        Span early = span("early", 0x2L, 0x1L, 0, 500);
        List<String> lines = lines(TraceWaterfall.render(Arrays.asList(parent, early)));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("! ").contains("starts 1.0 ms before its parent");
    }

    @Test
    void emptyAndUnnamed() {
        assertThat(TraceWaterfall.render(Collections.<Span>emptyList())).isEqualTo("(no spans)\n");
        Span unnamed = span(null, 1, 0, 0, 1_000);
        assertThat(TraceWaterfall.render(Collections.singletonList(unnamed))).startsWith("(unnamed)  1.0 ms  ");
    }

    private static String repeat(String s, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(s);
        }
        return b.toString();
    }
}
