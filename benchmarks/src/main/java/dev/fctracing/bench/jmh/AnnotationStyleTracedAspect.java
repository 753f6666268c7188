package dev.fctracing.bench.jmh;

import dev.fctracing.internal.traced.TracedCall;
import dev.fctracing.internal.traced.TracedMethod;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * The alternative the project did not take: the {@code @Traced} advice written in annotation style. It does exactly
 * the work of {@code dev.fctracing.internal.aspect.TracedAspect} (same {@link TracedMethod} calls, same scope and
 * end), but through a {@link ProceedingJoinPoint}: ajc cannot inline annotation-style around advice, so every
 * advised call goes through a closure object, a {@code JoinPoint} and an argument array.
 *
 * <p>Applies only to methods marked {@link BenchTracedAnnotationStyle} (in this module, that is
 * {@link AnnotationStyleTarget}).
 */
@Aspect
public class AnnotationStyleTracedAspect {

    @Around("execution(@dev.fctracing.bench.jmh.BenchTracedAnnotationStyle * *(..))")
    public Object traced(ProceedingJoinPoint joinPoint) throws Throwable {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(joinPoint.getStaticPart(), parent);
        if (method == null) {
            return joinPoint.proceed();
        }
        Span span = method.start(parent);
        Object result;
        Scope scope = parent.with(span).makeCurrent();
        try {
            result = joinPoint.proceed();
        } catch (Throwable t) {
            TracedCall.failed(span, scope, parent, t);
            throw t;
        }
        TracedCall.exit(scope, parent);
        return method.end(span, result);
    }
}
