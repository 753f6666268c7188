package dev.fctracing.bench.jmh;

/**
 * The annotation-style benchmark target: the same body as {@link TracedTarget#traced}, advised by
 * {@link AnnotationStyleTracedAspect} only (no {@code @Traced}, so tracing-aspects' advice does not apply here).
 */
public class AnnotationStyleTarget {

    @BenchTracedAnnotationStyle
    public long traced(long x) {
        return x * 0x9E3779B97F4A7C15L + 1;
    }
}
