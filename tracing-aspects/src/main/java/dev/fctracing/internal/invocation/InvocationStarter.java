package dev.fctracing.internal.invocation;

import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.fc.InvocationRequest;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.weaving.WeavingSelfCheck;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.function.Function;
import org.aspectj.lang.JoinPoint;

/**
 * Binds an FC invocation to OpenTelemetry: starts the runtime on first use, points the exporter at FC's Jaeger
 * endpoint, and opens a SERVER span under the invocation's parent ({@link InvocationParent}: FC's span, else a W3C
 * {@code traceparent}) with the invocation's {@link Baggage}, current on the calling thread until
 * {@link FcInvocation#end()}.
 *
 * <p>Missing or malformed tracing input never fails the function: it is logged once and the call runs untraced.
 */
public final class InvocationStarter {

    private InvocationStarter() {}

    /** The entry aspect's call: the entry point and handler class come from the join point. */
    public static FcInvocation begin(com.aliyun.fc.runtime.Context fcContext, JoinPoint.StaticPart joinPoint) {
        return begin(fcContext, null, joinPoint);
    }

    /**
     * The entry aspect's call for an {@code HttpRequestHandler}: {@code headers} reads the HTTP request's headers, for
     * a W3C {@code traceparent} and {@code baggage}.
     */
    public static FcInvocation begin(
            com.aliyun.fc.runtime.Context fcContext, Function<String, String> headers, JoinPoint.StaticPart joinPoint) {
        FcRole entry = null;
        try {
            TracingInstance instance = entered();
            entry = FcRole.ofMethod(joinPoint.getSignature().getName());
            Class<?> handlerClass = joinPoint.getSignature().getDeclaringType();
            if (!instance.config().disabled()) {
                WeavingSelfCheck.onFirstInvocation(instance, handlerClass);
            }
            if (fcContext == null) {
                if (!instance.config().disabled() && instance.nullContextLogged.compareAndSet(false, true)) {
                    InternalLog.warn(handlerClass.getName() + "." + entry.methodName()
                            + " was called with a null FC Context: untraced");
                }
                return FcInvocation.untraced(entry);
            }
            return begin(
                    instance, InvocationRequest.fromFcContext(fcContext, headers), entry, handlerClass.getSimpleName());
        } catch (Throwable tracingFailure) {
            return failedToStart(tracingFailure, entry);
        }
    }

    /**
     * A lifecycle hook that {@code LifecycleHooksAspect} added to a handler class: the hook's span, then what the hook
     * does for tracing (export what is queued; stop after {@code preStop}). Never throws.
     */
    public static void lifecycleHook(com.aliyun.fc.runtime.Context fcContext, FcRole role, Class<?> handlerClass) {
        FcInvocation invocation;
        try {
            TracingInstance instance = entered();
            invocation = fcContext == null
                    ? FcInvocation.untraced(role)
                    : begin(
                            instance,
                            InvocationRequest.fromFcContext(fcContext, null),
                            role,
                            handlerClass.getSimpleName());
        } catch (Throwable tracingFailure) {
            invocation = FcInvocation.untraced(role);
        }
        invocation.end();
    }

    /** A custom runtime's request, described by its {@code x-fc-*} headers. Never throws. */
    public static FcInvocation beginFromHeaders(Function<String, String> headers) {
        try {
            TracingInstance instance = entered();
            if (!instance.config().disabled()) {
                WeavingSelfCheck.onFirstInvocation(instance, null);
            }
            return begin(instance, InvocationRequest.fromHeaders(headers), FcRole.REQUEST, "request");
        } catch (Throwable tracingFailure) {
            return failedToStart(tracingFailure, FcRole.REQUEST);
        }
    }

    /**
     * Starts tracing one call of {@code entry}. Never returns {@code null}.
     *
     * @param handlerName names the handler span when FC did not name the function
     */
    public static FcInvocation begin(InvocationRequest request, FcRole entry, String handlerName) {
        return begin(entered(), request, entry, handlerName);
    }

    /**
     * The instance, told that an invocation is being bound (whether or not it ends up traced): from now on the
     * {@code @Traced} calls outside any invocation are no sign that the function binds none.
     */
    private static TracingInstance entered() {
        TracingInstance instance = TracingInstance.current();
        instance.outsideInvocation.invocationBound();
        return instance;
    }

