package dev.fctracing.properties;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An exporter that behaves like a network one: {@code export} returns at once, and the batch reaches the collector
 * ({@link #collected()}) and the result completes later, on a thread of the exporter's own. A flush that does not
 * wait for the result (an interrupted one, say) returns before its spans were collected.
 */
final class AcceptingExporter implements SpanExporter {

    private final InMemorySpanExporter collected = InMemorySpanExporter.create();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "property-exporter");
        thread.setDaemon(true);
        return thread;
    });

    /** What the "collector" has accepted so far. */
    InMemorySpanExporter collected() {
        return collected;
    }

    /** Waits (bounded) until every batch handed over so far was collected. */
    void awaitIdle(long millis) throws Exception {
        sender.submit(() -> null).get(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = new CompletableResultCode();
        Collection<SpanData> batch = new ArrayList<>(spans);
        sender.execute(() -> {
            collected.export(batch);
            result.succeed();
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        sender.shutdown();
        return CompletableResultCode.ofSuccess();
    }
}
