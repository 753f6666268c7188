package dev.fctracing.internal;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.internal.traced.TracedCall;
import java.util.function.LongSupplier;

/**
 * The one entry tests use to control fc-tracing's instance state: a fresh instance (as a new FC instance would be,
 * counters at zero), and waiting for the weaving self-check. In the root of {@code internal}, which no other package
 * depends on, so that it can reach every part it resets. Production code never calls it. The test kit's JUnit extension calls it
 * (by name, so that the kit needs no compile-time dependency on this module).
 */
public final class TestSupport {

    private TestSupport() {}

    /**
     * Shuts the current instance's SDK down (withdrawing it from {@code GlobalOpenTelemetry} if it was registered there)
     * and replaces the instance with a new one reading {@code env}: cold start pending again, nothing registered, no
     * flag set.
     */
    public static void newInstance(Environment env) {
        newInstance(env, ThrottledLog.SYSTEM_CLOCK);
    }

    /**
     * As {@link #newInstance(Environment)}, with {@code nanoClock} as the clock of the instance's watch on {@code @Traced}
     * calls outside any invocation ({@code OutsideInvocationWatch}), so that a test can let its time pass.
     */
    public static void newInstance(Environment env, LongSupplier nanoClock) {
        TracingInstance previous = TracingInstance.replace(env, nanoClock);
        if (previous != null) {
            previous.stopRuntime();
        }
        TracedCall.spansNotEnded = 0;
    }

    /** Waits up to {@code timeoutMillis} for the current instance's weaving self-check, if it runs on its own thread. */
    public static void awaitWeavingCheck(long timeoutMillis) throws InterruptedException {
        Thread check = TracingInstance.current().weavingCheck;
        if (check != null) {
            check.join(timeoutMillis);
        }
    }
}
