package dev.fctracing.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.Routes;
import dev.fctracing.internal.usercode.SpanFailure;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link InvocationState}: found in the context it was stored in and in every context derived from it, never outside;
 * carries its invocation's route and exception memo, which {@code end()} empties.
 */
class InvocationStateTest {

    private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void foundInTheContextItWasStoredInAndItsDescendantsOnly() {
        Route route = new Routes().to("http://collector.example/api/traces");
        InvocationState state = new InvocationState(route);

        Context stored = state.storeIn(Context.root());
        Context derived = stored.with(ContextKey.named("other"), "value");

        assertThat(InvocationState.of(Context.root())).isNull();
        assertThat(InvocationState.of(stored)).isSameAs(state);
        assertThat(InvocationState.of(derived)).isSameAs(state);
        assertThat(InvocationState.of(stored).route()).isSameAs(route);
        InvocationState nested = new InvocationState(Route.NONE);
        assertThat(InvocationState.of(nested.storeIn(derived))).isSameAs(nested);
        assertThat(InvocationState.of(derived))
                .as("the outer context is unchanged")
                .isSameAs(state);
    }

    @Test
    void eachInvocationHasItsOwnMemoAndBudget() {
        InvocationState one = new InvocationState(Route.NONE);
        InvocationState two = new InvocationState(Route.NONE);

        assertThat(one.throwables()).isSameAs(one.throwables()).isNotSameAs(two.throwables());
        assertThat(one.throwables().budget()).isNotSameAs(two.throwables().budget());
    }

    @Test
    void endForgetsTheExceptionsRendered() {
        InvocationState state = new InvocationState(Route.NONE);
        IllegalStateException error = new IllegalStateException("once");

        fail("first", error, state);
        fail("again", error, state);
        state.end();
        fail("after-end", error, state);

        assertThat(stackTraceOf("first")).isNotNull();
        assertThat(stackTraceOf("again"))
                .as("rendered once while the invocation runs")
                .isNull();
        assertThat(stackTraceOf("after-end")).as("the memo was emptied").isNotNull();
    }

    private void fail(String name, Throwable error, InvocationState state) {
        SpanFailure.endFailed(provider.get("t").spanBuilder(name).startSpan(), error, state.throwables(), 8192);
    }

    private String stackTraceOf(String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name))
                .findFirst()
                .orElseThrow(AssertionError::new)
                .getEvents()
                .get(0)
                .getAttributes()
                .get(STACKTRACE);
    }
}
