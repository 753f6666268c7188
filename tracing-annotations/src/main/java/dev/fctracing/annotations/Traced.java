package dev.fctracing.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose every execution becomes a span, a child of whatever span is current (inside an FC
 * invocation: the handler span of an {@link FcHandler} class, or an enclosing {@code @Traced} method).
 *
 * <p>The span is made by code woven in at build time by {@code aspectj-maven-plugin} with {@code tracing-aspects}
 * as an aspect library; without that weave the annotation does nothing. Outside an invocation (no current span) the
 * method runs untraced. An exception thrown by the method is recorded on the span, the span's status is set to
 * error, and the same exception object reaches the caller.
 *
 * <p>When the declared return type is a {@code CompletionStage} (such as {@code CompletableFuture}), the span ends
 * when the returned stage completes (exceptionally: status error), and the caller gets that very stage.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Traced {

    /** Span name; empty (the default) means {@code SimpleClassName.methodName}. */
    String value() default "";

    /** Span kind; {@link Kind#INTERNAL} unless the method calls or serves something across a process boundary. */
    Kind kind() default Kind.INTERNAL;

    /**
     * {@code false} starts a new trace (a root span) linked to the current span instead of a child of it — for work
     * that outlives or fans out of the request, such as a batch item. Default {@code true}.
     */
    boolean inheritContext() default true;

    /**
     * Records the return value as the span attribute {@code fctracing.return_value} (typed like
     * {@link SpanAttribute}, cut to {@code FCTRACING_CAPTURE_MAX_LENGTH} chars). Off by default: nothing from user
     * data is captured unless asked for.
     */
    boolean captureReturn() default false;

    /**
     * The kinds of span, mirroring OpenTelemetry's {@code SpanKind} so that this module needs no run-time
     * dependency.
     */
    enum Kind {
        /** Work inside the function. */
        INTERNAL,
        /** Handling a request from a remote caller. */
        SERVER,
        /** A call to a remote service (HTTP, RDS, OSS...). */
        CLIENT,
        /** Sending a message to a broker. */
        PRODUCER,
        /** Processing a message from a broker. */
        CONSUMER
    }
}
