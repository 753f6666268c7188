package dev.fctracing;

import dev.fctracing.internal.invocation.InvocationStarter;
import java.util.function.Function;

/**
 * Tracing for custom runtimes and custom containers (a Spring Boot app, any HTTP server): FC sends the tracing
 * context as request headers ({@code x-fc-tracing-opentracing-span-context}, {@code
 * x-fc-tracing-opentracing-span-baggages}, {@code x-fc-tracing-jaeger-endpoint}, plus W3C {@code traceparent} and
 * {@code baggage} when present) instead of a {@code Context} object. {@link #start} binds the same per-invocation
 * context the {@code @FcHandler} aspect binds, so {@code @Traced} methods nest the same way. For servlet
 * containers, {@link dev.fctracing.servlet.FcTracingFilter} does it for every request.
 */
public final class CustomRuntimeTracing {

    private CustomRuntimeTracing() {}

    /**
     * Starts tracing the request whose headers {@code requestHeaders} reads (case-insensitive lookup by name, {@code
     * null} when absent — e.g. {@code request::getHeader}). Never throws; without FC's tracing headers the request runs
     * untraced.
     */
    public static TracedInvocation start(Function<String, String> requestHeaders) {
        return new TracedInvocation(InvocationStarter.beginFromHeaders(requestHeaders));
    }
}
