package dev.fctracing.internal.traced;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.sdk.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Starts the span of one {@code @Traced} method execution. The {@code @Traced} aspect's only collaborator.
 *
 * <p>Per call: one thread-local read, one lock-free map read keyed by the join point's static part (the method's
 * name and kind are computed on its first call), and the span itself. No span is made — the method simply runs —
 * when no sampled span is current (outside an invocation, tracing off, or FC did not sample this request) or the
 * runtime is not started.
 */
public final class TracedSpans {

  private static final ConcurrentHashMap<JoinPoint.StaticPart, TracedMethod> METHODS =
      new ConcurrentHashMap<>();

  private TracedSpans() {}

  /**
   * A started child of the current span for the method at {@code joinPoint}, or {@code null} when this call is not
   * traced. The caller makes it current, and ends it.
   */
  public static Span start(JoinPoint.StaticPart joinPoint) {
    Context parent = Context.current();
    Span parentSpan = Span.fromContextOrNull(parent);
    if (parentSpan == null || !parentSpan.getSpanContext().isSampled()) {
      return null;
    }
    TracingRuntime runtime = TracingRuntime.active();
    if (runtime == null) {
      return null;
    }
    TracedMethod method = METHODS.get(joinPoint);
    if (method == null) {
      method = describe(joinPoint);
    }
    return runtime.tracer().spanBuilder(method.spanName).setParent(parent).setSpanKind(method.kind).startSpan();
  }

  /** Marks {@code span} failed with {@code error}; never throws. */
  public static void recordFailure(Span span, Throwable error) {
    try {
      span.setStatus(StatusCode.ERROR);
      span.recordException(error);
    } catch (Throwable tracingFailure) {
      InternalLog.warn("could not record an exception on a @Traced span: " + tracingFailure);
    }
  }

  private static TracedMethod describe(JoinPoint.StaticPart joinPoint) {
    Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
    TracedMethod described = TracedMethod.of(method);
    TracedMethod raced = METHODS.putIfAbsent(joinPoint, described);
    return raced != null ? raced : described;
  }
}
