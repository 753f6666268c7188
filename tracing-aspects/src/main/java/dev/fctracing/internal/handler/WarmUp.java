package dev.fctracing.internal.handler;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * A head start for the instance's first traced invocation, begun when the {@code @FcHandler} class is initialised
 * (before FC's runtime has built the first request's {@code Context}): a daemon thread ({@value #THREAD_NAME})
 * initialises what that invocation needs whatever its request says, and what serialises a cold start because only
 * one thread can initialise it — OpenTelemetry's context storage, which starts the {@code java.util.logging}
 * {@code LogManager} (5-15 ms on a cold JVM) that every OpenTelemetry class's logger waits for; the settings and the
 * configured sampler; and the SDK's tracer provider builder with its default resource (every builder computes it).
 *
 * <p>Nothing is built that the invocation then throws away but one empty builder: the invocation's own thread and
 * the runtime's start thread find these classes initialised, or wait for the initialisation already under way
 * instead of repeating it. With one vCPU it has nothing to overlap with; with more, it runs beside the handler
 * class's set-up and the first request's parsing.
 */
public final class WarmUp {

  /** Name of the warm-up thread; it ends when done (tens of milliseconds). */
  public static final String THREAD_NAME = "fc-tracing-warmup";

  /** Guarded by {@code WarmUp.class} (a lock, not an atomic: the JVM's first VarHandle use costs milliseconds). */
  private static boolean started;
  /** The environment tests set with {@link #resetForTesting}; null means the process's. */
  private static volatile Environment testEnvironment;

  private WarmUp() {}

  /**
   * Called when an {@code @FcHandler} class is initialised: starts the warm-up, once per instance; a no-op when
   * tracing is disabled ({@code OTEL_SDK_DISABLED}) or when it has already run. Returns at once and never throws.
   * Loads as little as it can before the thread starts (not the settings, not the invocation tracer): the point is
   * to start early.
   */
  public static void start() {
    try {
      Environment env = testEnvironment;
      String disabled = (env != null ? env : Environment.system()).get(TracingConfig.SDK_DISABLED);
      if ((disabled != null && disabled.trim().equalsIgnoreCase("true")) || !claim()) {
        return;
      }
      Thread thread = new Thread(new Task(), THREAD_NAME);
      thread.setDaemon(true);
      thread.start();
    } catch (Throwable cannotStart) {
      // Only a head start: the invocation does the same work itself.
    }
  }

  private static synchronized boolean claim() {
    if (started) {
      return false;
    }
    started = true;
    return true;
  }

  /** Whether {@link #start} has started (or tried to start) the warm-up on this instance. */
  public static synchronized boolean started() {
    return started;
  }

  /** Tests only: the next {@link #start} starts the warm-up again, reading {@code env}. Not API. */
  static synchronized void resetForTesting(Environment env) {
    testEnvironment = env;
    started = false;
  }

  /** The warm-up's work, on its own thread. A static class, not a lambda: the first lambda costs milliseconds. */
  private static final class Task implements Runnable {
    @Override
    public void run() {
      try {
        Context.root();
        FcInvocationTracer.instance().config().sampler();
        SdkTracerProvider.builder();
      } catch (Throwable ignored) {
        // The invocation meets (and reports) the same problem itself.
      }
    }
  }
}
