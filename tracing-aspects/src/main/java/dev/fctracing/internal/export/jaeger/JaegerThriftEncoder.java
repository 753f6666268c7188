package dev.fctracing.internal.export.jaeger;

import static dev.fctracing.internal.export.jaeger.JaegerIdl.BATCH_PROCESS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.BATCH_SPANS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.LOG_FIELDS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.LOG_TIMESTAMP;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.PROCESS_SERVICE_NAME;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.PROCESS_TAGS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_SPAN_ID;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_TRACE_ID_HIGH;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_TRACE_ID_LOW;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_TYPE;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_TYPE_CHILD_OF;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.REF_TYPE_FOLLOWS_FROM;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_DURATION;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_FLAGS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_LOGS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_OPERATION_NAME;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_PARENT_SPAN_ID;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_REFERENCES;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_SPAN_ID;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_START_TIME;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_TAGS;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_TRACE_ID_HIGH;
import static dev.fctracing.internal.export.jaeger.JaegerIdl.SPAN_TRACE_ID_LOW;
import static dev.fctracing.internal.export.jaeger.ThriftBuffer.TYPE_STRUCT;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes finished OpenTelemetry spans as the bodies of Jaeger "Thrift over HTTP" requests: TBinaryProtocol Jaeger
 * {@code Batch{1: Process process, 2: list<Span> spans}}, byte-for-byte what libthrift's {@code TSerializer} writes
 * for the same {@code io.jaegertracing.thriftjava} model, in one pass over the spans ({@link ThriftBuffer}).
 *
 * <p>The mapping, written here once, is OpenTelemetry's for non-OTLP formats as its former Jaeger exporter applied
 * it, with what that exporter left out:
 *
 * <ul>
 *   <li>one batch per resource, whose attributes become the {@code Process} ({@code service.name} its service name,
 *       the others its tags);
 *   <li>attributes become tags (arrays as JSON text, other values as their string form);
 *   <li>the parent becomes {@code parentSpanId} and a {@code CHILD_OF} reference, first; links {@code FOLLOWS_FROM};
 *   <li>derived tags, after the attributes: {@code span.kind} (not for INTERNAL), {@code otel.status_code}, {@code
 *       otel.status_description}, {@code error=true} for ERROR, {@code otel.scope.name}/{@code .version} and their
 *       deprecated aliases {@code otel.library.name}/{@code .version} (which jaeger-ui reads), and non-zero {@code
 *       otel.dropped_attributes_count}, {@code otel.dropped_events_count}, {@code otel.dropped_links_count};
 *   <li>events become logs: an {@code event} field with the name, the attributes, and a non-zero {@code
 *       otel.dropped_attributes_count}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class JaegerThriftEncoder {

    static final String SERVICE_NAME = "service.name";
    static final String DEFAULT_SERVICE_NAME = "unknown_service:java";
    static final String KEY_SPAN_KIND = "span.kind";
    static final String KEY_STATUS_CODE = "otel.status_code";
    static final String KEY_STATUS_DESCRIPTION = "otel.status_description";
    static final String KEY_ERROR = "error";
    static final String KEY_SCOPE_NAME = "otel.scope.name";
    static final String KEY_SCOPE_VERSION = "otel.scope.version";
    static final String KEY_LIBRARY_NAME = "otel.library.name";
    static final String KEY_LIBRARY_VERSION = "otel.library.version";
    static final String KEY_DROPPED_ATTRIBUTES = "otel.dropped_attributes_count";
    static final String KEY_DROPPED_EVENTS = "otel.dropped_events_count";
    static final String KEY_DROPPED_LINKS = "otel.dropped_links_count";
    static final String KEY_LOG_EVENT = "event";

    private static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey(SERVICE_NAME);

    private JaegerThriftEncoder() {}

    /**
     * One batch per resource among {@code spans} (in order of first appearance), each holding that resource's spans in
     * their order. Nothing for an empty or null collection.
     */
    public static List<ThriftBuffer> encode(Collection<SpanData> spans) {
        List<ThriftBuffer> batches = new ArrayList<>(1);
        if (spans == null || spans.isEmpty()) {
            return batches;
        }
        Resource first = spans.iterator().next().getResource();
        boolean oneResource = true;
        for (SpanData span : spans) {
            if (span.getResource() != first && !first.equals(span.getResource())) {
                oneResource = false;
                break;
            }
        }
        if (oneResource) {
            batches.add(encode(first, spans));
            return batches;
        }
        Map<Resource, List<SpanData>> byResource = new LinkedHashMap<>();
        for (SpanData span : spans) {
            List<SpanData> group = byResource.get(span.getResource());
            if (group == null) {
                group = new ArrayList<>();
                byResource.put(span.getResource(), group);
            }
            group.add(span);
        }
        for (Map.Entry<Resource, List<SpanData>> group : byResource.entrySet()) {
            batches.add(encode(group.getKey(), group.getValue()));
        }
        return batches;
    }

    /** One batch: {@code resource} as the {@code Process}, then {@code spans}. */
    public static ThriftBuffer encode(Resource resource, Collection<SpanData> spans) {
        ThriftBuffer out = new ThriftBuffer(estimatedSize(spans));
        TagWriter tags = new TagWriter(out);
        out.fieldHeader(TYPE_STRUCT, BATCH_PROCESS);
        writeProcess(out, tags, resource);
        int spanCount = out.beginListField(BATCH_SPANS, TYPE_STRUCT);
        int n = 0;
        for (SpanData span : spans) {
            writeSpan(out, tags, span);
            n++;
        }
        out.endList(spanCount, n);
        out.stop();
        return out;
    }

    /**
     * A first guess at the batch's size from what each span holds, so that the buffer rarely grows (each growth
     * copies it and leaves the old array as garbage): ids, times, reference and derived tags about 360 bytes, then
     * the name, and per attribute, event and event attribute a typical key and value.
     */
    static int estimatedSize(Collection<SpanData> spans) {
        long size = 256;
        for (SpanData span : spans) {
            size += 360 + span.getName().length() + 72L * span.getAttributes().size();
            List<EventData> events = span.getEvents();
            for (int i = 0; i < events.size(); i++) {
                size += 64 + 40L * events.get(i).getAttributes().size();
            }
        }
        return (int) Math.min(size, 1 << 24);
    }

    // ------------------------------------------------------------------------------------------------------ Process

    static String serviceName(Resource resource) {
        String name = resource == null ? null : resource.getAttributes().get(SERVICE_NAME_KEY);
        return name == null || name.isEmpty() ? DEFAULT_SERVICE_NAME : name;
    }

    private static void writeProcess(ThriftBuffer out, TagWriter tags, Resource resource) {
        out.stringField(PROCESS_SERVICE_NAME, serviceName(resource));
        if (resource != null) {
            int mark = out.mark();
            tags.begin(PROCESS_TAGS, true);
            resource.getAttributes().forEach(tags);
            tags.end(mark);
        }
        out.stop();
    }

    // --------------------------------------------------------------------------------------------------------- Span

    private static void writeSpan(ThriftBuffer out, TagWriter tags, SpanData span) {
        SpanContext context = span.getSpanContext();
        String traceId = context.getTraceId();
        out.i64Field(SPAN_TRACE_ID_LOW, hexToLong(traceId, 16));
        out.i64Field(SPAN_TRACE_ID_HIGH, hexToLong(traceId, 0));
        out.i64Field(SPAN_SPAN_ID, hexToLong(context.getSpanId(), 0));
        SpanContext parent = span.getParentSpanContext();
        boolean hasParent = parent.isValid();
        out.i64Field(SPAN_PARENT_SPAN_ID, hasParent ? hexToLong(parent.getSpanId(), 0) : 0L);
        out.stringField(SPAN_OPERATION_NAME, span.getName());

        List<LinkData> links = span.getLinks();
        if (hasParent || !links.isEmpty()) {
            int count = out.beginListField(SPAN_REFERENCES, TYPE_STRUCT);
            if (hasParent) {
                writeReference(out, REF_TYPE_CHILD_OF, parent);
            }
            for (int i = 0; i < links.size(); i++) {
                writeReference(out, REF_TYPE_FOLLOWS_FROM, links.get(i).getSpanContext());
            }
            out.endList(count, (hasParent ? 1 : 0) + links.size());
        }

        out.i32Field(SPAN_FLAGS, context.isSampled() ? 1 : 0);
        long start = span.getStartEpochNanos();
        out.i64Field(SPAN_START_TIME, start / 1000L);
        out.i64Field(SPAN_DURATION, (span.getEndEpochNanos() - start) / 1000L);

        int mark = out.mark();
        tags.begin(SPAN_TAGS, false);
        span.getAttributes().forEach(tags);
        writeDerivedTags(tags, span);
        tags.end(mark);

        List<EventData> events = span.getEvents();
        if (!events.isEmpty()) {
            int count = out.beginListField(SPAN_LOGS, TYPE_STRUCT);
            for (int i = 0; i < events.size(); i++) {
                writeLog(out, tags, events.get(i));
            }
            out.endList(count, events.size());
        }
        out.stop();
    }

    /** The tags OpenTelemetry's mapping derives from span fields, in the order the reference mapping writes them. */
    private static void writeDerivedTags(TagWriter tags, SpanData span) {
        String kind = kindValue(span.getKind());
        if (kind != null) {
            tags.string(KEY_SPAN_KIND, kind);
        }
        StatusData status = span.getStatus();
        StatusCode code = status.getStatusCode();
        if (code != StatusCode.UNSET) {
            tags.string(KEY_STATUS_CODE, code == StatusCode.OK ? "OK" : "ERROR");
        }
        String description = status.getDescription();
        if (description != null && !description.isEmpty()) {
            tags.string(KEY_STATUS_DESCRIPTION, description);
        }
        if (code == StatusCode.ERROR) {
            tags.bool(KEY_ERROR, true);
        }
        InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
        String scopeName = scope.getName();
        String scopeVersion = scope.getVersion();
        boolean named = scopeName != null && !scopeName.isEmpty();
        boolean versioned = scopeVersion != null && !scopeVersion.isEmpty();
        if (named) {
            tags.string(KEY_SCOPE_NAME, scopeName);
        }
        if (versioned) {
            tags.string(KEY_SCOPE_VERSION, scopeVersion);
        }
        if (named) {
            tags.string(KEY_LIBRARY_NAME, scopeName);
        }
        if (versioned) {
            tags.string(KEY_LIBRARY_VERSION, scopeVersion);
        }
        tags.droppedCount(
                KEY_DROPPED_ATTRIBUTES,
                span.getTotalAttributeCount() - span.getAttributes().size());
        tags.droppedCount(
                KEY_DROPPED_EVENTS,
                span.getTotalRecordedEvents() - span.getEvents().size());
        tags.droppedCount(
                KEY_DROPPED_LINKS,
                span.getTotalRecordedLinks() - span.getLinks().size());
    }

    private static void writeReference(ThriftBuffer out, int refType, SpanContext target) {
        String traceId = target.getTraceId();
        out.i32Field(REF_TYPE, refType);
        out.i64Field(REF_TRACE_ID_LOW, hexToLong(traceId, 16));
        out.i64Field(REF_TRACE_ID_HIGH, hexToLong(traceId, 0));
        out.i64Field(REF_SPAN_ID, hexToLong(target.getSpanId(), 0));
        out.stop();
    }

    private static void writeLog(ThriftBuffer out, TagWriter tags, EventData event) {
        out.i64Field(LOG_TIMESTAMP, event.getEpochNanos() / 1000L);
        tags.begin(LOG_FIELDS, false);
        tags.string(KEY_LOG_EVENT, event.getName());
        Attributes attributes = event.getAttributes();
        attributes.forEach(tags);
        tags.droppedCount(KEY_DROPPED_ATTRIBUTES, event.getTotalAttributeCount() - attributes.size());
        tags.end(-1); // a log's fields are written even when empty
        out.stop();
    }

    static String kindValue(SpanKind kind) {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case SERVER:
                return "server";
            case CLIENT:
                return "client";
            case PRODUCER:
                return "producer";
            case CONSUMER:
                return "consumer";
            default:
                return null; // INTERNAL
        }
    }

    /** Parses 16 hex characters of {@code hex} starting at {@code offset} as a signed 64-bit value. */
    static long hexToLong(CharSequence hex, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 16; i++) {
            char c = hex.charAt(i);
            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            value = (value << 4) | digit;
        }
        return value;
    }

    /** Text for attribute types newer than the Jaeger mapping ({@code VALUE}): its own string form. */
    static String otherValueText(Object value) {
        return value instanceof Value ? ((Value<?>) value).asString() : String.valueOf(value);
    }

    /** {@code Double.toString} for finite values (as Gson wrote them); NaN and infinities as JSON strings. */
    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Double.toString(d);
    }
}
