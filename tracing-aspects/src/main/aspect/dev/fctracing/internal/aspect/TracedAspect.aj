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

  /** Methods whose result would be boxed by {@code Object around()}: they get advice of their own return type. */
  pointcut primitiveResult():
      execution(long *(..)) || execution(int *(..)) || execution(boolean *(..)) || execution(double *(..));

  @SuppressAjWarnings({"adviceDidNotMatch"})
  Object around(): tracedMethod() && !withSpanAttributes() && !primitiveResult() {
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

  // One copy per primitive result type: advice bodies are inlined, so they cannot share code, and returning through
  // Object boxes the result (+56 B per call measured by TracedCallDiagnosticsBenchmark, and the box stops escape
  // analysis from removing the scope). The span is ended by TracedMethod.end, which boxes only for captureReturn.

  @SuppressAjWarnings({"adviceDidNotMatch"})
  long around(): tracedMethod() && !withSpanAttributes() && execution(long *(..)) {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start();
    if (span == null) {
      return proceed();
    }
    long result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    method.end(span, method.capturesReturn() ? Long.valueOf(result) : null);
    return result;
  }

  @SuppressAjWarnings({"adviceDidNotMatch"})
  int around(): tracedMethod() && !withSpanAttributes() && execution(int *(..)) {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start();
    if (span == null) {
      return proceed();
    }
    int result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    method.end(span, method.capturesReturn() ? Integer.valueOf(result) : null);
    return result;
  }

  @SuppressAjWarnings({"adviceDidNotMatch"})
  boolean around(): tracedMethod() && !withSpanAttributes() && execution(boolean *(..)) {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start();
    if (span == null) {
      return proceed();
    }
    boolean result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    method.end(span, method.capturesReturn() ? Boolean.valueOf(result) : null);
    return result;
  }

  @SuppressAjWarnings({"adviceDidNotMatch"})
  double around(): tracedMethod() && !withSpanAttributes() && execution(double *(..)) {
    TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart);
    Span span = method == null ? null : method.start();
    if (span == null) {
      return proceed();
    }
    double result;
    Scope scope = span.makeCurrent();
    try {
      result = proceed();
    } catch (Throwable t) {
      scope.close();
      TracedMethod.fail(span, t);
      throw Rethrow.sneaky(t);
    }
    scope.close();
    method.end(span, method.capturesReturn() ? Double.valueOf(result) : null);
    return result;
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
