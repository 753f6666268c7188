// docs/testing.md shows this file from its first import; DocsTest keeps the two equal.
package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.ReceivedTrace;
import io.jaegertracing.thriftjava.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderHandlerTest {

    // Each test: a fresh tracing instance that reads these environment variables (and no others), its own collector.
    @RegisterExtension
    static FcTracingExtension tracing = new FcTracingExtension().env("FCTRACING_FLUSH_TIMEOUT_MS", "500");

    @Test
    void anOrderIsOneTraceUnderFcsSpan(FcTracingTestKit kit) {
        FakeFcContext context =
                kit.context().functionName("orders").requestId("r-1").build();

        String answer = new OrderHandler().handleRequest(new OrderHandler.Order("sku-1", 3), context);

        assertThat(answer).isEqualTo("ok 3 x sku-1 = 5997 cents");
        ReceivedTrace trace = kit.trace(context); // what the collector decoded before handleRequest returned
        assertThat(trace.problems()).as(trace.waterfall()).isEmpty();
        Span handler = trace.handlerSpan(); // the one span whose parent is FC's span
        assertThat(handler.getOperationName()).isEqualTo("orders");
        assertThat(ReceivedTrace.tags(handler))
                .containsEntry("faas.invocation_id", "r-1")
                .containsEntry("faas.coldstart", true);
        Span reserve = trace.span("reserve-stock"); // @Traced, ends when its CompletableFuture completes
        assertThat(trace.parentOf(reserve)).isEqualTo(handler);
        assertThat(ReceivedTrace.tags(reserve))
                .containsEntry("order.sku", "sku-1")
                .containsEntry("quantity", 3L)
                .containsEntry("span.kind", "client");
        assertThat(ReceivedTrace.tag(trace.span("price"), "fctracing.return_value"))
                .isEqualTo(5997L);
    }

    @Test
    void aFailingCollectorCostsTheTraceButNotTheAnswer(FcTracingTestKit kit) {
        kit.collector().faults().respondWith(503); // fault injection: every export is refused
        FakeFcContext refused = kit.context().functionName("orders").build();

        String answer = new OrderHandler().handleRequest(new OrderHandler.Order("sku-1", 1), refused);

        assertThat(answer).isEqualTo("ok 1 x sku-1 = 1999 cents");
        assertThat(kit.trace(refused).isEmpty()).isTrue();
        assertThat(kit.collector().rejectedBatches()).hasSize(1); // sent, and refused
        assertThat(kit.log()).anySatisfy(line -> assertThat(line).contains("HTTP 503"));
        for (String secret : kit.collector().secrets()) { // the endpoint's tokens are credentials on FC
            assertThat(String.join("\n", kit.log())).doesNotContain(secret);
        }

        kit.collector().faults().clear();
        FakeFcContext next = kit.context().functionName("orders").build();
        new OrderHandler().handleRequest(new OrderHandler.Order("sku-1", 1), next);
        assertThat(kit.trace(next).handlerSpan().getOperationName()).isEqualTo("orders");
    }
}
