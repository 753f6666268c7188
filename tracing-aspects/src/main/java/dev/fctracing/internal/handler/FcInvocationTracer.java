package dev.fctracing.internal.handler;

import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.context.FcSpanContextParser;
import dev.fctracing.internal.sdk.TracingRuntime;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aspectj.lang.JoinPoint;

/**
 * Binds an FC invocation to OpenTelemetry: reads {@code context.getTracing()}, starts the runtime on first use,
 * points the exporter at FC's Jaeger endpoint, and opens a SERVER span whose remote parent is FC's span for the
 * request, with FC's baggage as OpenTelemetry {@link Baggage}, current on the calling thread until
 * {@link FcInvocation#end()}.
 *
 * <p>Missing or malformed tracing input never fails the function: it is logged once and the call runs untraced.
 */
public final class FcInvocationTracer {

  /** Baggage entries taken from FC, at most (W3C baggage allows 180). */
  static final int MAX_BAGGAGE_ENTRIES = 180;
  /** Longest baggage key or value taken from FC, in chars. */
  static final int MAX_BAGGAGE_LENGTH = 4096;

  private static final ContextKey<Boolean> IN_INVOCATION = ContextKey.named("dev.fctracing.invocation");
  private static final AtomicBoolean coldStartPending = new AtomicBoolean(true);
  private static volatile FcInvocationTracer instance;

  private final Environment env;
  private final TracingConfig config;
  private final AtomicBoolean nullContextLogged = new AtomicBoolean();
  private final AtomicBoolean tracingOffLogged = new AtomicBoolean();
  private final AtomicBoolean baggageCapLogged = new AtomicBoolean();

  FcInvocationTracer(Environment env) {
    this.env = env;
    this.config = TracingConfig.from(env);
  }

  /** The instance's tracer, configured from the process environment on first use. */
  public static FcInvocationTracer instance() {
    FcInvocationTracer tracer = instance;
    if (tracer == null) {
      synchronized (FcInvocationTracer.class) {
        if (instance == null) {
          instance = new FcInvocationTracer(Environment.system());
        }
        tracer = instance;
      }
    }
    return tracer;
  }

  /**
   * Tests only: behave like a new instance reading {@code env} (cold start pending again, runtime reset). Not API.
   */
  public static void resetForTesting(Environment env) {
    TracingRuntime.resetForTesting();
    synchronized (FcInvocationTracer.class) {
      instance = new FcInvocationTracer(env);
    }
    coldStartPending.set(true);
  }

  /** The entry aspect's call: the entry point and handler class come from the join point. */
  public FcInvocation begin(com.aliyun.fc.runtime.Context fcContext, JoinPoint.StaticPart joinPoint) {
    try {
      return begin(
          fcContext,
          FcEntryPoint.ofMethod(joinPoint.getSignature().getName()),
          joinPoint.getSignature().getDeclaringType());
    } catch (Throwable tracingFailure) {
      InternalLog.warn("fc-tracing could not start this invocation's span (the function runs untraced): " + tracingFailure);
      return FcInvocation.PASS_THROUGH;
    }
  }

  /**
   * Starts tracing one call of {@code entry} on {@code handlerClass}. Never throws and never returns {@code null}.
   */
  public FcInvocation begin(com.aliyun.fc.runtime.Context fcContext, FcEntryPoint entry, Class<?> handlerClass) {
    if (config.disabled() || Context.current().get(IN_INVOCATION) != null) {
      return FcInvocation.PASS_THROUGH;
    }
    dev.fctracing.internal.weaving.WeavingSelfCheck.onFirstInvocation(handlerClass);
    if (fcContext == null) {
      if (nullContextLogged.compareAndSet(false, true)) {
        InternalLog.warn(
            handlerClass.getName() + "." + entry.methodName() + " was called with a null FC Context: untraced");
      }
      return FcInvocation.untraced(entry);
    }
    OpenTracing tracing = fcContext.getTracing();
    String endpoint = tracing == null ? null : trimToNull(tracing.getJaegerEndpoint());
    if (endpoint == null) {
      if (tracingOffLogged.compareAndSet(false, true)) {
        InternalLog.info(
            "FC passed no Jaeger endpoint (context.getTracing()), so tracing is off for this function: enable"
                + " tracing (Tracing Analysis) in the function's configuration to see spans");
      }
      return FcInvocation.untraced(entry);
    }
    String functionName = functionName(fcContext);
    TracingRuntime runtime =
        TracingRuntime.startIfNeeded(config, serviceName(fcContext, functionName), env);
    if (runtime == null || !runtime.bindJaegerEndpoint(endpoint)) {
      return FcInvocation.untraced(entry);
    }
    SpanContext fcSpan = FcSpanContextParser.parseOrLog(tracing.getSpanContext());
    Context parent = withBaggage(Context.root(), tracing.getSpanBaggages());
    if (fcSpan.isValid()) {
      parent = parent.with(Span.wrap(fcSpan));
    }
    Span span = startSpan(runtime, parent, fcContext, entry, handlerClass, functionName);
    return new FcInvocation(entry, runtime, span, parent.with(span).with(IN_INVOCATION, Boolean.TRUE).makeCurrent());
  }

