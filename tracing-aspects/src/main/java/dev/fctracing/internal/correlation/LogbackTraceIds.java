package dev.fctracing.internal.correlation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Logback: the current span's ids in SLF4J's MDC while a line is logged ({@code %X{trace_id}}, {@code %X{span_id}},
 * {@code %X{trace_flags}}), read from the current OpenTelemetry {@code Context} at that moment — so spans pay nothing,
 * and any thread the context reaches (wrapped executors, {@code FcTracing.wrap}) logs the right ids.
 *
 * <p>Why a turbo filter that writes the MDC: a Logback event takes its MDC from the thread's MDC adapter (Logback 1.2
 * through SLF4J's {@code MDC}, 1.3+ through the {@code LoggerContext}'s, which cannot be replaced once set), and the
 * only hook that runs on the logging thread before the event exists, with no change to the function's {@code
 * logback.xml}, is a turbo filter. The ids are therefore in the MDC when the event copies it — for an {@code
 * AsyncAppender} too, whose {@code prepareForDeferredProcessing} copies the MDC on the logging thread, during the call.
 *
 * <p>What the function keeps:
 *
 * <ul>
 *   <li>outside a span nothing is written: a value the function put under these keys itself stays, and is logged;
 *   <li>inside a span the ids win; the value the function had under a key is remembered and put back by the first
 *       line logged once no span is current, or when the invocation (or wrapped task) ends on this thread ({@link
 *       LogCorrelation#scopeClosed}), whichever comes first — unless the function replaced the id meanwhile (its
 *       own value then stays);
 *   <li>the MDC is compared before it is written: a function that clears its MDC inside a span gets the ids back on
 *       its next line, and an unchanged span writes nothing (a write makes Logback copy the MDC for the next event).
 * </ul>
 *
 * <p>The filter is the first of the context's turbo filters (a filter before it that accepts or denies a line would
 * end the chain before it ran), is added again after a reset (a reconfiguration removes turbo filters), and never
 * decides: it always answers {@code NEUTRAL}. A line below its logger's level costs a comparison, unless other turbo
 * filters could still accept it.
 */
final class LogbackTraceIds extends TurboFilter {

    /** This thread's ids in the MDC, if any; {@code null} on a thread that never logged inside a span. */
    private static final ThreadLocal<Shown> SHOWN = new ThreadLocal<>();

    private static final String[] KEYS = {TraceIds.TRACE_ID, TraceIds.SPAN_ID, TraceIds.TRACE_FLAGS};

    private final LoggerContext context;

    private LogbackTraceIds(LoggerContext context) {
        this.context = context;
        setName("fc-tracing-trace-ids");
    }

    /**
     * Installs the filter on SLF4J's Logback context, if SLF4J is bound to Logback. Returns whether it is installed.
     */
    static boolean installOnSlf4jBinding() {
        Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            return false;
        }
        installOn((LoggerContext) factory);
        return true;
    }

    /** Adds the filter to {@code context} unless it has it, and keeps it there across resets. */
    static void installOn(LoggerContext context) {
        addFirst(context);
        for (LoggerContextListener listener : context.getCopyOfListenerList()) {
            if (listener instanceof Reinstall) {
                return;
            }
        }
        context.addListener(new Reinstall());
    }

    private static void addFirst(LoggerContext context) {
        for (TurboFilter filter : context.getTurboFilterList()) {
            if (filter instanceof LogbackTraceIds) {
                return;
            }
        }
        LogbackTraceIds filter = new LogbackTraceIds(context);
        filter.setContext(context);
        filter.start();
        context.getTurboFilterList().add(0, filter);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        try {
            if (logger != null
                    && level != null
                    && level.levelInt < logger.getEffectiveLevel().levelInt
                    && context.getTurboFilterList().size() == 1) {
                return FilterReply.NEUTRAL; // not logged: no other turbo filter can accept it
            }
            SpanContext span = LogCorrelation.enabled() ? TraceIds.current() : null;
            if (span != null) {
                Shown shown = SHOWN.get();
                if (shown == null) {
                    shown = new Shown();
                    SHOWN.set(shown);
                }
                shown.show(span);
            } else {
                restoreThisThread();
            }
        } catch (VirtualMachineError exhausted) {
            // out of stack or memory: nothing at all (the line is logged, maybe without its ids)
        } catch (Throwable correlationFailed) {
            ThrottledLog.warn(
                    "log correlation line",
                    "trace ids could not be added to a Logback line (the line is logged): "
                            + correlationFailed.getClass().getName());
        }
        return FilterReply.NEUTRAL;
    }

    /** Puts back what the function had in this thread's MDC, if the filter wrote ids there. */
    static void restoreThisThread() {
        Shown shown = SHOWN.get();
        if (shown != null && shown.active) {
            shown.restore();
        }
    }

    /** The ids one thread's MDC holds from the filter, and what the function had under their keys before. */
    private static final class Shown {
        /** Whether the ids of a span are in the MDC. */
        boolean active;
        /** What the filter last wrote under each key (null: nothing). */
        final String[] ours = new String[3];
        /** The function's own value under each key, displaced by ours (null: none). */
        final String[] saved = new String[3];

        void show(SpanContext span) {
            show(0, span.getTraceId());
            show(1, span.getSpanId());
            show(2, span.getTraceFlags().asHex());
            active = true;
        }

        private void show(int key, String id) {
            String now = MDC.get(KEYS[key]);
            boolean nowOurs = active && ours[key] != null && ours[key].equals(now);
            if (!nowOurs) {
                saved[key] = now; // the function's value (null after it cleared its MDC)
            }
            if (!id.equals(now)) {
                MDC.put(KEYS[key], id);
            }
            ours[key] = id;
        }

        void restore() {
            for (int key = 0; key < KEYS.length; key++) {
                String mine = ours[key];
                if (mine != null && mine.equals(MDC.get(KEYS[key]))) {
                    if (saved[key] == null) {
                        MDC.remove(KEYS[key]);
                    } else {
                        MDC.put(KEYS[key], saved[key]);
                    }
                }
                ours[key] = null;
                saved[key] = null;
            }
            active = false;
        }
    }

    /** Puts the filter back, first, after the context is reset (a reconfiguration removes turbo filters). */
    private static final class Reinstall implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(LoggerContext context) {}

        @Override
        public void onReset(LoggerContext context) {
            try {
                addFirst(context);
            } catch (Throwable cannotReinstall) {
                // the function's lines go on without ids
            }
        }

        @Override
        public void onStop(LoggerContext context) {}

        @Override
        public void onLevelChange(Logger logger, Level level) {}
    }
}
