package dev.fctracing.internal.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ServiceLoader;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Log4j 2 provider in both of Log4j's forms (map and string map), called as Log4j calls it. */
class Log4j2TraceIdsTest {

    private static final SpanContext A = SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault());

    private final Log4j2TraceIds provider = new Log4j2TraceIds();

    @AfterEach
    void on() {
        LogCorrelation.start(true);
    }

    @Test
    void registeredForLog4jsServiceLoader() {
        boolean found = false;
        for (ContextDataProvider registered : ServiceLoader.load(ContextDataProvider.class)) {
            found |= registered instanceof Log4j2TraceIds;
        }
        assertThat(found).isTrue();
    }

    @Test
    void theCurrentSpansIdsAndNothingOutsideASpan() {
        LogCorrelation.start(true);
        assertThat(provider.supplyContextData()).isEmpty();
        assertThat(provider.supplyStringMap().isEmpty()).isTrue();
        try (Scope a = Context.root().with(Span.wrap(A)).makeCurrent()) {
            assertThat(provider.supplyContextData())
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry("trace_id", A.getTraceId()),
                            org.assertj.core.api.Assertions.entry("span_id", A.getSpanId()),
                            org.assertj.core.api.Assertions.entry("trace_flags", "00"));
            assertThat(provider.supplyStringMap().toMap()).isEqualTo(provider.supplyContextData());
            // The same span: the same maps, nothing made per event.
            assertThat(provider.supplyStringMap()).isSameAs(provider.supplyStringMap());
            assertThat(provider.supplyContextData()).isSameAs(provider.supplyContextData());
        }
        assertThat(provider.supplyContextData()).isEmpty();
    }

    @Test
    void nothingWhenTurnedOff() {
        LogCorrelation.start(false);
        try (Scope a = Context.root().with(Span.wrap(A)).makeCurrent()) {
            assertThat(provider.supplyContextData()).isEmpty();
            assertThat(provider.supplyStringMap().isEmpty()).isTrue();
        }
    }
}
