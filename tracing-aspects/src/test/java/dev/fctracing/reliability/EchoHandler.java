package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.PojoRequestHandler;
import com.aliyun.fc.runtime.PreFreezeHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A woven POJO handler for the reliability tests. What it does depends on the input; every normal answer is
 * computed from the input only, so a test can tell whether tracing changed it. Never sleeps.
 *
 * <ul>
 *   <li>anything not listed below: {@code "echo:" + INPUT} through two nested {@code @Traced} methods (3 spans);
 *   <li>{@code "trace"}: the trace id of the span current inside the handler, then {@code '/'} and the trace id
 *       current inside a {@code @Traced} method called by a {@code @Traced} method (3 spans);
 *   <li>{@code "unchecked"}, {@code "checked"}, {@code "error"}: throws {@link #UNCHECKED}, {@link #CHECKED} (a
 *       checked exception, sneakily), {@link #ERROR};
 *   <li>{@code "nested-throw"}: a {@code @Traced} method calls a {@code @Traced} method that throws
 *       {@link #UNCHECKED}, which leaves the handler; {@code "nested-caught"}: the same, caught by the outer
 *       method, which answers {@code "caught"};
 *   <li>{@code "leak-scope"}: makes a manual span current and never closes its scope (a user bug);
 *   <li>{@code "remember"}: as the default, and keeps weak references to the current span and context in
 *       {@link #lastSpan} and {@link #lastContext};
 *   <li>{@code "baggage"}: stores {@link Baggage#current()} in {@link #lastBaggage} and injects the current
 *       context through the SDK's propagators, answering the number of headers written;
 *   <li>{@code "burst:N"}: calls a {@code @Traced} method N times (N + 1 spans);
 *   <li>{@code "big:N"}: ends a manual span with an N-character attribute (2 spans).
 * </ul>
 */
@FcHandler
public class EchoHandler
        implements PojoRequestHandler<String, String>, FunctionInitializer, PreFreezeHandler, PreStopHandler {

    static final IllegalStateException UNCHECKED = new IllegalStateException("user unchecked failure");
    static final Exception CHECKED = new IOException("user checked failure");
    static final Error ERROR = new AssertionError("user error");

    /** The handler span and context current in the last {@code "remember"} invocation on this thread, weakly held. */
    static final ThreadLocal<WeakReference<Object>> lastSpan = new ThreadLocal<>();

    static final ThreadLocal<WeakReference<Object>> lastContext = new ThreadLocal<>();

    /** The baggage the last {@code "baggage"} invocation saw on this thread. */
    static final ThreadLocal<Baggage> lastBaggage = new ThreadLocal<>();

    @Override
    public String handleRequest(String input, Context context) {
        switch (input) {
            case "trace":
                return Span.current().getSpanContext().getTraceId() + "/" + currentTraceIdInChild();
            case "unchecked":
                throw UNCHECKED;
            case "checked":
                throw EchoHandler.<RuntimeException>sneaky(CHECKED);
            case "error":
                throw ERROR;
            case "nested-throw":
                return outerThrowing(false);
            case "nested-caught":
                return outerThrowing(true);
            case "leak-scope":
                FcTracing.tracer("test").spanBuilder("leaky").startSpan().makeCurrent();
                return "leaked";
            case "baggage":
                return baggage();
            case "remember":
                lastSpan.set(new WeakReference<Object>(Span.current()));
                lastContext.set(new WeakReference<Object>(io.opentelemetry.context.Context.current()));
                return "echo:" + work(input);
            default:
                if (input.startsWith("big:")) {
                    int n = Integer.parseInt(input.substring("big:".length()));
                    char[] payload = new char[n];
                    java.util.Arrays.fill(payload, 'x');
                    FcTracing.tracer("test")
                            .spanBuilder("big")
                            .setAttribute("payload", new String(payload))
                            .startSpan()
                            .end();
                    return input;
                }
                if (input.startsWith("burst:")) {
                    int n = Integer.parseInt(input.substring("burst:".length()));
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += tiny(i);
                    }
                    return "burst:" + sum;
                }
                return "echo:" + work(input);
        }
    }

    @Override
    public void initialize(Context context) {
        work("init");
    }

    @Override
    public void preFreeze(Context context) {}

    @Override
    public void preStop(Context context) {}

    @Traced("work")
    String work(String input) {
        return inner(input);
    }

    @Traced("inner")
    String inner(String input) {
        return input.toUpperCase(java.util.Locale.ROOT);
    }

    @Traced("child")
    String currentTraceIdInChild() {
        return currentTraceIdInGrandchild();
    }

    @Traced("grandchild")
    String currentTraceIdInGrandchild() {
        return Span.current().getSpanContext().getTraceId();
    }

    @Traced("tiny")
    long tiny(int i) {
        return i;
    }

    @Traced("outer-throwing")
    String outerThrowing(boolean catchIt) {
        try {
            return innerThrowing();
        } catch (IllegalStateException e) {
            if (!catchIt) {
                throw e;
            }
            return "caught";
        }
    }

    @Traced("inner-throwing")
    String innerThrowing() {
        throw UNCHECKED;
    }

    private static String baggage() {
        lastBaggage.set(Baggage.current());
        Map<String, String> carrier = new HashMap<>();
        FcTracing.openTelemetry()
                .getPropagators()
                .getTextMapPropagator()
                .inject(io.opentelemetry.context.Context.current(), carrier, Map::put);
        return "headers:" + carrier.size();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
