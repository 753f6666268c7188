package dev.fctracing.bench.jmh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Benchmarks only: the marker of {@link ClosureStyleTracedAspect} (annotation-style advice woven the way ajc weaves
 * an {@code @Aspect} it takes from a library jar: through an {@code AjcClosure}). Only on {@link ClosureStyleTarget}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BenchTracedClosureStyle {}
