package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime's head start on a thread of its own, and the invocation's call that must follow it. */
class TracingRuntimeStartTest {

  private static final String ENDPOINT = "http://127.0.0.1:9/adapt_x@y/api/traces";
  private final TracingConfig config = TracingConfig.from(Environment.of(Collections.<String, String>emptyMap()));

  @BeforeEach
  @AfterEach
  void reset() {
    TracingRuntime.resetForTesting();
  }

  @Test
  void theBackgroundStartBuildsTheRuntimeOnItsThreadAndTheInvocationGetsThatOne() throws Exception {
    BuildWitness witness = new BuildWitness();
    UserSdkParts.addProcessor(witness);

    TracingRuntime.startInBackground(config, "svc", Environment.of(Collections.<String, String>emptyMap()), ENDPOINT);
    assertThat(witness.built.await(10, TimeUnit.SECONDS)).as("the SDK was built").isTrue();
    TracingRuntime runtime =
        TracingRuntime.startIfNeeded(config, "svc", Environment.of(Collections.<String, String>emptyMap()), ENDPOINT);

    assertThat(runtime).isNotNull().isSameAs(TracingRuntime.active());
    assertThat(witness.threads).as("built once, on the start thread").containsExactly(TracingRuntime.START_THREAD_NAME);
  }

  @Test
  void onlyOneBackgroundStartPerInstance() throws Exception {
    BuildWitness witness = new BuildWitness();
    UserSdkParts.addProcessor(witness);
    Environment env = Environment.of(Collections.<String, String>emptyMap());

    TracingRuntime.startInBackground(config, "svc", env, ENDPOINT);
    TracingRuntime.startInBackground(config, "svc", env, ENDPOINT);
    assertThat(witness.built.await(10, TimeUnit.SECONDS)).isTrue();
    TracingRuntime.startIfNeeded(config, "svc", env, ENDPOINT);
    TracingRuntime.startInBackground(config, "svc", env, ENDPOINT);

    assertThat(witness.threads).hasSize(1);
  }

  @Test
  void afterShutdownNothingStarts() {
    BuildWitness witness = new BuildWitness();
    UserSdkParts.addProcessor(witness);
    Environment env = Environment.of(Collections.<String, String>emptyMap());
    TracingRuntime.stop();

    TracingRuntime.startInBackground(config, "svc", env, ENDPOINT);

    assertThat(TracingRuntime.startIfNeeded(config, "svc", env, ENDPOINT)).isNull();
    assertThat(witness.threads).isEmpty();
  }

  /** A user processor whose {@code isStartRequired}, asked once when the SDK builds its processors, names the thread. */
  static final class BuildWitness implements SpanProcessor {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch built = new CountDownLatch(1);

    @Override
    public boolean isStartRequired() {
      threads.add(Thread.currentThread().getName());
      built.countDown();
      return false;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
