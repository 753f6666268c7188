package dev.fctracing.bench.jmh;

import dev.fctracing.internal.Rethrow;
import dev.fctracing.internal.traced.TracedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Benchmarks only — a measured proposal for tracing-aspects' {@code TracedAspect}: the same code-style advice, plus
 * a {@code long}-returning copy for {@code long} methods, so that the woven method never boxes its result through
 * {@code Object around()} ({@code Conversions.longObject} / {@code longValue}). Applies only to
 * {@link BenchTracedProposed} methods ({@link ProposedTarget}). The real change would add such a copy per primitive
 * return type (or at least {@code int}, {@code long}, {@code boolean}, {@code double}) and exclude those from the
 * {@code Object} advice; {@code void} methods already do not box.
 */
public aspect ProposedTracedAspect {

  pointcut tracedMethod(): execution(@dev.fctracing.bench.jmh.BenchTracedProposed * *(..));

  long around(): tracedMethod() && execution(long *(..)) {
    Span span = TracedSpans.start(thisJoinPointStaticPart);
    if (span == null) {
      return proceed();
    }
    Scope scope = span.makeCurrent();
    try {
      return proceed();
    } catch (Throwable t) {
      TracedSpans.recordFailure(span, t);
      throw Rethrow.sneaky(t);
    } finally {
      scope.close();
      span.end();
    }
  }

  Object around(): tracedMethod() && !execution(long *(..)) {
    Span span = TracedSpans.start(thisJoinPointStaticPart);
    if (span == null) {
      return proceed();
    }
    Scope scope = span.makeCurrent();
    try {
      return proceed();
    } catch (Throwable t) {
      TracedSpans.recordFailure(span, t);
      throw Rethrow.sneaky(t);
    } finally {
      scope.close();
      span.end();
    }
  }
}
