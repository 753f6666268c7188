package dev.fctracing.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracingConfigTest {

    private static TracingConfig config(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return TracingConfig.from(Environment.of(env));
    }

    @Test
    void defaultsFollowFcAndTheOpenTelemetrySpecification() {
        TracingConfig config = config();

        assertThat(TimeUnit.NANOSECONDS.toMillis(config.flushTimeoutNanos())).isEqualTo(1000);
        assertThat(config.exporters()).containsExactly("jaeger");
        assertThat(config.sampler().getDescription()).startsWith("ParentBased{root:AlwaysOnSampler");
        assertThat(config.maxQueueSize()).isEqualTo(2048);
        assertThat(config.maxExportBatchSize()).isEqualTo(512);
        assertThat(config.captureMaxLength()).isEqualTo(256);
        assertThat(config.disabled()).isFalse();
        assertThat(config.serviceName()).isNull();
        assertThat(config.resourceAttributes()).isEmpty();
        assertThat(config.otlpTracesEndpoint()).isNull();
    }

    @Test
    void theFlushTimeoutIsClampedToItsHardCap() {
        assertThat(TimeUnit.NANOSECONDS.toMillis(
                        config("FCTRACING_FLUSH_TIMEOUT_MS", "60000").flushTimeoutNanos()))
                .isEqualTo(10_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(
                        config("FCTRACING_FLUSH_TIMEOUT_MS", "0").flushTimeoutNanos()))
                .isEqualTo(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(
                        config("FCTRACING_FLUSH_TIMEOUT_MS", "soon").flushTimeoutNanos()))
                .isEqualTo(1000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(
                        config("FCTRACING_FLUSH_TIMEOUT_MS", " 250 ").flushTimeoutNanos()))
                .isEqualTo(250);
    }

    @Test
    void exportersAreAnOrderedListWithLoggingAsConsoleAndNoneAsEmpty() {
        assertThat(config("OTEL_TRACES_EXPORTER", "OTLP, logging ,jaeger,otlp").exporters())
                .containsExactly("otlp", "console", "jaeger");
        assertThat(config("OTEL_TRACES_EXPORTER", "none").exporters()).isEmpty();
    }

    @Test
    void samplersOfTheSpecification() {
        assertThat(config("OTEL_TRACES_SAMPLER", "always_off").sampler().getDescription())
                .isEqualTo("AlwaysOffSampler");
        assertThat(config("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.25")
                        .sampler()
                        .getDescription())
                .contains("0.25");
        assertThat(config("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "2")
                        .sampler()
                        .getDescription())
                .startsWith("ParentBased")
                .contains("1.0");
        assertThat(config("OTEL_TRACES_SAMPLER", "jaeger_remote").sampler().getDescription())
                .startsWith("ParentBased{root:AlwaysOnSampler");
    }

    @Test
    void resourceAttributesAndOtlpHeadersArePercentDecodedKeyValueLists() {
        TracingConfig config = config(
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod, team=a%2Cb,broken,=x",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authentication=Basic%20abc",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-extra=1");

        assertThat(config.resourceAttributes())
                .containsEntry("deployment.environment.name", "prod")
                .containsEntry("team", "a,b")
                .hasSize(2);
        assertThat(config.otlpHeaders())
                .containsEntry("Authentication", "Basic abc")
                .containsEntry("x-extra", "1");
    }

    @Test
    void theOtlpTracesEndpointIsTheSignalEndpointOrTheBasePlusV1Traces() {
        assertThat(config("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
                        .otlpTracesEndpoint())
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(config("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")
                        .otlpTracesEndpoint())
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(config("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b/t")
                        .otlpTracesEndpoint())
                .isEqualTo("http://b/t");
    }

    @Test
    void systemPropertiesWinOverEnvironmentVariables() {
        System.setProperty("fctracing.capture.max.length", "77");
        try {
            assertThat(TracingConfig.from(Environment.system()).captureMaxLength())
                    .isEqualTo(77);
        } finally {
            System.clearProperty("fctracing.capture.max.length");
        }
    }

    @Test
    void logCorrelationIsOnUnlessTurnedOffAndAMalformedValueKeepsTheDefault() {
        assertThat(config().logCorrelation()).isTrue();
        assertThat(config("FCTRACING_LOG_CORRELATION", " FALSE ").logCorrelation())
                .isFalse();
        assertThat(config("FCTRACING_LOG_CORRELATION", "true").logCorrelation()).isTrue();
        assertThat(config("FCTRACING_LOG_CORRELATION", "no").logCorrelation()).isTrue();
        assertThat(config("FCTRACING_LOG_CORRELATION", "").logCorrelation()).isTrue();
    }
}
