package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Span;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * {@link LocalInvoke}'s account of the wall time of a local run: the JVM's start, loading the handler, starting the
 * collector, then {@code handleRequest} split around the handler span into fc-tracing's cold start before it and the
 * export after it, so that a handler span much shorter than the run is explained.
 */
final class WallTime {

    private WallTime() {}

    /** Milliseconds since the JVM started, or -1 when the runtime does not tell. */
    static long uptimeMillis() {
        try {
            return ManagementFactory.getRuntimeMXBean().getUptime();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * Prints the account; {@code mainAt} is {@link #uptimeMillis()} when {@code main} started (-1: not run from
     * {@code main}), {@code initMillis} -1 when there was no {@code initialize}.
     */
    static void print(
            PrintStream out,
            long mainAt,
            long loadMillis,
            long collectorMillis,
            long initMillis,
            long callStartEpochMicros,
            long callMicros,
            ReceivedTrace trace) {
        long uptime = mainAt >= 0 ? uptimeMillis() : -1;
        out.println("Where the time went, in ms" + (uptime >= 0 ? " (" + uptime + " since the JVM started):" : ":"));
        if (mainAt >= 0) {
            out.println(column(mainAt) + "  JVM start to LocalInvoke.main");
        }
        out.println(column(loadMillis)
                + "  loading and creating the handler (its class, fc-tracing's aspects), checking" + " its weave");
        out.println(
                column(collectorMillis) + "  starting the loopback collector (JDK HttpServer) and its Thrift decoder");
        if (initMillis >= 0) {
            out.println(column(initMillis) + "  initialize");
        }
        out.println(column(Math.round(callMicros / 1000.0)) + "  handleRequest" + (trace.isEmpty() ? "" : ":"));
        Span handlerSpan = null;
        try {
            handlerSpan = trace.isEmpty() ? null : trace.handlerSpan();
        } catch (IllegalStateException e) {
            // no single handler span: no split to show
        }
        if (handlerSpan != null) {
            // The span's clock is the epoch in µs; the call's start is read from the same clock (ms resolution).
            long before = Math.max(0, Math.min(callMicros, handlerSpan.getStartTime() - callStartEpochMicros));
            long after = Math.max(0, callMicros - before - handlerSpan.getDuration());
            out.println("       " + column(Math.round(before / 1000.0)) + "  before the handler span: on the instance's"
                    + " first invocation (a cold start) fc-tracing starts its SDK here");
            out.println("       " + column(Math.round(handlerSpan.getDuration() / 1000.0)) + "  the handler span: the"
                    + " handler's own work");
            out.println("       " + column(Math.round(after / 1000.0))
                    + "  after it: the spans sent to the collector, which" + " answers once it has decoded them");
        }
        if (uptime >= 0) {
            long measured =
                    mainAt + loadMillis + collectorMillis + Math.max(0, initMillis) + Math.round(callMicros / 1000.0);
            long rest = uptime - measured;
            out.println(column(Math.max(0, rest)) + "  the rest: reading the event, checking and printing the trace");
        }
    }

    private static String column(long millis) {
        String text = String.valueOf(millis);
        StringBuilder out = new StringBuilder();
        for (int i = text.length(); i < 6; i++) {
            out.append(' ');
        }
        return out.append(text).toString();
    }
}
