package dev.fctracing.correlation;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A woven handler that logs every line twice, through SLF4J (Logback, logger {@value #LOGBACK}) and through Log4j 2's
 * own API (logger {@value #LOG4J}); each line's message names where it was written, and the test compares the line's
 * {@code %X{trace_id}} and {@code %X{span_id}} with the spans the collector received. The input says what to do:
 *
 * <ul>
 *   <li>{@code "nested"}: {@code handler}, then {@code outer} in a {@code @Traced("outer")} method, {@code inner} in
 *       a {@code @Traced("inner")} method it calls, then {@code handler-after} (3 spans);
 *   <li>{@code "throw"}: {@code finally} in the {@code finally} block of a {@code @Traced("failing")} method whose
 *       exception is propagating, {@code in-catch} in the handler's catch block (2 spans);
 *   <li>{@code "throw-out"}: {@code before-throw}, then the handler throws {@link #FAILURE} (1 span);
 *   <li>{@code "executor"}: {@code task} in a task run on a single-thread pool wrapped with {@link
 *       FcTracing#wrap(ExecutorService)}, and {@code pooled} in a {@code @Traced("pooled")} method the task calls
 *       (2 spans);
 *   <li>{@code "clear"}: {@code before-clear}, then the handler clears the MDC, then {@code after-clear} (1 span);
 *   <li>{@code "ids"}: answers {@code FcTracing.traceId() + "/" + spanId() + "/" + traceFlags()} (1 span).
 * </ul>
 */
@FcHandler
public class LoggingHandler implements PojoRequestHandler<String, String> {

    static final String LOGBACK = "correlation.logback";
    static final String LOG4J = "correlation.log4j2";
    static final IllegalStateException FAILURE = new IllegalStateException("user failure");

    private static final org.slf4j.Logger SLF4J = LoggerFactory.getLogger(LOGBACK);
    private static final org.apache.logging.log4j.Logger LOG4J2 = LogManager.getLogger(LOG4J);

    /** The pool behind {@link #WRAPPED}, one thread, unwrapped: tests look at that thread's MDC through it. */
    static final ExecutorService POOL = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "correlation-pool");
        thread.setDaemon(true);
        return thread;
    });

    static final ExecutorService WRAPPED = FcTracing.wrap(POOL);

    @Override
    public String handleRequest(String input, Context context) {
        switch (input) {
            case "nested":
                log("handler");
                outer();
                log("handler-after");
                return "ok";
            case "throw":
                try {
                    failing();
                } catch (IllegalStateException expected) {
                    log("in-catch");
                }
                return "ok";
            case "throw-out":
                log("before-throw");
                throw FAILURE;
            case "executor":
                try {
                    WRAPPED.submit(() -> {
                                log("task");
                                pooled();
                            })
                            .get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return "ok";
            case "clear":
                log("before-clear");
                MDC.clear();
                log("after-clear");
                return "ok";
            case "ids":
                return FcTracing.traceId() + "/" + FcTracing.spanId() + "/" + FcTracing.traceFlags();
            default:
                throw new IllegalArgumentException(input);
        }
    }

    /** One line through each library. */
    static void log(String message) {
        SLF4J.info(message);
        LOG4J2.info(message);
    }

    @Traced("outer")
    void outer() {
        log("outer");
        inner();
    }

    @Traced("inner")
    void inner() {
        log("inner");
    }

    @Traced("failing")
    void failing() {
        try {
            throw FAILURE;
        } finally {
            log("finally");
        }
    }

    @Traced("pooled")
    void pooled() {
        log("pooled");
    }
}
