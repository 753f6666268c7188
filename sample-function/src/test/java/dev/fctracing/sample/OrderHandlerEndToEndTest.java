package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The second sample: attributes, a captured return value and an asynchronous step on a pool. */
@ExtendWith(FcTracingExtension.class)
class OrderHandlerEndToEndTest {

    private FcTracingTestKit kit;
    private LoopbackJaegerCollector collector;

    @BeforeEach
    void kit(FcTracingTestKit kit) {
        this.kit = kit;
        this.collector = kit.collector();
    }

    @Test
    void anOrderMakesAHandlerSpanWithAnAsyncStepAndAttributes() {
        FakeFcContext context = kit.context().functionName("orders").build();

        String answer = new OrderHandler().handleRequest(new OrderHandler.Order("sku-1", 3), context);

        assertThat(answer).isEqualTo("ok 3 x sku-1 = 5997 cents");
        List<Span> spans = collector.spans();
        TraceTree tree = TraceTree.of(spans);
        assertThat(tree.problems()).isEmpty();
        Span handler = tree.byName("orders");
        assertThat(handler.getParentSpanId()).isEqualTo(context.spanId());
        Span reserve = tree.byName("reserve-stock");
        Span price = tree.byName("price");
        assertThat(reserve.getParentSpanId()).isEqualTo(handler.getSpanId());
        assertThat(price.getParentSpanId()).isEqualTo(handler.getSpanId());
        assertThat(reserve.getDuration()).as("ends when the future completes").isGreaterThanOrEqualTo(80_000);
        assertThat(price.getStartTime())
                .as("priced while stock was being reserved")
                .isLessThan(reserve.getStartTime() + reserve.getDuration());

        Map<String, Tag> reserveTags = tags(reserve);
        assertThat(reserveTags.get("order.sku").getVStr()).isEqualTo("sku-1");
        assertThat(reserveTags.get("quantity").getVType()).isEqualTo(TagType.LONG);
        assertThat(reserveTags.get("quantity").getVLong()).isEqualTo(3);
        assertThat(reserveTags.get("span.kind").getVStr()).isEqualTo("client");
        assertThat(tags(price).get("fctracing.return_value").getVLong()).isEqualTo(5997);
        assertThat(collector.postCount()).isEqualTo(1);
    }

    private static Map<String, Tag> tags(Span span) {
        Map<String, Tag> tags = new HashMap<>();
        for (Tag tag : span.getTags()) {
            tags.put(tag.getKey(), tag);
        }
        return tags;
    }
}
