package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.ReceivedTrace;
import io.jaegertracing.thriftjava.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The function as FC runs it, on this machine: the woven handler, a fake FC context carrying a Jaeger span context
 * like FC's, and a loopback collector at the Jaeger endpoint that decodes what it receives. The extension gives each
 * test a fresh tracing instance (as a new FC instance: the first invocation is a cold start) and its own collector.
 */
@ExtendWith(FcTracingExtension.class)
class FunctionHandlerTest {

  @Test
  void anInvocationExportsItsSpansUnderFcsSpanBeforeReturning(FcTracingTestKit kit) throws IOException {
    FakeFcContext context = kit.context().functionName("${functionName}").build();
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    new FunctionHandler().handleRequest(
        new ByteArrayInputStream("FC".getBytes(StandardCharsets.UTF_8)), output, context);

    assertEquals("hello FC", new String(output.toByteArray(), StandardCharsets.UTF_8));
    // Read as soon as the handler returned: the spans were sent before it did.
    ReceivedTrace trace = kit.trace(context);
    String waterfall = trace.waterfall();
    assertEquals(3, trace.spans().size(), () -> "handler, read-name and greet spans in FC's trace:\n" + waterfall);
    assertEquals(Collections.emptyList(), trace.problems(), waterfall);

    Span handler = trace.handlerSpan();
    assertEquals("${functionName}", handler.getOperationName(), waterfall);
    assertEquals(handler, trace.parentOf(trace.span("read-name")), () -> "read-name under the handler\n" + waterfall);
    assertEquals(handler, trace.parentOf(trace.span("greet")), () -> "greet under the handler\n" + waterfall);
    assertEquals(Boolean.TRUE, ReceivedTrace.tag(handler, "faas.coldstart"), "a new instance: a cold start");
  }
}
