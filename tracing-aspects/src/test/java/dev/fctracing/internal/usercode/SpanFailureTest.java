package dev.fctracing.internal.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanFailureTest {

    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    private Span span() {
        return provider.get("t").spanBuilder("s").startSpan();
    }

    private SpanData only() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    @Test
    void anExceptionIsRecordedOnceWithItsTraceThenByTypeAndMessageOnly() {
        ThrowableMemo memo = ThrowableMemo.forInvocation();
        IllegalStateException error = new IllegalStateException("bad");

        SpanFailure.endFailed(span(), error, memo, 8192);
        SpanFailure.endFailed(span(), error, memo, 8192);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans)
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
        EventData first = spans.get(0).getEvents().get(0);
        EventData second = spans.get(1).getEvents().get(0);
        assertThat(first.getName()).isEqualTo("exception");
        assertThat(first.getAttributes().get(TYPE)).isEqualTo("java.lang.IllegalStateException");
        assertThat(first.getAttributes().get(MESSAGE)).isEqualTo("bad");
        assertThat(first.getAttributes().get(STACKTRACE)).startsWith("java.lang.IllegalStateException: bad\n\tat ");
        assertThat(second.getAttributes().get(TYPE)).isEqualTo("java.lang.IllegalStateException");
        assertThat(second.getAttributes().get(MESSAGE))
                .isSameAs(first.getAttributes().get(MESSAGE));
        assertThat(second.getAttributes().get(STACKTRACE))
                .as("rendered once per invocation")
                .isNull();
    }

    @Test
    void aVirtualMachineErrorEndsTheSpanWithItsTypeAndNoEvent() {
        SpanFailure.endFailed(span(), new StackOverflowError("deep"), ThrowableMemo.forInvocation(), 8192);
        SpanData overflow = only();
        assertThat(overflow.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(overflow.getStatus().getDescription()).isEqualTo("java.lang.StackOverflowError");
        assertThat(overflow.getEvents()).isEmpty();

        exporter.reset();
        SpanFailure.endFailed(span(), new OutOfMemoryError("heap"), null, 8192);
        assertThat(only().getStatus().getDescription()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(only().getEvents()).isEmpty();
    }

    @Test
    void theSpanEndsWhateverTheThrowableDoes() {
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("getMessage");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("toString");
            }

            @Override
            public int hashCode() {
                throw new IllegalStateException("hashCode");
            }
        };

        SpanFailure.endFailed(span(), hostile, ThrowableMemo.forInvocation(), 8192);

        SpanData ended = only();
        assertThat(ended.hasEnded()).isTrue();
        assertThat(ended.getEvents().get(0).getAttributes().get(MESSAGE)).contains("getMessage() threw");
    }

    @Test
    void aMemoHoldsABoundedNumberOfTracesAndForgetsThemAtTheEnd() {
        ThrowableMemo memo = ThrowableMemo.forInvocation();
        for (int i = 0; i < ThrowableMemo.CAPACITY + 10; i++) {
            SpanFailure.endFailed(span(), new IllegalStateException("e" + i), memo, 8192);
        }
        List<SpanData> spans = exporter.getFinishedSpanItems();
        long withTrace = spans.stream()
                .filter(s -> s.getEvents().get(0).getAttributes().get(STACKTRACE) != null)
                .count();
        assertThat(withTrace).isEqualTo(ThrowableMemo.CAPACITY);

        memo.clear();
        exporter.reset();
        IllegalStateException again = new IllegalStateException("after the end");
        SpanFailure.endFailed(span(), again, memo, 8192);
        assertThat(only().getEvents().get(0).getAttributes().get(STACKTRACE)).isNotNull();
    }
}
