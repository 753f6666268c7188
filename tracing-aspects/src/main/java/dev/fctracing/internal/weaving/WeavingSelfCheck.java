package dev.fctracing.internal.weaving;

import dev.fctracing.annotations.weaving.WeavingCheck;
import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.annotations.weaving.WeavingReport;
import dev.fctracing.internal.export.otlp.OtelVersions;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.log.InternalLog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run-time half of "silent non-weaving is impossible to miss": on the instance's first invocation of a woven
 * entry point, compares the weaving index (every {@code META-INF/fc-tracing/traced.idx} the function's class loader
 * sees) with what was actually woven and logs one warning naming up to {@value WeavingReport#RUNTIME_NAMES}
 * unwoven methods or classes.
 *
 * <p>Once per JVM (an FC instance), on a daemon thread of its own ({@value #THREAD_NAME}) started by the first
 * invocation (it is no part of the invocation's work; what it cost on the invocation's thread is in {@code
 * benchmarks/results/coldstart-latest.txt}); later calls cost one volatile read. The thread waits until the first
 * request has ended and exported ({@link TracingInstance#firstRequestEnded}; when {@code initialize} started it, past
 * {@code initialize} too, since the first request follows at once), at most {@value #MAX_DELAY_MILLIS} ms, so that
 * its class loading and reflection do not compete with the cold start for a core.
 * Its warning is logged within milliseconds of that — or, if FC freezes the instance first, when the next invocation
 * thaws it. The check itself is one-time reflection —
 * one {@code Class.forName(name, false, loader)} and one {@code getDeclaredMethods()} per indexed class — and
 * never initialises a user class, never throws, and reports classes that fail to load instead of failing. A function
 * built without the annotation processor has no index: nothing is checked and nothing is logged.
 *
 * <p>The same thread then names an OpenTelemetry exporter on the class path whose version differs from the SDK's
 * ({@link OtelVersions}) when OTLP export is not configured; when it is, the exporters check that themselves before
 * making the OTLP exporter. Reading those versions is a class-loader resource lookup, milliseconds on a cold JVM.
 *
 * <p>It runs from the entry aspect, so it can only see a partial weave (the handler's module woven, another module
 * not; a class recompiled by javac after ajc). A function in which nothing is woven runs none of fc-tracing's
 * code; {@code WeavingAssertions.assertWoven} in the function's unit tests catches that.
 */
public final class WeavingSelfCheck {

    /** Name of the thread the check runs on; it ends when the check is done. */
    public static final String THREAD_NAME = "fc-tracing-weaving-check";
    /** Longest the check waits for the first invocation to end (a long first invocation does not delay it more). */
    static final long MAX_DELAY_MILLIS = 1000;

    private WeavingSelfCheck() {}

    /**
     * The entry aspect's call, on every invocation: the first one starts the check with {@code handlerClass}'s class
     * loader on its own thread (or runs it here if no thread can be started), the others return at once. Never throws.
     */
    public static void onFirstInvocation(TracingInstance instance, Class<?> handlerClass) {
        AtomicBoolean started = instance.weavingCheckStarted;
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        ClassLoader handlerLoader = handlerClass == null ? null : handlerClass.getClassLoader();
        ClassLoader loader = handlerLoader != null ? handlerLoader : WeavingSelfCheck.class.getClassLoader();
        boolean versionsToCheck = !instance.config().exporters().contains("otlp");
        try {
            Thread thread = new Thread(new Check(loader, instance.firstRequestEnded, versionsToCheck), THREAD_NAME);
            thread.setDaemon(true);
            instance.weavingCheck = thread;
            thread.start();
        } catch (Throwable cannotStart) {
            instance.weavingCheck = null;
            run(loader);
            if (versionsToCheck) {
                warnOfExporterVersions();
            }
        }
    }

    /** Logs the exporter-version mismatch, if any (OTLP not configured: nothing else is turned off). Never throws. */
    static void warnOfExporterVersions() {
        try {
            String mismatch = OtelVersions.otlpMismatch(WeavingSelfCheck.class.getClassLoader());
            if (mismatch != null) {
                InternalLog.warn(mismatch);
            }
        } catch (Throwable checkFailure) {
            // best effort, as the weaving check
        }
    }

    /**
     * Runs the check against the indexes {@code loader} sees and logs one warning when something is not woven (and
     * nothing otherwise: a healthy cold start does not even create the logger). Returns the report, or null when
     * there is no index or the check failed. Never throws.
     */
    public static WeavingReport run(ClassLoader loader) {
        try {
            WeavingIndex index = WeavingIndex.load(loader);
            if (index.isEmpty()) {
                return null;
            }
            WeavingReport report = WeavingCheck.ofIndex(index, loader);
            if (!report.isClean()) {
                InternalLog.warn(report.explanation(WeavingReport.RUNTIME_NAMES));
            }
            return report;
        } catch (Throwable checkFailure) {
            try {
                Throwable cause = checkFailure.getCause();
                InternalLog.warn("fc-tracing could not check whether its aspects were woven: " + checkFailure
                        + (cause != null ? " (" + cause + ")" : ""));
            } catch (Throwable ignored) {
                // Logging itself failed: the check is best effort.
            }
            return null;
        }
    }

    /** The check on its own thread. A class, not a lambda: the first lambda costs a cold JVM milliseconds. */
    private static final class Check implements Runnable {
        private final ClassLoader loader;
        /** Only the latch, not the instance: a replaced instance is not kept reachable while the check waits. */
        private final CountDownLatch firstRequestEnded;
        /** Whether to check the exporters' versions too (OTLP not configured). */
        private final boolean versionsToCheck;

        Check(ClassLoader loader, CountDownLatch firstRequestEnded, boolean versionsToCheck) {
            this.loader = loader;
            this.firstRequestEnded = firstRequestEnded;
            this.versionsToCheck = versionsToCheck;
        }

        @Override
        public void run() {
            try {
                firstRequestEnded.await(MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // nobody interrupts this thread on purpose: check now
            }
            WeavingSelfCheck.run(loader);
            if (versionsToCheck) {
                warnOfExporterVersions();
            }
        }
    }
}
