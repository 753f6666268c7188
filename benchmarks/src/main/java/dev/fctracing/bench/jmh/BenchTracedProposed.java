package dev.fctracing.bench.jmh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Benchmarks only: the marker of {@code ProposedTracedAspect} (a proposed change to TracedAspect), on {@link ProposedTarget}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BenchTracedProposed {}
