package dev.fctracing;

import dev.fctracing.internal.invocation.FcInvocation;

/**
 * One invocation traced by hand, for custom runtimes and custom containers where no {@code @FcHandler} entry point
 * is woven: made by {@link CustomRuntimeTracing#start}, current on the calling thread until {@link #close()}, which
 * ends the handler span and exports the invocation's spans before the response is sent.
 *
 * <pre>{@code
 * try (TracedInvocation invocation = CustomRuntimeTracing.start(request::getHeader)) {
 *   try {
 *     handle(request, response);
 *   } catch (RuntimeException e) {
 *     invocation.recordException(e);
 *     throw e;
 *   }
 * }
 * }</pre>
 *
 * Use it on the thread that handles the request; it is not thread-safe.
 */
public final class TracedInvocation implements AutoCloseable {

    private final FcInvocation invocation;
    private boolean closed;

    TracedInvocation(FcInvocation invocation) {
        this.invocation = invocation;
    }

    /** Marks the invocation failed with {@code error} (status error, exception recorded). Never throws. */
    public void recordException(Throwable error) {
        invocation.fail(error);
    }

    /** Ends the handler span, restores the thread's context and exports, within the flush budget. Never throws. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            invocation.end();
        }
    }
}
