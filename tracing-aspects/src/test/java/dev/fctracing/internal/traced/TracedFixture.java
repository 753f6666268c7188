package dev.fctracing.internal.traced;

import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code @Traced} methods for {@link TracedMethod} to describe from their join points. The tests never call them
 * (ajc weaves them at test-compile, which does not matter here): they only build static parts of them.
 */
@SuppressWarnings("unused")
class TracedFixture {

    @Traced
    void plain() {}

    @Traced(value = "load-order", kind = Traced.Kind.CLIENT)
    void annotated() {}

    @Traced(inheritContext = false)
    void detached() {}

    @Traced(captureReturn = true)
    String captured() {
        return null;
    }

    @Traced
    CompletableFuture<String> async() {
        return null;
    }

    @Traced
    CompletionStage<String> stage() {
        return null;
    }

    @Traced(captureReturn = true)
    CompletableFuture<String> asyncCaptured() {
        return null;
    }

    @Traced
    void attributes(
            @SpanAttribute("s") String s,
            @SpanAttribute("b") boolean b,
            @SpanAttribute("i") int i,
            @SpanAttribute("l") long l,
            @SpanAttribute("sh") short sh,
            @SpanAttribute("by") byte by,
            @SpanAttribute("f") float f,
            @SpanAttribute("d") double d,
            @SpanAttribute("c") char c,
            @SpanAttribute("chars") char[] chars,
            @SpanAttribute("ints") int[] ints,
            @SpanAttribute("longs") long[] longs,
            @SpanAttribute("doubles") double[] doubles,
            @SpanAttribute("bools") boolean[] bools,
            @SpanAttribute("strings") String[] strings,
            @SpanAttribute("list") List<String> list,
            @SpanAttribute("map") Map<String, Integer> map,
            @SpanAttribute("object") Object object,
            @SpanAttribute("hostile") Object hostile,
            @SpanAttribute("absent") String absent,
            @SpanAttribute String orderId,
            String notCaptured) {}
}
