package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;

/** A woven generic POJO handler: the compiler adds a bridge method, which must not make a second span. */
@FcHandler
public class PojoHandler implements PojoRequestHandler<String, Integer> {

    @Override
    public Integer handleRequest(String input, Context context) {
        return length(input);
    }

    @Traced
    int length(String input) {
        return input.length();
    }
}
