package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code ColdHandler} with an {@code initialize} hook that does nothing of its own (variants Ainit / Binit): when
 * woven, {@code initialize} is an entry point like {@code handleRequest}, so the first traced call, and the start of
 * fc-tracing's SDK and exporter, happen there. The invoker calls it first, as FC does when the function configures an
 * initializer, then times the first {@code handleRequest} on its own.
 */
@FcHandler
public class InitColdHandler implements StreamRequestHandler, FunctionInitializer {

    @Override
    public void initialize(Context context) throws IOException {
        // nothing: the function's own start-up would go here
    }

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
