package dev.fctracing.internal.traced;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttributeCaptureTest {

    private static Attributes capture(Object value, int maxLength) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Span span = provider.get("t").spanBuilder("s").startSpan();
            new AttributeCapture("v")
                    .put(span, value, maxLength, dev.fctracing.internal.usercode.RenderBudget.perInvocation());
            span.end();
            return exporter.getFinishedSpanItems().get(0).getAttributes();
        }
    }

    @Test
    void arraysAreCutTo128ElementsAndKeepTheirType() {
        long[] longs = new long[500];
        Arrays.fill(longs, 7);
        String[] strings = new String[200];
        Arrays.fill(strings, "abcdef");

        assertThat(capture(longs, 256).get(AttributeKey.longArrayKey("v")))
                .hasSize(128)
                .containsOnly(7L);
        assertThat(capture(strings, 3).get(AttributeKey.stringArrayKey("v")))
                .hasSize(128)
                .containsOnly("abc");
        assertThat(capture(new boolean[] {true, false}, 256).get(AttributeKey.booleanArrayKey("v")))
                .containsExactly(true, false);
        assertThat(capture(new float[] {1.5f}, 256).get(AttributeKey.doubleArrayKey("v")))
                .containsExactly(1.5);
    }

    @Test
    void otherObjectsAreTheirTextCutToTheLimitAndNullIsNothing() {
        assertThat(capture(new StringBuilder("0123456789"), 4).get(AttributeKey.stringKey("v")))
                .isEqualTo("0123");
        assertThat(capture(null, 4).asMap()).isEmpty();
        assertThat(capture((short) 3, 4).get(AttributeKey.longKey("v"))).isEqualTo(3L);
    }
}
