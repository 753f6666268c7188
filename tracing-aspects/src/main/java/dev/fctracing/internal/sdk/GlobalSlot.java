package dev.fctracing.internal.sdk;

import dev.fctracing.internal.log.InternalLog;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import java.util.function.Supplier;

/**
 * fc-tracing's use of the {@link GlobalOpenTelemetry} slot, where the function's own registration always wins.
 *
 * <ul>
 *   <li>When the runtime starts (first traced invocation) it puts its OpenTelemetry there if the slot is empty, so
 *       instrumentation libraries that read {@code GlobalOpenTelemetry} record into fc-tracing's SDK and nest under
 *       its spans. If the slot is taken, it is left alone.
 *   <li>When woven code later registers the function's own OpenTelemetry ({@code GlobalOpenTelemetry.set},
 *       {@code OpenTelemetrySdkBuilder.buildAndRegisterGlobal()}; see {@code GlobalOpenTelemetryAspect}) while the
 *       slot holds fc-tracing's instance, that instance is taken out and the function's put in, in one step under
 *       the API's own lock: {@link GlobalOpenTelemetry#set(Supplier)} runs its supplier holding that lock, and the
 *       supplier clears the slot with {@link GlobalOpenTelemetry#resetForTest()}, the API's only way to empty it. No
 *       other thread can see the slot empty in between (and pin a no-op there with {@code GlobalOpenTelemetry.get()}).
 *   <li>In any other state (empty, or holding something else) the registration runs exactly as written, and fails
 *       exactly as it would without fc-tracing.
 * </ul>
 *
 * <p>Tracers handed out earlier stay with the SDK they came from, as the API has them: only later
 * {@code GlobalOpenTelemetry} calls see the function's SDK.
 */
public final class GlobalSlot {

    /**
     * What the runtime put in the slot, or {@code null} if it never did. The slot holds it wrapped by the API, so it is
     * recognised by its tracer provider.
     */
    private static volatile OpenTelemetry ours;

    private GlobalSlot() {}

    /**
     * The runtime's offer: puts {@code openTelemetry} in the slot if it is empty.
     *
     * @return whether it was put there
     */
    static boolean offer(OpenTelemetry openTelemetry) {
        if (GlobalOpenTelemetry.isSet()) {
            if (GlobalOpenTelemetry.getOrNoop().getTracerProvider() == TracerProvider.noop()) {
                InternalLog.warn(
                        "GlobalOpenTelemetry holds OpenTelemetry's no-op: code called GlobalOpenTelemetry.get() before the first"
                                + " invocation started tracing, and the API then keeps the no-op for good. Instrumentation built from"
                                + " GlobalOpenTelemetry records nothing; build it from FcTracing.openTelemetry() instead (safe in a"
                                + " static initialiser). fc-tracing's own spans are recorded as usual");
                return false;
            }
            InternalLog.info(
                    "GlobalOpenTelemetry was already set by other code, which wins: fc-tracing records its own spans with its"
                            + " own SDK (FcTracing.openTelemetry()), and they nest with the other SDK's spans");
            return false;
        }
        // Known before it is set: a registration on another thread right after must recognise it.
        ours = openTelemetry;
        try {
            GlobalOpenTelemetry.set(openTelemetry);
            return true;
        } catch (IllegalStateException raced) {
            return false;
        }
    }

    /**
     * Empties the slot if it holds {@code openTelemetry} (a runtime that is discarded, as tests do between instances),
     * so that the next runtime can offer its own.
     */
    static void withdraw(OpenTelemetry openTelemetry) {
        synchronized (GlobalSlot.class) {
            if (ours == openTelemetry) {
                if (GlobalOpenTelemetry.isSet()
                        && GlobalOpenTelemetry.getOrNoop().getTracerProvider() == openTelemetry.getTracerProvider()) {
                    GlobalOpenTelemetry.resetForTest();
                }
                ours = null;
            }
        }
    }

    /** Whether the slot may hold fc-tracing's instance: if not, registrations need no help. */
    public static boolean mayHoldOurs() {
        return ours != null;
    }

    /** {@code GlobalOpenTelemetry.set(openTelemetry)}, taking fc-tracing's instance out first if the slot holds it. */
    public static void set(final OpenTelemetry openTelemetry) {
        final boolean[] replaced = new boolean[1];
        GlobalOpenTelemetry.set(new Supplier<OpenTelemetry>() {
            @Override
            public OpenTelemetry get() {
                replaced[0] = takeOursOut() != null;
                return openTelemetry;
            }
        });
        logReplaced(replaced[0]);
    }

    /**
     * {@code GlobalOpenTelemetry.set(supplier)}, taking fc-tracing's instance out first if the slot holds it; if
     * {@code supplier} throws, fc-tracing's instance is put back and the exception passes unchanged.
     */
    public static void set(final Supplier<OpenTelemetry> supplier) {
        final boolean[] replaced = new boolean[1];
        GlobalOpenTelemetry.set(new Supplier<OpenTelemetry>() {
            @Override
            public OpenTelemetry get() {
                OpenTelemetry taken = takeOursOut();
                try {
                    OpenTelemetry theirs = supplier.get();
                    replaced[0] = taken != null;
                    return theirs;
                } catch (RuntimeException | Error failure) {
                    if (taken != null) {
                        GlobalOpenTelemetry.set(taken);
                    }
                    throw failure;
                }
            }
        });
        logReplaced(replaced[0]);
    }

    /** Called holding the API's lock: empties the slot if it holds fc-tracing's instance, and returns that. */
    private static OpenTelemetry takeOursOut() {
        OpenTelemetry mine = ours;
        if (mine != null && GlobalOpenTelemetry.getOrNoop().getTracerProvider() == mine.getTracerProvider()) {
            GlobalOpenTelemetry.resetForTest();
            return mine;
        }
        return null;
    }

    private static void logReplaced(boolean replaced) {
        if (replaced) {
            InternalLog.info(
                    "the function registered its own OpenTelemetry as GlobalOpenTelemetry, in place of fc-tracing's: spans"
                            + " made through GlobalOpenTelemetry from now on are recorded by it (and nest under fc-tracing's spans);"
                            + " fc-tracing's own spans are still recorded and exported by fc-tracing");
        }
    }
}
