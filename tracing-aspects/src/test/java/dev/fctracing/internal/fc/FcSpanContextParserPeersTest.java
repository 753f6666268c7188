package dev.fctracing.internal.fc;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser's three decisions (debug-only flags, hex flags, over-long parent ids) against its peers: OpenTelemetry's
 * own {@code JaegerPropagator} at the version this build runs on (1.65.0, from the BOM), and jaeger-client-java
 * 1.8.1's reading, transcribed below from {@code io.jaegertracing.internal.propagation.TextMapCodec#contextFromString}
 * and {@code io.jaegertracing.internal.JaegerSpanContext#isSampled}.
 */
class FcSpanContextParserPeersTest {

    private static final String TRACE = "124ed43254b54966";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aDebugOnlyFlagIsUnsampledAsBothPeersReadIt() {
        for (String flags : new String[] {"2", "02", "6", "0a"}) {
            String text = TRACE + ":" + SPAN + ":0:" + flags;
            ParsedSpanContext ours = FcSpanContextParser.parse(text);
            assertThat(ours.isValid()).as(text).isTrue();
            assertThat(ours.spanContext().isSampled()).as(text).isFalse();
            assertThat(JaegerClient.parse(text).sampled)
                    .as("jaeger-client %s", text)
                    .isFalse();
        }
        // OpenTelemetry 1.65.0 reads "2", "02", "6" as unsampled ("0a" it rejects: see the next test).
        for (String flags : new String[] {"2", "02", "6"}) {
            SpanContext otel = openTelemetry(TRACE + ":" + SPAN + ":0:" + flags);
            assertThat(otel.isValid()).isTrue();
            assertThat(otel.isSampled()).as(flags).isFalse();
        }
        // Debug together with sampled, as Jaeger clients send it: sampled everywhere.
        String three = TRACE + ":" + SPAN + ":0:3";
        assertThat(FcSpanContextParser.parse(three).spanContext().isSampled()).isTrue();
        assertThat(openTelemetry(three).isSampled()).isTrue();
        assertThat(JaegerClient.parse(three).sampled).isTrue();
    }

    /**
     * Fails when the build moves to OpenTelemetry 1.68.0 or later, whose {@code JaegerPropagator} parses the flags as
     * hex: then the version statement in {@link FcSpanContextParser}'s Javadoc and the README must change with it.
     */
    @Test
    void flagsAreHexLikeJaegerClientWhereOpenTelemetry165ReadsThemAsDecimal() {
        for (String flags : new String[] {"0a", "0b", "ff", "1f"}) {
            String text = TRACE + ":" + SPAN + ":0:" + flags;
            int value = Integer.parseInt(flags, 16);
            assertThat(FcSpanContextParser.parse(text).spanContext().isSampled())
                    .as(text)
                    .isEqualTo((value & 1) == 1);
            assertThat(JaegerClient.parse(text).sampled).as(text).isEqualTo((value & 1) == 1);
            assertThat(openTelemetry(text).isValid())
                    .as("OpenTelemetry 1.65.0 reads %s as decimal: invalid", flags)
                    .isFalse();
        }
        // Digits 0-9 only: decimal and hex agree on bit 0 (the parity of the last digit), so all three agree.
        for (int i = 0; i < 100; i++) {
            String text = TRACE + ":" + SPAN + ":0:" + i;
            boolean ours = FcSpanContextParser.parse(text).spanContext().isSampled();
            assertThat(openTelemetry(text).isSampled()).as(text).isEqualTo(ours);
            assertThat(JaegerClient.parse(text).sampled).as(text).isEqualTo(ours);
        }
    }

    @Test
    void anOverLongParentIdIsIgnoredAsBothPeersDo() {
        for (int length : new int[] {17, 20, 32, 64}) {
            String text = TRACE + ":" + SPAN + ":" + hex(new Random(length), length) + ":1";
            ParsedSpanContext ours = FcSpanContextParser.parse(text);
            assertThat(ours.isValid()).as(text).isTrue();
            SpanContext otel = openTelemetry(text);
            assertThat(otel.isValid()).as("OpenTelemetry accepts %s", text).isTrue();
            assertThat(ours.spanContext().getTraceId()).isEqualTo(otel.getTraceId());
            assertThat(ours.spanContext().getSpanId())
                    .isEqualTo(otel.getSpanId())
                    .isEqualTo(SPAN);
            assertThat(ours.spanContext().isSampled())
                    .isEqualTo(otel.isSampled())
                    .isTrue();
            JaegerClient client = JaegerClient.parse(text);
            assertThat(client.spanId).as("jaeger-client accepts %s", text).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
        }
    }

    /**
     * Well-formed lower-case contexts as Jaeger senders write them (any id lengths, parent ids up to 40 digits, flags of
     * one or two hex digits): the same ids and sampling as jaeger-client for every one, and as OpenTelemetry 1.65.0 for
     * every one it accepts, which is every one whose flags have no a-f digit.
     */
    @Test
    void agreesWithBothPeersOnGeneratedWellFormedContexts() {
        Random random = new Random(0xfc5eedL);
        int otelRejected = 0;
        for (int i = 0; i < 20_000; i++) {
            String trace = nonZeroHex(random, 1 + random.nextInt(32));
            String span = nonZeroHex(random, 1 + random.nextInt(16));
            String text = trace + ":" + span + ":" + hex(random, 1 + random.nextInt(40)) + ":"
                    + hex(random, 1 + random.nextInt(2));
            ParsedSpanContext ours = FcSpanContextParser.parse(text);
            assertThat(ours.isValid()).as(text).isTrue();
            SpanContext context = ours.spanContext();

            JaegerClient client = JaegerClient.parse(text);
            assertThat(context.getTraceIdBytes()).as(text).isEqualTo(client.traceIdBytes());
            assertThat(Long.parseUnsignedLong(context.getSpanId(), 16)).as(text).isEqualTo(client.spanId);
            assertThat(context.isSampled()).as(text).isEqualTo(client.sampled);

            SpanContext otel = openTelemetry(text);
            boolean flagsHaveLetters = text.substring(text.lastIndexOf(':') + 1).matches(".*[a-f].*");
            assertThat(otel.isValid()).as(text).isEqualTo(!flagsHaveLetters);
            if (otel.isValid()) {
                assertThat(context.getTraceId()).as(text).isEqualTo(otel.getTraceId());
                assertThat(context.getSpanId()).as(text).isEqualTo(otel.getSpanId());
                assertThat(context.isSampled()).as(text).isEqualTo(otel.isSampled());
            } else {
                otelRejected++;
            }
        }
        assertThat(otelRejected).as("cases with a-f flags").isBetween(2_000, 12_000);
    }

    @SuppressWarnings("deprecation") // JaegerPropagator is deprecated but shipped, and it is the peer compared with.
    private static SpanContext openTelemetry(String text) {
        Context extracted = JaegerPropagator.getInstance()
                .extract(Context.root(), Collections.singletonMap("uber-trace-id", text), MapGetter.INSTANCE);
        return Span.fromContext(extracted).getSpanContext();
    }

    private static String hex(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return out.toString();
    }

    private static String nonZeroHex(Random random, int length) {
        String hex = hex(random, length);
        return hex.matches("0+") ? hex.substring(1) + "1" : hex;
    }

    /**
     * jaeger-client-java 1.8.1's reading of the header, transcribed from {@code TextMapCodec#contextFromString}: trace
     * id of 1&ndash;32 characters split into high and low 64 bits, every field lower-case hex of any length (shifted
     * into a long, high digits lost), flags cast to a byte; sampled is bit 0 ({@code JaegerSpanContext#isSampled}).
     * Throws where jaeger-client throws.
     */
    private static final class JaegerClient {
        final long traceHigh;
        final long traceLow;
        final long spanId;
        final boolean sampled;

        private JaegerClient(long traceHigh, long traceLow, long spanId, byte flags) {
            this.traceHigh = traceHigh;
            this.traceLow = traceLow;
            this.spanId = spanId;
            this.sampled = (flags & 1) == 1;
        }

        static JaegerClient parse(String value) {
            int traceIdEnd = value.indexOf(':');
            if (traceIdEnd <= 0 || traceIdEnd > 32) {
                throw new IllegalArgumentException("trace id length: " + value);
            }
            int lowStart = Math.max(0, traceIdEnd - 16);
            long high = lowStart == 0 ? 0 : hexToUnsignedLong(value, 0, lowStart);
            long low = hexToUnsignedLong(value, lowStart, traceIdEnd);
            int spanIdEnd = value.indexOf(':', traceIdEnd + 1);
            long spanId = hexToUnsignedLong(value, traceIdEnd + 1, spanIdEnd);
            int parentIdEnd = value.indexOf(':', spanIdEnd + 1);
            hexToUnsignedLong(value, spanIdEnd + 1, parentIdEnd);
            byte flags = (byte) hexToUnsignedLong(value, parentIdEnd + 1, value.length());
            return new JaegerClient(high, low, spanId, flags);
        }

        byte[] traceIdBytes() {
            byte[] bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (traceHigh >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (traceLow >>> (56 - 8 * i));
            }
            return bytes;
        }

        private static long hexToUnsignedLong(String value, int begin, int end) {
            if (begin < 0 || end < 0 || begin >= end) {
                throw new IllegalArgumentException("empty field: " + value);
            }
            long result = 0;
            for (int i = begin; i < end; i++) {
                char c = value.charAt(i);
                result <<= 4;
                if (c >= '0' && c <= '9') {
                    result |= c - '0';
                } else if (c >= 'a' && c <= 'f') {
                    result |= c - 'a' + 10;
                } else {
                    throw new IllegalArgumentException("not hex: " + value);
                }
            }
            return result;
        }
    }

    /** Reads the carrier map. */
    private enum MapGetter implements TextMapGetter<java.util.Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(java.util.Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(java.util.Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
