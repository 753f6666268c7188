package dev.fctracing.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.ToolkitLog;
import io.opentelemetry.sdk.trace.SpanLimits;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TracingConfig}'s span limits and pending-bytes cap: the {@code OTEL_[SPAN_]ATTRIBUTE_VALUE_LENGTH_LIMIT} and
 * count-limit variables with the span-specific one winning, {@code FCTRACING_MAX_PENDING_BYTES} with its heap-based
 * default and bounds, and malformed or out-of-range values logged (naming the variable) and replaced.
 */
class TracingConfigLimitsTest {

    private static final long MIB = 1 << 20;

    private final ToolkitLog log = ToolkitLog.capture();

    @AfterEach
    void closeLog() {
        log.close();
    }

    private static TracingConfig config(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return TracingConfig.from(Environment.of(env));
    }

    @Test
    void attributeValuesAreCutAt8192CharsByDefault() {
        TracingConfig config = config();

        assertThat(config.attributeValueLengthLimit()).isEqualTo(TracingConfig.DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT);
        assertThat(config.attributeValueLengthLimit()).isEqualTo(8192);
        assertThat(config.spanLimits().getMaxAttributeValueLength()).isEqualTo(8192);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void theSpanSpecificValueLengthLimitWinsOverTheGeneralOne() {
        assertThat(config("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100").attributeValueLengthLimit())
                .isEqualTo(100);
        assertThat(config("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "200").attributeValueLengthLimit())
                .isEqualTo(200);
        TracingConfig both =
                config("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "200");
        assertThat(both.attributeValueLengthLimit()).isEqualTo(200);
        assertThat(both.spanLimits().getMaxAttributeValueLength()).isEqualTo(200);
        TracingConfig reversed =
                config("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "300", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "50");
        assertThat(reversed.attributeValueLengthLimit()).isEqualTo(50);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void aMalformedSpanSpecificLimitFallsBackToTheGeneralOne() {
        TracingConfig config =
                config("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "100", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "lots");

        assertThat(config.attributeValueLengthLimit()).isEqualTo(100);
        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warnings().get(0)).contains("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "'lots'", "using 100");
    }

    @Test
    void countLimitsDefaultTo128AndFollowTheirVariables() {
        SpanLimits defaults = config().spanLimits();
        assertThat(defaults.getMaxNumberOfAttributes()).isEqualTo(128);
        assertThat(defaults.getMaxNumberOfEvents()).isEqualTo(128);
        assertThat(defaults.getMaxNumberOfLinks()).isEqualTo(128);
        assertThat(defaults.getMaxNumberOfAttributesPerEvent()).isEqualTo(128);
        assertThat(defaults.getMaxNumberOfAttributesPerLink()).isEqualTo(128);

        SpanLimits set = config(
                        "OTEL_ATTRIBUTE_COUNT_LIMIT", "11",
                        "OTEL_SPAN_EVENT_COUNT_LIMIT", "12",
                        "OTEL_SPAN_LINK_COUNT_LIMIT", "13",
                        "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "14",
                        "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "15")
                .spanLimits();
        assertThat(set.getMaxNumberOfAttributes()).isEqualTo(11);
        assertThat(set.getMaxNumberOfEvents()).isEqualTo(12);
        assertThat(set.getMaxNumberOfLinks()).isEqualTo(13);
        assertThat(set.getMaxNumberOfAttributesPerEvent()).isEqualTo(14);
        assertThat(set.getMaxNumberOfAttributesPerLink()).isEqualTo(15);
        assertThat(set.getMaxAttributeValueLength()).as("untouched").isEqualTo(8192);
    }

    @Test
    void theSpanSpecificAttributeCountWinsOverTheGeneralOne() {
        assertThat(config("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "7").spanLimits().getMaxNumberOfAttributes())
                .isEqualTo(7);
        assertThat(config("OTEL_ATTRIBUTE_COUNT_LIMIT", "9", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "7")
                        .spanLimits()
                        .getMaxNumberOfAttributes())
                .isEqualTo(7);
        assertThat(config("OTEL_ATTRIBUTE_COUNT_LIMIT", "5", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "70")
                        .spanLimits()
                        .getMaxNumberOfAttributes())
                .isEqualTo(70);
    }

    @Test
    void malformedLimitsAreLoggedAndReplacedByTheDefault() {
        TracingConfig config = config(
                "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "8k",
                "OTEL_SPAN_EVENT_COUNT_LIMIT", "1.5",
                "OTEL_SPAN_LINK_COUNT_LIMIT", " 20 ",
                "OTEL_ATTRIBUTE_COUNT_LIMIT", "");

        assertThat(config.attributeValueLengthLimit()).isEqualTo(8192);
        assertThat(config.spanLimits().getMaxNumberOfEvents()).isEqualTo(128);
        assertThat(config.spanLimits().getMaxNumberOfLinks())
                .as("surrounding spaces are fine")
                .isEqualTo(20);
        assertThat(config.spanLimits().getMaxNumberOfAttributes())
                .as("empty means unset")
                .isEqualTo(128);
        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warnings().get(0)).contains("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "'8k'", "not a whole number");
        assertThat(log.warnings().get(1)).contains("OTEL_SPAN_EVENT_COUNT_LIMIT", "'1.5'");
    }

    @Test
    void outOfRangeLimitsAreLoggedAndClamped() {
        TracingConfig config =
                config("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "-5", "OTEL_SPAN_LINK_COUNT_LIMIT", "99999999999");

        assertThat(config.attributeValueLengthLimit()).isZero();
        assertThat(config.spanLimits().getMaxNumberOfLinks()).isEqualTo(Integer.MAX_VALUE);
        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warnings().get(0)).contains("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT=-5", "using 0");
        assertThat(log.warnings().get(1)).contains("OTEL_SPAN_LINK_COUNT_LIMIT", "using " + Integer.MAX_VALUE);
    }

    @Test
    void pendingBytesDefaultToAnEighthOfTheHeapBetween1And32MiB() {
        long heapShare = Runtime.getRuntime().maxMemory() / 8;
        long expected = Math.max(MIB, Math.min(32 * MIB, heapShare));

        long pending = config().maxPendingBytes();

        assertThat(pending).isEqualTo(expected).isBetween(MIB, 32 * MIB);
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", "").maxPendingBytes()).isEqualTo(expected);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void pendingBytesFollowTheirVariableWithinBounds() {
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", "5000000").maxPendingBytes())
                .isEqualTo(5_000_000L);
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", " 65536 ").maxPendingBytes())
                .isEqualTo(65_536L);
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", String.valueOf(1L << 40))
                        .maxPendingBytes())
                .isEqualTo(1L << 40);
        assertThat(log.warnings()).isEmpty();

        assertThat(config("FCTRACING_MAX_PENDING_BYTES", "1000").maxPendingBytes())
                .isEqualTo(64 * 1024);
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", String.valueOf(1L << 41))
                        .maxPendingBytes())
                .isEqualTo(1L << 40);
        assertThat(config("FCTRACING_MAX_PENDING_BYTES", "-1").maxPendingBytes())
                .isEqualTo(64 * 1024);
        assertThat(log.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("FCTRACING_MAX_PENDING_BYTES"));
    }

    @Test
    void malformedPendingBytesAreLoggedAndReplacedByTheDefault() {
        long expected = config().maxPendingBytes();

        assertThat(config("FCTRACING_MAX_PENDING_BYTES", "16MB").maxPendingBytes())
                .isEqualTo(expected);

        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warnings().get(0))
                .contains("FCTRACING_MAX_PENDING_BYTES", "'16MB'", "not a whole number", "using " + expected);
    }

    @Test
    void aLongMalformedValueIsAbbreviatedInTheWarning() {
        String value = "x123456789012345678901234567890-secret-tail";

        config("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", value);

        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warnings().get(0)).doesNotContain("secret-tail").contains("...");
    }

    @Test
    void theLimitsCanBeGivenAsSystemProperties() {
        System.setProperty("otel.span.attribute.value.length.limit", "64");
        System.setProperty("fctracing.max.pending.bytes", "123456");
        try {
            TracingConfig config = TracingConfig.from(Environment.system());
            assertThat(config.attributeValueLengthLimit()).isEqualTo(64);
            assertThat(config.maxPendingBytes()).isEqualTo(123_456L);
        } finally {
            System.clearProperty("otel.span.attribute.value.length.limit");
            System.clearProperty("fctracing.max.pending.bytes");
        }
    }
}
