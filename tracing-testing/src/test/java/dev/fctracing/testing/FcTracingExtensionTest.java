package dev.fctracing.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.fctracing.internal.TestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's lifecycle, observed from outside: fixture test classes run through JUnit's launcher, against the
 * stand-in {@code TestSupport} whose {@code invocations} counter plays an instance's state (fresh: 0). The same is
 * proven against the real instance in tracing-aspects ({@code TestKitExtensionTest}).
 */
class FcTracingExtensionTest {

    /** What the fixtures saw, in order. */
    static final List<String> SEEN = new ArrayList<>();

    static final List<FcTracingTestKit> KITS = new ArrayList<>();

    /** Two tests, each of which fails if the other's instance state or kit leaked into it. */
    @ExtendWith(FcTracingExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoTests {
        @BeforeEach
        void before(FcTracingTestKit kit) {
            KITS.add(kit);
            SEEN.add("before: invocations " + TestSupport.invocations + ", env " + TestSupport.current);
        }

        @Test
        void a(FcTracingTestKit kit) {
            assertThat(kit).isSameAs(KITS.get(KITS.size() - 1));
            assertThat(TestSupport.invocations).as("a fresh instance").isZero();
            TestSupport.invocations = 5; // what an invocation would leave in the instance
        }

        @Test
        void b(FcTracingTestKit kit) {
            assertThat(kit).isSameAs(KITS.get(KITS.size() - 1));
            assertThat(TestSupport.invocations).as("a fresh instance").isZero();
            TestSupport.invocations = 7;
        }

        @AfterEach
        void after(FcTracingTestKit kit) {
            SEEN.add("after: collector " + (kit.collector().toString().contains("closed") ? "closed" : "open"));
        }
    }

    /** A class-level environment through a registered extension. */
    static class WithEnvironment {
        @RegisterExtension
        static FcTracingExtension tracing = new FcTracingExtension().env("FCTRACING_EXPORT", "deferred");

        @Test
        void environment(FcTracingTestKit kit) {
            assertThat(kit.env()).containsEntry("FCTRACING_EXPORT", "deferred");
            assertThat(TestSupport.current.get("FCTRACING_EXPORT")).isEqualTo("deferred");
        }
    }

    /** A kit cannot be a constructor parameter: it exists per test method. */
    @ExtendWith(FcTracingExtension.class)
    static class ConstructorInjection {
        ConstructorInjection(FcTracingTestKit kit) {}

        @Test
        void never() {}
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
        KITS.clear();
        TestSupport.clear();
    }

    @Test
    void eachTestGetsAFreshInstanceAndItsOwnKitClosedAfterItsAfterEachMethods() {
        TestExecutionSummary summary = run(TwoTests.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(KITS).hasSize(2);
        assertThat(KITS.get(0)).isNotSameAs(KITS.get(1));
        assertThat(KITS.get(0).collector().port())
                .isNotEqualTo(KITS.get(1).collector().port());
        assertThat(KITS).allSatisfy(kit -> assertThat(kit.toString()).endsWith(", closed]"));
        assertThat(SEEN)
                .containsExactly(
                        "before: invocations 0, env Environment.of{}",
                        "after: collector open",
                        "before: invocations 0, env Environment.of{}",
                        "after: collector open");
        assertThat(TestSupport.calls())
                .containsExactly(
                        "newInstance Environment.of{}",
                        "awaitWeavingCheck 5000",
                        "newInstance Environment.system()",
                        "newInstance Environment.of{}",
                        "awaitWeavingCheck 5000",
                        "newInstance Environment.system()");
    }

    @Test
    void registeredWithEnvironmentVariablesItsInstancesReadThem() {
        TestExecutionSummary summary = run(WithEnvironment.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(TestSupport.calls()).first().isEqualTo("newInstance Environment.of{FCTRACING_EXPORT=deferred}");
    }

    @Test
    void aConstructorParameterIsRefusedWithTheReason() {
        TestExecutionSummary summary = run(ConstructorInjection.class);

        assertThat(summary.getFailures()).hasSize(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("FcTracingTestKit is made for each test: inject it into @Test, @BeforeEach or"
                        + " @AfterEach methods, not into constructors");
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }
}
