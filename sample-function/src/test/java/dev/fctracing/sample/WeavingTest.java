package dev.fctracing.sample;

import dev.fctracing.testing.WeavingAssertions;
import org.junit.jupiter.api.Test;

/**
 * What every function using fc-tracing should have: a unit test that fails when the build did not weave the
 * aspects (plugin missing, tracing-aspects not under aspectLibraries, a module compiled by javac alone), instead of
 * a deployed function that silently makes no spans.
 */
class WeavingTest {

    @Test
    void theHandlerAndItsTracedMethodsAreWoven() {
        WeavingAssertions.assertWoven(HelloHandler.class);
    }

    @Test
    void everythingTheAnnotationProcessorIndexedIsWoven() {
        WeavingAssertions.assertWovenAll();
    }
}
