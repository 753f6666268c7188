package dev.fctracing.internal.traced;

import dev.fctracing.internal.usercode.ThrowableMemo;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * How the span of a method that returns a {@link CompletionStage} ends: when the stage completes, not when the method
 * returns.
 *
 * <p>A stage that is a plain {@link CompletableFuture}, returned from a method declared to return
 * {@code CompletableFuture} or {@code CompletionStage}, is handed to the caller as a new future that completes
 * exactly like it — the same value or the same exception object, stored the same way, so {@code join}, {@code get},
 * {@code exceptionally} and {@code isCancelled} behave alike — but only after the span has ended: a caller that
 * joins it and returns cannot return before its span is queued for the invocation's flush. (OpenTelemetry's own
 * instrumentation returns the stage from {@code whenComplete} for the same reason; that stage wraps an exception in
 * a new {@code CompletionException}, which {@code exceptionally} would see.) Completing or cancelling the returned future
 * completes or cancels the original, as it would have without tracing. A stage that is already complete when the
 * method returns ends the span at once and is returned as it is.
 *
 * <p>Any other stage (a subclass of {@code CompletableFuture}, another implementation) is returned unchanged, its
 * span ended by a callback; a caller that joins it may then return just before that span has ended.
 */
enum AsyncEnd {
    /** Not a {@code CompletionStage} method: the span ends when the method returns. */
    NONE,
    /** Declared to return exactly {@code CompletableFuture} or {@code CompletionStage}. */
    REPLACEABLE,
    /** Declared to return another {@code CompletionStage} type: the stage is returned unchanged. */
    CALLBACK;

    static AsyncEnd of(Class<?> declaredReturnType) {
        if (declaredReturnType == CompletableFuture.class || declaredReturnType == CompletionStage.class) {
            return REPLACEABLE;
        }
        return CompletionStage.class.isAssignableFrom(declaredReturnType) ? CALLBACK : NONE;
    }

    /**
     * Ends {@code span} when {@code stage} completes; returns what the caller gets. Callbacks are attached with {@code
     * handle}, never {@code whenComplete}: the stage {@code whenComplete} returns wraps the exception in a new {@code
     * CompletionException}, whose constructor calls the exception's {@code toString()} (user code, perhaps hostile) on
     * the completing thread; {@code handle}'s passes it through untouched.
     */
    Object endWhenComplete(TracedMethod method, Span span, CompletionStage<?> stage, ThrowableMemo memo) {
        if (this == REPLACEABLE && stage.getClass() == CompletableFuture.class) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> original = (CompletableFuture<Object>) stage;
            if (original.isDone()) {
                original.handle(new EndSpan(method, span, null, memo)); // runs now, on this thread
                return original;
            }
            CompletableFuture<Object> forCaller = new CompletableFuture<>();
            original.handle(new EndSpan(method, span, forCaller, memo));
            forCaller.handle(new Forward(original));
            return forCaller;
        }
        stage.handle(new EndSpan(method, span, null, memo));
        return stage;
    }

    /** Ends the span, then completes the caller's future as the original completed. */
    private static final class EndSpan implements BiFunction<Object, Throwable, Void> {
        private final TracedMethod method;
        private final Span span;
        private final CompletableFuture<Object> forCaller;
        private final ThrowableMemo memo;

        EndSpan(TracedMethod method, Span span, CompletableFuture<Object> forCaller, ThrowableMemo memo) {
            this.method = method;
            this.span = span;
            this.forCaller = forCaller;
            this.memo = memo;
        }

        @Override
        public Void apply(Object value, Throwable error) {
            try {
                method.endAsync(span, value, error, memo);
            } catch (Throwable tracingFailure) {
                // the caller's future completes all the same
            } finally {
                if (forCaller != null) {
                    if (error != null) {
                        forCaller.completeExceptionally(error);
                    } else {
                        forCaller.complete(value);
                    }
                }
            }
            return null;
        }
    }

    /** A caller that completes or cancels its future completes or cancels the original, as without tracing. */
    private static final class Forward implements BiFunction<Object, Throwable, Void> {
        private final CompletableFuture<Object> original;

        Forward(CompletableFuture<Object> original) {
            this.original = original;
        }

        @Override
        public Void apply(Object value, Throwable error) {
            if (original.isDone()) {
                return null; // completed from the original: nothing to forward
            }
            if (error instanceof CancellationException) {
                original.cancel(false);
            } else if (error != null) {
                original.completeExceptionally(error);
            } else {
                original.complete(value);
            }
            return null;
        }
    }
}
