package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpanSize}, the estimate behind {@code FCTRACING_MAX_PENDING_BYTES}: a plain span costs the same whatever its
 * ids and times, and the estimate grows with every attribute, event, link and char of content — at least two bytes per
 * char, so that large values are bounded proportionally.
 */
class SpanSizeTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSpanLimits(SpanLimits.builder()
                    .setMaxAttributeValueLength(Integer.MAX_VALUE)
                    .build())
            .build();
    private final Tracer tracer = provider.get("t");

    @AfterEach
    void close() {
        provider.close();
    }

    private static long estimate(Span span) {
        span.end();
        SpanData data = ((ReadableSpan) span).toSpanData();
        return SpanSize.estimate(data);
    }

    private Span plain() {
        return tracer.spanBuilder("work").startSpan();
    }

    @Test
    void aPlainSpanCostsAConstant() {
        long first = estimate(plain());
        for (int i = 0; i < 20; i++) {
            assertThat(estimate(plain())).isEqualTo(first);
        }
        Span child = tracer.spanBuilder("work")
                .setParent(io.opentelemetry.context.Context.root().with(plain()))
                .startSpan();
        assertThat(estimate(child)).as("a parent adds nothing").isEqualTo(first);
        assertThat(first).isGreaterThanOrEqualTo(SpanSize.SPAN_OVERHEAD);
    }

    @Test
    void theNameCountsPerChar() {
        long shortName = estimate(tracer.spanBuilder("a").startSpan());
        long longName = estimate(tracer.spanBuilder("a" + repeat('x', 100)).startSpan());

        assertThat(longName - shortName).isGreaterThanOrEqualTo(200);
    }

    @Test
    void everyAttributeAddsAndLongerValuesAddMore() {
        long plain = estimate(plain());
        long oneLong = estimate(plain().setAttribute("n", 1L));
        long twoLongs = estimate(plain().setAttribute("n", 1L).setAttribute("m", 2L));
        long shortString = estimate(plain().setAttribute("s", "x"));
        long longString = estimate(plain().setAttribute("s", "x" + repeat('y', 1000)));
        long longKey = estimate(plain().setAttribute(repeat('k', 500), 1L));

        assertThat(oneLong).isGreaterThan(plain);
        assertThat(twoLongs).isGreaterThan(oneLong);
        assertThat(longString - shortString).isGreaterThanOrEqualTo(2000);
        assertThat(longKey - oneLong).isGreaterThanOrEqualTo(2 * 499);
    }

    @Test
    void arraysCountTheirElementsAndTheirStrings() {
        long one = estimate(plain().setAttribute(AttributeKey.stringArrayKey("a"), Collections.singletonList("x")));
        long three = estimate(plain().setAttribute(AttributeKey.stringArrayKey("a"), Arrays.asList("x", "y", "z")));
        long longElement = estimate(
                plain().setAttribute(AttributeKey.stringArrayKey("a"), Collections.singletonList(repeat('x', 1000))));
        long longs = estimate(plain().setAttribute(AttributeKey.longArrayKey("a"), Arrays.asList(1L, 2L, 3L, 4L)));
        long fewerLongs = estimate(plain().setAttribute(AttributeKey.longArrayKey("a"), Arrays.asList(1L)));

        assertThat(three).isGreaterThan(one);
        assertThat(longElement - one).isGreaterThanOrEqualTo(2 * 999);
        assertThat(longs).isGreaterThan(fewerLongs);
    }

    @Test
    void eventsAndLinksAdd() {
        long plain = estimate(plain());
        long event = estimate(plain().addEvent("e"));
        long eventWithAttributes = estimate(plain().addEvent("e", Attributes.of(AttributeKey.stringKey("k"), "v")));
        long bigEvent = estimate(plain().addEvent("e", Attributes.of(AttributeKey.stringKey("k"), repeat('v', 5000))));
        SpanContext other = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        long link = estimate(tracer.spanBuilder("work").addLink(other).startSpan());
        long linkWithAttributes = estimate(tracer.spanBuilder("work")
                .addLink(other, Attributes.of(AttributeKey.longKey("n"), 1L))
                .startSpan());

        assertThat(event).isGreaterThan(plain);
        assertThat(eventWithAttributes).isGreaterThan(event);
        assertThat(bigEvent - eventWithAttributes).isGreaterThanOrEqualTo(2 * 4999);
        assertThat(link).isGreaterThan(plain);
        assertThat(linkWithAttributes).isGreaterThan(link);
    }

    @Test
    void aHugeValueIsAtLeastTwoBytesPerChar() {
        int chars = 1 << 20;

        assertThat(estimate(plain().setAttribute("big", repeat('z', chars)))).isGreaterThanOrEqualTo(2L * chars);
    }

    private static String repeat(char c, int count) {
        char[] chars = new char[count];
        Arrays.fill(chars, c);
        return new String(chars);
    }
}
