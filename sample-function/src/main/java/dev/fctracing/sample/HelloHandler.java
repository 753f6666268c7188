package dev.fctracing.sample;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.baggage.Baggage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FC tracing guide's sample, in Java: the handler does an {@code fc-operation} (150 ms) that has a
 * {@code child} step (100 ms) and answers {@code hello world}. In Tracing Analysis the request shows FC's system
 * span, this function's handler span under it, and the two steps nested below. FC's baggage, if any, is logged.
 */
@FcHandler
public class HelloHandler implements StreamRequestHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        // FC's baggage arrives as OpenTelemetry Baggage: readable here and carried to every span's context.
        Map<String, String> baggage = new TreeMap<>();
        Baggage.current().forEach((key, entry) -> baggage.put(key, entry.getValue()));
        if (!baggage.isEmpty()) {
            context.getLogger().info("baggage " + baggage);
        }
        output.write(operation().getBytes(StandardCharsets.UTF_8));
    }

    @Traced("fc-operation")
    String operation() {
        sleep(150);
        return child();
    }

    @Traced("child")
    String child() {
        sleep(100);
        return "hello world";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
