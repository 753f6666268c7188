package dev.fctracing.internal.traced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.Traced;
import dev.fctracing.internal.JoinPoints;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.instance.TracingInstance;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.aspectj.lang.JoinPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TracedMethod} called directly, as the {@code @Traced} advice calls it, with no weaving: when a call is traced
 * at all, what its span looks like (name, kind, parent or link, {@code code.function.name}), the captured
 * {@code @SpanAttribute} values of every type, and how {@code end} ends the span for plain and asynchronous results.
 */
class TracedMethodTest {

    private static final AttributeKey<String> RETURN_VALUE = AttributeKey.stringKey(TracedMethod.RETURN_VALUE);

    private RecordingRuntime tracing;

    @AfterEach
    void tearDown() {
        if (tracing != null) {
            tracing.close();
        }
    }

    private static JoinPoint.StaticPart fixture(String name, Class<?>... parameterTypes) {
        return JoinPoints.execution(TracedFixture.class, name, parameterTypes);
    }

    /** Traces one call of {@code name} in the invocation, as the advice of methods described by annotations does. */
    private SpanData call(String name, Object result) {
        TracedMethod method = TracedMethod.forCall(fixture(name), tracing.invocation);
        assertThat(method).isNotNull();
        Span span = method.start(tracing.invocation);
        assertThat(method.end(span, result)).isSameAs(result);
        return tracing.ended(nameOf(span));
    }

    private static String nameOf(Span span) {
        return ((io.opentelemetry.sdk.trace.ReadableSpan) span).getName();
    }

