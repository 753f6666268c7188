package dev.fctracing.bench.jmh;

import dev.fctracing.annotations.Traced;

/**
 * The code-style benchmark target: one {@code @Traced} method, woven by tracing-aspects' {@code TracedAspect} at
 * build time, and the very same body un-annotated as its baseline. The body is deliberately tiny so that what is
 * measured is the advice.
 */
public class TracedTarget {

    /** Span name of {@link #traced}. */
    public static final String SPAN_NAME = "bench.traced";

    @Traced(SPAN_NAME)
    public long traced(long x) {
        return x * 0x9E3779B97F4A7C15L + 1;
    }

    public long plain(long x) {
        return x * 0x9E3779B97F4A7C15L + 1;
    }

    /** Diagnostics: a reference return, so the {@code Object around()} advice has nothing to box. */
    @Traced(SPAN_NAME)
    public Object tracedReturningObject(Object value) {
        return value;
    }

    /** Diagnostics: no return value at all. */
    @Traced(SPAN_NAME)
    public void tracedVoid(long x) {
        sink = x * 0x9E3779B97F4A7C15L + 1;
    }

    public long sink;
}
