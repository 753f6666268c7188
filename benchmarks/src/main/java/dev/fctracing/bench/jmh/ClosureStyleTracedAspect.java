package dev.fctracing.bench.jmh;

import dev.fctracing.internal.traced.TracedCall;
import dev.fctracing.internal.traced.TracedMethod;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * {@link AnnotationStyleTracedAspect}'s advice, woven through a closure: the form an annotation-style tracing aspect
 * gets when it is shipped the way fc-tracing ships its aspects, in a library jar on the aspect path. ajc 1.9.24
 * inlines around advice only when the aspect class was woven in the same run ({@code BcelAdvice.canInline}:
 * {@code getLazyClassGen().isWoven()}), and never when the advice method contains an {@code invokedynamic}. Checked
 * with ajc 1.9.24 on a one-method target: an {@code @Aspect} taken from a jar on {@code -aspectpath} — built by javac
 * or by ajc — is woven as {@code new Object[]{...}} + {@code new T$AjcClosure1(...)} +
 * {@code linkClosureAndJoinPoint} + {@code Factory.makeJP} per call.
 *
 * <p>Since the benchmark's aspects are compiled in this module's own ajc run, this class reproduces that form with the
 * second rule: the failure path below holds a lambda (an {@code invokedynamic} that only runs when the method
 * throws), which makes ajc weave this advice through {@code ClosureStyleTarget$AjcClosure1}. The work per successful
 * call is exactly {@link AnnotationStyleTracedAspect}'s.
 */
@Aspect
public class ClosureStyleTracedAspect {

    @Around("execution(@dev.fctracing.bench.jmh.BenchTracedClosureStyle * *(..))")
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
            recordFailure(span, scope, parent, () -> t);
            throw t;
        }
        TracedCall.exit(scope, parent);
        return method.end(span, result);
    }

    private static void recordFailure(Span span, Scope scope, Context parent, Supplier<Throwable> error) {
        TracedCall.failed(span, scope, parent, error.get());
    }
}