  private Span startSpan(
      TracingRuntime runtime,
      Context parent,
      com.aliyun.fc.runtime.Context fcContext,
      FcEntryPoint entry,
      Class<?> handlerClass,
      String functionName) {
    String spanName;
    if (entry == FcEntryPoint.HANDLE_REQUEST) {
      spanName = functionName != null ? functionName : handlerClass.getSimpleName() + ".handleRequest";
    } else {
      spanName = entry.methodName();
    }
    SpanBuilder builder =
        runtime
            .tracer()
            .spanBuilder(spanName)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(FaasAttributes.CLOUD_PROVIDER, FaasAttributes.ALIBABA_CLOUD)
            .setAttribute(FaasAttributes.CLOUD_PLATFORM, FaasAttributes.ALIBABA_CLOUD_FC);
    String requestId = fcContext.getRequestId();
    if (requestId != null) {
      builder.setAttribute(FaasAttributes.FAAS_INVOCATION_ID, requestId);
    }
    if (functionName != null) {
      builder.setAttribute(FaasAttributes.FAAS_NAME, functionName);
    }
    if (entry == FcEntryPoint.HANDLE_REQUEST) {
      builder.setAttribute(FaasAttributes.FAAS_COLDSTART, coldStartPending.getAndSet(false));
    }
    Service service = fcContext.getService();
    String qualifier = service == null ? null : trimToNull(service.getQualifier());
    if (qualifier != null) {
      builder.setAttribute(FaasAttributes.FAAS_VERSION, qualifier);
    }
    FunctionParam function = fcContext.getFunctionParam();
    if (function != null && function.getMemoryLimitInMB() > 0) {
      builder.setAttribute(FaasAttributes.FAAS_MAX_MEMORY, function.getMemoryLimitInMB() * 1024L * 1024L);
    }
    return builder.startSpan();
  }

  private Context withBaggage(Context context, Map<String, String> fcBaggage) {
    if (fcBaggage == null || fcBaggage.isEmpty()) {
      return context;
    }
    BaggageBuilder baggage = Baggage.builder();
    int taken = 0;
    boolean skipped = false;
    for (Map.Entry<String, String> item : fcBaggage.entrySet()) {
      String key = item.getKey();
      String value = item.getValue();
      if (key == null || value == null || key.isEmpty()
          || key.length() > MAX_BAGGAGE_LENGTH || value.length() > MAX_BAGGAGE_LENGTH
          || taken == MAX_BAGGAGE_ENTRIES) {
        skipped = true;
        continue;
      }
      baggage.put(key, value);
      taken++;
    }
    if (skipped && baggageCapLogged.compareAndSet(false, true)) {
      InternalLog.warn(
          "some FC baggage items were skipped: null or empty keys, null values, keys or values over "
              + MAX_BAGGAGE_LENGTH + " chars, or items past the first " + MAX_BAGGAGE_ENTRIES);
    }
    return taken == 0 ? context : context.with(baggage.build());
  }

  private String functionName(com.aliyun.fc.runtime.Context fcContext) {
    FunctionParam function = fcContext.getFunctionParam();
    String name = function == null ? null : trimToNull(function.getFunctionName());
    return name != null ? name : trimToNull(env.get("FC_FUNCTION_NAME"));
  }

  private String serviceName(com.aliyun.fc.runtime.Context fcContext, String functionName) {
    if (config.serviceName() != null) {
      return config.serviceName();
    }
    Service service = fcContext.getService();
    String name = service == null ? null : trimToNull(service.getName());
    if (name == null) {
      name = trimToNull(env.get("FC_SERVICE_NAME"));
    }
    if (name == null) {
      name = functionName;
    }
    return name != null ? name : "fc-function";
  }

  private static String trimToNull(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
