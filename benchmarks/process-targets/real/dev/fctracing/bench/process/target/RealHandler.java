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
 * The realistic workload (variants Areal / Breal): a README-style function with six {@code @Traced} methods, nested
 * as a function that loads, checks, prices and stores an order would be, one of which fails with the function's own
 * checked exception that its caller catches and recovers from:
 *
 * <pre>
 * handleRequest                (handler span, when woven)
 *   process-order
 *     load-order
 *       db-query               (CLIENT; waits -Dbench.workMillis, like a database call)
 *     validate-order           throws InvalidOrderException: the span records it; process-order catches it
 *     compute-price            (returns a long: the primitive-result advice)
 *       save-order
 * </pre>
 *
 * Compiled by plain {@code javac} (Areal: no tracing) and woven by ajc (Breal: seven spans, one {@code exception}
 * event). {@code FloorRealHandler} is the same work with the spans written by hand on the OpenTelemetry API (Dreal).
 */
@FcHandler
public class RealHandler implements StreamRequestHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(process(context.getRequestId()).getBytes(StandardCharsets.UTF_8));
    }

    @Traced("process-order")
    String process(String requestId) {
        StringBuilder order = load(requestId);
        try {
            validate(order);
        } catch (InvalidOrderException e) {
            order.append(";currency=CNY"); // recovered: the default applies
        }
        long cents = compute(order);
        return cents > 0 ? "hello world" : "no order";
    }

    @Traced("load-order")
    StringBuilder load(String requestId) {
        return new StringBuilder(query(requestId));
    }

    @Traced(value = "db-query", kind = Traced.Kind.CLIENT)
    String query(String requestId) {
        if (WORK_MILLIS > 0) {
            try {
                Thread.sleep(WORK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "order=" + requestId + ";items=3;price=1999";
    }

    @Traced("validate-order")
    void validate(StringBuilder order) throws InvalidOrderException {
        if (order.indexOf("currency=") < 0) {
            throw new InvalidOrderException("order has no currency: " + order);
        }
    }

    @Traced("compute-price")
    long compute(StringBuilder order) {
        long cents = 3 * 1999L;
        save(order, cents);
        return cents;
    }

    @Traced("save-order")
    void save(StringBuilder order, long cents) {
        order.append(";total=").append(cents);
    }

    private static final long WORK_MILLIS = Long.getLong("bench.workMillis", 0L);
}
