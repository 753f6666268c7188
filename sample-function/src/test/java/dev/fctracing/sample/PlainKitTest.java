// docs/testing.md shows this file from its first import; DocsTest keeps the two equal.
package dev.fctracing.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.ReceivedTrace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class PlainKitTest {

    @Test
    void theKitWithoutTheExtension() throws Exception {
        // start() and close() do what the JUnit extension does around each test: usable from any runner.
        try (FcTracingTestKit kit = FcTracingTestKit.builder()
                .env("OTEL_SERVICE_NAME", "hello-service")
                .start()) {
            FakeFcContext context = kit.newContext();
            new HelloHandler()
                    .handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), context);

            ReceivedTrace trace = kit.trace(context);
            assertTrue(trace.problems().isEmpty(), trace.waterfall());
            assertEquals(3, trace.spans().size(), trace.waterfall());
            assertEquals(
                    "hello-service",
                    kit.collector().batches().get(0).getProcess().getServiceName());
        }
    }
}
