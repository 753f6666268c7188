package dev.fctracing.internal.export.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Jaeger backend shows for the batches our encoder writes. Spans come from a real SDK, are encoded by
 * {@link JaegerThriftEncoder}, decoded by libthrift into the reference model, then read with Jaeger's own ingestion
 * and display rules, reimplemented below from these sources:
 *
 * <ul>
 *   <li>jaeger {@code model/converter/thrift/jaeger/to_domain.go} ({@code transformSpan}, {@code getReferences},
 *       {@code getTag}): Thrift span to the domain model, {@code parentSpanId} turned into a {@code CHILD_OF}
 *       reference by {@code MaybeAddParentSpanID} (jaeger-idl {@code model/v1/spanref.go}: put first unless a
 *       {@code CHILD_OF} to the same span is already there);
 *   <li>jaeger-idl {@code model/v1/span.go} {@code ParentSpanID()}: the first {@code CHILD_OF} reference in the same
 *       trace, else the first {@code FOLLOWS_FROM} in the same trace, else none; {@code model/v1} {@code Flags}: bit 0
 *       is sampled;
 *   <li>jaeger-ui {@code packages/jaeger-ui/src/model/OtelSpanFacade.ts}: kind from the {@code span.kind} tag upper-cased
 *       (default INTERNAL), parent as above, status ERROR when the {@code error} tag is truthy, instrumentation scope
 *       from {@code otel.library.name} / {@code otel.library.version} ({@code "unknown"} without them), links = the
 *       references other than the parent's;
 *   <li>opentelemetry-collector-contrib {@code pkg/translator/jaeger/jaegerthrift_to_traces.go} and
 *       {@code jaegerproto_to_traces.go} {@code setInternalSpanStatus} (Jaeger v2's ingestion of Thrift): an
 *       {@code error} tag of type BOOL and true gives ERROR, its message from {@code otel.status_description};
 *       otherwise {@code otel.status_code} OK or ERROR; {@code span.kind} gives the kind;
 *   <li>OpenTelemetry specification {@code common/mapping-to-non-otlp.md}: non-zero
 *       {@code otel.dropped_attributes_count}, {@code otel.dropped_events_count}, {@code otel.dropped_links_count}
 *       reported as integer tags (Jaeger keeps them as {@code Int64} tags).
 * </ul>
 */
class JaegerDataModelTest {

    private static final String FC_TRACE = "0000000000000000124ed43254b54966";
    private static final String FC_SPAN = "124ed43254b54966";
    private static final String OTHER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_SPAN = "00f067aa0ba902b7";

    private static final Resource FUNCTION = Resource.create(Attributes.builder()
            .put("service.name", "order-fn")
            .put("cloud.region", "cn-hangzhou")
            .build());
    private static final Resource OTHER_RESOURCE =
            Resource.create(Attributes.builder().put("service.name", "side-car").build());

    private static Map<String, JaegerView> view;
    private static List<Batch> batches;

    @BeforeAll
    static void encodeAndDecode() throws Exception {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SpanLimits limits = SpanLimits.builder()
                .setMaxNumberOfAttributes(3)
                .setMaxNumberOfEvents(2)
                .setMaxNumberOfLinks(1)
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(FUNCTION)
                .setSpanLimits(limits)
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .build();
        SdkTracerProvider other = SdkTracerProvider.builder()
                .setResource(OTHER_RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .build();
        try {
            SpanContext fc = SpanContext.createFromRemoteParent(
                    FC_TRACE, FC_SPAN, TraceFlags.getSampled(), TraceState.getDefault());
            SpanContext elsewhere = SpanContext.createFromRemoteParent(
                    OTHER_TRACE, OTHER_SPAN, TraceFlags.getSampled(), TraceState.getDefault());
            Tracer ours = provider.get("dev.fctracing", "0.1.0");
            Tracer jdbc = provider.get("io.opentelemetry.jdbc", "2.31.1-alpha");

            io.opentelemetry.api.trace.Span handler = ours.spanBuilder("handler")
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(fc)))
                    .addLink(elsewhere)
                    .startSpan();
            Context inHandler = Context.root().with(handler);

            io.opentelemetry.api.trace.Span query = jdbc.spanBuilder("SELECT orders")
                    .setSpanKind(SpanKind.CLIENT)
                    .setParent(inHandler)
                    .addLink(elsewhere)
                    .addLink(fc)
                    .startSpan();
            for (int i = 0; i < 5; i++) {
                query.setAttribute("a" + i, i);
            }
            query.addEvent("one");
            query.addEvent("two");
            query.recordException(new IllegalStateException("connection reset"));
            query.setStatus(StatusCode.ERROR, "connection reset");
            query.end();

            io.opentelemetry.api.trace.Span ok =
                    ours.spanBuilder("validate").setParent(inHandler).startSpan();
            ok.setStatus(StatusCode.OK);
            ok.end();

            io.opentelemetry.api.trace.Span linkedRoot = ours.spanBuilder("reindex")
                    .setNoParent()
                    .addLink(handler.getSpanContext())
                    .startSpan();
            linkedRoot.end();
            handler.end();

            other.get("sidecar-lib")
                    .spanBuilder("poll")
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(inHandler)
                    .startSpan()
                    .end();

            List<SpanData> spans = memory.getFinishedSpanItems();
            assertThat(spans).hasSize(5);
            batches = new ArrayList<>();
            for (ThriftBuffer buffer : JaegerThriftEncoder.encode(spans)) {
                Batch batch = new Batch();
                new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, buffer.toByteArray());
                batches.add(batch);
            }
            view = new LinkedHashMap<>();
            for (Batch batch : batches) {
                for (Span span : batch.getSpans()) {
                    view.put(
                            span.getOperationName(),
                            JaegerView.of(span, batch.getProcess().getServiceName()));
                }
            }
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
            other.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void clear() {
        view = null;
        batches = null;
    }

    @Test
    void eachResourceIsOneProcessWithItsServiceName() {
        assertThat(batches).extracting(b -> b.getProcess().getServiceName()).containsExactly("order-fn", "side-car");
        assertThat(view.get("poll").serviceName).isEqualTo("side-car");
        assertThat(view.get("handler").serviceName).isEqualTo("order-fn");
    }

    @Test
    void parentsAreWhatJaegerAndJaegerUiDerive() {
        JaegerView handler = view.get("handler");
        assertThat(handler.traceId).isEqualTo(FC_TRACE);
        assertThat(handler.parentSpanId)
                .as("FC's span (CHILD_OF), not the FOLLOWS_FROM link")
                .isEqualTo(FC_SPAN);
        assertThat(handler.links).containsExactly("FOLLOWS_FROM " + OTHER_TRACE + ":" + OTHER_SPAN);

        String handlerId = handler.spanId;
        assertThat(view.get("SELECT orders").parentSpanId).isEqualTo(handlerId);
        assertThat(view.get("validate").parentSpanId).isEqualTo(handlerId);
        assertThat(view.get("poll").parentSpanId).isEqualTo(handlerId);

        JaegerView reindex = view.get("reindex");
        assertThat(reindex.traceId).as("a new trace").isNotEqualTo(FC_TRACE);
        assertThat(reindex.parentSpanId)
                .as("the FOLLOWS_FROM to another trace is no parent")
                .isNull();
        assertThat(reindex.links).containsExactly("FOLLOWS_FROM " + FC_TRACE + ":" + handlerId);
        for (JaegerView span : view.values()) {
            assertThat(span.sampled).as(span.name).isTrue();
            if (span.parentSpanId != null) {
                assertThat(span.firstReference)
                        .as("Jaeger < 1.36 and older jaeger-ui take the first reference as parent: %s", span.name)
                        .isEqualTo("CHILD_OF " + span.traceId + ":" + span.parentSpanId);
            }
        }
    }

    @Test
    void kindsAsJaegerUiAndTheV2IngestionReadThem() {
        assertThat(view.get("handler").uiKind).isEqualTo("SERVER");
        assertThat(view.get("SELECT orders").uiKind).isEqualTo("CLIENT");
        assertThat(view.get("poll").uiKind).isEqualTo("CONSUMER");
        assertThat(view.get("validate").uiKind)
                .as("INTERNAL has no tag; the UI's default")
                .isEqualTo("INTERNAL");
        assertThat(view.get("validate").ingestedKind)
                .as("v2 ingestion: no tag, kind unspecified")
                .isEqualTo("UNSPECIFIED");
        assertThat(view.get("handler").ingestedKind).isEqualTo("SERVER");
        assertThat(view.get("SELECT orders").ingestedKind).isEqualTo("CLIENT");
    }

    @Test
    void errorFlagAndStatus() {
        JaegerView query = view.get("SELECT orders");
        assertThat(query.uiError).isTrue();
        assertThat(query.ingestedStatus).isEqualTo("ERROR");
        assertThat(query.ingestedStatusMessage).isEqualTo("connection reset");

        JaegerView ok = view.get("validate");
        assertThat(ok.uiError).isFalse();
        assertThat(ok.ingestedStatus).isEqualTo("OK");
        assertThat(view.get("handler").uiError).isFalse();
        assertThat(view.get("handler").ingestedStatus).isEqualTo("UNSET");
    }

    @Test
    void instrumentationLibraryNameAndVersion() {
        assertThat(view.get("SELECT orders").scopeName).isEqualTo("io.opentelemetry.jdbc");
        assertThat(view.get("SELECT orders").scopeVersion).isEqualTo("2.31.1-alpha");
        assertThat(view.get("handler").scopeName).isEqualTo("dev.fctracing");
        assertThat(view.get("handler").scopeVersion).isEqualTo("0.1.0");
        assertThat(view.get("poll").scopeName).isEqualTo("sidecar-lib");
        assertThat(view.get("poll").scopeVersion).as("no version: none shown").isNull();
    }

    @Test
    void droppedCountsAreIntegerTagsOnlyWhenSomethingWasDropped() {
        JaegerView query = view.get("SELECT orders");
        assertThat(query.longTag("otel.dropped_attributes_count")).isEqualTo(2L);
        assertThat(query.longTag("otel.dropped_events_count"))
                .as("3 events, limit 2")
                .isEqualTo(1L);
        assertThat(query.longTag("otel.dropped_links_count"))
                .as("2 links, limit 1")
                .isEqualTo(1L);
        assertThat(query.links).as("the one link kept").hasSize(1);
        JaegerView handler = view.get("handler");
        assertThat(handler.tags)
                .doesNotContainKeys(
                        "otel.dropped_attributes_count", "otel.dropped_events_count", "otel.dropped_links_count");
    }

    /**
     * One span as Jaeger shows it, derived only from the decoded reference model with the rules cited on the class.
     */
    private static final class JaegerView {
        String name;
        String serviceName;
        String traceId;
        String spanId;
        String parentSpanId;
        boolean sampled;
        String firstReference;
        final List<String> links = new ArrayList<>();
        final Map<String, Tag> tags = new LinkedHashMap<>();
        String uiKind;
        boolean uiError;
        String scopeName;
        String scopeVersion;
        String ingestedKind;
        String ingestedStatus;
        String ingestedStatusMessage;

        static JaegerView of(Span span, String serviceName) {
            JaegerView view = new JaegerView();
            view.name = span.getOperationName();
            view.serviceName = serviceName;
            view.traceId = hex16(span.getTraceIdHigh()) + hex16(span.getTraceIdLow());
            view.spanId = hex16(span.getSpanId());
            view.sampled = (span.getFlags() & 1) == 1;
            if (span.getTags() != null) {
                for (Tag tag : span.getTags()) {
                    view.tags.put(tag.getKey(), tag);
                }
            }

            // to_domain.go getReferences + MaybeAddParentSpanID.
            List<SpanRef> refs = new ArrayList<>();
            if (span.getReferences() != null) {
                refs.addAll(span.getReferences());
            }
            view.firstReference = refs.isEmpty() ? null : describe(refs.get(0));
            if (span.getParentSpanId() != 0) {
                boolean present = false;
                for (SpanRef ref : refs) {
                    present |= ref.getSpanId() == span.getParentSpanId()
                            && sameTrace(ref, span)
                            && ref.getRefType() == SpanRefType.CHILD_OF;
                }
                if (!present) {
                    refs.add(
                            0,
                            new SpanRef(
                                    SpanRefType.CHILD_OF,
                                    span.getTraceIdLow(),
                                    span.getTraceIdHigh(),
                                    span.getParentSpanId()));
                }
            }
            // model/v1/span.go ParentSpanID(), and jaeger-ui OtelSpanFacade's parent: CHILD_OF first, then
            // FOLLOWS_FROM.
            SpanRef parent = null;
            for (SpanRef ref : refs) {
                if (sameTrace(ref, span) && ref.getRefType() == SpanRefType.CHILD_OF) {
                    parent = ref;
                    break;
                }
            }
            if (parent == null) {
                for (SpanRef ref : refs) {
                    if (sameTrace(ref, span) && ref.getRefType() == SpanRefType.FOLLOWS_FROM) {
                        parent = ref;
                        break;
                    }
                }
            }
            view.parentSpanId = parent == null ? null : hex16(parent.getSpanId());
            for (SpanRef ref : refs) {
                if (ref != parent) {
                    view.links.add(describe(ref));
                }
            }

            // jaeger-ui OtelSpanFacade: kind, error, instrumentation scope.
            Tag kind = view.tags.get("span.kind");
            view.uiKind = "INTERNAL";
            if (kind != null) {
                String upper = jsString(kind).toUpperCase(Locale.ROOT);
                if (upper.matches("UNSPECIFIED|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER")) {
                    view.uiKind = upper;
                }
            }
            Tag error = view.tags.get("error");
            view.uiError = error != null && jsTruthy(error);
            Tag library = view.tags.get("otel.library.name");
            view.scopeName = library == null || !jsTruthy(library) ? "unknown" : jsString(library);
            Tag version = view.tags.get("otel.library.version");
            view.scopeVersion = version == null ? null : jsString(version);

            // collector-contrib jaeger translator: span.kind and status.
            view.ingestedKind = "UNSPECIFIED";
            if (kind != null && kind.getVType() == TagType.STRING) {
                switch (kind.getVStr()) {
                    case "client":
                        view.ingestedKind = "CLIENT";
                        break;
                    case "server":
                        view.ingestedKind = "SERVER";
                        break;
                    case "producer":
                        view.ingestedKind = "PRODUCER";
                        break;
                    case "consumer":
                        view.ingestedKind = "CONSUMER";
                        break;
                    case "internal":
                        view.ingestedKind = "INTERNAL";
                        break;
                    default:
                        break;
                }
            }
            view.ingestedStatus = "UNSET";
            boolean statusExists = false;
            Tag description = view.tags.get("otel.status_description");
            if (error != null && error.getVType() == TagType.BOOL && error.isVBool()) {
                view.ingestedStatus = "ERROR";
                statusExists = true;
                view.ingestedStatusMessage = description == null ? null : description.getVStr();
            }
            Tag code = view.tags.get("otel.status_code");
            if (code != null && !statusExists) {
                String upper = code.getVStr().toUpperCase(Locale.ROOT);
                view.ingestedStatus = upper.equals("OK") || upper.equals("ERROR") ? upper : "UNSET";
                view.ingestedStatusMessage = description == null ? null : description.getVStr();
            }
            return view;
        }

        Long longTag(String key) {
            Tag tag = tags.get(key);
            assertThat(tag).as("tag %s on %s", key, name).isNotNull();
            assertThat(tag.getVType()).as("type of %s", key).isEqualTo(TagType.LONG);
            return tag.getVLong();
        }

        private static String describe(SpanRef ref) {
            return ref.getRefType() + " " + hex16(ref.getTraceIdHigh()) + hex16(ref.getTraceIdLow()) + ":"
                    + hex16(ref.getSpanId());
        }

        private static boolean sameTrace(SpanRef ref, Span span) {
            return ref.getTraceIdHigh() == span.getTraceIdHigh() && ref.getTraceIdLow() == span.getTraceIdLow();
        }

        /** The tag's value as jaeger-ui's JSON would give it to JavaScript's {@code String(...)}. */
        private static String jsString(Tag tag) {
            switch (tag.getVType()) {
                case STRING:
                    return tag.getVStr();
                case BOOL:
                    return String.valueOf(tag.isVBool());
                case LONG:
                    return String.valueOf(tag.getVLong());
                case DOUBLE:
                    return String.valueOf(tag.getVDouble());
                default:
                    return "";
            }
        }

        /** JavaScript truthiness of the tag's JSON value, as {@code errorTag && errorTag.value} tests it. */
        private static boolean jsTruthy(Tag tag) {
            switch (tag.getVType()) {
                case STRING:
                    return !tag.getVStr().isEmpty();
                case BOOL:
                    return tag.isVBool();
                case LONG:
                    return tag.getVLong() != 0;
                case DOUBLE:
                    return tag.getVDouble() != 0 && !Double.isNaN(tag.getVDouble());
                default:
                    return true;
            }
        }

        private static String hex16(long value) {
            String hex = Long.toHexString(value);
            return "0000000000000000".substring(hex.length()) + hex;
        }
    }
}
