package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.StreamRequestHandler;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Variant D, the floor: what any OpenTelemetry-SDK-based tracer has to do on a cold start, written by hand. Builds an
 * {@link SdkTracerProvider} with a {@link SimpleSpanProcessor}, opens one span around the plain (unwoven)
 * {@code ColdHandler}, and on its end POSTs one small body (an empty Jaeger Thrift {@code Batch}) with
 * {@link HttpURLConnection} to the loopback collector, synchronously, before returning.
 *
 * <p>{@code args[1]} = {@code default}: {@code SdkTracerProvider.builder()} as a user would write it (default resource,
 * self-metrics through the global meter provider); {@code lean}: an empty resource and a no-op meter provider, the
 * two settings fc-tracing also uses; {@code batch}: the default builder with a {@code BatchSpanProcessor} (the floor
 * as the performance issue words it: "sdk-trace, batch processor, one span, one POST"), flushed before returning
 * as FC requires: its worker thread posts while this thread waits; {@code real}: {@code batch} around
 * {@code FloorRealHandler} (the realistic workload's six spans and caught exception, written by hand), whose one
 * POST carries the seven spans encoded as a Jaeger batch ({@link FloorJaegerEncoder}) instead of an empty one.
 */
public final class FloorInvoker {

    /** TBinaryProtocol Batch{process: Process{serviceName: "floor"}, spans: []}. */
    private static final byte[] BODY = {
        0x0C,
        0x00,
        0x01, // field 1: struct Process
        0x0B,
        0x00,
        0x01,
        0x00,
        0x00,
        0x00,
        0x05,
        'f',
        'l',
        'o',
        'o',
        'r', // field 1: serviceName
        0x00, // end Process
        0x0F,
        0x00,
        0x02,
        0x0C,
        0x00,
        0x00,
        0x00,
        0x00, // field 2: list<Span>, empty
        0x00 // end Batch
    };

    private FloorInvoker() {}

    public static void main(String[] args) throws Exception {
        long mainMs = System.currentTimeMillis();
        String handlerClass = args[0];
        boolean lean = args.length > 1 && "lean".equals(args[1]);
        boolean real = args.length > 1 && "real".equals(args[1]);
        boolean batch = real || args.length > 1 && "batch".equals(args[1]);
        String endpoint = System.getProperty("bench.endpoint");
        BenchFcContext context =
                new BenchFcContext("cold-" + mainMs, System.getProperty("bench.spanContext"), endpoint);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        long t0 = System.nanoTime();
        PostingExporter exporter = new PostingExporter(endpoint, real);
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .addSpanProcessor(
                        batch ? BatchSpanProcessor.builder(exporter).build() : SimpleSpanProcessor.create(exporter));
        if (lean) {
            builder.setResource(Resource.empty()).setMeterProvider(MeterProvider::noop);
        }
        SdkTracerProvider provider = builder.build();
        Tracer tracer = provider.get("floor");
        if (real) {
            FloorRealHandler.tracer = tracer;
        }
        StreamRequestHandler handler = (StreamRequestHandler)
                Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long r0 = System.nanoTime();
        Span span = tracer.spanBuilder("coldstart-bench")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            handler.handleRequest(new ByteArrayInputStream(new byte[0]), output, context);
        } finally {
            span.end(); // SimpleSpanProcessor -> PostingExporter: the POST happens here, on this thread
        }
        if (batch) {
            provider.forceFlush().join(10, TimeUnit.SECONDS); // the batch worker posts; wait for it, as FC requires
        }
        long t1 = System.nanoTime();
        long returnMs = System.currentTimeMillis();

        // first-request: the handler span, the handler and the flush (the SDK was built before, as a static initialiser
        // would build it).
        ColdStartInvoker.report(mainMs, returnMs, t1 - t0, 0, t1 - r0, output);
    }

    /** Posts {@link #BODY} (or, encoding them, the spans) once per export, synchronously. */
    static final class PostingExporter implements SpanExporter {
        private final String endpoint;
        private final boolean encodeSpans;

        PostingExporter(String endpoint, boolean encodeSpans) {
            this.endpoint = endpoint;
            this.encodeSpans = encodeSpans;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            try {
                byte[] body = encodeSpans && !spans.isEmpty() ? FloorJaegerEncoder.encode(spans) : BODY;
                HttpURLConnection conn = (HttpURLConnection) new URL(endpoint).openConnection();
                conn.setRequestMethod("POST");
                conn.setDoOutput(true);
                conn.setRequestProperty("Content-Type", "application/x-thrift");
                conn.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = conn.getOutputStream()) {
                    out.write(body);
                }
                int code = conn.getResponseCode();
                try (InputStream in = code >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
                    if (in != null) {
                        while (in.read() >= 0) {
                            // drain
                        }
                    }
                }
                return code / 100 == 2 ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
            } catch (Exception e) {
                return CompletableResultCode.ofFailure();
            }
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
}
