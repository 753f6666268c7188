package dev.fctracing.internal.log;

import java.io.IOException;

/**
 * The failure the OTLP sender hands OpenTelemetry's exporter after it has logged the failure itself, masked: its
 * message holds no secret, and {@link SecretLogFilter} drops OpenTelemetry's own line about it, so that a failing
 * collector is reported once, not once per export. No stack trace (it would only show the sending thread).
 */
public final class ReportedExportFailure extends IOException {

    private static final long serialVersionUID = 1L;

    public ReportedExportFailure(String maskedMessage) {
        super(maskedMessage);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
