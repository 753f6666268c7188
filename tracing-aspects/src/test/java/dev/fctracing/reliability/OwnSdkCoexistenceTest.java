package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.reliability.OwnSdkHandler.When;
import dev.fctracing.reliability.UserSdk.How;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A function that registers its own OpenTelemetry SDK as {@code GlobalOpenTelemetry}, woven, behaves as it does
 * unwoven: the registration succeeds whenever it happens, and afterwards {@code GlobalOpenTelemetry} is the
 * function's SDK. fc-tracing's own spans keep being recorded and exported by fc-tracing. A library that takes its
 * tracer from {@code GlobalOpenTelemetry} nests under fc-tracing's current span (same trace, parent = that span)
 * whichever SDK records it: the function's if the library took its tracer after the registration, fc-tracing's if
 * before (a tracer stays with the SDK it came from, as the API has it).
 *
 * <p>{@code GlobalOpenTelemetry} is JVM-wide: every test starts and ends with it empty, and each static-initialiser
 * pattern has a handler class of its own.
 */
class OwnSdkCoexistenceTest {

    private static final int INVOCATIONS = 4;

    private LoopbackJaegerCollector collector;
    private LogCapture logs;
    private final List<UserSdk> userSdks = new ArrayList<>();

    @BeforeAll
    static void handlersAreWoven() {
        Reliability.assertWoven(OwnSdkHandler.class);
        Reliability.assertWoven(StaticInitBuildAndRegisterHandler.class);
        Reliability.assertWoven(StaticInitGlobalSetHandler.class);
    }

    @BeforeEach
    void newInstance() {
        GlobalOpenTelemetry.resetForTest();
        TestSupport.newInstance(Reliability.env());
        logs = LogCapture.start();
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        GlobalOpenTelemetry.resetForTest();
        userSdks.forEach(UserSdk::close);
        collector.close();
        logs.close();
    }

