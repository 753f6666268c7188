package dev.fctracing.bench.process.target;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Variant Dreal's exporter body: the spans as one Jaeger Thrift {@code Batch} (TBinaryProtocol), written by hand the
 * shortest way a user would — {@code Process} with the resource's attributes as tags, each span's ids, name, parent
 * reference, flags, times, attributes plus {@code span.kind} / {@code otel.status_code} / {@code error} as tags, and
 * events as logs. Assumes one resource (the floor has one). Not a general encoder: the floor's share of the work that
 * any exporter of these spans does.
 */
final class FloorJaegerEncoder {

    private static final byte T_STOP = 0;
    private static final byte T_BOOL = 2;
    private static final byte T_DOUBLE = 4;
    private static final byte T_I32 = 8;
    private static final byte T_I64 = 10;
    private static final byte T_STRING = 11;
    private static final byte T_STRUCT = 12;
    private static final byte T_LIST = 15;
    private static final int TAG_STRING = 0;
    private static final int TAG_DOUBLE = 1;
    private static final int TAG_BOOL = 2;
    private static final int TAG_LONG = 3;

    private final DataOutputStream out;

    private FloorJaegerEncoder(DataOutputStream out) {
        this.out = out;
    }

    static byte[] encode(Collection<SpanData> spans) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 320 * spans.size());
        FloorJaegerEncoder e = new FloorJaegerEncoder(new DataOutputStream(bytes));
        Resource resource = spans.iterator().next().getResource();
        e.field(T_STRUCT, 1); // Batch.process
        String service = resource.getAttributes().get(AttributeKey.stringKey("service.name"));
        e.string(1, service == null ? "unknown_service:java" : service);
        e.tags(2, resource.getAttributes(), "service.name");
        e.out.writeByte(T_STOP);
        e.field(T_LIST, 2); // Batch.spans
        e.listHeader(T_STRUCT, spans.size());
        for (SpanData span : spans) {
            e.span(span);
        }
        e.out.writeByte(T_STOP);
        e.out.flush();
        return bytes.toByteArray();
    }

    private void span(SpanData span) throws IOException {
        SpanContext context = span.getSpanContext();
        String traceId = context.getTraceId();
        i64(1, Long.parseUnsignedLong(traceId.substring(16), 16));
        i64(2, Long.parseUnsignedLong(traceId.substring(0, 16), 16));
        i64(3, Long.parseUnsignedLong(context.getSpanId(), 16));
        SpanContext parent = span.getParentSpanContext();
        long parentId = parent.isValid() ? Long.parseUnsignedLong(parent.getSpanId(), 16) : 0L;
        i64(4, parentId);
        string(5, span.getName());
        if (parent.isValid()) {
            field(T_LIST, 6); // references: CHILD_OF the parent
            listHeader(T_STRUCT, 1);
            i32(1, 0);
            i64(2, Long.parseUnsignedLong(parent.getTraceId().substring(16), 16));
            i64(3, Long.parseUnsignedLong(parent.getTraceId().substring(0, 16), 16));
            i64(4, parentId);
            out.writeByte(T_STOP);
        }
        i32(7, context.isSampled() ? 1 : 0);
        i64(8, span.getStartEpochNanos() / 1000);
        i64(9, (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000);
        Attributes attributes = span.getAttributes();
        int derived = (span.getKind() != SpanKind.INTERNAL ? 1 : 0)
                + (span.getStatus().getStatusCode() == StatusCode.ERROR ? 2 : 0);
        field(T_LIST, 10);
        listHeader(T_STRUCT, attributes.size() + derived);
        for (Map.Entry<AttributeKey<?>, Object> a : attributes.asMap().entrySet()) {
            tag(a.getKey().getKey(), a.getValue());
        }
        if (span.getKind() != SpanKind.INTERNAL) {
            tag("span.kind", span.getKind().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
            tag("otel.status_code", "ERROR");
            tag("error", Boolean.TRUE);
        }
        List<EventData> events = span.getEvents();
        if (!events.isEmpty()) {
            field(T_LIST, 11);
            listHeader(T_STRUCT, events.size());
            for (EventData event : events) {
                i64(1, event.getEpochNanos() / 1000);
                field(T_LIST, 2);
                listHeader(T_STRUCT, event.getAttributes().size() + 1);
                tag("event", event.getName());
                for (Map.Entry<AttributeKey<?>, Object> a :
                        event.getAttributes().asMap().entrySet()) {
                    tag(a.getKey().getKey(), a.getValue());
                }
                out.writeByte(T_STOP);
            }
        }
        out.writeByte(T_STOP);
    }

    private void tags(int id, Attributes attributes, String skip) throws IOException {
        Map<AttributeKey<?>, Object> map = attributes.asMap();
        int n = map.size() - (attributes.get(AttributeKey.stringKey(skip)) != null ? 1 : 0);
        field(T_LIST, id);
        listHeader(T_STRUCT, n);
        for (Map.Entry<AttributeKey<?>, Object> a : map.entrySet()) {
            if (!a.getKey().getKey().equals(skip)) {
                tag(a.getKey().getKey(), a.getValue());
            }
        }
    }

    private void tag(String key, Object value) throws IOException {
        string(1, key);
        if (value instanceof Boolean) {
            i32(2, TAG_BOOL);
            field(T_BOOL, 5);
            out.writeByte((Boolean) value ? 1 : 0);
        } else if (value instanceof Long) {
            i32(2, TAG_LONG);
            i64(6, (Long) value);
        } else if (value instanceof Double) {
            i32(2, TAG_DOUBLE);
            field(T_DOUBLE, 4);
            out.writeDouble((Double) value);
        } else {
            i32(2, TAG_STRING);
            string(3, String.valueOf(value));
        }
        out.writeByte(T_STOP);
    }

    private void field(byte type, int id) throws IOException {
        out.writeByte(type);
        out.writeShort(id);
    }

    private void listHeader(byte elementType, int size) throws IOException {
        out.writeByte(elementType);
        out.writeInt(size);
    }

    private void i32(int id, int value) throws IOException {
        field(T_I32, id);
        out.writeInt(value);
    }

    private void i64(int id, long value) throws IOException {
        field(T_I64, id);
        out.writeLong(value);
    }

    private void string(int id, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        field(T_STRING, id);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
