package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.ReceivedTrace;
import dev.fctracing.testing.WeavingAssertions;
import io.jaegertracing.thriftjava.Span;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit against the real tracing instance: the extension gives each test a fresh one (the first invocation of
 * every test is a cold start, and no SDK is running before it), with the environment given to it, and restores the
 * process's afterwards.
 */
class TestKitExtensionTest {

    @RegisterExtension
    static FcTracingExtension tracing = new FcTracingExtension().env("OTEL_SERVICE_NAME", "kit-service");

    private static FakeFcContext invoke(FcTracingTestKit kit) {
        FakeFcContext context = kit.context().functionName("pojo").build();
        assertThat(new PojoHandler().handleRequest("four", context)).isEqualTo(4);
        return context;
    }

    private static boolean coldStart(ReceivedTrace trace) {
        return Boolean.TRUE.equals(ReceivedTrace.tag(trace.handlerSpan(), "faas.coldstart"));
    }

    /** Two tests, each of which would fail if the other's instance leaked into it. */
    @Nested
    @TestMethodOrder(MethodOrderer.MethodName.class)
    class EachTestIsANewInstance {

        @Test
        void a(FcTracingTestKit kit) {
            assertThat(TracingInstance.current().runtime())
                    .as("no SDK running yet")
                    .isNull();
            ReceivedTrace first = kit.trace(invoke(kit));
            ReceivedTrace second = kit.trace(invoke(kit));

            assertThat(first.problems()).as(first.waterfall()).isEmpty();
            assertThat(coldStart(first)).as("first invocation of the test").isTrue();
            assertThat(coldStart(second)).isFalse();
        }

        @Test
        void b(FcTracingTestKit kit) {
            assertThat(TracingInstance.current().runtime())
                    .as("no SDK running yet")
                    .isNull();
            ReceivedTrace first = kit.trace(invoke(kit));

            assertThat(coldStart(first))
                    .as("first invocation of the test, though a() invoked before")
                    .isTrue();
        }
    }

    @Test
    void theInstanceReadsTheExtensionsEnvironmentAndNothingElse(FcTracingTestKit kit) {
        assertThat(TracingInstance.current().env().get("OTEL_SERVICE_NAME")).isEqualTo("kit-service");
        assertThat(TracingInstance.current().env().get("PATH")).isNull();
        FakeFcContext context = invoke(kit);

        assertThat(kit.collector().batches())
                .singleElement()
                .satisfies(
                        batch -> assertThat(batch.getProcess().getServiceName()).isEqualTo("kit-service"));
        Span handler = kit.trace(context).handlerSpan();
        assertThat(handler.getOperationName()).isEqualTo("pojo");
    }

    @Test
    void newInstanceIsAColdStartAgainAndCanChangeTheEnvironment(FcTracingTestKit kit) {
        invoke(kit);
        kit.newInstance(Collections.singletonMap("OTEL_SDK_DISABLED", "true"));
        FakeFcContext disabled = invoke(kit);
        assertThat(kit.trace(disabled).isEmpty()).as("OTEL_SDK_DISABLED=true").isTrue();

        kit.newInstance(Collections.<String, String>emptyMap());
        ReceivedTrace again = kit.trace(invoke(kit));
        assertThat(coldStart(again)).isTrue();
        assertThat(kit.collector().batches())
                .last()
                .satisfies(batch -> assertThat(batch.getProcess().getServiceName())
                        .as("FC's service name")
                        .isEqualTo("sample-service"));
    }

    @Test
    void anUnannotatedHandlerFailsWeavingAssertionsThoughItsTracedMethodIsWoven() {
        assertThatThrownBy(() -> WeavingAssertions.assertWoven(UnannotatedHandler.class))
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        "dev.fctracing.it.UnannotatedHandler is invoked by FC (it implements PojoRequestHandler) but is"
                                + " not annotated @FcHandler: dev.fctracing.it.UnannotatedHandler#handleRequest(java.lang.String,"
                                + "com.aliyun.fc.runtime.Context) makes no handler span and no span of it joins FC's trace; add"
                                + " @FcHandler (dev.fctracing.annotations.FcHandler) to dev.fctracing.it.UnannotatedHandler and build it"
                                + " with aspectj-maven-plugin");
        WeavingAssertions.assertWoven(PojoHandler.class);
    }

    @AfterAll
    static void afterwardsTheInstanceReadsTheProcessEnvironment() {
        assertThat(TracingInstance.current().env().get("PATH")).isEqualTo(System.getenv("PATH"));
        assertThat(TracingInstance.current().runtime()).isNull();
    }
}
