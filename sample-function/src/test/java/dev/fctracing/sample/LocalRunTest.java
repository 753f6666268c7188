package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's local run succeeds and prints the waterfall. */
class LocalRunTest {

  @AfterEach
  void reset() {
    TestSupport.newInstance(Environment.system());
  }

  @Test
  void localRunPrintsTheNestedTraceAndSucceeds() throws Exception {
    TestSupport.newInstance(Environment.system());
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exitCode;
    System.setOut(new PrintStream(captured, true, "UTF-8"));
    try {
      exitCode = LocalRun.run();
    } finally {
      System.setOut(original);
    }
    String text = new String(captured.toByteArray(), StandardCharsets.UTF_8);

    assertThat(exitCode).as(text).isZero();
    assertThat(text)
        .contains("Handler returned \"hello world\"")
        .containsPattern("\\(FC system span [0-9a-f]{16}, not received\\)")
        .containsPattern("\n  fc-tracing-sample +\\d+\\.\\d ms +█+")
        .containsPattern("\n    fc-operation +\\d+\\.\\d ms +█+")
        .containsPattern("\n      child +\\d+\\.\\d ms +█+")
        .contains("OK: trace ");
  }
}
