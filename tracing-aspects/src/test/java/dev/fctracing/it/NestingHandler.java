package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;

/** An @FcHandler that calls another @FcHandler's entry point inside its own invocation. */
@FcHandler
public class NestingHandler implements PojoRequestHandler<String, Integer> {

    @Override
    public Integer handleRequest(String input, Context context) {
        return new PojoHandler().handleRequest(input, context);
    }
}
