package dev.fctracing.internal.usercode;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ExceptionAttributes;

/**
 * Ends a span whose call failed: status {@code ERROR} and an {@code exception} event (type, message, capped stack
 * trace, rendered once per invocation by {@link ThrowableMemo}), then {@code end()} — in that order of importance:
 * whatever the throwable's methods do, the span ends.
 *
 * <p>While the user's code fails with a {@link VirtualMachineError} ({@code StackOverflowError},
 * {@code OutOfMemoryError}, ...) it does the least it can: status {@code ERROR} (described by the error's type for
 * those two), {@code end()}, no rendering, no allocation it can avoid, no logging. A span whose ending failed even so
 * (the stack was exhausted at that frame) is reported by {@link #endFailed}'s result, for the caller to count.
 */
public final class SpanFailure {

    static final String STACK_OVERFLOW = "java.lang.StackOverflowError";
    static final String OUT_OF_MEMORY = "java.lang.OutOfMemoryError";
    static final String EVENT_NAME = "exception";

    private SpanFailure() {}

    /**
     * Marks {@code span} failed with {@code error} and ends it. Never throws: a failure of its own is swallowed.
     *
     * @param memo the invocation's memo, or {@code null} outside an invocation
     * @param maxLength longest text rendered for the event's attributes
     * @return whether the span was ended ({@code false}: the stack was too exhausted even for that)
     */
    public static boolean endFailed(Span span, Throwable error, ThrowableMemo memo, int maxLength) {
        try {
            recordFailure(span, error, memo, maxLength);
        } catch (Throwable noStackLeft) {
            // Calling it may overflow an exhausted stack: the span still ends below.
        }
        try {
            span.end();
            return true;
        } catch (Throwable endFailed) {
            return false;
        }
    }

    /**
     * Adds the {@code exception} event for {@code error} without ending the span (a handler span, ended later). Never
     * throws; does nothing for a {@link VirtualMachineError} but set the status.
     */
    public static void recordFailure(Span span, Throwable error, ThrowableMemo memo, int maxLength) {
        try {
            if (error instanceof VirtualMachineError) {
                span.setStatus(StatusCode.ERROR, virtualMachineErrorDescription(error));
            } else {
                span.setStatus(StatusCode.ERROR);
                recordException(span, error, memo, maxLength);
            }
        } catch (Throwable recordingFailed) {
            // best effort
        }
    }

    /**
     * Loads and initialises every class the failure path uses, and the JDK's stack-trace formatting, while the stack is
     * healthy: a class whose initialisation fails for want of stack stays unusable for the rest of the JVM's life.
     */
    public static void prepare() {
        ThrowableMemo memo = ThrowableMemo.forInvocation();
        ThrowableText text = ThrowableMemo.textFor(memo, new IllegalStateException("prepare"), 256);
        text.withoutStackTrace();
        memo.clear();
        ThrowableRenderer.callsUserCode(new Error());
        Attributes.builder().put(ExceptionAttributes.EXCEPTION_TYPE, text.type).build();
        StatusCode.ERROR.name();
    }

    private static String virtualMachineErrorDescription(Throwable error) {
        if (error instanceof StackOverflowError) {
            return STACK_OVERFLOW;
        }
        return error instanceof OutOfMemoryError ? OUT_OF_MEMORY : null;
    }

    private static void recordException(Span span, Throwable error, ThrowableMemo memo, int maxLength) {
        ThrowableText text = ThrowableMemo.textFor(memo, error, maxLength);
        AttributesBuilder attributes = Attributes.builder().put(ExceptionAttributes.EXCEPTION_TYPE, text.type);
        if (text.message != null) {
            attributes.put(ExceptionAttributes.EXCEPTION_MESSAGE, text.message);
        }
        if (text.stackTrace != null) {
            attributes.put(ExceptionAttributes.EXCEPTION_STACKTRACE, text.stackTrace);
        }
        span.addEvent(EVENT_NAME, attributes.build());
    }
}
