package dev.fctracing.internal.export.jaeger;

import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_KEY;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_TYPE_BOOL;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_TYPE_DOUBLE;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_TYPE_LONG;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_TYPE_STRING;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_V_BOOL;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_V_DOUBLE;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_V_LONG;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_V_STR;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.TAG_V_TYPE;
import static dev.fctracing.internal.export.jaeger.ThriftBuffer.TYPE_STRUCT;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes one list of tags: attributes (as a {@link BiConsumer}, so {@code Attributes.forEach} needs no other object)
 * and derived ones, counting them for the list header. One per batch, reused for every list.
 */
final class TagWriter implements BiConsumer<AttributeKey<?>, Object> {
    private final ThriftBuffer out;
    private int countAt;
    private int count;
    private boolean skipServiceName;

    TagWriter(ThriftBuffer out) {
        this.out = out;
    }

    void begin(short fieldId, boolean skipServiceName) {
        this.countAt = out.beginListField(fieldId, TYPE_STRUCT);
        this.count = 0;
        this.skipServiceName = skipServiceName;
    }

    /** Patches the count; with no tag at all, removes the field again (rewinding to {@code mark}) unless -1. */
    void end(int mark) {
        if (count == 0 && mark >= 0) {
            out.rewind(mark);
        } else {
            out.endList(countAt, count);
        }
    }

    void string(String key, String value) {
        start(key, TAG_TYPE_STRING);
        out.stringField(TAG_V_STR, value);
        out.stop();
    }

    void bool(String key, boolean value) {
        start(key, TAG_TYPE_BOOL);
        out.boolField(TAG_V_BOOL, value);
        out.stop();
    }

    void droppedCount(String key, long dropped) {
        if (dropped > 0) {
            start(key, TAG_TYPE_LONG);
            out.i64Field(TAG_V_LONG, dropped);
            out.stop();
        }
    }

    private void start(String key, int type) {
        count++;
        out.stringField(TAG_KEY, key);
        out.i32Field(TAG_V_TYPE, type);
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
        AttributeType type = key.getType();
        String name = key.getKey();
        if (skipServiceName && type == AttributeType.STRING && JaegerThriftEncoder.SERVICE_NAME.equals(name)) {
            return;
        }
        switch (type) {
            case STRING:
                string(name, (String) value);
                return;
            case BOOLEAN:
                bool(name, (Boolean) value);
                return;
            case LONG:
                start(name, TAG_TYPE_LONG);
                out.i64Field(TAG_V_LONG, (Long) value);
                out.stop();
                return;
            case DOUBLE:
                start(name, TAG_TYPE_DOUBLE);
                out.doubleField(TAG_V_DOUBLE, (Double) value);
                out.stop();
                return;
            case STRING_ARRAY:
            case BOOLEAN_ARRAY:
            case LONG_ARRAY:
            case DOUBLE_ARRAY:
                start(name, TAG_TYPE_STRING);
                int at = out.beginStringField(TAG_V_STR);
                writeJsonArray(type, (List<?>) value);
                out.endString(at);
                out.stop();
                return;
            default:
                string(name, JaegerThriftEncoder.otherValueText(value));
        }
    }

    /** The array as JSON text, as OpenTelemetry's Jaeger exporter wrote it (with Gson). */
    private void writeJsonArray(AttributeType type, List<?> values) {
        out.writeByte('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            Object v = values.get(i);
            if (v == null) {
                out.writeAscii("null");
            } else if (type == AttributeType.STRING_ARRAY) {
                out.writeJsonString((String) v);
            } else if (type == AttributeType.BOOLEAN_ARRAY) {
                out.writeAscii(((Boolean) v) ? "true" : "false");
            } else if (type == AttributeType.LONG_ARRAY) {
                out.writeDecimal((Long) v);
            } else {
                out.writeAscii(JaegerThriftEncoder.doubleText((Double) v));
            }
        }
        out.writeByte(']');
    }
}
