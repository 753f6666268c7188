package dev.fctracing.internal.export.http;

import io.opentelemetry.sdk.common.CompletableResultCode;

/** What became of a request: {@link #done} succeeds on a 2xx answer and fails otherwise. */
public final class HttpOutcome {
    /** Completes when the request is over, whatever happened. */
    public final CompletableResultCode done = new CompletableResultCode();

    volatile int status;
    volatile String statusMessage = "";
    volatile String failure;

    /** The answer's status, or 0 when there was none. */
    public int status() {
        return status;
    }

    public String statusMessage() {
        return statusMessage;
    }

    /** The logged description of the failure (masked), or null. */
    public String failure() {
        return failure;
    }
}
