package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.Traced;

/** A handler without @FcHandler: its entry point is not woven, so its @Traced methods find no current span. */
@SuppressWarnings("fc-tracing") // without @FcHandler on purpose
public class UnannotatedHandler implements PojoRequestHandler<String, String> {

    @Override
    public String handleRequest(String input, Context context) {
        return traced(input);
    }

    @Traced
    String traced(String input) {
        return input;
    }
}
