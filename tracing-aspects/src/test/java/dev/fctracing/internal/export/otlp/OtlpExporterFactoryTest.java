package dev.fctracing.internal.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What OTLP endpoints are handed to OpenTelemetry, and that nothing it could throw on gets there. */
class OtlpExporterFactoryTest {

    static final String TOKEN = "tokW5n2Gc8Yh4Kq6Ze";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://h.example/adapt_%s|x/api/otlp/traces",
                "http://h.example/adapt_%s^x/api/otlp/traces",
                "http://h.example/adapt_%s%%zz/api/otlp/traces",
                "ftp://h.example/adapt_%s/api/otlp/traces",
                "http://bad_host.example/adapt_%s/api/otlp/traces",
                "http://h.example/adapt_%s x/api/otlp/traces",
                "h.example/adapt_%s/api/otlp/traces"
            })
    void endpointsOpenTelemetryWouldThrowOnAreRefusedWithAReasonThatHoldsNoToken(String shape) {
        String endpoint = String.format(shape, TOKEN);

        String problem = OtlpExporterFactory.problem(endpoint);

        assertThat(problem).isNotNull().doesNotContain(TOKEN);
        assertThatThrownBy(() -> OtlpHttpSpanExporter.builder().setEndpoint(OtlpExporterFactory.normalized(endpoint)))
                .as("OpenTelemetry itself refuses it (so the check is not stricter than needed)")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUpperCaseSchemeIsValidAndLowerCasedForOpenTelemetry() {
        String endpoint = "HTTP://h.example:4318/adapt_" + TOKEN + "/api/otlp/traces";

        assertThat(OtlpExporterFactory.problem(endpoint)).isNull();
        assertThat(OtlpExporterFactory.normalized(endpoint)).startsWith("http://h.example:4318/");
    }

    @Test
    void theExporterShowsItsEndpointMaskedAndSendsWithTheNoRedirectSender() {
        SpanExporter exporter = OtlpExporterFactory.create(
                "http://127.0.0.1:9/adapt_" + TOKEN + "/api/otlp/traces", Collections.singletonMap("k", "v"), 200);
        try {
            assertThat(exporter.toString()).doesNotContain(TOKEN).contains("/adap***/api/otlp/traces");
            assertThat(new OtlpExporterFactory.NoRedirectSenderLoader().load(HttpSenderProvider.class))
                    .singleElement()
                    .isInstanceOf(OtlpExporterFactory.NoRedirectSenderProvider.class);
        } finally {
            exporter.shutdown();
        }
    }
}
