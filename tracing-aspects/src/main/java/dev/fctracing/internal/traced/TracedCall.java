package dev.fctracing.internal.traced;

import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.usercode.SpanFailure;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What the {@code @Traced} advice calls around one call of a traced method: the advice itself stays a few lines of
 * inlined code (so that it needs no closure, no {@code JoinPoint} and no boxing), and everything else lives here.
 *
 * <pre>{@code
 * Context parent = Context.current();
 * TracedMethod method = TracedMethod.forCall(staticPart, name, kind, parent);   // null: run untraced
 * Span span = method.start(parent);
 * Scope scope = parent.with(span).makeCurrent();
 * try { result = proceed(); }
 * catch (Throwable t) { try { TracedCall.failed(span, scope, parent, t); } catch (Throwable x) { count it } rethrow t }
 * TracedCall.exit(scope, parent);
 * return method.end(span, result);
 * }</pre>
 *
 * <p>The failure path calls nothing that can throw into the advice, and the advice rethrows the user's own throwable
 * object itself; if the stack is so exhausted that even calling {@link #failed} fails, the advice counts the span in
 * {@link #spansNotEnded} — a field write, no call — and still rethrows the user's throwable.
 */
public final class TracedCall {

    /**
     * Spans whose frame had no stack left to end them ({@code StackOverflowError}), since the JVM started. Counted by
     * the advice itself with a plain field write — reaching the instance state takes a method call, which could fail
     * there too — so it is the one counter not kept in {@code TracingInstance}. Racy under concurrency, exact on one
     * thread.
     */
    public static volatile long spansNotEnded;

    private TracedCall() {}

    /**
     * After the method returned: closes the call's scope and makes sure {@code parent} is current again (a deeper
     * frame that failed with its stack exhausted may have left its own context current).
     */
    public static void exit(Scope scope, Context parent) {
        scope.close();
        if (Context.current() != parent) {
            restore(parent);
        }
    }

    /**
     * After the method threw {@code error}: restores the caller's context, then marks the span failed and ends it
     * ({@link SpanFailure}). Never throws of its own accord; the advice rethrows {@code error}.
     */
    public static void failed(Span span, Scope scope, Context parent, Throwable error) {
        try {
            exit(scope, parent);
        } catch (Throwable restoreFailed) {
            // the span still ends below; an outer frame restores its own caller's context
        }
        InvocationState invocation = InvocationState.of(parent);
        TracingInstance instance = TracingInstance.current();
        if (!SpanFailure.endFailed(
                span,
                error,
                invocation == null ? null : invocation.throwables(),
                instance.config().attributeValueLengthLimit())) {
            spansNotEnded++;
        }
    }

    @SuppressWarnings("MustBeClosedChecker")
    private static void restore(Context parent) {
        parent.makeCurrent(); // deliberately never closed: it puts the caller's context back, as closing would have
    }
}
