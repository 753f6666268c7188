package dev.fctracing.properties;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;

/** The woven function of the property tests: an {@code @FcHandler} running an example through {@link TracedCalls}. */
@FcHandler
public class TracedExampleHandler implements PojoRequestHandler<Run, Run> {

    private final Calls calls = new TracedCalls();

    @Override
    public Run handleRequest(Run run, Context context) {
        return ExampleBody.run(run, calls);
    }
}
