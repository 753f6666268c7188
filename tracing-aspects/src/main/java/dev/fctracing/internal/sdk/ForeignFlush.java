package dev.fctracing.internal.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.TimeUnit;

/**
 * Flushes a span processor or tracer provider fc-tracing did not build (the function's own), so that every span
 * ended before the call is exported when it returns {@code true}, as {@link InvocationSpanProcessor#flush} promises
 * for fc-tracing's own spans.
 *
 * <p>One {@code forceFlush()} does not promise that: OpenTelemetry's {@code BatchSpanProcessor} (1.65) hands every
 * caller the flush request already pending, which completes without the spans ended after its worker began draining;
 * and between completing a request and clearing it, it hands out the completed one. Under instance concurrency an
 * invocation's spans could then wait in the queue through FC's freeze. So a second flush is asked for once the first
 * is over, and a third if the second was already complete when handed out (the previous request, not yet cleared).
 * A flush of an empty queue exports nothing.
 */
final class ForeignFlush {

    private ForeignFlush() {}

    /** Flushes {@code processor} within {@code budgetNanos}; whether all it had been given was exported. */
    static boolean flush(SpanProcessor processor, long budgetNanos) {
        return flushTarget(processor, budgetNanos);
    }

    /** Flushes {@code provider} within {@code budgetNanos}; whether all it had been given was exported. */
    static boolean flush(SdkTracerProvider provider, long budgetNanos) {
        return flushTarget(provider, budgetNanos);
    }

    private static boolean flushTarget(Object target, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        if (!await(forceFlush(target), deadline)) {
            return false;
        }
        CompletableResultCode again = forceFlush(target);
        if (again.isDone()) {
            Thread.yield();
            again = forceFlush(target);
        }
        return await(again, deadline);
    }

    // Not a method reference: a cold JVM spins a class per lambda at first use, on the first invocation.
    private static CompletableResultCode forceFlush(Object target) {
        CompletableResultCode result = target instanceof SpanProcessor
                ? ((SpanProcessor) target).forceFlush()
                : ((SdkTracerProvider) target).forceFlush();
        return result != null ? result : CompletableResultCode.ofFailure();
    }

    private static boolean await(CompletableResultCode result, long deadline) {
        long remaining = Math.max(0, deadline - System.nanoTime());
        return result.join(remaining, TimeUnit.NANOSECONDS).isSuccess();
    }
}
