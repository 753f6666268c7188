package dev.fctracing.internal.export.jaeger;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Test-side mapping of SpanData to the reference Jaeger Thrift model ({@code io.jaegertracing.thriftjava}), written
 * independently of {@link JaegerThriftEncoder}, serialised with libthrift's {@link TSerializer}. Public for the
 * benchmarks, which compare the encoder with this path (this module's test jar).
 */
public final class JaegerReferenceMapping {

    private JaegerReferenceMapping() {}

    /** The libthrift bytes of the Batch {@link #toBatch} builds (all spans under the first span's resource). */
    public static byte[] serialize(Collection<SpanData> spans) throws Exception {
        return new TSerializer(new TBinaryProtocol.Factory()).serialize(toBatch(spans));
    }

    /** The libthrift bytes of one Batch per resource, in order of first appearance, as the official exporter sent. */
    public static List<byte[]> serializePerResource(Collection<SpanData> spans) throws Exception {
        java.util.Map<Resource, List<SpanData>> groups = new java.util.LinkedHashMap<>();
        for (SpanData span : spans) {
            groups.computeIfAbsent(span.getResource(), r -> new ArrayList<>()).add(span);
        }
        List<byte[]> batches = new ArrayList<>();
        for (List<SpanData> group : groups.values()) {
            batches.add(serialize(group));
        }
        return batches;
    }

    /** The reference model of {@code spans}, mapped as the encoder documents it, under the first span's resource. */
    public static Batch toBatch(Collection<SpanData> spans) {
        Resource resource =
                spans.isEmpty() ? Resource.empty() : spans.iterator().next().getResource();
        String serviceName = resource.getAttributes().get(AttributeKey.stringKey("service.name"));
        if (serviceName == null || serviceName.isEmpty()) {
            serviceName = "unknown_service:java";
        }
        Process process = new Process(serviceName);
        List<Tag> processTags = new ArrayList<>();
        resource.getAttributes().forEach((key, value) -> {
            if (!(key.getType() == AttributeType.STRING && key.getKey().equals("service.name"))) {
                processTags.add(tag(key, value));
            }
        });
        if (!processTags.isEmpty()) {
            process.setTags(processTags);
        }
        List<Span> jaegerSpans = new ArrayList<>();
        for (SpanData span : spans) {
            jaegerSpans.add(toSpan(span));
        }
        return new Batch(process, jaegerSpans);
    }

    static Span toSpan(SpanData data) {
        SpanContext ctx = data.getSpanContext();
        SpanContext parent = data.getParentSpanContext();
        Span span = new Span();
        span.setTraceIdHigh(high(ctx.getTraceId()));
        span.setTraceIdLow(low(ctx.getTraceId()));
        span.setSpanId(Long.parseUnsignedLong(ctx.getSpanId(), 16));
        span.setParentSpanId(parent.isValid() ? Long.parseUnsignedLong(parent.getSpanId(), 16) : 0L);
        span.setOperationName(data.getName());
        span.setFlags(ctx.getTraceFlags().isSampled() ? 1 : 0);
        span.setStartTime(data.getStartEpochNanos() / 1000);
        span.setDuration((data.getEndEpochNanos() - data.getStartEpochNanos()) / 1000);

        List<SpanRef> refs = new ArrayList<>();
        if (parent.isValid()) {
            refs.add(new SpanRef(
                    SpanRefType.CHILD_OF,
                    low(parent.getTraceId()),
                    high(parent.getTraceId()),
                    Long.parseUnsignedLong(parent.getSpanId(), 16)));
        }
        for (LinkData link : data.getLinks()) {
            SpanContext l = link.getSpanContext();
            refs.add(new SpanRef(
                    SpanRefType.FOLLOWS_FROM,
                    low(l.getTraceId()),
                    high(l.getTraceId()),
                    Long.parseUnsignedLong(l.getSpanId(), 16)));
        }
        if (!refs.isEmpty()) {
            span.setReferences(refs);
        }

        List<Tag> tags = tags(data.getAttributes());
        if (data.getKind() != SpanKind.INTERNAL) {
            tags.add(new Tag("span.kind", TagType.STRING)
                    .setVStr(data.getKind().name().toLowerCase(Locale.ROOT)));
        }
        StatusCode code = data.getStatus().getStatusCode();
        if (code != StatusCode.UNSET) {
            tags.add(new Tag("otel.status_code", TagType.STRING).setVStr(code.name()));
        }
        String description = data.getStatus().getDescription();
        if (description != null && !description.isEmpty()) {
            tags.add(new Tag("otel.status_description", TagType.STRING).setVStr(description));
        }
        if (code == StatusCode.ERROR) {
            tags.add(new Tag("error", TagType.BOOL).setVBool(true));
        }
        String scopeName = data.getInstrumentationScopeInfo().getName();
        if (scopeName != null && !scopeName.isEmpty()) {
            tags.add(new Tag("otel.scope.name", TagType.STRING).setVStr(scopeName));
        }
        String scopeVersion = data.getInstrumentationScopeInfo().getVersion();
        if (scopeVersion != null && !scopeVersion.isEmpty()) {
            tags.add(new Tag("otel.scope.version", TagType.STRING).setVStr(scopeVersion));
        }
        // mapping-to-non-otlp.md: the deprecated aliases MUST also be reported (jaeger-ui reads only these).
        if (scopeName != null && !scopeName.isEmpty()) {
            tags.add(new Tag("otel.library.name", TagType.STRING).setVStr(scopeName));
        }
        if (scopeVersion != null && !scopeVersion.isEmpty()) {
            tags.add(new Tag("otel.library.version", TagType.STRING).setVStr(scopeVersion));
        }
        // Non-zero dropped counts MUST be reported.
        addCount(
                tags,
                "otel.dropped_attributes_count",
                data.getTotalAttributeCount() - data.getAttributes().size());
        addCount(
                tags,
                "otel.dropped_events_count",
                data.getTotalRecordedEvents() - data.getEvents().size());
        addCount(
                tags,
                "otel.dropped_links_count",
                data.getTotalRecordedLinks() - data.getLinks().size());
        if (!tags.isEmpty()) {
            span.setTags(tags);
        }

        List<Log> logs = new ArrayList<>();
        for (EventData event : data.getEvents()) {
            Log log = new Log();
            log.setTimestamp(event.getEpochNanos() / 1000);
            List<Tag> fields = new ArrayList<>();
            fields.add(new Tag("event", TagType.STRING).setVStr(event.getName()));
            fields.addAll(tags(event.getAttributes()));
            addCount(
                    fields,
                    "otel.dropped_attributes_count",
                    event.getTotalAttributeCount() - event.getAttributes().size());
            log.setFields(fields);
            logs.add(log);
        }
        if (!logs.isEmpty()) {
            span.setLogs(logs);
        }
        return span;
    }

    private static void addCount(List<Tag> tags, String key, long dropped) {
        if (dropped > 0) {
            tags.add(new Tag(key, TagType.LONG).setVLong(dropped));
        }
    }

    private static long high(String traceId) {
        return Long.parseUnsignedLong(traceId.substring(0, 16), 16);
    }

    private static long low(String traceId) {
        return Long.parseUnsignedLong(traceId.substring(16, 32), 16);
    }

    static List<Tag> tags(Attributes attributes) {
        List<Tag> tags = new ArrayList<>();
        // Attribute order on the wire is the Attributes' own iteration order (asMap() may differ, e.g. for the SDK's
        // exception events).
        attributes.forEach((key, value) -> tags.add(tag(key, value)));
        return tags;
    }

    static Tag tag(AttributeKey<?> key, Object value) {
        switch (key.getType()) {
            case STRING:
                return new Tag(key.getKey(), TagType.STRING).setVStr((String) value);
            case BOOLEAN:
                return new Tag(key.getKey(), TagType.BOOL).setVBool((Boolean) value);
            case LONG:
                return new Tag(key.getKey(), TagType.LONG).setVLong((Long) value);
            case DOUBLE:
                return new Tag(key.getKey(), TagType.DOUBLE).setVDouble((Double) value);
            case STRING_ARRAY:
            case BOOLEAN_ARRAY:
            case LONG_ARRAY:
            case DOUBLE_ARRAY:
                return new Tag(key.getKey(), TagType.STRING).setVStr(json((List<?>) value));
            default:
                return new Tag(key.getKey(), TagType.STRING).setVStr(((Value<?>) value).asString());
        }
    }

    /** Independent JSON array writer (no JSON library on the test classpath). */
    static String json(List<?> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String) {
                sb.append('"');
                for (char c : ((String) v).toCharArray()) {
                    if (c == '"' || c == '\\') {
                        sb.append('\\').append(c);
                    } else if (c == '\n') {
                        sb.append("\\n");
                    } else if (c == '\r') {
                        sb.append("\\r");
                    } else if (c == '\t') {
                        sb.append("\\t");
                    } else if (c == '\b') {
                        sb.append("\\b");
                    } else if (c == '\f') {
                        sb.append("\\f");
                    } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                sb.append('"');
            } else if (v instanceof Double) {
                double d = (Double) v;
                sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "\"" + d + "\"" : String.valueOf(d));
            } else {
                sb.append(v);
            }
        }
        return sb.append(']').toString();
    }
}
