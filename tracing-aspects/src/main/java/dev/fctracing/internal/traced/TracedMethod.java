package dev.fctracing.internal.traced;

import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.instance.OutsideInvocationWatch;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.log.ThrottledLog;
import dev.fctracing.internal.sdk.TracingRuntime;
import dev.fctracing.internal.usercode.RenderBudget;
import dev.fctracing.internal.usercode.SpanFailure;
import dev.fctracing.internal.usercode.ThrowableMemo;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.CodeAttributes;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * One {@code @Traced} method: what its spans look like (name, kind, parent, captured values), worked out once on its
 * first traced call — from the annotation values ajc bound at weave time, or for the rarer methods that capture
 * values or start a new trace, from their annotations — and cached per join point. The {@code @Traced} aspect's only
 * collaborator.
 *
 * <p>Per call: one thread-local read and one lock-free map read before deciding to trace; nothing more when no
 * sampled span is current (tracing off, or FC did not sample this request), and outside an invocation only what
 * {@link OutsideInvocationWatch#noteCall} costs (a volatile read, and while no invocation was ever bound a count). Arguments are
 * only read for methods with {@link SpanAttribute} parameters.
 */
public final class TracedMethod {

    /** Key of a return value captured with {@code captureReturn}. */
    static final String RETURN_VALUE = "fctracing.return_value";

    /**
     * What each join point's method looks like, worked out on its first traced call: facts about the woven code only
     * (no configuration), so the memo is right for any instance state and never needs resetting.
     */
    private static final ConcurrentHashMap<JoinPoint.StaticPart, TracedMethod> METHODS = new ConcurrentHashMap<>();

    private final String spanName;
    private final SpanKind kind;
    /** {@code code.function.name}, recorded when {@code FCTRACING_CODE_ATTRIBUTES} is on. */
    private final String functionName;

    private final boolean inheritContext;
    private final AsyncEnd async;
    /** Per parameter: its capture, or {@code null} when not a {@code @SpanAttribute}; {@code null} if none is. */
    private final AttributeCapture[] arguments;

    private final AttributeCapture returnValue;

    TracedMethod(
            String spanName,
            SpanKind kind,
            String functionName,
            boolean inheritContext,
            AsyncEnd async,
            AttributeCapture[] arguments,
            AttributeCapture returnValue) {
        this.spanName = spanName;
        this.kind = kind;
        this.functionName = functionName;
        this.inheritContext = inheritContext;
        this.async = async;
        this.arguments = arguments;
        this.returnValue = returnValue;
    }

    /**
     * The method at {@code joinPoint} if this call is to be traced — {@code parent}, the caller's context, holds a
     * sampled span and the runtime is running — else {@code null}, and the method just runs. For methods whose {@code @Traced} keeps
     * {@code inheritContext} and {@code captureReturn} at their defaults and that have no {@code @SpanAttribute}
     * parameter: ajc binds the annotation's {@code value} and {@code kind} at weave time, so describing the method
     * on its first traced call reads no annotation (annotation parsing and its proxy classes are a visible part of a
     * cold start: {@code benchmarks/HARNESSES.md}).
     *
     * @param name {@code @Traced.value()}, as written (empty for the default name)
     * @param kind {@code @Traced.kind()}
     */
    public static TracedMethod forCall(JoinPoint.StaticPart joinPoint, String name, Traced.Kind kind, Context parent) {
        if (!tracingCurrent(joinPoint, parent)) {
            return null;
        }
        TracedMethod method = METHODS.get(joinPoint);
        return method != null ? method : remember(joinPoint, describe(joinPoint, name, kind));
    }

    /**
     * The method at {@code joinPoint} if this call is to be traced, else {@code null}: for methods with
     * {@code @SpanAttribute} parameters or a non-default {@code inheritContext} / {@code captureReturn}, described
     * from the method's annotations (by reflection) on its first traced call.
     */
    public static TracedMethod forCall(JoinPoint.StaticPart joinPoint, Context parent) {
        if (!tracingCurrent(joinPoint, parent)) {
            return null;
        }
        TracedMethod method = METHODS.get(joinPoint);
        return method != null ? method : remember(joinPoint, describeFromAnnotations(joinPoint));
    }

    /**
     * Whether {@code parent} holds a sampled span and the runtime is running. With no span at all, the call is outside
     * any invocation: {@link OutsideInvocationWatch} hears of it, so that a function that never binds one is told why
     * it gets no spans.
     */
    private static boolean tracingCurrent(JoinPoint.StaticPart joinPoint, Context parent) {
        Span current = Span.fromContextOrNull(parent);
        if (current == null) {
            OutsideInvocationWatch.noteCall(joinPoint);
            return false;
        }
        return current.getSpanContext().isSampled() && TracingInstance.current().runtime() != null;
    }

    /**
     * Starts this call's span under {@code parent} (not yet current). An invalid span if tracing stopped meanwhile
     * ({@code preStop} on another thread): the call then runs as if untraced.
     */
    public Span start(Context parent) {
        return start(parent, null);
    }

    /** Starts this call's span with its {@code @SpanAttribute} arguments taken from {@code args}. */
    public Span start(Context parent, Object[] args) {
        TracingRuntime runtime = TracingInstance.current().runtime();
        if (runtime == null) {
            return Span.getInvalid();
        }
        SpanBuilder builder = runtime.tracer().spanBuilder(spanName).setSpanKind(kind);
        if (runtime.config().codeAttributes()) {
            builder.setAttribute(CodeAttributes.CODE_FUNCTION_NAME, functionName);
        }
        if (inheritContext) {
            builder.setParent(parent);
        } else {
            // A new trace linked to the current span; the parent context (the invocation's state) is kept.
            builder.setParent(parent.with(Span.getInvalid()))
                    .addLink(Span.fromContext(parent).getSpanContext());
        }
        if (arguments != null && args != null) {
            RenderBudget budget = budgetOf(parent);
            int maxLength = runtime.config().captureMaxLength();
            for (int i = 0; i < arguments.length && i < args.length; i++) {
                if (arguments[i] != null) {
                    arguments[i].put(builder, args[i], maxLength, budget);
                }
            }
        }
        return builder.startSpan();
    }

    /**
     * Ends {@code span} for a call that returned {@code result}, and returns what the caller gets: {@code result}
     * itself, except for a method declared to return exactly {@code CompletableFuture} or {@code CompletionStage},
     * whose caller gets a future that completes like {@code result} (same value, same exception object) only after the
     * span has ended — so that a caller's {@code join()} cannot return before the span is on its way ({@link
     * AsyncEnd}). Never throws.
     */
    public Object end(Span span, Object result) {
        try {
            if (async != AsyncEnd.NONE && result instanceof CompletionStage) {
                return async.endWhenComplete(this, span, (CompletionStage<?>) result, memoOf(Context.current()));
            }
            if (returnValue != null) {
                returnValue.put(span, result, captureMaxLength(), budgetOf(Context.current()));
            }
            span.end();
        } catch (Throwable tracingFailure) {
            ThrottledLog.warn(
                    "end",
                    "could not end a @Traced span: " + tracingFailure.getClass().getName());
        }
        return result;
    }

    /** Ends {@code span} for a call that returned a primitive value (nothing is captured). Never throws. */
    public void end(Span span) {
        try {
            span.end();
        } catch (Throwable tracingFailure) {
            ThrottledLog.warn(
                    "end",
                    "could not end a @Traced span: " + tracingFailure.getClass().getName());
        }
    }

    /**
     * Ends {@code span} of an asynchronous call when its stage completed with {@code value} or {@code error}.
     *
     * @param memo the memo of the invocation that made the call (each throwable rendered once in it, however many
     *     {@code @Traced} futures it passes through), or {@code null} outside one
     */
    void endAsync(Span span, Object value, Throwable error, ThrowableMemo memo) {
        if (error != null) {
            SpanFailure.endFailed(
                    span,
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error,
                    memo,
                    TracingInstance.current().config().attributeValueLengthLimit());
            return;
        }
        try {
            if (returnValue != null) {
                returnValue.put(span, value, captureMaxLength(), RenderBudget.perInvocation());
            }
        } finally {
            span.end();
        }
    }

    private static int captureMaxLength() {
        return TracingInstance.current().config().captureMaxLength();
    }

    /** The memo of the invocation {@code context} belongs to; {@code null} outside one. */
    private static ThrowableMemo memoOf(Context context) {
        InvocationState invocation = InvocationState.of(context);
        return invocation != null ? invocation.throwables() : null;
    }

    /** The time budget for user {@code toString()}s of the invocation {@code context} belongs to. */
    private static RenderBudget budgetOf(Context context) {
        InvocationState invocation = InvocationState.of(context);
        return invocation != null ? invocation.throwables().budget() : RenderBudget.perInvocation();
    }

    private static TracedMethod remember(JoinPoint.StaticPart joinPoint, TracedMethod described) {
        TracedMethod raced = METHODS.putIfAbsent(joinPoint, described);
        return raced != null ? raced : described;
    }

    /** From the join point's signature and the weave-time bound annotation values: no reflection. */
    private static TracedMethod describe(JoinPoint.StaticPart joinPoint, String name, Traced.Kind kind) {
        MethodSignature signature = (MethodSignature) joinPoint.getSignature();
        Class<?> declaringType = signature.getDeclaringType();
        return new TracedMethod(
                nameOf(name, declaringType, signature.getName()),
                kindOf(kind),
                declaringType.getName() + "." + signature.getName(),
                true,
                AsyncEnd.of(signature.getReturnType()),
                null,
                null);
    }

    /** From the method's {@code @Traced} and {@code @SpanAttribute} annotations, read by reflection. */
    private static TracedMethod describeFromAnnotations(JoinPoint.StaticPart joinPoint) {
        MethodSignature signature = (MethodSignature) joinPoint.getSignature();
        Method method = signature.getMethod();
        Traced traced = method.getAnnotation(Traced.class);
        return new TracedMethod(
                nameOf(traced == null ? "" : traced.value(), method.getDeclaringClass(), method.getName()),
                traced == null ? SpanKind.INTERNAL : kindOf(traced.kind()),
                method.getDeclaringClass().getName() + "." + method.getName(),
                traced == null || traced.inheritContext(),
                AsyncEnd.of(method.getReturnType()),
                argumentCaptures(method, signature.getParameterNames()),
                traced != null && traced.captureReturn() && method.getReturnType() != void.class
                        ? new AttributeCapture(RETURN_VALUE)
                        : null);
    }

    /** {@code name} trimmed, or {@code SimpleClassName.methodName} when it is empty. */
    private static String nameOf(String name, Class<?> declaringType, String methodName) {
        String trimmed = name == null ? "" : name.trim();
        return trimmed.isEmpty() ? declaringType.getSimpleName() + "." + methodName : trimmed;
    }

    private static AttributeCapture[] argumentCaptures(Method method, String[] sourceNames) {
        Annotation[][] annotations = method.getParameterAnnotations();
        java.lang.reflect.Parameter[] parameters = method.getParameters();
        AttributeCapture[] captures = null;
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof SpanAttribute) {
                    if (captures == null) {
                        captures = new AttributeCapture[annotations.length];
                    }
                    captures[i] =
                            new AttributeCapture(attributeName((SpanAttribute) annotation, parameters, sourceNames, i));
                }
            }
        }
        return captures;
    }

    private static String attributeName(
            SpanAttribute annotation, java.lang.reflect.Parameter[] parameters, String[] sourceNames, int index) {
        String name = annotation.value().trim();
        if (!name.isEmpty()) {
            return name;
        }
        if (index < parameters.length && parameters[index].isNamePresent()) {
            return parameters[index].getName();
        }
        if (sourceNames != null && index < sourceNames.length && sourceNames[index] != null) {
            return sourceNames[index];
        }
        return "arg" + index;
    }

    static SpanKind kindOf(Traced.Kind kind) {
        switch (kind) {
            case SERVER:
                return SpanKind.SERVER;
            case CLIENT:
                return SpanKind.CLIENT;
            case PRODUCER:
                return SpanKind.PRODUCER;
            case CONSUMER:
                return SpanKind.CONSUMER;
            default:
                return SpanKind.INTERNAL;
        }
    }
}
