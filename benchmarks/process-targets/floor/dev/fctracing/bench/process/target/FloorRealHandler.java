package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Variant Dreal: {@code RealHandler}'s work with its six spans written by hand on the OpenTelemetry API, as the
 * OpenTelemetry documentation shows (start, make current, record a failure with {@code recordException} and status
 * {@code ERROR}, end in {@code finally}): the same span names, kinds and nesting, the same caught
 * {@link InvalidOrderException} recorded on {@code validate-order}. {@link FloorInvoker} builds the SDK, sets
 * {@link #tracer} and opens the SERVER span around {@code handleRequest}.
 */
public class FloorRealHandler implements StreamRequestHandler {

    /** Set by {@link FloorInvoker} before the first call. */
    static Tracer tracer;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(process(context.getRequestId()).getBytes(StandardCharsets.UTF_8));
    }

    String process(String requestId) {
        Span span = tracer.spanBuilder("process-order").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            StringBuilder order = load(requestId);
            try {
                validate(order);
            } catch (InvalidOrderException e) {
                order.append(";currency=CNY"); // recovered: the default applies
            }
            long cents = compute(order);
            return cents > 0 ? "hello world" : "no order";
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    StringBuilder load(String requestId) {
        Span span = tracer.spanBuilder("load-order").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return new StringBuilder(query(requestId));
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    String query(String requestId) {
        Span span = tracer.spanBuilder("db-query").setSpanKind(SpanKind.CLIENT).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (WORK_MILLIS > 0) {
                try {
                    Thread.sleep(WORK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "order=" + requestId + ";items=3;price=1999";
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    void validate(StringBuilder order) throws InvalidOrderException {
        Span span = tracer.spanBuilder("validate-order").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (order.indexOf("currency=") < 0) {
                throw new InvalidOrderException("order has no currency: " + order);
            }
        } catch (InvalidOrderException | RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    long compute(StringBuilder order) {
        Span span = tracer.spanBuilder("compute-price").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            long cents = 3 * 1999L;
            save(order, cents);
            return cents;
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    void save(StringBuilder order, long cents) {
        Span span = tracer.spanBuilder("save-order").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            order.append(";total=").append(cents);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private static final long WORK_MILLIS = Long.getLong("bench.workMillis", 0L);
}
