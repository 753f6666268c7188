package dev.fctracing.internal.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.internal.config.Environment;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The warm-up starts when an {@code @FcHandler} class is initialised (woven advice), unless tracing is disabled. */
class WarmUpTest {

  @AfterEach
  void reset() {
    FcInvocationTracer.resetForTesting(Environment.system());
  }

  @Test
  void initialisingAHandlerClassStartsTheWarmUp() throws Exception {
    WarmUp.resetForTesting(Environment.of(Collections.<String, String>emptyMap()));
    assertThat(WarmUp.started()).isFalse();

    Class.forName(FirstHandler.class.getName(), true, getClass().getClassLoader());

    assertThat(WarmUp.started()).isTrue();
  }

  @Test
  void notWhenTracingIsDisabled() throws Exception {
    WarmUp.resetForTesting(Environment.of(Collections.singletonMap("OTEL_SDK_DISABLED", "true")));

    Class.forName(DisabledHandler.class.getName(), true, getClass().getClassLoader());

    assertThat(WarmUp.started()).isFalse();
  }

  @FcHandler
  public static class FirstHandler implements PojoRequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
      return input;
    }
  }

  @FcHandler
  public static class DisabledHandler implements PojoRequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
      return input;
    }
  }
}
