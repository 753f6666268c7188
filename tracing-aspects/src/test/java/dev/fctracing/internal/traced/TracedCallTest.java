package dev.fctracing.internal.traced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.Traced;
import dev.fctracing.internal.JoinPoints;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TracedCall} called directly, as the {@code @Traced} advice calls it after the method returned or threw: the
 * caller's context is current again whatever the method left current, and a failed span is marked ERROR, carries the
 * exception (its stack trace rendered once per invocation) and is ended.
 */
class TracedCallTest {

    private static final ContextKey<String> KEY = ContextKey.named("traced-call-test");
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private RecordingRuntime tracing;
    /** The caller's context, current while each test's traced call runs. */
    private Scope callerScope;

    @BeforeEach
    void setUp() {
        tracing = RecordingRuntime.start();
        callerScope = tracing.invocation.makeCurrent();
    }

    @AfterEach
    void tearDown() {
        callerScope.close();
        tracing.close();
    }

    /** What the advice does before proceeding: the parent, the call's span, the call's scope. */
    private final class Call {
        final Context parent = Context.current();
        final Span span;
        final Scope scope;

        Call(String name) {
            TracedMethod method = TracedMethod.forCall(
                    JoinPoints.execution(TracedFixture.class, "plain"), name, Traced.Kind.INTERNAL, parent);
            span = method.start(parent);
            scope = parent.with(span).makeCurrent();
        }
    }

    @Test
    void exitClosesTheCallsScope() {
        AtomicInteger closed = new AtomicInteger();
        Scope scope = closed::incrementAndGet;

        TracedCall.exit(scope, tracing.invocation);

        assertThat(closed.get()).isEqualTo(1);
        assertThat(Context.current()).isSameAs(tracing.invocation);
    }

    @Test
    void exitPutsTheParentBack() {
        Call call = new Call("returns");
        assertThat(Span.current()).isSameAs(call.span);

        TracedCall.exit(call.scope, call.parent);

        assertThat(Context.current()).isSameAs(call.parent);
    }

    @Test
    void exitPutsTheParentBackWhenADeeperContextWasLeftCurrent() {
        Call call = new Call("returns");
        @SuppressWarnings("unused")
        Scope deeper =
                Context.current().with(KEY, "deeper").makeCurrent(); // a deeper frame that never closed its scope

        TracedCall.exit(call.scope, call.parent);

        assertThat(Context.current()).isSameAs(call.parent);
    }

    @Test
    void failedRestoresTheParentAndEndsTheSpanAsAnError() {
        long notEnded = TracedCall.spansNotEnded;
        Call call = new Call("throws");
        @SuppressWarnings("unused")
        Scope deeper = Context.current().with(KEY, "deeper").makeCurrent();
        IllegalArgumentException error = new IllegalArgumentException("bad input");

        TracedCall.failed(call.span, call.scope, call.parent, error);

        assertThat(Context.current()).isSameAs(call.parent);
        SpanData span = tracing.ended("throws");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getEvents()).hasSize(1);
        EventData event = span.getEvents().get(0);
        assertThat(event.getName()).isEqualTo("exception");
        assertThat(event.getAttributes().get(TYPE)).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(event.getAttributes().get(MESSAGE)).isEqualTo("bad input");
        assertThat(event.getAttributes().get(STACKTRACE)).startsWith("java.lang.IllegalArgumentException: bad input");
        assertThat(TracedCall.spansNotEnded).isEqualTo(notEnded);
    }

    @Test
    void anExceptionPassingThroughSeveralFramesIsRenderedOncePerInvocation() {
        IllegalStateException error = new IllegalStateException("deep");
        Call outer = new Call("outer");
        Call inner = new Call("inner");

        TracedCall.failed(inner.span, inner.scope, inner.parent, error);
        assertThat(Span.current()).isSameAs(outer.span);
        TracedCall.failed(outer.span, outer.scope, outer.parent, error);

        assertThat(Context.current()).isSameAs(tracing.invocation);
        assertThat(tracing.ended("inner").getEvents().get(0).getAttributes().get(STACKTRACE))
                .isNotNull();
        EventData outerEvent = tracing.ended("outer").getEvents().get(0);
        assertThat(outerEvent.getAttributes().get(TYPE)).isEqualTo("java.lang.IllegalStateException");
        assertThat(outerEvent.getAttributes().get(MESSAGE)).isEqualTo("deep");
        assertThat(outerEvent.getAttributes().get(STACKTRACE))
                .as("already rendered in this invocation")
                .isNull();
    }

    @Test
    void outsideAnInvocationEveryFailedSpanRendersItsException() {
        callerScope.close();
        callerScope = Context.root().with(tracing.handler).makeCurrent(); // a sampled span, no invocation state
        IllegalStateException error = new IllegalStateException("again");
        for (String name : new String[] {"first", "second"}) {
            Call call = new Call(name);
            TracedCall.failed(call.span, call.scope, call.parent, error);
            assertThat(tracing.ended(name).getEvents().get(0).getAttributes().get(STACKTRACE))
                    .as(name)
                    .isNotNull();
        }
    }

    @Test
    void aStackOverflowErrorOnlyMarksTheSpan() {
        Call call = new Call("overflow");

        TracedCall.failed(call.span, call.scope, call.parent, new StackOverflowError());

        assertThat(Context.current()).isSameAs(call.parent);
        SpanData span = tracing.ended("overflow");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("java.lang.StackOverflowError");
        assertThat(span.getEvents()).isEmpty();
    }
}
