package dev.fctracing.internal.export.otlp;

import dev.fctracing.internal.log.EndpointMasking;
import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.log.LogSecrets;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code OTEL_TRACES_EXPORTER=otlp}: OTLP over HTTP/protobuf, for FC 3.0's Managed Service for OpenTelemetry or any
 * OTLP collector. Needs {@code io.opentelemetry:opentelemetry-exporter-otlp} on the function's class path (it is an
 * optional dependency, so functions that don't use OTLP don't carry it).
 *
 * <p>Endpoint: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, else {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code
 * /v1/traces}, else derived from FC's Jaeger endpoint ({@code .../api/traces} → {@code .../api/otlp/traces}, where
 * Managed Service for OpenTelemetry takes OTLP on the same host). It is checked here first ({@link #problem}):
 * OpenTelemetry's builder throws on an endpoint it cannot read, with the whole URL, token included, in the message.
 *
 * <p>The exporter sends through {@link OtlpHttpSender}, handed to it with a {@link ComponentLoader} (the public
 * sender SPI of {@code opentelemetry-sdk-common} 1.59+), never through the OkHttp sender, which follows redirects.
 */
public final class OtlpExporterFactory {

    static final String OTLP_EXPORTER_CLASS = "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

    private OtlpExporterFactory() {}

    /** Whether the OTLP exporter artifact is on the class path. */
    public static boolean available() {
        try {
            Class.forName(OTLP_EXPORTER_CLASS, false, OtlpExporterFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The OTLP endpoint derived from FC's Jaeger endpoint ({@code .../api/traces} → {@code .../api/otlp/traces}), or
     * {@code null} when it does not end that way.
     */
    static String derivedFrom(String fcJaegerEndpoint) {
        if (fcJaegerEndpoint != null && fcJaegerEndpoint.endsWith("/api/traces")) {
            return fcJaegerEndpoint.substring(0, fcJaegerEndpoint.length() - "/api/traces".length())
                    + "/api/otlp/traces";
        }
        return null;
    }

    /**
     * The OTLP exporter for {@code endpoint}, or {@code null} (logged once, masked) when the endpoint cannot be used or
     * the exporter cannot be created: the other exporters go on. Registers the endpoint and the header values as
     * secrets first. Call only when {@link #available()}.
     *
     * @param derived whether the endpoint was derived from FC's Jaeger endpoint (said in the log line)
     */
    public static SpanExporter createOrLog(
            String endpoint, boolean derived, Map<String, String> headers, long timeoutMillis) {
        for (String credential : headers.values()) {
            LogSecrets.addValue(credential);
        }
        LogSecrets.addEndpoint(endpoint);
        String what = "OTLP endpoint " + EndpointMasking.mask(endpoint)
                + (derived ? " (derived from FC's Jaeger endpoint)" : "");
        String problem = problem(endpoint);
        if (problem != null) {
            InternalLog.warn(what + " refused: " + problem + "; OTLP export is off");
            return null;
        }
        try {
            return create(endpoint, headers, timeoutMillis);
        } catch (RuntimeException | LinkageError e) {
            // An exporter older than the sender SPI (1.59), or a message of OpenTelemetry's: never logged unscrubbed.
            InternalLog.warn(what + ": the OTLP exporter could not be created ("
                    + e.getClass().getName() + ": " + LogSecrets.scrub(e.getMessage()) + "); OTLP export is off");
            return null;
        }
    }

    /**
     * Null when {@code endpoint} can be handed to OpenTelemetry (once its scheme is lower-cased: {@link #normalized}),
     * otherwise a short sentence saying what is wrong, without the URL: what {@link EndpointMasking#validate} refuses,
     * and what {@code java.net.URI} cannot read (characters such as {@code |} or {@code ^}, a malformed {@code %}
     * escape) or reads without a host (a host name with {@code _}).
     */
    static String problem(String endpoint) {
        String problem = EndpointMasking.validate(endpoint);
        if (problem != null) {
            return problem;
        }
        URI uri;
        try {
            uri = new URI(normalized(endpoint));
        } catch (URISyntaxException e) {
            return "endpoint is not a valid URI (a character such as | or ^, or a malformed %-escape)";
        }
        if (uri.getHost() == null) {
            return "endpoint host is not a valid host name";
        }
        return null;
    }

    /** {@code endpoint} with its scheme in lower case: {@code HTTP://} is valid, OpenTelemetry takes {@code http}. */
    static String normalized(String endpoint) {
        int colon = endpoint.indexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon).toLowerCase(Locale.ROOT) + endpoint.substring(colon);
    }

    /** Call only when {@link #available()} and {@link #problem} found nothing. */
    static SpanExporter create(String endpoint, Map<String, String> headers, long timeoutMillis) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(normalized(endpoint))
                .setTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .setConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .setRetryPolicy(null)
                .setComponentLoader(new NoRedirectSenderLoader());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            builder.addHeader(header.getKey(), header.getValue());
        }
        String masked = EndpointMasking.mask(endpoint);
        SpanExporter exporter = new MaskedOtlpExporter(builder.build(), masked);
        InternalLog.info("exporting spans with OTLP/HTTP to " + masked);
        return exporter;
    }

    /** Loads {@link OtlpHttpSender} as the one {@link HttpSenderProvider}; anything else as the class loader would. */
    static final class NoRedirectSenderLoader implements ComponentLoader {
        private final ComponentLoader others =
                ComponentLoader.forClassLoader(OtlpExporterFactory.class.getClassLoader());

        @Override
        public <T> Iterable<T> load(Class<T> spiClass) {
            if (spiClass == HttpSenderProvider.class) {
                return Collections.singletonList(spiClass.cast(new NoRedirectSenderProvider()));
            }
            return others.load(spiClass);
        }
    }

    /** The {@link HttpSenderProvider} of {@link OtlpHttpSender}. */
    static final class NoRedirectSenderProvider implements HttpSenderProvider {
        @Override
        public HttpSender createSender(HttpSenderConfig config) {
            try {
                return new OtlpHttpSender(config);
            } catch (MalformedURLException e) {
                // problem() ruled this out; the message would name the URL
                throw new IllegalArgumentException("OTLP endpoint is not a URL");
            }
        }
    }

    /**
     * The OTLP exporter with a {@code toString()} that shows the endpoint masked (OpenTelemetry's shows it whole, and
     * anything that prints the SDK's parts would print it).
     */
    static final class MaskedOtlpExporter implements SpanExporter {
        private final SpanExporter delegate;
        private final String maskedEndpoint;

        MaskedOtlpExporter(SpanExporter delegate, String maskedEndpoint) {
            this.delegate = delegate;
            this.maskedEndpoint = maskedEndpoint;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public String toString() {
            return "OtlpHttpSpanExporter{endpoint=" + maskedEndpoint + "}";
        }
    }
}
