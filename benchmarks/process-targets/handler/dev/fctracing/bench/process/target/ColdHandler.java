package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The sample's {@code HelloHandler} without its sleeps (and without reading baggage, so that the unwoven build
 * needs no OpenTelemetry class): a handler span with two nested {@code @Traced} steps when woven, three plain
 * method calls when compiled by javac.
 */
@FcHandler
public class ColdHandler implements StreamRequestHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(operation().getBytes(StandardCharsets.UTF_8));
    }

    @Traced("fc-operation")
    String operation() {
        return child();
    }

    @Traced("child")
    String child() {
        if (WORK_MILLIS > 0) {
            // -Dbench.workMillis: the handler waits this long, as a function waiting on a database or an API would.
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
