package dev.fctracing.internal.export.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.Test;

class JaegerThriftEncoderTest {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN_ID = "b7ad6b7169203331";
    static final long START = 1_700_000_000_123_456_789L;

    static final Resource RESOURCE = Resource.create(Attributes.builder()
            .put("service.name", "order-fn")
            .put("cloud.provider", "alibaba_cloud")
            .put("faas.max_memory", 512L)
            .build());

    static TestSpanData.Builder span(String name) {
        return TestSpanData.builder()
                .setSpanContext(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()))
                .setParentSpanContext(SpanContext.getInvalid())
                .setResource(RESOURCE)
                .setInstrumentationScopeInfo(InstrumentationScopeInfo.builder("dev.fctracing")
                        .setVersion("0.1.0")
                        .build())
                .setName(name)
                .setKind(SpanKind.INTERNAL)
                .setStartEpochNanos(START)
                .setEndEpochNanos(START + 2_345_678L)
                .setAttributes(Attributes.empty())
                .setEvents(Collections.<EventData>emptyList())
                .setLinks(Collections.<LinkData>emptyList())
                .setStatus(StatusData.unset())
                .setHasEnded(true)
                .setTotalRecordedEvents(0)
                .setTotalRecordedLinks(0)
                .setTotalAttributeCount(0);
    }

    static SpanContext ctx(String traceId, String spanId, boolean sampled) {
        return SpanContext.create(
                traceId, spanId, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    }

    /** Asserts our bytes equal libthrift's for the reference model, and returns them. */
    static byte[] assertSameAsReference(List<SpanData> spans) throws Exception {
        byte[] expected = JaegerReferenceMapping.serialize(spans);
        List<ThriftBuffer> batches = JaegerThriftEncoder.encode(spans);
        assertThat(batches).as("one resource, one batch").hasSize(1);
        byte[] actual = batches.get(0).toByteArray();
        if (!Arrays.equals(expected, actual)) {
            System.err.println("EXPECTED " + decode(expected));
            System.err.println("ACTUAL   " + decode(actual));
        }
        assertArrayEquals(expected, actual);
        return actual;
    }

    static Batch decode(byte[] bytes) throws Exception {
        Batch batch = new Batch();
        new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, bytes);
        return batch;
    }

    static Tag tag(Span span, String key) {
        for (Tag t : span.getTags()) {
            if (t.getKey().equals(key)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void oneSpan() throws Exception {
        assertSameAsReference(Collections.<SpanData>singletonList(span("handle").build()));
    }

    @Test
    void twentySpans() throws Exception {
        List<SpanData> spans = new ArrayList<>();
        SpanKind[] kinds = SpanKind.values();
        for (int i = 0; i < 20; i++) {
            String spanId = String.format("%016x", 0x1000L + i * 0x0123456789abL);
            spans.add(span("op-" + i)
                    .setSpanContext(ctx(TRACE_ID, spanId, i % 3 != 0))
                    .setParentSpanContext(i == 0 ? SpanContext.getInvalid() : ctx(TRACE_ID, SPAN_ID, true))
                    .setKind(kinds[i % kinds.length])
                    .setAttributes(Attributes.builder()
                            .put("i", (long) i)
                            .put("even", i % 2 == 0)
                            .build())
                    .setStartEpochNanos(START + i * 1_000_000L)
                    .setEndEpochNanos(START + i * 1_000_000L + 999_999L)
                    .build());
        }
        byte[] bytes = assertSameAsReference(spans);
        assertThat(decode(bytes).getSpans()).hasSize(20);
    }

    @Test
    void aBatchOfTypicalSpansIsWrittenWithoutGrowingTheBuffer() throws Exception {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spans.add(span("SELECT orders")
                    .setKind(SpanKind.CLIENT)
                    .setParentSpanContext(ctx(TRACE_ID, SPAN_ID, true))
                    .setAttributes(Attributes.builder()
                            .put("db.system", "mysql")
                            .put("db.namespace", "orders")
                            .put("db.query.text", "SELECT id, status, total FROM orders WHERE customer_id = ? LIMIT 20")
                            .put("server.address", "rm-bp1abc.mysql.rds.aliyuncs.com")
                            .put("db.response.returned_rows", (long) i)
                            .build())
                    .setEvents(Collections.singletonList(EventData.create(
                            START + 1000,
                            "connection.acquired",
                            Attributes.builder()
                                    .put("cache.key", "pool-1")
                                    .put("attempt", 1L)
                                    .build())))
                    .setTotalRecordedEvents(1)
                    .setTotalAttributeCount(5)
                    .build());
        }
        int estimate = JaegerThriftEncoder.estimatedSize(spans);
        ThriftBuffer batch = JaegerThriftEncoder.encode(RESOURCE, spans);

        assertThat(batch.array())
                .as("the first guess held the batch of %d bytes: no copy", batch.size())
                .hasSize(estimate);
        assertThat(estimate).as("and did not waste much").isLessThan(batch.size() * 3 / 2);
        assertSameAsReference(spans);
    }

    @Test
    void nothingToSendIsNoBatchAndAnEmptyBatchIsValid() throws Exception {
        assertThat(JaegerThriftEncoder.encode(Collections.<SpanData>emptyList()))
                .isEmpty();
        assertThat(JaegerThriftEncoder.encode(null)).isEmpty();
        byte[] expected = JaegerReferenceMapping.serialize(Collections.<SpanData>emptyList());
        byte[] empty = JaegerThriftEncoder.encode(Resource.empty(), Collections.<SpanData>emptyList())
                .toByteArray();
        assertArrayEquals(expected, empty);
        Batch batch = decode(empty);
        assertThat(batch.getSpans()).isEmpty();
        assertThat(batch.getProcess().getServiceName()).isEqualTo("unknown_service:java");
        assertThat(batch.getProcess().isSetTags()).isFalse();
    }

    @Test
    void everyAttributeType() throws Exception {
        Attributes attributes = Attributes.builder()
                .put("s", "text")
                .put("b", true)
                .put("b.false", false)
                .put("l", -42L)
                .put("l.max", Long.MAX_VALUE)
                .put("d", 3.25)
                .put("d.nan", Double.NaN)
                .put(AttributeKey.stringArrayKey("sa"), Arrays.asList("a", "b"))
                .put(
                        AttributeKey.stringArrayKey("sa.escaped"),
                        Arrays.asList(
                                "q\"uote",
                                "back\\slash",
                                "tab\tnl\ncr\rbs\bff\f",
                                "ctl\u0001\u001f",
                                "ls\u2028ps\u2029",
                                "中文",
                                "😀",
                                "",
                                "</script>&'="))
                .put(AttributeKey.stringArrayKey("sa.empty"), Collections.<String>emptyList())
                .put(AttributeKey.booleanArrayKey("ba"), Arrays.asList(true, false, true))
                .put(
                        AttributeKey.longArrayKey("la"),
                        Arrays.asList(1L, -2L, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 10L, 9L))
                .put(
                        AttributeKey.doubleArrayKey("da"),
                        Arrays.asList(
                                1.5,
                                -0.0,
                                1e10,
                                1.0E-7,
                                Double.MAX_VALUE,
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY))
                .put(AttributeKey.valueKey("v"), Value.of("value-string"))
                .build();
        byte[] bytes = assertSameAsReference(Collections.<SpanData>singletonList(span("attrs")
                .setAttributes(attributes)
                .setTotalAttributeCount(attributes.size())
                .build()));

        Span decoded = decode(bytes).getSpans().get(0);
        assertThat(tag(decoded, "s").getVStr()).isEqualTo("text");
        assertThat(tag(decoded, "b").isVBool()).isTrue();
        assertThat(tag(decoded, "b").getVType()).isEqualTo(TagType.BOOL);
        assertThat(tag(decoded, "l").getVLong()).isEqualTo(-42L);
        assertThat(tag(decoded, "l").getVType()).isEqualTo(TagType.LONG);
        assertThat(tag(decoded, "d").getVDouble()).isEqualTo(3.25);
        assertThat(tag(decoded, "d").getVType()).isEqualTo(TagType.DOUBLE);
        assertThat(Double.isNaN(tag(decoded, "d.nan").getVDouble())).isTrue();
        assertThat(tag(decoded, "sa").getVStr()).isEqualTo("[\"a\",\"b\"]");
        assertThat(tag(decoded, "sa").getVType()).isEqualTo(TagType.STRING);
        assertThat(tag(decoded, "sa.empty").getVStr()).isEqualTo("[]");
        assertThat(tag(decoded, "ba").getVStr()).isEqualTo("[true,false,true]");
        assertThat(tag(decoded, "la").getVStr()).isEqualTo("[1,-2,0,-9223372036854775808,9223372036854775807,10,9]");
        assertThat(tag(decoded, "da").getVStr())
                .isEqualTo("[1.5,-0.0,1.0E10,1.0E-7,1.7976931348623157E308,\"NaN\",\"Infinity\",\"-Infinity\"]");
        assertThat(tag(decoded, "sa.escaped").getVStr())
                .isEqualTo("[\"q\\\"uote\",\"back\\\\slash\","
                        + "\"tab\\tnl\\ncr\\rbs\\bff\\f\",\"ctl\\u0001\\u001f\",\"ls\\u2028ps\\u2029\",\"中文\",\"😀\",\"\","
                        + "\"</script>&'=\"]");
        assertThat(tag(decoded, "v").getVStr()).isEqualTo("value-string");
    }

    @Test
    void singleElementArrays() throws Exception {
        Attributes attributes = Attributes.builder()
                .put(AttributeKey.booleanArrayKey("ba"), Collections.singletonList(true))
                .put(AttributeKey.longArrayKey("la"), Arrays.asList(1L, 2L))
                .build();
        Span decoded = decode(assertSameAsReference(Collections.<SpanData>singletonList(
                        span("arrays").setAttributes(attributes).build())))
                .getSpans()
                .get(0);
        assertThat(tag(decoded, "ba").getVStr()).isEqualTo("[true]");
        assertThat(tag(decoded, "la").getVStr()).isEqualTo("[1,2]");
    }

    @Test
    void eventsWithAndWithoutAttributes() throws Exception {
        List<EventData> events = Arrays.asList(
                EventData.create(START + 1_000, "cache.miss", Attributes.empty()),
                EventData.create(
                        START + 2_500,
                        "exception",
                        Attributes.builder()
                                .put("exception.type", "java.lang.IllegalStateException")
                                .put("exception.message", "bad state: 状態")
                                .put("retry", 3L)
                                .build()),
                EventData.create(
                        START + 3_999,
                        "",
                        Attributes.builder().put("empty.name", true).build()));
        byte[] bytes = assertSameAsReference(Collections.<SpanData>singletonList(
                span("events").setEvents(events).setTotalRecordedEvents(3).build()));
        Span decoded = decode(bytes).getSpans().get(0);
        assertThat(decoded.getLogs()).hasSize(3);
        assertThat(decoded.getLogs().get(0).getTimestamp()).isEqualTo((START + 1_000) / 1000);
        assertThat(decoded.getLogs().get(0).getFields()).hasSize(1);
        assertThat(decoded.getLogs().get(0).getFields().get(0).getKey()).isEqualTo("event");
        assertThat(decoded.getLogs().get(0).getFields().get(0).getVStr()).isEqualTo("cache.miss");
        assertThat(decoded.getLogs().get(1).getFields()).hasSize(4);
    }

    @Test
    void links() throws Exception {
        List<LinkData> links = Arrays.asList(
                LinkData.create(ctx("11111111111111112222222222222222", "3333333333333333", true)),
                LinkData.create(
                        ctx("ffffffffffffffff8000000000000000", "8000000000000001", false),
                        Attributes.builder().put("link.attr", "ignored").build()));
        byte[] bytes = assertSameAsReference(Collections.<SpanData>singletonList(
                span("linked").setLinks(links).setTotalRecordedLinks(2).build()));
        Span decoded = decode(bytes).getSpans().get(0);
        assertThat(decoded.getReferences()).hasSize(2);
        SpanRef second = decoded.getReferences().get(1);
        assertThat(second.getRefType()).isEqualTo(SpanRefType.FOLLOWS_FROM);
        assertThat(second.getTraceIdHigh()).isEqualTo(-1L);
        assertThat(second.getTraceIdLow()).isEqualTo(Long.MIN_VALUE);
        assertThat(second.getSpanId()).isEqualTo(Long.MIN_VALUE + 1);
    }

    @Test
    void linksWithParentPutChildOfFirst() throws Exception {
        SpanContext parent = SpanContext.createFromRemoteParent(
                TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
        List<LinkData> links = Collections.singletonList(LinkData.create(ctx(TRACE_ID, "0000000000000abc", true)));
        Span decoded = decode(assertSameAsReference(Collections.<SpanData>singletonList(span("both")
                        .setParentSpanContext(parent)
                        .setLinks(links)
                        .build())))
                .getSpans()
                .get(0);
        assertThat(decoded.getReferences())
                .extracting(SpanRef::getRefType)
                .containsExactly(SpanRefType.CHILD_OF, SpanRefType.FOLLOWS_FROM);
    }

    @Test
    void allFiveKinds() throws Exception {
        List<SpanData> spans = new ArrayList<>();
        for (SpanKind kind : SpanKind.values()) {
            spans.add(span(kind.name()).setKind(kind).build());
        }
        assertThat(spans).hasSize(5);
        Batch batch = decode(assertSameAsReference(spans));
        for (Span s : batch.getSpans()) {
            Tag kindTag = s.getTags() == null ? null : tag(s, "span.kind");
            if (s.getOperationName().equals("INTERNAL")) {
                assertThat(kindTag).isNull();
            } else {
                assertThat(kindTag.getVStr()).isEqualTo(s.getOperationName().toLowerCase());
            }
        }
    }

    @Test
    void statuses() throws Exception {
        List<SpanData> spans = Arrays.<SpanData>asList(
                span("unset").setStatus(StatusData.unset()).build(),
                span("ok").setStatus(StatusData.ok()).build(),
                span("ok-described")
                        .setStatus(StatusData.create(StatusCode.OK, "fine"))
                        .build(),
                span("error").setStatus(StatusData.error()).build(),
                span("error-described")
                        .setStatus(StatusData.create(StatusCode.ERROR, "boom: 失败"))
                        .build(),
                span("error-empty-description")
                        .setStatus(StatusData.create(StatusCode.ERROR, ""))
                        .build());
        Batch batch = decode(assertSameAsReference(spans));
        Span unset = batch.getSpans().get(0);
        assertThat(tag(unset, "otel.status_code")).isNull();
        assertThat(tag(unset, "error")).isNull();
        assertThat(tag(batch.getSpans().get(1), "otel.status_code").getVStr()).isEqualTo("OK");
        Span error = batch.getSpans().get(4);
        assertThat(tag(error, "otel.status_code").getVStr()).isEqualTo("ERROR");
        assertThat(tag(error, "otel.status_description").getVStr()).isEqualTo("boom: 失败");
        assertThat(tag(error, "error").getVType()).isEqualTo(TagType.BOOL);
        assertThat(tag(error, "error").isVBool()).isTrue();
        assertThat(tag(batch.getSpans().get(5), "otel.status_description")).isNull();
    }

    @Test
    void traceIdWidthsAndTopBits() throws Exception {
        List<SpanData> spans = Arrays.<SpanData>asList(
                // 64-bit trace id (high half zero), as FC's uber-trace-id gives.
                span("64")
                        .setSpanContext(ctx("0000000000000000124ed43254b54966", "124ed43254b54966", true))
                        .build(),
                // 128-bit.
                span("128").setSpanContext(ctx(TRACE_ID, SPAN_ID, true)).build(),
                // Top bits set everywhere: negative i64 values.
                span("neg")
                        .setSpanContext(ctx("f0000000000000018000000000000002", "ffffffffffffffff", false))
                        .setParentSpanContext(SpanContext.createFromRemoteParent(
                                "f0000000000000018000000000000002",
                                "8000000000000000",
                                TraceFlags.getSampled(),
                                TraceState.getDefault()))
                        .build());
        Batch batch = decode(assertSameAsReference(spans));
        Span s64 = batch.getSpans().get(0);
        assertThat(s64.getTraceIdHigh()).isZero();
        assertThat(s64.getTraceIdLow()).isEqualTo(0x124ed43254b54966L);
        Span neg = batch.getSpans().get(2);
        assertThat(neg.getTraceIdHigh()).isEqualTo(0xf000000000000001L).isNegative();
        assertThat(neg.getTraceIdLow()).isEqualTo(0x8000000000000002L).isNegative();
        assertThat(neg.getSpanId()).isEqualTo(-1L);
        assertThat(neg.getParentSpanId()).isEqualTo(Long.MIN_VALUE);
        assertThat(neg.getFlags()).isZero();
        assertThat(batch.getSpans().get(1).getFlags()).isEqualTo(1);
    }

    @Test
    void nonAsciiAndEmptyStrings() throws Exception {
        Resource resource = Resource.create(Attributes.builder()
                .put("service.name", "服务-🚀")
                .put("host.name", "")
                .build());
        Attributes attributes = Attributes.builder()
                .put("中文键", "中文值")
                .put("emoji", "😀👍🏽 and ASCII")
                .put("latin", "café ñ ß")
                .put("empty", "")
                .put("lone.surrogates", "a\ud800b\udc00c\ud83d")
                .put(AttributeKey.stringArrayKey("lone.in.array"), Arrays.asList("x\ud800", "\udfff"))
                .build();
        byte[] bytes = assertSameAsReference(Collections.<SpanData>singletonList(span("").setResource(resource)
                .setAttributes(attributes)
                .setInstrumentationScopeInfo(InstrumentationScopeInfo.create("范围"))
                .setEvents(Collections.singletonList(EventData.create(START, "事件 🎉", Attributes.empty())))
                .build()));
        Batch batch = decode(bytes);
        assertThat(batch.getProcess().getServiceName()).isEqualTo("服务-🚀");
        Span decoded = batch.getSpans().get(0);
        assertThat(decoded.getOperationName()).isEmpty();
        assertThat(tag(decoded, "中文键").getVStr()).isEqualTo("中文值");
        assertThat(tag(decoded, "emoji").getVStr()).isEqualTo("😀👍🏽 and ASCII");
        assertThat(tag(decoded, "empty").getVStr()).isEmpty();
        assertThat(tag(decoded, "otel.scope.name").getVStr()).isEqualTo("范围");
        assertThat(tag(decoded, "otel.scope.version")).isNull();
    }

    @Test
    void stringsAreWrittenAsTheJdkEncodesThem() {
        String[] samples = {"", "a", "é", "中", "😀", "a\ud800", "\udc00", "\ud800\ud800\udc00", "mixed é中😀\ud83d"};
        for (String s : samples) {
            ThriftBuffer out = new ThriftBuffer(0);
            out.stringField((short) 1, s);
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            byte[] written = out.toByteArray();
            assertThat(Arrays.copyOfRange(written, 7, written.length)).as(s).isEqualTo(jdk);
            assertThat(((written[3] & 0xff) << 24)
                            | ((written[4] & 0xff) << 16)
                            | ((written[5] & 0xff) << 8)
                            | (written[6] & 0xff))
                    .as("length of " + s)
                    .isEqualTo(jdk.length);
        }
    }

    @Test
    void resourceWithAndWithoutExtraAttributes() throws Exception {
        Resource onlyName =
                Resource.create(Attributes.builder().put("service.name", "solo").build());
        Batch solo = decode(assertSameAsReference(Collections.<SpanData>singletonList(
                span("a").setResource(onlyName).build())));
        assertThat(solo.getProcess().getServiceName()).isEqualTo("solo");
        assertThat(solo.getProcess().isSetTags()).isFalse();

        Batch rich = decode(assertSameAsReference(
                Collections.<SpanData>singletonList(span("b").build())));
        assertThat(rich.getProcess().getServiceName()).isEqualTo("order-fn");
        assertThat(rich.getProcess().getTags())
                .extracting(Tag::getKey)
                .containsExactly("cloud.provider", "faas.max_memory");

        Resource noName = Resource.create(
                Attributes.builder().put("cloud.region", "cn-hangzhou").build());
        Batch unnamed = decode(assertSameAsReference(Collections.<SpanData>singletonList(
                span("c").setResource(noName).build())));
        assertThat(unnamed.getProcess().getServiceName()).isEqualTo("unknown_service:java");

        Resource emptyName =
                Resource.create(Attributes.builder().put("service.name", "").build());
        Batch empty = decode(assertSameAsReference(Collections.<SpanData>singletonList(
                span("d").setResource(emptyName).build())));
        assertThat(empty.getProcess().getServiceName()).isEqualTo("unknown_service:java");
        assertThat(empty.getProcess().isSetTags()).isFalse();

        Batch bare = decode(assertSameAsReference(Collections.<SpanData>singletonList(
                span("e").setResource(Resource.empty()).build())));
        assertThat(bare.getProcess().isSetTags()).isFalse();
    }

    @Test
    void spansOfTwoResourcesGoInOneBatchEachAsTheOfficialExporterSentThem() throws Exception {
        Resource other = Resource.create(
                Attributes.builder().put("service.name", "other").build());
        List<SpanData> spans = Arrays.<SpanData>asList(
                span("first").build(),
                span("second").setResource(other).build(),
                span("third").build());
        List<ThriftBuffer> batches = JaegerThriftEncoder.encode(spans);
        List<byte[]> expected = JaegerReferenceMapping.serializePerResource(spans);
        assertThat(batches).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected.get(i), batches.get(i).toByteArray());
        }
        Batch mine = decode(batches.get(0).toByteArray());
        assertThat(mine.getProcess().getServiceName()).isEqualTo("order-fn");
        assertThat(mine.getSpans()).extracting(Span::getOperationName).containsExactly("first", "third");
        Batch theirs = decode(batches.get(1).toByteArray());
        assertThat(theirs.getProcess().getServiceName()).isEqualTo("other");
        assertThat(theirs.getSpans()).extracting(Span::getOperationName).containsExactly("second");
    }

    @Test
    void noParentVersusRemoteParent() throws Exception {
        SpanContext remoteParent = SpanContext.createFromRemoteParent(
                TRACE_ID, "124ed43254b54966", TraceFlags.getSampled(), TraceState.getDefault());
        Batch batch = decode(assertSameAsReference(Arrays.<SpanData>asList(
                span("root").build(),
                span("child")
                        .setParentSpanContext(remoteParent)
                        .setKind(SpanKind.SERVER)
                        .build())));
        Span root = batch.getSpans().get(0);
        assertThat(root.getParentSpanId()).isZero();
        assertThat(root.isSetReferences()).isFalse();
        Span child = batch.getSpans().get(1);
        assertThat(child.getParentSpanId()).isEqualTo(0x124ed43254b54966L);
        assertThat(child.getReferences()).hasSize(1);
        SpanRef ref = child.getReferences().get(0);
        assertThat(ref.getRefType()).isEqualTo(SpanRefType.CHILD_OF);
        assertThat(ref.getTraceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
        assertThat(ref.getTraceIdLow()).isEqualTo(0x8448eb211c80319cL);
        assertThat(ref.getSpanId()).isEqualTo(0x124ed43254b54966L);
    }

    @Test
    void noTagsAtAllOmitsTheField() throws Exception {
        Span decoded = decode(assertSameAsReference(Collections.<SpanData>singletonList(span("bare")
                        .setInstrumentationScopeInfo(InstrumentationScopeInfo.create(""))
                        .build())))
                .getSpans()
                .get(0);
        assertThat(decoded.isSetTags()).isFalse();
        assertThat(decoded.isSetLogs()).isFalse();
        assertThat(decoded.isSetReferences()).isFalse();
    }

    @Test
    void roundTripOfScalarFields() throws Exception {
        SpanData data = span("round-trip")
                .setKind(SpanKind.CLIENT)
                .setStatus(StatusData.create(StatusCode.ERROR, "down"))
                .setAttributes(Attributes.builder().put("http.method", "POST").build())
                .build();
        Span decoded = decode(assertSameAsReference(Collections.singletonList(data)))
                .getSpans()
                .get(0);
        assertThat(decoded.getOperationName()).isEqualTo("round-trip");
        assertThat(decoded.getTraceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
        assertThat(decoded.getTraceIdLow()).isEqualTo(0x8448eb211c80319cL);
        assertThat(decoded.getSpanId()).isEqualTo(0xb7ad6b7169203331L);
        assertThat(decoded.getStartTime()).isEqualTo(START / 1000);
        assertThat(decoded.getDuration()).isEqualTo(2_345_678L / 1000);
        assertThat(decoded.getTags())
                .extracting(Tag::getKey)
                .containsExactly(
                        "http.method",
                        "span.kind",
                        "otel.status_code",
                        "otel.status_description",
                        "error",
                        "otel.scope.name",
                        "otel.scope.version",
                        "otel.library.name",
                        "otel.library.version");
    }

    @Test
    void spansFromARealTracerProvider() throws Exception {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(RESOURCE))
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .build();
        try {
            Tracer tracer = provider.get("real-scope", "9.9.9");
            SpanContext remote = SpanContext.createFromRemoteParent(
                    TRACE_ID, "124ed43254b54966", TraceFlags.getSampled(), TraceState.getDefault());
            io.opentelemetry.api.trace.Span parent = tracer.spanBuilder("invoke")
                    .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote)))
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute("faas.coldstart", true)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), Arrays.asList("x", "y"))
                    .startSpan();
            io.opentelemetry.api.trace.Span child = tracer.spanBuilder("db")
                    .setParent(Context.root().with(parent))
                    .setSpanKind(SpanKind.CLIENT)
                    .addLink(remote)
                    .startSpan();
            child.addEvent("sent", Attributes.builder().put("bytes", 12L).build());
            child.recordException(new IllegalStateException("nope"));
            child.setStatus(StatusCode.ERROR, "db failed");
            child.end();
            parent.end();
            List<SpanData> finished = memory.getFinishedSpanItems();
            assertThat(finished).hasSize(2);
            Batch batch = decode(assertSameAsReference(finished));
            assertThat(batch.getSpans()).extracting(Span::getOperationName).containsExactly("db", "invoke");
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
