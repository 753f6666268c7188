package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * A woven handler that writes outgoing headers the two ways a function can: {@link FcTracing#injectHeaders} and the
 * propagators of {@link FcTracing#openTelemetry()} (what instrumentation libraries use). Keeps both header maps of
 * the last invocation on this thread; answers {@code "injected"}.
 */
@FcHandler
public class OutboundHeadersHandler implements PojoRequestHandler<String, String> {

    static final ThreadLocal<Map<String, String>> viaInjectHeaders = new ThreadLocal<>();
    static final ThreadLocal<Map<String, String>> viaPropagators = new ThreadLocal<>();

    @Override
    public String handleRequest(String input, Context context) {
        Map<String, String> injected = new HashMap<>();
        FcTracing.injectHeaders(injected::put);
        viaInjectHeaders.set(injected);
        Map<String, String> propagated = new HashMap<>();
        FcTracing.openTelemetry()
                .getPropagators()
                .getTextMapPropagator()
                .inject(io.opentelemetry.context.Context.current(), propagated, Map::put);
        viaPropagators.set(propagated);
        return "injected";
    }
}
