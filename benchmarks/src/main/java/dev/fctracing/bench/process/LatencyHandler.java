package dev.fctracing.bench.process;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;

/**
 * The warm-latency harness's function: the handler span and 19 {@code @Traced} spans (one step calling 18 small
 * ones), 20 spans per invocation; the work is a few arithmetic operations, so the figures are tracing's own. Woven by
 * this module's ajc run; gets {@code preFreeze}/{@code preStop} from the weave.
 */
@FcHandler
public class LatencyHandler implements PojoRequestHandler<String, String> {

    @Override
    public String handleRequest(String input, Context context) {
        return Long.toString(step(input.length()));
    }

    @Traced("step")
    long step(int seed) {
        long sum = 0;
        for (int i = 0; i < 18; i++) {
            sum += part(seed + i);
        }
        return sum;
    }

    @Traced("part")
    long part(int value) {
        return value * 31L;
    }
}
