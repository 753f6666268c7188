package dev.fctracing.properties;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;

/** The unwoven twin of {@link TracedExampleHandler}: no {@code @FcHandler}, and {@link PlainCalls}. */
@SuppressWarnings("fc-tracing") // without @FcHandler on purpose
public class PlainExampleHandler implements PojoRequestHandler<Run, Run> {

    private final Calls calls = new PlainCalls();

    @Override
    public Run handleRequest(Run run, Context context) {
        return ExampleBody.run(run, calls);
    }
}
