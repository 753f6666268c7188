package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code ColdHandler} for the OpenTelemetry Java agent: the same three spans, from {@code @WithSpan}. */
public class AgentColdHandler implements StreamRequestHandler {

    @WithSpan("coldstart-bench")
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(operation().getBytes(StandardCharsets.UTF_8));
    }

    @WithSpan("fc-operation")
    String operation() {
        return child();
    }

    @WithSpan("child")
    String child() {
        if (WORK_MILLIS > 0) {
            try {
                Thread.sleep(WORK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "hello world";
    }

    private static final long WORK_MILLIS = Long.getLong("bench.workMillis", 0L);
}
