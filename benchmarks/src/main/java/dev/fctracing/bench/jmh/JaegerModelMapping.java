package dev.fctracing.bench.jmh;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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

/**
 * The libthrift side's mapping of {@link SpanData} to the reference Jaeger model ({@code io.jaegertracing.thriftjava},
 * as the old OpenTelemetry Jaeger Thrift exporter did it): resource → {@code Process}, parent → {@code parentSpanId}
 * plus a {@code CHILD_OF} ref, links → {@code FOLLOWS_FROM}, kind/status/scope → tags, events → logs. Written for the
 * benchmark the straightforward way a libthrift-based exporter would (lists, model objects, hex parsing through
 * {@code Long.parseUnsignedLong}). Scalar attributes only (the benchmark spans have no array attributes); the
 * benchmark checks that the result serialises to exactly the bytes of {@code JaegerThriftEncoder}.
 */
final class JaegerModelMapping {

  private JaegerModelMapping() {}

  static Batch toBatch(Collection<SpanData> spans) {
    Resource resource = spans.isEmpty() ? Resource.empty() : spans.iterator().next().getResource();
    String serviceName = resource.getAttributes().get(AttributeKey.stringKey("service.name"));
    Process process = new Process(serviceName == null || serviceName.isEmpty() ? "unknown_service:java" : serviceName);
    List<Tag> processTags = new ArrayList<>();
    resource.getAttributes().forEach((key, value) -> {
      if (!key.getKey().equals("service.name")) {
        processTags.add(tag(key, value));
      }
    });
    if (!processTags.isEmpty()) {
      process.setTags(processTags);
    }
    List<Span> jaegerSpans = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      jaegerSpans.add(toSpan(span));
    }
    return new Batch(process, jaegerSpans);
  }

  private static Span toSpan(SpanData data) {
    SpanContext context = data.getSpanContext();
    SpanContext parent = data.getParentSpanContext();
    Span span = new Span();
    span.setTraceIdHigh(traceIdHigh(context.getTraceId()));
    span.setTraceIdLow(traceIdLow(context.getTraceId()));
    span.setSpanId(Long.parseUnsignedLong(context.getSpanId(), 16));
    span.setParentSpanId(parent.isValid() ? Long.parseUnsignedLong(parent.getSpanId(), 16) : 0L);
    span.setOperationName(data.getName());
    span.setFlags(context.getTraceFlags().isSampled() ? 1 : 0);
    span.setStartTime(data.getStartEpochNanos() / 1000);
    span.setDuration((data.getEndEpochNanos() - data.getStartEpochNanos()) / 1000);

    List<SpanRef> references = new ArrayList<>();
    if (parent.isValid()) {
      references.add(ref(SpanRefType.CHILD_OF, parent));
    }
    for (LinkData link : data.getLinks()) {
      references.add(ref(SpanRefType.FOLLOWS_FROM, link.getSpanContext()));
    }
    if (!references.isEmpty()) {
      span.setReferences(references);
    }

    List<Tag> tags = tags(data.getAttributes());
    if (data.getKind() != SpanKind.INTERNAL) {
      tags.add(new Tag("span.kind", TagType.STRING).setVStr(data.getKind().name().toLowerCase(Locale.ROOT)));
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
    if (!tags.isEmpty()) {
      span.setTags(tags);
    }

    if (!data.getEvents().isEmpty()) {
      List<Log> logs = new ArrayList<>(data.getEvents().size());
      for (EventData event : data.getEvents()) {
        List<Tag> fields = new ArrayList<>();
        fields.add(new Tag("event", TagType.STRING).setVStr(event.getName()));
        fields.addAll(tags(event.getAttributes()));
        logs.add(new Log(event.getEpochNanos() / 1000, fields));
      }
      span.setLogs(logs);
    }
    return span;
  }

  private static SpanRef ref(SpanRefType type, SpanContext target) {
    return new SpanRef(
        type, traceIdLow(target.getTraceId()), traceIdHigh(target.getTraceId()),
        Long.parseUnsignedLong(target.getSpanId(), 16));
  }

  private static long traceIdHigh(String traceId) {
    return Long.parseUnsignedLong(traceId.substring(0, 16), 16);
  }

  private static long traceIdLow(String traceId) {
    return Long.parseUnsignedLong(traceId.substring(16, 32), 16);
  }

  private static List<Tag> tags(Attributes attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size() + 4);
    attributes.forEach((key, value) -> tags.add(tag(key, value)));
    return tags;
  }

  private static Tag tag(AttributeKey<?> key, Object value) {
    switch (key.getType()) {
      case STRING:
        return new Tag(key.getKey(), TagType.STRING).setVStr((String) value);
      case BOOLEAN:
        return new Tag(key.getKey(), TagType.BOOL).setVBool((Boolean) value);
      case LONG:
        return new Tag(key.getKey(), TagType.LONG).setVLong((Long) value);
      case DOUBLE:
        return new Tag(key.getKey(), TagType.DOUBLE).setVDouble((Double) value);
      default:
        throw new UnsupportedOperationException("benchmark mapping: no array attributes (" + key + ")");
    }
  }
}
