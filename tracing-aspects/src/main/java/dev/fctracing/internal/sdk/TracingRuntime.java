package dev.fctracing.internal.sdk;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.internal.export.SpanExporters;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The instance's one OpenTelemetry SDK: tracer provider, invocation-scoped processor and exporters (or the
 * function's own {@code OpenTelemetry}, if it registered one). Started lazily by the first traced invocation, reused
 * by every later one (never rebuilt per invocation), shut down by {@code preStop}; after shutdown no new runtime is
 * started and invocations run untraced.
 *
 * <p>The first invocation can {@linkplain #startInBackground start it on a thread of its own} while it reads FC's
 * context: building the SDK is most of a cold start's tracing cost, and on an instance with more than one vCPU it
 * then overlaps the invocation's own work.
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
  /** Whether {@link #startInBackground} has run on this instance (it starts at most one thread). Guarded by LOCK. */
  private static boolean backgroundStart;

  private final TracingConfig config;
  /** Null when the function supplied its own OpenTelemetry. */
  private final SpanExporters exporters;
  /** Null when the function supplied its own OpenTelemetry. */
  private final InvocationSpanProcessor processor;
  private final List<SpanProcessor> userProcessors;
  /** Name of the thread that {@link #startInBackground} uses, once per instance. */
  public static final String START_THREAD_NAME = "fc-tracing-start";

  /** The SDK provider to flush and shut down; null for a supplied OpenTelemetry that is not an SDK. */
  private final SdkTracerProvider tracerProvider;
  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final boolean registeredGlobally;

  private TracingRuntime(TracingConfig config, String serviceName, Environment env, String fcJaegerEndpoint) {
    this.config = config;
    OpenTelemetry supplied = UserSdkParts.openTelemetry();
    if (supplied != null) {
      this.exporters = null;
      this.processor = null;
      this.userProcessors = Collections.emptyList();
      TracerProvider provider = supplied.getTracerProvider();
      this.tracerProvider = provider instanceof SdkTracerProvider ? (SdkTracerProvider) provider : null;
      this.openTelemetry = supplied;
      this.registeredGlobally = false;
    } else {
      this.exporters = SpanExporters.create(config, fcJaegerEndpoint, UserSdkParts.exporters());
      JaegerThriftHttpExporter jaeger = exporters.jaeger();
      // Bound now (no thread yet), not when the invocation binds it: made ready to send once the SDK is built.
      boolean bound = jaeger != null && fcJaegerEndpoint != null && jaeger.bind(fcJaegerEndpoint);
      this.processor =
          new InvocationSpanProcessor(
              exporters.combined(), config.maxQueueSize(), config.maxExportBatchSize(), config.flushTimeoutNanos());
      this.userProcessors = UserSdkParts.processors();
      SdkTracerProviderBuilder builder =
          SdkTracerProvider.builder()
              .setResource(FcResource.create(serviceName, env, config.resourceAttributes()))
              .setSampler(config.sampler())
              .setMeterProvider(NoopSelfMetrics.INSTANCE)
              .addSpanProcessor(processor);
      for (SpanProcessor userProcessor : userProcessors) {
        builder.addSpanProcessor(userProcessor);
      }
      this.tracerProvider = builder.build();
      this.openTelemetry = new FcOpenTelemetry(tracerProvider);
      this.registeredGlobally = registerGlobally(openTelemetry);
      if (bound) {
        // After the SDK is built, so as not to slow that down: the exporter's thread gets ready while the
        // invocation parses FC's context and runs.
        jaeger.prepareToSend();
      }
    }
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
  }

  /** The running runtime, or {@code null} before the first traced invocation and after shutdown. */
  public static TracingRuntime active() {
    return active;
  }

  /**
   * Whether, before the runtime starts, an invocation without FC's Jaeger endpoint could still be traced: an
   * exporter other than {@code jaeger} is configured, or the function registered its own exporters, processors or
   * OpenTelemetry.
   */
  public static boolean canTraceWithoutFcEndpoint(TracingConfig config) {
    for (String exporter : config.exporters()) {
      if (!exporter.equals("jaeger")) {
        return true;
      }
    }
    return UserSdkParts.any();
  }

  /**
   * The running runtime, started now if this is the first traced invocation; {@code null} once {@code preStop}
   * has shut tracing down.
   *
   * @param serviceName used only when starting: {@code service.name} of the instance
   * @param fcJaegerEndpoint used only when starting: FC's endpoint, from which an OTLP endpoint can be derived
   */
  public static TracingRuntime startIfNeeded(
      TracingConfig config, String serviceName, Environment env, String fcJaegerEndpoint) {
    TracingRuntime runtime = active;
    if (runtime != null) {
      return runtime;
    }
    synchronized (LOCK) {
      if (active == null && !stopped) {
        active = new TracingRuntime(config, serviceName, env, fcJaegerEndpoint);
        globalSetByUs |= active.registeredGlobally;
      }
      return active;
    }
  }

  /**
   * Starts building the runtime on a daemon thread ({@value #START_THREAD_NAME}) and returns at once; a head start
   * for the {@link #startIfNeeded} call that must follow (with the same arguments), which then waits for the build
   * instead of doing it. A no-op when a runtime is running, was shut down, or is being started. Never throws: if
   * the thread cannot start, or the build fails on it, {@code startIfNeeded} builds (and reports failures) itself.
   */
  public static void startInBackground(
      TracingConfig config, String serviceName, Environment env, String fcJaegerEndpoint) {
    if (active != null) {
      return;
    }
    synchronized (LOCK) {
      if (active != null || stopped || backgroundStart) {
        return;
      }
      backgroundStart = true;
    }
    try {
      Thread thread = new Thread(new BackgroundStart(config, serviceName, env, fcJaegerEndpoint), START_THREAD_NAME);
      thread.setDaemon(true);
      thread.start();
    } catch (Throwable cannotStart) {
      // startIfNeeded builds the runtime on the caller's thread.
    }
  }

  /**
   * {@link #startInBackground}'s work. A static class, not a lambda: the first lambda of a JVM costs milliseconds
   * (the invokedynamic bootstrap), which the invocation's thread would pay.
   */
  private static final class BackgroundStart implements Runnable {
    private final TracingConfig config;
    private final String serviceName;
    private final Environment env;
    private final String fcJaegerEndpoint;

    BackgroundStart(TracingConfig config, String serviceName, Environment env, String fcJaegerEndpoint) {
      this.config = config;
      this.serviceName = serviceName;
      this.env = env;
      this.fcJaegerEndpoint = fcJaegerEndpoint;
    }

    @Override
    public void run() {
      try {
        startIfNeeded(config, serviceName, env, fcJaegerEndpoint);
      } catch (Throwable failure) {
        // The invocation's own startIfNeeded call tries again and reports the failure.
      }
    }
  }

  /** Shuts the running runtime down, if any: flushes, stops the exporters; later invocations run untraced. */
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
   * Tests only: shuts down and forgets the runtime and anything registered in code, so the next invocation starts
   * afresh, as a new instance would. Not API.
   */
  public static void resetForTesting() {
    TracingRuntime runtime;
    boolean resetGlobal;
    synchronized (LOCK) {
      runtime = active;
      active = null;
      stopped = false;
      backgroundStart = false;
      resetGlobal = globalSetByUs;
      globalSetByUs = false;
    }
    UserSdkParts.clear();
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

  /** The invocation-scoped processor, for its counters; {@code null} with a function-supplied OpenTelemetry. */
  public InvocationSpanProcessor processor() {
    return processor;
  }

  /** The settings this runtime was started with. */
  public TracingConfig config() {
    return config;
  }

  /**
   * Points FC's Jaeger exporter at this invocation's endpoint (a no-op when unchanged) and says whether the
   * invocation's spans have somewhere to go.
   *
   * @param endpoint FC's Jaeger endpoint, or {@code null}
   * @return {@code false} if nothing would export them (an invalid endpoint is logged, masked)
   */
  public boolean bindInvocation(String endpoint) {
    if (exporters == null) {
      return true;
    }
    JaegerThriftHttpExporter jaeger = exporters.jaeger();
    boolean jaegerBound = jaeger != null && endpoint != null && jaeger.setEndpoint(endpoint);
    return jaegerBound || exporters.exportsWithoutFcEndpoint() || !userProcessors.isEmpty();
  }

  /** Exports every span ended so far, within the configured flush budget. */
  public boolean flush() {
    long budget = config.flushTimeoutNanos();
    long deadline = System.nanoTime() + budget;
    boolean flushed = true;
    if (processor != null) {
      flushed = processor.flush(budget);
    } else if (tracerProvider != null) {
      flushed = tracerProvider.forceFlush().join(budget, TimeUnit.NANOSECONDS).isSuccess();
    }
    for (SpanProcessor userProcessor : userProcessors) {
      long remaining = Math.max(0, deadline - System.nanoTime());
      flushed &= userProcessor.forceFlush().join(remaining, TimeUnit.NANOSECONDS).isSuccess();
    }
    return flushed;
  }

  private void shutdown() {
    if (processor == null) {
      // The function's own OpenTelemetry: flush it, but its lifecycle is the function's.
      flush();
      return;
    }
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