    @Test
    void noMethodOutsideASampledSpan() {
        tracing = RecordingRuntime.start();
        SpanContext unsampled = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getDefault(),
                TraceState.getDefault());
        Context[] untraced = {
            Context.root(),
            tracing.state.storeIn(Context.root()),
            Context.root().with(Span.wrap(unsampled)),
            Context.root().with(Span.getInvalid())
        };
        for (Context parent : untraced) {
            assertThat(TracedMethod.forCall(fixture("plain"), "", Traced.Kind.INTERNAL, parent))
                    .isNull();
            assertThat(TracedMethod.forCall(fixture("annotated"), parent)).isNull();
        }
        assertThat(TracedMethod.forCall(fixture("plain"), "", Traced.Kind.INTERNAL, tracing.invocation))
                .isNotNull();
    }

    @Test
    void noMethodWithoutARuntime() {
        tracing = RecordingRuntime.start();
        Context parent = tracing.invocation;
        TracingInstance.current().stopRuntime();

        assertThat(TracedMethod.forCall(fixture("plain"), "", Traced.Kind.INTERNAL, parent))
                .isNull();
        assertThat(TracedMethod.forCall(fixture("annotated"), parent)).isNull();
    }

    @Test
    void aMethodDescribedBeforeTheRuntimeStoppedStartsAnInvalidSpan() {
        tracing = RecordingRuntime.start();
        TracedMethod method = TracedMethod.forCall(fixture("plain"), "", Traced.Kind.INTERNAL, tracing.invocation);
        TracingInstance.current().stopRuntime();

        Span span = method.start(tracing.invocation);

        assertThat(span.getSpanContext().isValid()).isFalse();
        method.end(span, "ignored");
    }

    @Test
    void theSpanIsNamedByTheBoundValueTrimmedOrByClassAndMethod() {
        tracing = RecordingRuntime.start();
        String[][] cases = {
            {"fetch", "fetch"}, {"  fetch  ", "fetch"}, {"", "TracedFixture.plain"}, {"   ", "TracedFixture.plain"}
        };
        for (String[] c : cases) {
            TracedMethod method =
                    TracedMethod.forCall(fixture("plain"), c[0], Traced.Kind.INTERNAL, tracing.invocation);
            Span span = method.start(tracing.invocation);
            method.end(span);
            assertThat(nameOf(span)).as("name for '%s'", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void theSpanIsAChildOfTheCurrentSpanWithTheBoundKind() {
        tracing = RecordingRuntime.start();
        Map<Traced.Kind, SpanKind> kinds = new LinkedHashMap<>();
        kinds.put(Traced.Kind.INTERNAL, SpanKind.INTERNAL);
        kinds.put(Traced.Kind.SERVER, SpanKind.SERVER);
        kinds.put(Traced.Kind.CLIENT, SpanKind.CLIENT);
        kinds.put(Traced.Kind.PRODUCER, SpanKind.PRODUCER);
        kinds.put(Traced.Kind.CONSUMER, SpanKind.CONSUMER);
        assertThat(kinds).hasSize(Traced.Kind.values().length);
        for (Map.Entry<Traced.Kind, SpanKind> kind : kinds.entrySet()) {
            TracedMethod method =
                    TracedMethod.forCall(fixture("plain"), "k-" + kind.getKey(), kind.getKey(), tracing.invocation);
            method.end(method.start(tracing.invocation));
            SpanData span = tracing.ended("k-" + kind.getKey());
            assertThat(span.getKind()).isEqualTo(kind.getValue());
            assertThat(span.getParentSpanContext()).isEqualTo(tracing.handler.getSpanContext());
            assertThat(span.getLinks()).isEmpty();
        }
    }

    @Test
    void aMethodIsDescribedOncePerJoinPoint() {
        tracing = RecordingRuntime.start();
        JoinPoint.StaticPart plain = fixture("plain");
        TracedMethod first = TracedMethod.forCall(plain, "first", Traced.Kind.INTERNAL, tracing.invocation);

        assertThat(TracedMethod.forCall(plain, "other", Traced.Kind.CLIENT, tracing.invocation))
                .isSameAs(first);
    }

    @Test
    void nameAndKindAreReadFromTheAnnotationForMethodsDescribedByReflection() {
        tracing = RecordingRuntime.start();

        SpanData annotated = call("annotated", null);
        assertThat(annotated.getName()).isEqualTo("load-order");
        assertThat(annotated.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(annotated.getParentSpanContext()).isEqualTo(tracing.handler.getSpanContext());

        assertThat(call("detached", null).getName()).isEqualTo("TracedFixture.detached");
    }

    @Test
    void withoutInheritedContextTheSpanStartsANewTraceLinkedToTheCurrentSpanAndKeepsTheInvocationState() {
        tracing = RecordingRuntime.start();

        SpanData detached = call("detached", null);

        assertThat(detached.getTraceId())
                .isNotEqualTo(tracing.handler.getSpanContext().getTraceId());
        assertThat(detached.getParentSpanContext().isValid()).isFalse();
        assertThat(detached.getSpanContext().isSampled()).isTrue();
        assertThat(detached.getLinks()).hasSize(1);
        assertThat(detached.getLinks().get(0).getSpanContext()).isEqualTo(tracing.handler.getSpanContext());
        Context parent = tracing.parents.get(detached.getSpanId());
        assertThat(InvocationState.of(parent))
                .as("the span's route is read from here")
                .isSameAs(tracing.state);
    }

    @Test
    void codeFunctionNameOnlyWhenConfigured() {
        AttributeKey<String> codeFunction = AttributeKey.stringKey("code.function.name");
        tracing = RecordingRuntime.start();
        TracedMethod off = TracedMethod.forCall(fixture("plain"), "off", Traced.Kind.INTERNAL, tracing.invocation);
        off.end(off.start(tracing.invocation));
        assertThat(tracing.ended("off").getAttributes().get(codeFunction)).isNull();
        tracing.close();

        tracing = RecordingRuntime.start("FCTRACING_CODE_ATTRIBUTES", "true");
        TracedMethod on = TracedMethod.forCall(fixture("plain"), "on", Traced.Kind.INTERNAL, tracing.invocation);
        on.end(on.start(tracing.invocation));
        assertThat(tracing.ended("on").getAttributes().get(codeFunction))
                .isEqualTo(TracedFixture.class.getName() + ".plain");
    }

    @Test
    void endReturnsAPlainResultAsItIsAndEndsTheSpan() {
        tracing = RecordingRuntime.start();
        Object result = new Object();

        SpanData span = call("plain", result);

        assertThat(span.hasEnded()).isTrue();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().get(RETURN_VALUE)).as("not asked for").isNull();
    }

    @Test
    void captureReturnRecordsTheResultCutToTheCaptureLength() {
        tracing = RecordingRuntime.start("FCTRACING_CAPTURE_MAX_LENGTH", "5");

        assertThat(call("captured", "abcdefgh").getAttributes().get(RETURN_VALUE))
                .isEqualTo("abcde");
    }

    @Test
    void aFutureResultEndsTheSpanWhenItCompletesAndTheCallerGetsItsValue() throws Exception {
        tracing = RecordingRuntime.start();
        for (String name : new String[] {"async", "stage"}) {
            TracedMethod method = TracedMethod.forCall(fixture(name), tracing.invocation);
            Span span = method.start(tracing.invocation);
            CompletableFuture<String> original = new CompletableFuture<>();

            Object forCaller = method.end(span, original);

            assertThat(forCaller).isInstanceOf(CompletableFuture.class).isNotSameAs(original);
            assertThat(tracing.spans.getFinishedSpanItems())
                    .as("%s: not ended before completion", name)
                    .isEmpty();
            original.complete("done");
            assertThat(((CompletableFuture<?>) forCaller).get(5, TimeUnit.SECONDS))
                    .isEqualTo("done");
            SpanData ended = tracing.ended(nameOf(span));
            assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            tracing.spans.reset();
        }
    }

    @Test
    void aFutureThatFailsEndsTheSpanFailedAndTheCallerGetsTheSameException() throws Exception {
        tracing = RecordingRuntime.start();
        TracedMethod method = TracedMethod.forCall(fixture("async"), tracing.invocation);
        Span span = method.start(tracing.invocation);
        CompletableFuture<String> original = new CompletableFuture<>();
        CompletionStage<?> forCaller = (CompletionStage<?>) method.end(span, original);
        IOException error = new IOException("unreachable");

        original.completeExceptionally(error);

        SpanData ended = tracing.ended("TracedFixture.async");
        assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(ended.getEvents()).hasSize(1);
        assertThat(ended.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
                .isEqualTo("java.io.IOException");
        try {
            forCaller.toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("the caller's future completed normally");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isSameAs(error);
        }
    }

    @Test
    void aFutureAlreadyCompleteEndsTheSpanAtOnceAndIsReturnedAsItIs() {
        tracing = RecordingRuntime.start();
        TracedMethod method = TracedMethod.forCall(fixture("asyncCaptured"), tracing.invocation);
        Span span = method.start(tracing.invocation);
        CompletableFuture<String> done = CompletableFuture.completedFuture("ready");

        assertThat(method.end(span, done)).isSameAs(done);

        assertThat(tracing.ended("TracedFixture.asyncCaptured").getAttributes().get(RETURN_VALUE))
                .isEqualTo("ready");
    }

    @Test
    void aCapturedFutureRecordsItsValueWhenItCompletes() {
        tracing = RecordingRuntime.start();
        TracedMethod method = TracedMethod.forCall(fixture("asyncCaptured"), tracing.invocation);
        Span span = method.start(tracing.invocation);
        CompletableFuture<String> original = new CompletableFuture<>();
        method.end(span, original);

        original.complete("later");

        assertThat(tracing.ended("TracedFixture.asyncCaptured").getAttributes().get(RETURN_VALUE))
                .isEqualTo("later");
    }

    @Test
    void spanAttributeArgumentsOfEveryTypeAreCapturedWithTheirTypes() throws Exception {
        tracing = RecordingRuntime.start("FCTRACING_CAPTURE_MAX_LENGTH", "8");
        Method attributes = null;
        for (Method m : TracedFixture.class.getDeclaredMethods()) {
            if (m.getName().equals("attributes")) {
                attributes = m;
            }
        }
        String[] sourceNames = new String[attributes.getParameterCount()];
        for (int i = 0; i < sourceNames.length; i++) {
            sourceNames[i] = attributes.getParameters()[i].getName();
        }
        sourceNames[sourceNames.length - 2] = "orderId"; // what ajc records, whether or not MethodParameters are kept
        TracedMethod method = TracedMethod.forCall(JoinPoints.execution(attributes, sourceNames), tracing.invocation);
        List<String> manyStrings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            manyStrings.add("e" + i);
        }
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("a", 1);
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        Object[] args = {
            "abcdefghijkl",
            true,
            42,
            7L,
            (short) 3,
            (byte) 2,
            1.5f,
            2.25d,
            'x',
            "charsAndMore".toCharArray(),
            new int[] {1, 2},
            new long[] {3L},
            new double[] {0.5},
            new boolean[] {true, false},
            new String[] {"p", null, "a-very-long-element"},
            manyStrings,
            map,
            new StringBuilder("built"),
            hostile,
            null,
            "o-17",
            "not captured"
        };

        Span span = method.start(tracing.invocation, args);
        method.end(span, null);

        Attributes captured = tracing.ended("TracedFixture.attributes").getAttributes();
        assertThat(captured.get(AttributeKey.stringKey("s"))).isEqualTo("abcdefgh");
        assertThat(captured.get(AttributeKey.booleanKey("b"))).isTrue();
        assertThat(captured.get(AttributeKey.longKey("i"))).isEqualTo(42L);
        assertThat(captured.get(AttributeKey.longKey("l"))).isEqualTo(7L);
        assertThat(captured.get(AttributeKey.longKey("sh"))).isEqualTo(3L);
        assertThat(captured.get(AttributeKey.longKey("by"))).isEqualTo(2L);
        assertThat(captured.get(AttributeKey.doubleKey("f"))).isEqualTo(1.5d);
        assertThat(captured.get(AttributeKey.doubleKey("d"))).isEqualTo(2.25d);
        assertThat(captured.get(AttributeKey.stringKey("c"))).isEqualTo("x");
        assertThat(captured.get(AttributeKey.stringKey("chars"))).isEqualTo("charsAnd");
        assertThat(captured.get(AttributeKey.longArrayKey("ints"))).containsExactly(1L, 2L);
        assertThat(captured.get(AttributeKey.longArrayKey("longs"))).containsExactly(3L);
        assertThat(captured.get(AttributeKey.doubleArrayKey("doubles"))).containsExactly(0.5d);
        assertThat(captured.get(AttributeKey.booleanArrayKey("bools"))).containsExactly(true, false);
        assertThat(captured.get(AttributeKey.stringArrayKey("strings"))).containsExactly("p", "null", "a-very-l");
        assertThat(captured.get(AttributeKey.stringArrayKey("list")))
                .hasSize(AttributeCapture.MAX_ARRAY_LENGTH)
                .startsWith("e0", "e1");
        assertThat(captured.get(AttributeKey.stringKey("map"))).isEqualTo("{a=1}");
        assertThat(captured.get(AttributeKey.stringKey("object"))).isEqualTo("built");
        assertThat(captured.asMap().keySet())
                .extracting(AttributeKey::getKey)
                .as("a toString() that throws, and null, record nothing; unannotated parameters are not read")
                .doesNotContain("hostile", "absent", "notCaptured");
        assertThat(captured.get(AttributeKey.stringKey("orderId")))
                .as("named after the parameter")
                .isEqualTo("o-17");
    }

    @Test
    void argumentsAreIgnoredForMethodsWithoutSpanAttributes() {
        tracing = RecordingRuntime.start();
        TracedMethod method = TracedMethod.forCall(fixture("plain"), "plain", Traced.Kind.INTERNAL, tracing.invocation);

        method.end(method.start(tracing.invocation, new Object[] {"x"}), null);

        assertThat(tracing.ended("plain").getAttributes().isEmpty()).isTrue();
    }
}
