package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import dev.fctracing.testing.TraceWaterfall;
import io.jaegertracing.thriftjava.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The function as FC runs it, on this machine: the woven handler, a fake FC context carrying a Jaeger span context
 * like FC's, and a loopback collector at the Jaeger endpoint that decodes what it receives.
 */
class FunctionHandlerTest {

  @Test
  void anInvocationExportsItsSpansUnderFcsSpanBeforeReturning() throws IOException {
    try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
      FakeFcContext context = FakeFcContext.builder()
          .functionName("${functionName}")
          .spanContext(FakeFcContext.randomJaegerSpanContext(true))
          .jaegerEndpoint(collector.endpoint())
          .build();
      ByteArrayOutputStream output = new ByteArrayOutputStream();

      new FunctionHandler().handleRequest(
          new ByteArrayInputStream("FC".getBytes(StandardCharsets.UTF_8)), output, context);

      assertEquals("hello FC", new String(output.toByteArray(), StandardCharsets.UTF_8));
      // Read as soon as the handler returned: the spans were sent before it did.
      List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
      String waterfall = TraceWaterfall.render(spans);
      assertEquals(3, spans.size(), () -> "handler, read-name and greet spans in FC's trace:\n" + waterfall);
      TraceTree tree = TraceTree.of(spans);
      assertEquals(Collections.emptyList(), tree.problems(), waterfall);

      Span handler = tree.byName("${functionName}");
      Span readName = tree.byName("read-name");
      Span greet = tree.byName("greet");
      assertEquals(context.spanIdHex16(), parentOf(handler), () -> "handler under FC's span\n" + waterfall);
      assertEquals(idOf(handler), parentOf(readName), () -> "read-name under the handler\n" + waterfall);
      assertEquals(idOf(handler), parentOf(greet), () -> "greet under the handler\n" + waterfall);
    }
  }

  // Span ids as hex, as Jaeger and the waterfall show them.
  private static String idOf(Span span) {
    return TraceTree.hex16(span.getSpanId());
  }

  private static String parentOf(Span span) {
    return TraceTree.hex16(span.getParentSpanId());
  }
}
