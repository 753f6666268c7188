package dev.fctracing.internal.sdk;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;

/**
 * The instance's one OpenTelemetry SDK: tracer provider, invocation-scoped processor and Jaeger exporter. Started
 * lazily by the first traced invocation, reused by every later one (never rebuilt per invocation), shut down by
 * {@code preStop}; after shutdown no new runtime is started and invocations run untraced.
 */
public final class TracingRuntime {

  /** Instrumentation scope of the spans this toolkit makes. */
  public static final String INSTRUMENTATION_SCOPE = "dev.fctracing";

  private static final Object LOCK = new Object();
  private static volatile TracingRuntime active;
  /** Guarded by {@link #LOCK}. */
  private static boolean stopped;
  /**
   * Whether a runtime of this instance set {@link GlobalOpenTelemetry}; it stays set after {@code preStop}, when
   * {@link #active} is already null. Guarded by {@link #LOCK}.
   */
  private static boolean globalSetByUs;

  private final TracingConfig config;
  private final JaegerThriftHttpExporter jaegerExporter;
  private final InvocationSpanProcessor processor;
  private final SdkTracerProvider tracerProvider;
  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final boolean registeredGlobally;

  private TracingRuntime(TracingConfig config, String serviceName, Environment env) {
    this.config = config;
    this.jaegerExporter =
        JaegerThriftHttpExporter.create(TimeUnit.NANOSECONDS.toMillis(config.flushTimeoutNanos()));
    this.processor =
        new InvocationSpanProcessor(
            jaegerExporter, config.maxQueueSize(), config.maxExportBatchSize(), config.flushTimeoutNanos());
    this.tracerProvider =
        SdkTracerProvider.builder()
            .setResource(FcResource.create(serviceName, env))
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .setMeterProvider(MeterProvider::noop)
            .addSpanProcessor(processor)
            .build();
    this.openTelemetry = new FcOpenTelemetry(tracerProvider);
    this.tracer = tracerProvider.get(INSTRUMENTATION_SCOPE);
    this.registeredGlobally = registerGlobally(openTelemetry);
  }

  /** The running runtime, or {@code null} before the first traced invocation and after shutdown. */
  public static TracingRuntime active() {
    return active;
  }

  /**
   * The running runtime, started now if this is the first traced invocation; {@code null} once {@code preStop}
   * has shut tracing down.
   *
   * @param serviceName used only when starting: {@code service.name} of the instance
   */
  public static TracingRuntime startIfNeeded(TracingConfig config, String serviceName, Environment env) {
    TracingRuntime runtime = active;
    if (runtime != null) {
      return runtime;
    }
    synchronized (LOCK) {
      if (active == null && !stopped) {
        active = new TracingRuntime(config, serviceName, env);
        globalSetByUs |= active.registeredGlobally;
      }
      return active;
    }
  }

  /** Shuts the running runtime down, if any: flushes, stops the exporter; later invocations run untraced. */
  public static void stop() {
    TracingRuntime runtime;
    synchronized (LOCK) {
      runtime = active;
      active = null;
      stopped = true;
    }
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  /**
   * Tests only: shuts down and forgets the runtime so the next invocation starts a fresh one, as a new instance
   * would. Not API.
   */
  public static void resetForTesting() {
    TracingRuntime runtime;
    boolean resetGlobal;
    synchronized (LOCK) {
      runtime = active;
      active = null;
      stopped = false;
      resetGlobal = globalSetByUs;
      globalSetByUs = false;
    }
    if (runtime != null) {
      runtime.shutdown();
    }
    if (resetGlobal) {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  /** The tracer for handler and {@code @Traced} spans. */
  public Tracer tracer() {
    return tracer;
  }

  /** The OpenTelemetry instance user code can use for manual spans under the same context. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** The processor, for its counters. */
  public InvocationSpanProcessor processor() {
    return processor;
  }

  /** The settings this runtime was started with. */
  public TracingConfig config() {
    return config;
  }

  /**
   * Points the exporter at FC's Jaeger endpoint for this invocation; a no-op when unchanged.
   *
   * @return {@code false} if the endpoint was refused (it is logged, masked)
   */
  public boolean bindJaegerEndpoint(String endpoint) {
    return jaegerExporter.setEndpoint(endpoint);
  }

  /** Exports every span ended so far, within the configured flush budget. */
  public boolean flush() {
    return processor.flush(config.flushTimeoutNanos());
  }

  private void shutdown() {
    tracerProvider.shutdown().join(config.flushTimeoutNanos() * 2, TimeUnit.NANOSECONDS);
  }

  private static boolean registerGlobally(OpenTelemetry openTelemetry) {
    if (GlobalOpenTelemetry.isSet()) {
      InternalLog.info(
          "GlobalOpenTelemetry was already set by other code; fc-tracing keeps its own SDK, reachable through"
              + " FcTracing.openTelemetry()");
      return false;
    }
    try {
      GlobalOpenTelemetry.set(openTelemetry);
      return true;
    } catch (IllegalStateException raced) {
      return false;
    }
  }
}
