package dev.fctracing.internal.aspect;

import dev.fctracing.annotations.Traced;
import dev.fctracing.internal.aspect.Rethrow;
import dev.fctracing.internal.traced.TracedCall;
import dev.fctracing.internal.traced.TracedMethod;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * Around every execution of a {@code @Traced} method: a span, current while the method runs, ended when it returns
 * (or when its {@code CompletionStage} completes) or throws; an exception is recorded and rethrown as the same
 * object.
 *
 * <p>Code-style advice using only {@code thisJoinPointStaticPart}, so ajc inlines it into the woven method: no
 * closure, no {@code JoinPoint}, no argument array per call.
 *
 * <p>Three families of methods: plain ones (the usual case: {@code inheritContext} and {@code captureReturn} left at
 * their defaults, no {@code @SpanAttribute} parameter), whose {@code @Traced} value and kind ajc binds as constants
 * at weave time, so nothing reads annotations at run time; those with a non-default {@code inheritContext} or
 * {@code captureReturn}, described from their annotations once (their primitive results are boxed); and those with
 * {@code @SpanAttribute} parameters, the only ones whose arguments are read.
 */
public aspect TracedAspect {

    pointcut tracedMethod(): execution(@dev.fctracing.annotations.Traced * *(..));

    pointcut withSpanAttributes(): execution(* *(.., @dev.fctracing.annotations.SpanAttribute (*), ..));

    /** {@code @Traced} with {@code inheritContext} and {@code captureReturn} at their defaults (as written or not). */
    pointcut defaultFlags():
            execution(@dev.fctracing.annotations.Traced(inheritContext=true, captureReturn=false) * *(..));

    /** A plain {@code @Traced} method, its span name and kind bound from the annotation at weave time. */
    pointcut plainTraced(String name, Traced.Kind kind):
            tracedMethod() && defaultFlags() && !withSpanAttributes()
            && @annotation(Traced(name)) && @annotation(Traced(kind));

    /** Methods whose result would be boxed by {@code Object around()}: they get advice of their own return type. */
    pointcut primitiveResult():
            execution(long *(..)) || execution(int *(..)) || execution(boolean *(..)) || execution(double *(..));

    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(String name, Traced.Kind kind): plainTraced(name, kind) && !primitiveResult() {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, name, kind, parent);
        if (method == null) {
            return proceed(name, kind);
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        Object result;
        try {
            result = proceed(name, kind);
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        return method.end(span, result);
    }

    // One copy per primitive result type: advice bodies are inlined, so they cannot share code, and returning through
    // Object boxes the result (garbage TracedCallDiagnosticsBenchmark measures, in benchmarks/results/jmh-latest.txt)
    // and the box stops escape analysis from removing the scope. Plain methods capture no return value.

    @SuppressAjWarnings({"adviceDidNotMatch"})
    long around(String name, Traced.Kind kind): plainTraced(name, kind) && execution(long *(..)) {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, name, kind, parent);
        if (method == null) {
            return proceed(name, kind);
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        long result;
        try {
            result = proceed(name, kind);
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        method.end(span);
        return result;
    }

    @SuppressAjWarnings({"adviceDidNotMatch"})
    int around(String name, Traced.Kind kind): plainTraced(name, kind) && execution(int *(..)) {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, name, kind, parent);
        if (method == null) {
            return proceed(name, kind);
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        int result;
        try {
            result = proceed(name, kind);
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        method.end(span);
        return result;
    }

    @SuppressAjWarnings({"adviceDidNotMatch"})
    boolean around(String name, Traced.Kind kind): plainTraced(name, kind) && execution(boolean *(..)) {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, name, kind, parent);
        if (method == null) {
            return proceed(name, kind);
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        boolean result;
        try {
            result = proceed(name, kind);
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        method.end(span);
        return result;
    }

    @SuppressAjWarnings({"adviceDidNotMatch"})
    double around(String name, Traced.Kind kind): plainTraced(name, kind) && execution(double *(..)) {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, name, kind, parent);
        if (method == null) {
            return proceed(name, kind);
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        double result;
        try {
            result = proceed(name, kind);
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        method.end(span);
        return result;
    }

    /**
     * A non-default {@code inheritContext} or {@code captureReturn}: described from the annotation on the first traced
     * call. A primitive result is boxed (capturing it boxes it anyway).
     */
    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(): tracedMethod() && !defaultFlags() && !withSpanAttributes() {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, parent);
        if (method == null) {
            return proceed();
        }
        Span span = method.start(parent);
        Scope scope = parent.with(span).makeCurrent();
        Object result;
        try {
            result = proceed();
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        return method.end(span, result);
    }

    /**
     * Reads the arguments: for these methods only, ajc builds a {@code JoinPoint} (and argument array) on every call,
     * traced or not — the price of {@code @SpanAttribute}.
     */
    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(): tracedMethod() && withSpanAttributes() {
        Context parent = Context.current();
        TracedMethod method = TracedMethod.forCall(thisJoinPointStaticPart, parent);
        if (method == null) {
            return proceed();
        }
        Span span = method.start(parent, thisJoinPoint.getArgs());
        Scope scope = parent.with(span).makeCurrent();
        Object result;
        try {
            result = proceed();
        } catch (Throwable t) {
            try {
                TracedCall.failed(span, scope, parent, t);
            } catch (Throwable noStackLeft) {
                TracedCall.spansNotEnded++;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw Rethrow.sneaky(t);
        }
        TracedCall.exit(scope, parent);
        return method.end(span, result);
    }
}
