package dev.fctracing.bench.jmh;

/**
 * The closure-woven annotation-style target: the same body as {@link TracedTarget#traced}, advised only by
 * {@link ClosureStyleTracedAspect}.
 */
public class ClosureStyleTarget {

    @BenchTracedClosureStyle
    public long traced(long x) {
        return x * 0x9E3779B97F4A7C15L + 1;
    }
}
