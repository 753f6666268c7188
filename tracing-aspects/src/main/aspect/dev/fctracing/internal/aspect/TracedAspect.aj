package dev.fctracing.internal.aspect;

import dev.fctracing.internal.Rethrow;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import dev.fctracing.internal.traced.TracedMethod;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Around every execution of a {@code @Traced} method: a span, current while the method runs, ended when it returns
 * (or when its {@code CompletionStage} completes) or throws; an exception is recorded and rethrown as the same
 * object.
 *
 * <p>Code-style advice using only {@code thisJoinPointStaticPart}, so ajc inlines it into the woven method: no
 * closure, no {@code JoinPoint}, no argument array per call. Methods with {@code @SpanAttribute} parameters get the
 * second advice, the only one that reads the arguments.
 */
public aspect TracedAspect {

  pointcut tracedMethod(): execution(@dev.fctracing.annotations.Traced * *(..));

  pointcut withSpanAttributes(): execution(* *(.., @dev.fctracing.annotations.SpanAttribute (*), ..));

  @SuppressAjWarnings({"adviceDidNotMatch"})
  Object around(): tracedMethod() && !withSpanAttributes() {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start();
    if (span == null) {
      return proceed();
    }
    Object result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    return method.end(span, result);
  }

  /**
   * Reads the arguments: for these methods only, ajc builds a {@code JoinPoint} (and argument array) on every call,
   * traced or not — the price of {@code @SpanAttribute}.
   */
  @SuppressAjWarnings({"adviceDidNotMatch"})
  Object around(): tracedMethod() && withSpanAttributes() {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start(thisJoinPoint.getArgs());
    if (span == null) {
      return proceed();
    }
    Object result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    return method.end(span, result);
  }
}
