package ${package};

import dev.fctracing.testing.WeavingAssertions;
import org.junit.jupiter.api.Test;

/**
 * Fails when the build did not weave the aspects (aspectj-maven-plugin missing, tracing-aspects not among its
 * aspectLibraries, classes compiled by javac alone), instead of a deployed function that silently makes no spans.
 */
class WeavingTest {

  @Test
  void theHandlerAndItsTracedMethodsAreWoven() {
    WeavingAssertions.assertWoven(FunctionHandler.class);
  }

  @Test
  void everythingTheAnnotationProcessorIndexedIsWoven() {
    WeavingAssertions.assertWovenAll();
  }
}
