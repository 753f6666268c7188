package dev.fctracing.internal.fc;

import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import java.util.Collections;
import java.util.Map;
import java.util.function.Function;

/**
 * What one invocation says about itself, whichever way it arrived: an FC {@code Context} (built-in runtimes, plus the
 * HTTP request's headers for an {@code HttpRequestHandler}) or the {@code x-fc-*} request headers a custom runtime or
 * custom container receives. Values FC did not send are {@code null}.
 */
public final class InvocationRequest {

    /** Custom-runtime header: Jaeger span context of FC's span. */
    public static final String SPAN_CONTEXT_HEADER = "x-fc-tracing-opentracing-span-context";
    /** Custom-runtime header: base64 of a JSON object of baggage items. */
    public static final String BAGGAGE_HEADER = "x-fc-tracing-opentracing-span-baggages";
    /** Custom-runtime header: the Jaeger collector endpoint. */
    public static final String ENDPOINT_HEADER = "x-fc-tracing-jaeger-endpoint";

    public final String requestId;
    public final String functionName;
    public final String serviceName;
    public final String qualifier;
    public final long memoryLimitMb;
    public final String fcSpanContext;
    public final Map<String, String> fcBaggage;
    public final String jaegerEndpoint;
    /** Request headers that may carry W3C {@code traceparent}/{@code tracestate}/{@code baggage}; may be null. */
    public final Function<String, String> headers;

    private InvocationRequest(
            String requestId,
            String functionName,
            String serviceName,
            String qualifier,
            long memoryLimitMb,
            String fcSpanContext,
            Map<String, String> fcBaggage,
            String jaegerEndpoint,
            Function<String, String> headers) {
        this.requestId = trimToNull(requestId);
        this.functionName = trimToNull(functionName);
        this.serviceName = trimToNull(serviceName);
        this.qualifier = trimToNull(qualifier);
        this.memoryLimitMb = memoryLimitMb;
        this.fcSpanContext = fcSpanContext;
        this.fcBaggage = fcBaggage == null ? Collections.<String, String>emptyMap() : fcBaggage;
        this.jaegerEndpoint = trimToNull(jaegerEndpoint);
        this.headers = headers;
    }

    /**
     * From a built-in runtime's {@code Context} ({@code context.getTracing()} may be null).
     *
     * @param headers the HTTP request's headers for an {@code HttpRequestHandler}, else {@code null}
     */
    public static InvocationRequest fromFcContext(
            com.aliyun.fc.runtime.Context context, Function<String, String> headers) {
        FunctionParam function = context.getFunctionParam();
        Service service = context.getService();
        OpenTracing tracing = context.getTracing();
        return new InvocationRequest(
                context.getRequestId(),
                function == null ? null : function.getFunctionName(),
                service == null ? null : service.getName(),
                service == null ? null : service.getQualifier(),
                function == null ? 0 : function.getMemoryLimitInMB(),
                tracing == null ? null : tracing.getSpanContext(),
                tracing == null ? null : tracing.getSpanBaggages(),
                tracing == null ? null : tracing.getJaegerEndpoint(),
                headers);
    }

    /** From the {@code x-fc-*} headers of a custom runtime's or custom container's request. */
    public static InvocationRequest fromHeaders(Function<String, String> headers) {
        return new InvocationRequest(
                headers.apply("x-fc-request-id"),
                headers.apply("x-fc-function-name"),
                headers.apply("x-fc-service-name"),
                headers.apply("x-fc-qualifier"),
                parseLong(headers.apply("x-fc-function-memory")),
                headers.apply(SPAN_CONTEXT_HEADER),
                FcBaggageHeader.decode(headers.apply(BAGGAGE_HEADER)),
                headers.apply(ENDPOINT_HEADER),
                headers);
    }

    private static long parseLong(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
