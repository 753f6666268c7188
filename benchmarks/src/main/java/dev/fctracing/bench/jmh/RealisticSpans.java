package dev.fctracing.bench.jmh;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Spans as an FC function's invocation produces them, made by the real SDK: a SERVER handler span (child of FC's
 * remote span) with the attributes {@code InvocationStarter} puts on it, then children of it in turn — an
 * INTERNAL {@code @Traced} step, an OSS call (CLIENT, HTTP attributes), a database query (CLIENT, db attributes) and a
 * message send (PRODUCER) — each with 4–6 attributes and one event with attributes; one span in 16 failed (status
 * ERROR and an exception event with a 4-frame stack trace). The resource is the one {@code FcResource} builds.
 */
final class RealisticSpans {

    static final Resource RESOURCE = Resource.create(Attributes.builder()
            .put("service.name", "order-service")
            .put("telemetry.sdk.name", "opentelemetry")
            .put("telemetry.sdk.language", "java")
            .put("telemetry.distro.name", "fc-tracing")
            .put("cloud.region", "cn-hangzhou")
            .put("cloud.account.id", "1234567890123456")
            .put("faas.instance", "c-65a0d7b2-1f9d3d0e5c0e4b8b9a1c2d3e")
            .build());

    private static final AttributeKey<String> EVENT_KEY = AttributeKey.stringKey("cache.key");
    private static final AttributeKey<Long> EVENT_ATTEMPT = AttributeKey.longKey("attempt");

    private RealisticSpans() {}

    /** {@code count} ended spans of one trace, the first being the handler span. */
    static List<SpanData> batch(int count) {
        List<SpanData> ended = Collections.synchronizedList(new ArrayList<>(count));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(new Collect(ended))
                .build();
        try {
            Tracer tracer = provider.get("dev.fctracing");
            SpanContext fcSpan = SpanContext.createFromRemoteParent(
                    "5af7183fb1d4cf5f124ed43254b54966",
                    "124ed43254b54966",
                    TraceFlags.getSampled(),
                    TraceState.getDefault());
            Context fc = Context.root().with(Span.wrap(fcSpan));
            Span handler = tracer.spanBuilder("order-function")
                    .setParent(fc)
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute("cloud.provider", "alibaba_cloud")
                    .setAttribute("cloud.platform", "alibaba_cloud_fc")
                    .setAttribute("faas.invocation_id", "1-65a0d7b2-6d1f2e3a4b5c6d7e8f901234")
                    .setAttribute("faas.name", "order-function")
                    .setAttribute("faas.coldstart", false)
                    .setAttribute("faas.version", "LATEST")
                    .setAttribute("faas.max_memory", 512L * 1024 * 1024)
                    .startSpan();
            Context inHandler = fc.with(handler);
            for (int i = 1; i < count; i++) {
                child(tracer, inHandler, i).end();
            }
            handler.end();
        } finally {
            provider.shutdown();
        }
        if (ended.size() != count) {
            throw new IllegalStateException("made " + ended.size() + " spans instead of " + count);
        }
        // Handler first, as in the flush order of a real invocation it would be last; order does not matter here.
        List<SpanData> ordered = new ArrayList<>(count);
        ordered.add(ended.get(count - 1));
        ordered.addAll(ended.subList(0, count - 1));
        return ordered;
    }

    private static Span child(Tracer tracer, Context parent, int i) {
        Span span;
        switch (i % 4) {
            case 1:
                span = tracer.spanBuilder("fc-operation")
                        .setParent(parent)
                        .setAttribute("code.namespace", "com.example.order.OrderHandler")
                        .setAttribute("code.function", "validate")
                        .setAttribute("order.id", "ORD-2024-" + (100000 + i))
                        .setAttribute("order.items", (long) (i % 7 + 1))
                        .startSpan();
                span.addEvent("cache.miss", Attributes.of(EVENT_KEY, "order:" + i, EVENT_ATTEMPT, 1L));
                break;
            case 2:
                span = tracer.spanBuilder("GET oss")
                        .setParent(parent)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("http.request.method", "GET")
                        .setAttribute(
                                "url.full",
                                "https://order-bucket.oss-cn-hangzhou-internal.aliyuncs.com/orders/" + i + ".json")
                        .setAttribute("server.address", "order-bucket.oss-cn-hangzhou-internal.aliyuncs.com")
                        .setAttribute("http.response.status_code", 200L)
                        .setAttribute("network.protocol.version", "1.1")
                        .startSpan();
                span.addEvent("retry", Attributes.of(EVENT_KEY, "orders/" + i, EVENT_ATTEMPT, 2L));
                break;
            case 3:
                span = tracer.spanBuilder("SELECT orders")
                        .setParent(parent)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system", "mysql")
                        .setAttribute("db.namespace", "orders")
                        .setAttribute(
                                "db.query.text", "SELECT id, status, total FROM orders WHERE customer_id = ? LIMIT 20")
                        .setAttribute("server.address", "rm-bp1abc.mysql.rds.aliyuncs.com")
                        .setAttribute("db.response.returned_rows", (long) (i % 20))
                        .startSpan();
                span.addEvent("connection.acquired", Attributes.of(EVENT_KEY, "pool-1", EVENT_ATTEMPT, 1L));
                break;
            default:
                span = tracer.spanBuilder("order-events publish")
                        .setParent(parent)
                        .setSpanKind(SpanKind.PRODUCER)
                        .setAttribute("messaging.system", "rocketmq")
                        .setAttribute("messaging.destination.name", "order-events")
                        .setAttribute("messaging.message.id", "7F0000017A2E18B4AAC2" + i)
                        .setAttribute("messaging.message.body.size", 512L + i)
                        .setAttribute("sampling.ratio", 0.25)
                        .startSpan();
                span.addEvent("sent", Attributes.of(EVENT_KEY, "order-events", EVENT_ATTEMPT, 1L));
                break;
        }
        if (i % 16 == 0) {
            IOException failure = new IOException("read timed out after 3000 ms");
            failure.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.net.SocketInputStream", "socketRead0", "SocketInputStream.java", -2),
                new StackTraceElement("java.net.SocketInputStream", "read", "SocketInputStream.java", 171),
                new StackTraceElement("com.example.order.OssClient", "get", "OssClient.java", 88),
                new StackTraceElement("com.example.order.OrderHandler", "load", "OrderHandler.java", 42),
            });
            span.setStatus(StatusCode.ERROR, "read timed out");
            span.recordException(failure);
        }
        return span;
    }

    private static final class Collect implements SpanProcessor {
        private final List<SpanData> into;

        Collect(List<SpanData> into) {
            this.into = into;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            into.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
