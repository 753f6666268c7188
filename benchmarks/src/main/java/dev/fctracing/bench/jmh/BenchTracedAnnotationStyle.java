package dev.fctracing.bench.jmh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Benchmarks only: the marker of {@link AnnotationStyleTracedAspect}, the annotation-style ({@code @Aspect}) rival of
 * the project's code-style {@code TracedAspect}. A separate annotation, on a separate class
 * ({@link AnnotationStyleTarget}), so that the two weaves never stack on one method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BenchTracedAnnotationStyle {}
