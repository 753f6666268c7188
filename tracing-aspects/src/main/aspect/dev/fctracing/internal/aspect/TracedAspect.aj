package dev.fctracing.internal.aspect;

import dev.fctracing.internal.Rethrow;
import dev.fctracing.internal.traced.TracedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Around every execution of a {@code @Traced} method: a child span of the current one, current while the method
 * runs, ended when it returns or throws (the exception is recorded and rethrown as the same object).
 *
 * <p>Code-style advice that uses only {@code thisJoinPointStaticPart}, so ajc inlines it into the woven method:
 * no closure, no {@code JoinPoint}, no argument array per call.
 */
public aspect TracedAspect {

  pointcut tracedMethod(): execution(@dev.fctracing.annotations.Traced * *(..));

  Object around(): tracedMethod() {
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