    static Stream<Arguments> registrations() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(When.NEVER, How.GLOBAL_SET));
        for (When when : new When[] {When.CONSTRUCTOR, When.FIRST_INVOCATION, When.THIRD_INVOCATION}) {
            for (How how : How.values()) {
                cases.add(Arguments.of(when, how));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "registered {0} with {1}")
    @MethodSource("registrations")
    void theFunctionsOwnSdkRegistersAtAnyTimeAndLibrarySpansNestUnderFcTracingsSpans(When when, How how) {
        OwnSdkHandler handler = new OwnSdkHandler(when, how);
        userSdks.add(handler.userSdk);
        // The library object created in the first invocation took its tracer before a lazy registration.
        boolean earlyIsTheFunctions = when == When.CONSTRUCTOR;

        for (int i = 1; i <= INVOCATIONS; i++) {
            FakeFcContext context = Reliability.fc(collector.endpoint());
            String input = "q" + i;

            Throwable thrown = catchThrowable(
                    () -> assertThat(handler.handleRequest(input, context)).isEqualTo("found:" + input));

            assertThat(thrown).as("invocation %d", i).isNull();
            List<String> byTheFunctions = new ArrayList<>();
            List<String> byFcTracing = new ArrayList<>();
            recordedBy("early-" + input, earlyIsTheFunctions, byTheFunctions, byFcTracing);
            recordedBy("late-" + input, handler.registered() != null, byTheFunctions, byFcTracing);
            assertNesting(context, handler.userSdk, byTheFunctions, byFcTracing);
            if (handler.registered() != null) {
                assertGlobalIs(handler.registered());
            }
        }
        assertThat(handler.registered() != null).isEqualTo(when != When.NEVER);
        logs.assertNoUncaughtExceptions();
    }

    @Test
    void sdkRegisteredWithBuildAndRegisterGlobalInAStaticInitialiserIsTheGlobalOne() {
        StaticInitBuildAndRegisterHandler handler = new StaticInitBuildAndRegisterHandler();
        userSdks.add(StaticInitBuildAndRegisterHandler.USER_SDK);

        for (int i = 1; i <= INVOCATIONS; i++) {
            FakeFcContext context = Reliability.fc(collector.endpoint());
            assertThat(handler.handleRequest("s" + i, context)).isEqualTo("found:s" + i);
            assertNesting(
                    context,
                    StaticInitBuildAndRegisterHandler.USER_SDK,
                    Collections.singletonList("late-s" + i),
                    Collections.<String>emptyList());
        }
        assertGlobalIs(StaticInitBuildAndRegisterHandler.REGISTERED);
    }

    @Test
    void sdkRegisteredWithGlobalSetInAStaticInitialiserIsTheGlobalOne() {
        StaticInitGlobalSetHandler handler = new StaticInitGlobalSetHandler();
        userSdks.add(StaticInitGlobalSetHandler.USER_SDK);

        for (int i = 1; i <= INVOCATIONS; i++) {
            FakeFcContext context = Reliability.fc(collector.endpoint());
            assertThat(handler.handleRequest("g" + i, context)).isEqualTo("found:g" + i);
            assertNesting(
                    context,
                    StaticInitGlobalSetHandler.USER_SDK,
                    Collections.singletonList("late-g" + i),
                    Collections.<String>emptyList());
        }
        assertGlobalIs(StaticInitGlobalSetHandler.REGISTERED);
    }

    @Test
    void aRegistrationSupplierThatThrowsPassesItsExceptionAndLeavesFcTracingsInstanceInPlace() {
        OwnSdkHandler handler = new OwnSdkHandler(When.NEVER, How.GLOBAL_SET);
        userSdks.add(handler.userSdk);
        assertThat(handler.handleRequest("first", Reliability.fc(collector.endpoint())))
                .isEqualTo("found:first");
        IllegalStateException userFailure = new IllegalStateException("the function's own failure");

        Throwable thrown = catchThrowable(() -> GlobalOpenTelemetry.set((Supplier<OpenTelemetry>) () -> {
            throw userFailure;
        }));

        assertThat(thrown).isSameAs(userFailure);
        assertThat(GlobalOpenTelemetry.get().getTracerProvider())
                .isSameAs(TracingInstance.current().runtime().openTelemetry().getTracerProvider());
        FakeFcContext context = Reliability.fc(collector.endpoint());
        assertThat(handler.handleRequest("after", context)).isEqualTo("found:after");
        assertNesting(
                context, handler.userSdk, Collections.<String>emptyList(), Arrays.asList("early-after", "late-after"));
        // And the function can still register its SDK afterwards.
        assertGlobalIs(handler.userSdk.register(How.GLOBAL_SET));
    }

    @Test
    void aSecondRegistrationFailsExactlyAsItDoesUnwoven() {
        OwnSdkHandler handler = new OwnSdkHandler(When.FIRST_INVOCATION, How.GLOBAL_SET);
        userSdks.add(handler.userSdk);
        assertThat(handler.handleRequest("first", Reliability.fc(collector.endpoint())))
                .isEqualTo("found:first");
        UserSdk other = new UserSdk();
        userSdks.add(other);

        Throwable thrown = catchThrowable(() -> other.register(How.GLOBAL_SET));

        assertThat(thrown)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("GlobalOpenTelemetry.set has already been called");
        assertGlobalIs(handler.registered());
    }

    // -------------------------------------------------------------------------------------------------- assertions

    /**
     * The invocation's own spans reached the collector, nested under FC's span, and each library span is a child of
     * its {@code lookup} span, recorded by the function's SDK (those in {@code byTheFunctions}) or by fc-tracing's
     * (the others), and by that one only.
     */
    private void assertNesting(
            FakeFcContext context, UserSdk userSdk, List<String> byTheFunctions, List<String> byFcTracing) {
        int ours = 2 + byFcTracing.size();
        List<Span> exported = Reliability.awaitTrace(collector, context, ours, 10_000);
        assertThat(exported)
                .extracting(Span::getOperationName)
                .as("recorded by fc-tracing")
                .containsExactlyInAnyOrderElementsOf(concat(Arrays.asList("fn", "lookup"), byFcTracing));
        TraceTree tree = TraceTree.of(exported);
        Span handlerSpan = tree.byName("fn");
        Span lookup = tree.byName("lookup");
        assertThat(handlerSpan.getParentSpanId()).isEqualTo(context.spanId());
        assertThat(lookup.getParentSpanId()).isEqualTo(handlerSpan.getSpanId());
        for (String name : byFcTracing) {
            assertThat(tree.byName(name).getParentSpanId()).as(name).isEqualTo(lookup.getSpanId());
        }

        List<SpanData> theirs = new ArrayList<>();
        for (SpanData span : userSdk.spans.getFinishedSpanItems()) {
            if (span.getTraceId().equals(context.traceIdHex32())) {
                theirs.add(span);
            }
        }
        assertThat(theirs)
                .extracting(SpanData::getName)
                .as("recorded by the function's SDK")
                .containsExactlyInAnyOrderElementsOf(byTheFunctions);
        for (SpanData span : theirs) {
            assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(TraceTree.hex16(lookup.getSpanId()));
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** {@code name} in the list of spans recorded by the function's SDK if {@code theirs}, else in the other list. */
    private static void recordedBy(String name, boolean theirs, List<String> byTheFunctions, List<String> byFcTracing) {
        (theirs ? byTheFunctions : byFcTracing).add(name);
    }

    private static void assertGlobalIs(OpenTelemetrySdk sdk) {
        assertThat(GlobalOpenTelemetry.isSet()).isTrue();
        // The API hands out a wrapper of what was registered; its tracer provider is the registered SDK's own.
        assertThat(GlobalOpenTelemetry.get().getTracerProvider()).isSameAs(sdk.getTracerProvider());
    }
}