    static FcInvocation begin(TracingInstance instance, InvocationRequest request, FcRole entry, String handlerName) {
        TracingConfig config = instance.config();
        if (config.disabled() || InvocationState.of(Context.current()) != null) {
            return FcInvocation.PASS_THROUGH;
        }
        String endpoint = request.jaegerEndpoint;
        if (endpoint == null
                && instance.runtime() == null
                && !TracingRuntime.canTraceWithoutFcEndpoint(config, instance.userParts())) {
            logTracingOff(instance);
            return FcInvocation.untraced(entry);
        }
        String functionName = request.functionName != null
                ? request.functionName
                : trimmed(instance.env().get("FC_FUNCTION_NAME"));
        TracingRuntime runtime = instance.startRuntimeIfNeeded(serviceName(instance, request, functionName));
        if (runtime == null) {
            return FcInvocation.untraced(entry);
        }
        Route route = runtime.bindInvocation(endpoint);
        if (route == null) {
            if (endpoint == null) {
                logTracingOff(instance);
            }
            return FcInvocation.untraced(entry);
        }
        InvocationParent parent = InvocationParent.of(request);
        if (parent.baggageTrimmed && instance.baggageCapLogged.compareAndSet(false, true)) {
            InternalLog.warn("some FC baggage items were skipped: null or empty keys, null values, keys or values over "
                    + InvocationParent.MAX_BAGGAGE_LENGTH + " chars, or items past the first "
                    + InvocationParent.MAX_BAGGAGE_ENTRIES);
        }
        if (entry == FcRole.REQUEST) {
            runtime.invocationStarted();
        }
        InvocationState state = new InvocationState(route);
        // The state is in the handler span's parent context too: the processor reads the span's route from there.
        Context invocation = state.storeIn(parent.context);
        Span span = startSpan(instance, runtime, invocation, parent.link, request, entry, handlerName, functionName);
        Context caller = Context.current();
        return new FcInvocation(
                entry, runtime, span, state, invocation.with(span).makeCurrent(), caller);
    }

    private static void logTracingOff(TracingInstance instance) {
        if (instance.tracingOffLogged.compareAndSet(false, true)) {
            InternalLog.info(
                    "FC passed no Jaeger endpoint (context.getTracing()), so tracing is off for this function: enable"
                            + " tracing (Tracing Analysis) in the function's configuration to see spans");
        }
    }

    /**
     * The call runs untraced, but keeps its lifecycle duties: a {@code preFreeze} or {@code preStop} whose FC Context
     * cannot be read still exports what is queued (and {@code preStop} still stops tracing).
     */
    private static FcInvocation failedToStart(Throwable tracingFailure, FcRole entry) {
        if (!(tracingFailure instanceof VirtualMachineError)) {
            ThrottledLog.warn(
                    "invocation start",
                    "fc-tracing could not start this invocation's span (the function runs untraced): "
                            + tracingFailure.getClass().getName());
        }
        return entry == null ? FcInvocation.PASS_THROUGH : FcInvocation.untraced(entry);
    }

    private static Span startSpan(
            TracingInstance instance,
            TracingRuntime runtime,
            Context parent,
            SpanContext link,
            InvocationRequest request,
            FcRole entry,
            String handlerName,
            String functionName) {
        String spanName;
        if (entry == FcRole.REQUEST) {
            spanName = functionName != null ? functionName : handlerName + ".handleRequest";
        } else {
            spanName = entry.methodName();
        }
        SpanBuilder builder = runtime.tracer()
                .spanBuilder(spanName)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(FaasAttributes.CLOUD_PROVIDER, FaasAttributes.ALIBABA_CLOUD)
                .setAttribute(FaasAttributes.CLOUD_PLATFORM, FaasAttributes.ALIBABA_CLOUD_FC);
        if (link != null) {
            builder.addLink(link);
        }
        if (request.requestId != null) {
            builder.setAttribute(FaasAttributes.FAAS_INVOCATION_ID, request.requestId);
        }
        if (functionName != null) {
            builder.setAttribute(FaasAttributes.FAAS_NAME, functionName);
        }
        if (entry == FcRole.REQUEST) {
            builder.setAttribute(FaasAttributes.FAAS_COLDSTART, instance.coldStartPending.getAndSet(false));
        }
        if (request.headers != null && entry == FcRole.REQUEST) {
            builder.setAttribute(FaasAttributes.FAAS_TRIGGER, FaasAttributes.TRIGGER_HTTP);
        }
        if (request.qualifier != null) {
            builder.setAttribute(FaasAttributes.FAAS_VERSION, request.qualifier);
        }
        if (request.memoryLimitMb > 0) {
            builder.setAttribute(FaasAttributes.FAAS_MAX_MEMORY, request.memoryLimitMb * 1024L * 1024L);
        }
        return builder.startSpan();
    }

    private static String serviceName(TracingInstance instance, InvocationRequest request, String functionName) {
        TracingConfig config = instance.config();
        if (config.serviceName() != null) {
            return config.serviceName();
        }
        String configured = trimmed(config.resourceAttributes().get("service.name"));
        if (configured != null) {
            return configured;
        }
        String name = request.serviceName != null
                ? request.serviceName
                : trimmed(instance.env().get("FC_SERVICE_NAME"));
        if (name == null) {
            name = functionName;
        }
        return name != null ? name : "fc-function";
    }

    private static String trimmed(String value) {
        return InvocationRequest.trimToNull(value);
    }
}
