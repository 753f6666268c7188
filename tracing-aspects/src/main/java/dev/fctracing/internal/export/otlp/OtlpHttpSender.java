package dev.fctracing.internal.export.otlp;

import dev.fctracing.internal.export.http.HttpOutcome;
import dev.fctracing.internal.export.http.HttpPoster;
import dev.fctracing.internal.export.http.HttpRequest;
import dev.fctracing.internal.log.EndpointMasking;
import dev.fctracing.internal.log.ReportedExportFailure;
import dev.fctracing.internal.log.SecretLogFilter;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP client under OpenTelemetry's OTLP/HTTP span exporter (handed to it through its sender SPI by {@link
 * OtlpExporterFactory}). The sender OpenTelemetry ships (OkHttp) follows a 307 or 308 to any host and sends the spans
 * and the OTLP headers — credentials — there again. This one posts through an {@link HttpPoster} ({@value
 * #THREAD_NAME}), as the Jaeger exporter does: no redirect followed (a 3xx is a failed export), no retry, each request
 * within the configured timeout, no OkHttp or Kotlin classes loaded. It sends what {@link OtlpExporterFactory}
 * configures: endpoint, timeout, headers, no compression.
 *
 * <p>A failure is logged by the poster, at most once per kind per minute, with the endpoint masked; OpenTelemetry's
 * exporter then gets a {@link ReportedExportFailure}, whose own log line {@link SecretLogFilter} drops.
 */
final class OtlpHttpSender implements HttpSender {

    static final String THREAD_NAME = "fc-tracing-otlp-exporter";

    private final URL url;
    private final String masked;
    private final String contentType;
    private final Supplier<Map<String, List<String>>> headers;
    private final HttpPoster poster;

    OtlpHttpSender(HttpSenderConfig config) throws MalformedURLException {
        this.url = config.getEndpoint().toURL();
        this.masked = EndpointMasking.mask(config.getEndpoint().toString());
        this.contentType = config.getContentType();
        this.headers = config.getHeadersSupplier();
        long timeoutMillis = Math.max(1, config.getTimeout().toMillis());
        this.poster = new HttpPoster("OTLP", THREAD_NAME, timeoutMillis, ThrottledLog.SYSTEM_CLOCK);
    }

    @Override
    public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        byte[] body;
        try {
            body = body(writer);
        } catch (IOException | RuntimeException e) {
            onError.accept(new ReportedExportFailure(
                    "the OTLP request could not be written: " + e.getClass().getName()));
            return;
        }
        SecretLogFilter.protect(SecretLogFilter.JDK_HTTP_LOGGER);
        for (String otelLogger : SecretLogFilter.OTEL_HTTP_EXPORTER_LOGGERS) {
            SecretLogFilter.protect(otelLogger);
        }
        Map<String, List<String>> extra = headers.get();
        HttpOutcome outcome = poster.post(new HttpRequest(url, masked, contentType, extra, body, body.length, -1));
        outcome.done.whenComplete(new Report(outcome, onResponse, onError));
    }

    /**
     * Stops taking requests; those already queued are still sent (each within the timeout). The result completes when
     * the last of them is done; the caller decides how long to wait for it.
     */
    @Override
    public CompletableResultCode shutdown() {
        return poster.shutdown();
    }

    private static byte[] body(MessageWriter writer) throws IOException {
        int length = writer.getContentLength();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(length > 0 ? length : 4096);
        writer.writeMessage(buffer);
        return buffer.toByteArray();
    }

    /** Hands the outcome to OpenTelemetry's exporter: exactly one of its two callbacks. */
    private static final class Report implements Runnable {
        private final HttpOutcome outcome;
        private final Consumer<HttpResponse> onResponse;
        private final Consumer<Throwable> onError;

        Report(HttpOutcome outcome, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
            this.outcome = outcome;
            this.onResponse = onResponse;
            this.onError = onError;
        }

        @Override
        public void run() {
            if (outcome.done.isSuccess()) {
                onResponse.accept(new Response(outcome.status(), outcome.statusMessage()));
            } else {
                String failure = outcome.failure();
                onError.accept(new ReportedExportFailure(failure != null ? failure : "the OTLP request failed"));
            }
        }
    }

    /** An answer in the 2xx range (its body is not kept: OpenTelemetry does not read it on success). */
    private static final class Response implements HttpResponse {
        private final int code;
        private final String message;

        Response(int code, String message) {
            this.code = code;
            this.message = message;
        }

        @Override
        public int getStatusCode() {
            return code;
        }

        @Override
        public String getStatusMessage() {
            return message;
        }

        @Override
        public byte[] getResponseBody() {
            return new byte[0];
        }
    }
}
