package dev.fctracing.internal.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;

/**
 * {@code OTEL_TRACES_EXPORTER=console}: one line per span on standard output (which FC collects into the function's
 * log), for local work and quick checks. No dependency beyond the SDK.
 */
public final class ConsoleSpanExporter implements SpanExporter {

    private final PrintStream out;

    /** Prints to {@code out}. */
    public ConsoleSpanExporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        StringBuilder lines = new StringBuilder();
        for (SpanData span : spans) {
            lines.append("[fc-tracing] ")
                    .append(span.getName())
                    .append(" trace=")
                    .append(span.getTraceId())
                    .append(" span=")
                    .append(span.getSpanId())
                    .append(" parent=")
                    .append(span.getParentSpanContext().isValid() ? span.getParentSpanId() : "-")
                    .append(" kind=")
                    .append(span.getKind())
                    .append(" duration=")
                    .append((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0)
                    .append("ms")
                    .append(" status=")
                    .append(span.getStatus().getStatusCode())
                    .append(' ')
                    .append(span.getAttributes().asMap())
                    .append('\n');
        }
        out.print(lines);
        out.flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
