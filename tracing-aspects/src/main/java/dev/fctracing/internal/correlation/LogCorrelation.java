package dev.fctracing.internal.correlation;

import dev.fctracing.internal.log.ThrottledLog;

/**
 * Trace ids in the function's log lines, for the logging libraries the function has (looked for once, when tracing
 * starts; nothing is loaded from a library the function does not have):
 *
 * <ul>
 *   <li>Logback (through SLF4J): {@link LogbackTraceIds}, a turbo filter added to the function's {@code
 *       LoggerContext} here;
 *   <li>Log4j 2 ({@code log4j-core}): {@link Log4j2TraceIds}, a context data provider that Log4j finds by itself
 *       through {@code META-INF/services}; it supplies ids only while {@link #enabled()}.
 * </ul>
 *
 * <p>Both read the current OpenTelemetry {@code Context} when a line is logged, so spans themselves pay nothing and
 * every thread that carries the context (wrapped executors, {@code FcTracing.wrap}) gets the right ids. {@code
 * FCTRACING_LOG_CORRELATION=false} turns both off.
 */
public final class LogCorrelation {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";
    private static final String SLF4J_FACTORY = "org.slf4j.LoggerFactory";

    /** Whether ids go into log lines: set when tracing starts, read on every log line. */
    private static volatile boolean enabled;
    /** Whether the Logback filter was installed in this JVM (it may have ids in a thread's MDC). */
    private static volatile boolean logback;
    /** Whether Logback was looked for already (once per JVM: the class path does not change). */
    private static boolean logbackLookedFor;

    private LogCorrelation() {}

    /**
     * Tracing starts: turns correlation on or off ({@code FCTRACING_LOG_CORRELATION}), and the first time it is
     * turned on adds the Logback filter when the function has Logback as its SLF4J binding. Never throws; a missing
     * library is silent, a failure is one log line.
     */
    public static void start(boolean on) {
        try {
            enabled = on;
            if (on) {
                installLogbackOnce();
            }
        } catch (Throwable cannotInstall) {
            if (!(cannotInstall instanceof VirtualMachineError)) {
                ThrottledLog.warn(
                        "log correlation",
                        "trace ids are not added to Logback's log lines (the function is unaffected): "
                                + cannotInstall.getClass().getName());
            }
        }
    }

    /** Whether log lines get trace ids ({@code FCTRACING_LOG_CORRELATION}, once tracing started). */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * An invocation's scope was closed on this thread: if no span is current any more, puts back in this thread's MDC
     * what the function had under the ids' keys, so nothing of the invocation stays there until the thread's next log
     * line. Once per invocation (and per task of a wrapped executor), never per span. Never throws.
     */
    public static void scopeClosed() {
        if (logback) {
            try {
                if (TraceIds.current() == null) {
                    LogbackTraceIds.restoreThisThread();
                }
            } catch (Throwable restoreFailed) {
                // the thread's next log line outside a span restores them
            }
        }
    }

    private static synchronized void installLogbackOnce() {
        if (logbackLookedFor) {
            return;
        }
        logbackLookedFor = true;
        ClassLoader loader = LogCorrelation.class.getClassLoader();
        if (present(LOGBACK_CONTEXT, loader) && present(SLF4J_FACTORY, loader)) {
            // Only now is any Logback or SLF4J class loaded; the call is in a class of its own, which references them.
            logback = LogbackTraceIds.installOnSlf4jBinding();
        }
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
