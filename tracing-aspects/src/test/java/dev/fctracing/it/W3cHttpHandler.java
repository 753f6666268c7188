package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.HttpRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.baggage.Baggage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A woven HTTP handler that reports the baggage it sees, works on a pool and calls downstream. */
@FcHandler
public class W3cHttpHandler implements HttpRequestHandler {

    static final ThreadLocal<Map<String, String>> seenBaggage = new ThreadLocal<>();
    static final ThreadLocal<Map<String, String>> outboundHeaders = new ThreadLocal<>();
    static volatile ExecutorService pool;

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context) {
        Map<String, String> baggage = new HashMap<>();
        Baggage.current().forEach((key, entry) -> baggage.put(key, entry.getValue()));
        seenBaggage.set(baggage);
        Map<String, String> headers = new HashMap<>();
        FcTracing.injectHeaders(headers::put);
        outboundHeaders.set(headers);
        if (pool != null) {
            try {
                Future<?> done = FcTracing.wrap(pool).submit(this::onPool);
                done.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Traced("on-pool")
    void onPool() {}
}
