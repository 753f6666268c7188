package dev.fctracing.internal.instance;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.correlation.LogCorrelation;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.sdk.UserSdkParts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Everything fc-tracing keeps for one FC instance (one JVM): its configuration, what the function registered in code
 * before the first invocation, the running SDK ({@link TracingRuntime}, started by the first traced invocation and
 * stopped by {@code preStop}), the once-only flags, the rate-limited warnings, and the watch on {@code @Traced} calls
 * made while no invocation was ever bound ({@link OutsideInvocationWatch}). Reached through {@link #current()};
 * nothing else holds instance state (the {@code @Traced} advice's count of spans it could not end is the one
 * exception: see {@code TracedCall}).
 *
 * <p>Tests get a fresh one, as a new FC instance would, through {@code TestSupport} (the one test entry).
 */
public final class TracingInstance {

    private static volatile TracingInstance current;

    private final Environment env;
    private final TracingConfig config;
    private final UserSdkParts userParts = new UserSdkParts();
    private final ThrottledLog warnings = new ThrottledLog(ThrottledLog.SYSTEM_CLOCK, TimeUnit.MINUTES.toNanos(1));
    private final Object lifecycle = new Object();
    private volatile TracingRuntime runtime;
    /** Guarded by {@link #lifecycle}: after {@code preStop} no runtime starts again. */
    private boolean stopped;

    /** Whether the next {@code handleRequest} is the instance's first (FC's cold start). */
    public final AtomicBoolean coldStartPending = new AtomicBoolean(true);
    /** One-time log lines and checks. */
    public final AtomicBoolean nullContextLogged = new AtomicBoolean();

    public final AtomicBoolean tracingOffLogged = new AtomicBoolean();
    public final AtomicBoolean baggageCapLogged = new AtomicBoolean();
    public final AtomicBoolean weavingCheckStarted = new AtomicBoolean();
    /** Whether FC has called {@code preFreeze}: then it does before every freeze, and export may wait for it. */
    public final AtomicBoolean preFreezeSeen = new AtomicBoolean();
    /** The weaving check's thread, once started; null before, or when it ran on the invocation's thread. */
    public volatile Thread weavingCheck;
    /** Says why {@code @Traced} methods record no spans when nothing binds invocations. */
    public final OutsideInvocationWatch outsideInvocation;
    /**
     * Opened when the instance's first request invocation has ended, its spans exported (not by {@code initialize}, which
     * the first request follows at once): the weaving check waits for it, so that its class loading and reflection do not take a core from the cold start it is no part of.
     */
    public final CountDownLatch firstRequestEnded = new CountDownLatch(1);

    TracingInstance(Environment env, LongSupplier nanoClock) {
        this.env = env;
        this.config = TracingConfig.from(env);
        this.outsideInvocation = new OutsideInvocationWatch(config.disabled(), nanoClock);
        ThrottledLog.install(warnings);
    }

    /** The instance, configured from the process's environment on first use. */
    public static TracingInstance current() {
        TracingInstance instance = current;
        if (instance == null) {
            synchronized (TracingInstance.class) {
                if (current == null) {
                    current = new TracingInstance(Environment.system(), ThrottledLog.SYSTEM_CLOCK);
                }
                instance = current;
            }
        }
        return instance;
    }

    /** Replaces the instance (tests only: {@code TestSupport}); returns the one it replaced, if any. */
    public static TracingInstance replace(Environment env) {
        return replace(env, ThrottledLog.SYSTEM_CLOCK);
    }

    /**
     * Replaces the instance with one whose {@link OutsideInvocationWatch} reads {@code nanoClock} (tests only: {@code
     * TestSupport}); returns the one it replaced, if any.
     */
    public static TracingInstance replace(Environment env, LongSupplier nanoClock) {
        synchronized (TracingInstance.class) {
            TracingInstance previous = current;
            current = new TracingInstance(env, nanoClock);
            return previous;
        }
    }

    public Environment env() {
        return env;
    }

    public TracingConfig config() {
        return config;
    }

    /** What the function registered with {@code FcTracing} before tracing started. */
    public UserSdkParts userParts() {
        return userParts;
    }

    /** The running SDK, or {@code null} before the first traced invocation and after {@code preStop}. */
    public TracingRuntime runtime() {
        return runtime;
    }

    /**
     * The running SDK, started now if this is the first traced invocation; {@code null} once {@code preStop} stopped
     * tracing.
     *
     * @param serviceName used only when starting: {@code service.name} of the instance
     */
    public TracingRuntime startRuntimeIfNeeded(String serviceName) {
        TracingRuntime running = runtime;
        if (running != null) {
            return running;
        }
        synchronized (lifecycle) {
            if (runtime == null && !stopped) {
                runtime = new TracingRuntime(config, serviceName, env, userParts);
                LogCorrelation.start(config.logCorrelation());
            }
            return runtime;
        }
    }

    /**
     * {@code preStop}: flushes and stops the SDK, and takes it out of {@code GlobalOpenTelemetry} (where the function's
     * code would otherwise keep reaching a stopped SDK); later invocations run untraced.
     */
    public void stopRuntime() {
        TracingRuntime running;
        synchronized (lifecycle) {
            running = runtime;
            runtime = null;
            stopped = true;
        }
        if (running != null) {
            running.shutdown(config.hookTimeoutNanos());
            running.withdrawFromGlobal();
        }
    }

    /**
     * Whether an invocation ending now leaves its spans for later ({@code preFreeze}, or the background while the
     * instance is busy) instead of exporting them before it returns: {@code FCTRACING_EXPORT=deferred}, or {@code
     * auto} once FC has called {@code preFreeze}.
     */
    public boolean deferredExport() {
        switch (config.exportMode()) {
            case DEFERRED:
                return true;
            case SYNC:
                return false;
            default:
                return preFreezeSeen.get();
        }
    }

    /** Spans dropped since the instance started because too many (or too large) waited for export. */
    public long droppedSpans() {
        TracingRuntime running = runtime;
        return running == null || running.processor() == null
                ? 0
                : running.processor().droppedSpans();
    }
}
