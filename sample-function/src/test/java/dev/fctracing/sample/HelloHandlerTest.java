// The sample's counterpart of the README's "Testing your function" test (integration-tests runs that one).
package dev.fctracing.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.ReceivedTrace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FcTracingExtension.class) // per test: a fresh tracing instance, a loopback Jaeger collector
class HelloHandlerTest {
    @Test
    void anInvocationIsTracedUnderFcsSpan(FcTracingTestKit kit) throws Exception {
        FakeFcContext context = kit.context().functionName("hello").build(); // tracing on, endpoint: the collector
        new HelloHandler().handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), context);
        ReceivedTrace trace = kit.trace(context); // decoded off the wire: sent before handleRequest returned
        assertEquals("[]", trace.problems().toString(), trace.waterfall());
        assertEquals("hello", trace.handlerSpan().getOperationName());
        assertEquals(trace.handlerSpan(), trace.parentOf(trace.span("fc-operation")));
    }
}
