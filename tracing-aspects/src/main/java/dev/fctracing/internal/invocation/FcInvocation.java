package dev.fctracing.internal.invocation;

import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.correlation.LogCorrelation;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.usercode.SpanFailure;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.TimeUnit;

/**
 * One call of an FC entry point as the entry aspect sees it: the handler span and its scope (when traced), and
 * what has to happen when the call ends — end the span, restore the thread's context, flush, and for
 * {@code preStop} shut tracing down. Made by {@link InvocationStarter}; used by one thread.
 */
public final class FcInvocation {

    /** A nested entry call inside an invocation that is already traced: nothing to do at all. */
    static final FcInvocation PASS_THROUGH = new FcInvocation(null, null, null, null, null, null);

    private final FcRole entry;
    private final TracingRuntime runtime;
    private final Span span;
    /** The invocation's state in its context (exceptions rendered so far); null when untraced. */
    private final InvocationState state;

    private final Scope scope;
    /** The thread's context before the invocation, restored at its end; null when nothing was made current. */
    private final Context caller;

    FcInvocation(FcRole entry, TracingRuntime runtime, Span span, InvocationState state, Scope scope, Context caller) {
        this.entry = entry;
        this.runtime = runtime;
        this.span = span;
        this.state = state;
        this.scope = scope;
        this.caller = caller;
    }

    /** An untraced call of {@code entry}: only its lifecycle duties (flush, shutdown) remain. */
    static FcInvocation untraced(FcRole entry) {
        return new FcInvocation(entry, null, null, null, null, null);
    }

    /**
     * Records that the handler threw {@code error} (rendered at most once per invocation, nothing rendered for a
     * {@code VirtualMachineError}); the caller rethrows it unchanged. Never throws.
     */
    public void fail(Throwable error) {
        if (span != null) {
            SpanFailure.recordFailure(
                    span, error, state.throwables(), runtime.config().attributeValueLengthLimit());
        }
    }

    /**
     * Ends the span and restores the thread's context; then, by the entry point: a request exports before returning,
     * or leaves its spans to {@code preFreeze} in deferred export ({@link TracingInstance#deferredExport()}); {@code
     * initialize} exports; {@code preFreeze} exports everything queued within the hook budget; {@code preStop} does too,
     * then stops tracing. Never throws.
     */
    public void end() {
        if (entry == null) {
            return;
        }
        endSpanAndScope();
        try {
            TracingInstance instance = TracingInstance.current();
            switch (entry) {
                case REQUEST:
                    if (runtime != null) {
                        boolean deferred = instance.deferredExport();
                        runtime.invocationEnded(deferred);
                        if (!deferred) {
                            flushKeepingInterrupt(runtime, runtime.config().flushTimeoutNanos());
                        }
                    }
                    break;
                case INITIALIZE:
                    if (runtime != null) {
                        flushKeepingInterrupt(runtime, runtime.config().flushTimeoutNanos());
                    }
                    break;
                case PRE_FREEZE:
                    instance.preFreezeSeen.set(true);
                    flushKeepingInterrupt(instance.runtime(), instance.config().hookTimeoutNanos());
                    break;
                default: // PRE_STOP
                    flushKeepingInterrupt(instance.runtime(), instance.config().hookTimeoutNanos());
                    instance.stopRuntime();
            }
        } catch (Throwable tracingFailure) {
            warnUnlessVmError(
                    tracingFailure,
                    "invocation end",
                    "fc-tracing failed while ending an invocation (the function is unaffected): ");
        }
        if (entry == FcRole.REQUEST) {
            openWeavingCheck();
        }
    }

    /**
     * A request has ended and exported: the weaving check may run now (see {@code WeavingSelfCheck}). Not after {@code
     * initialize}: the first request follows it at once and would share a core with the check.
     */
    private static void openWeavingCheck() {
        try {
            TracingInstance.current().firstRequestEnded.countDown();
        } catch (Throwable ignored) {
            // best effort: the check also starts on its own after WeavingSelfCheck.MAX_DELAY_MILLIS
        }
    }

    /** Out of memory or stack, tracing says nothing: a log line would need both. */
    private static void warnUnlessVmError(Throwable failure, String cause, String message) {
        if (!(failure instanceof VirtualMachineError)) {
            ThrottledLog.warn(cause, message + failure.getClass().getName());
        }
    }

    /**
     * Ends the handler's span, closes our scope and marks the invocation's state ended, each on its own: a span
     * processor of the function's that throws from {@code onEnd} must not leave the thread's context behind nor skip
     * the flush and shutdown that follow.
     */
    private void endSpanAndScope() {
        try {
            if (span != null) {
                span.end();
            }
        } catch (Throwable endFailure) {
            warnUnlessVmError(endFailure, "span end", "ending the handler span failed (the function is unaffected): ");
        }
        try {
            if (scope != null) {
                scope.close();
                restoreCaller();
                LogCorrelation.scopeClosed();
            }
        } catch (Throwable closeFailure) {
            warnUnlessVmError(closeFailure, "scope close", "restoring the thread's context failed: ");
        }
        if (state != null) {
            state.end();
        }
    }

    /**
     * A handler may return with its thread's interrupt flag set (it restored an interrupt it caught): the flush must
     * not be cut short by it, and the flag must still be set when the call returns to FC.
     */
    private static void flushKeepingInterrupt(TracingRuntime target, long budget) {
        if (target == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            flush(target, budget);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A scope the handler opened and never closed stays current after ours is closed (OpenTelemetry ignores closing a
     * scope that is not the current one), and would make every later invocation on this pooled thread look nested.
     * Put the caller's context back; the leaked scope is deliberately never closed.
     */
    private void restoreCaller() {
        if (Context.current() != caller) {
            @SuppressWarnings("MustBeClosedChecker")
            Scope restored = caller.makeCurrent();
            InternalLog.debug("a scope opened during the invocation was not closed; the thread's context was restored");
        }
    }

    private static void flush(TracingRuntime target, long budget) {
        if (!target.flush(budget)) {
            InvocationSpanProcessor processor = target.processor(); // null with the function's own OpenTelemetry
            ThrottledLog.warn(
                    "flush incomplete",
                    "spans were not all exported within "
                            + TimeUnit.NANOSECONDS.toMillis(budget)
                            + " ms (FCTRACING_FLUSH_TIMEOUT_MS, or FCTRACING_HOOK_TIMEOUT_MS in preFreeze and preStop); the function"
                            + " was not delayed further"
                            + (processor == null
                                    ? ""
                                    : ". Failed or late exports so far: " + processor.failedExports()
                                            + ", spans dropped: " + processor.droppedSpans()));
        }
    }
}
