package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Span content: typed attributes from arguments, captured returns, detached spans, asynchronous methods. */
class RichSpansTest {

    private LoopbackJaegerCollector collector;

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Environment.system());
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
        TestSupport.newInstance(Environment.system());
    }

    private FakeFcContext fc() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint())
                .build();
    }

    @Test
    void spanAttributeParametersBecomeTypedAttributes() {
        TestSupport.newInstance(
                Environment.of(java.util.Collections.singletonMap("FCTRACING_CODE_ATTRIBUTES", "true")));
        assertThat(new RichSpansHandler().handleRequest("attributes", fc())).isEqualTo("attributes");

        Map<String, Tag> tags = tags(TraceTree.of(collector.spans()).byName("RichSpansHandler.attributes"));
        assertThat(tags.get("user.id").getVStr()).isEqualTo("u-42");
        assertThat(tags.get("count").getVType()).isEqualTo(TagType.LONG);
        assertThat(tags.get("count").getVLong()).isEqualTo(7);
        assertThat(tags.get("flag").isVBool()).isTrue();
        assertThat(tags.get("ratio").getVDouble()).isEqualTo(0.5);
        assertThat(tags.get("ids").getVStr()).isEqualTo("[1,2]");
        assertThat(tags.get("tags").getVStr()).isEqualTo("[\"a\",\"b\"]");
        assertThat(tags.get("builder").getVStr()).isEqualTo("sb");
        assertThat(tags).as("a throwing toString() skips the attribute").doesNotContainKey("hostile");
        assertThat(tags)
                .as("unannotated parameters are never read")
                .doesNotContainKey("notCaptured")
                .doesNotContainKey("arg8");
        assertThat(tags.get("long").getVStr()).hasSize(256);
        assertThat(tags.get("code.function.name").getVStr())
                .isEqualTo(RichSpansHandler.class.getName() + ".attributes");
    }

    @Test
    void codeFunctionNameCanBeTurnedOnForPlainMethodsToo() {
        TestSupport.newInstance(
                Environment.of(java.util.Collections.singletonMap("FCTRACING_CODE_ATTRIBUTES", "true")));
        new RichSpansHandler().handleRequest("primitives", fc());

        assertThat(tags(TraceTree.of(collector.spans()).byName("padded name"))
                        .get("code.function.name")
                        .getVStr())
                .isEqualTo(RichSpansHandler.class.getName() + ".clientCall");
    }

    @Test
    void codeFunctionNameIsOffByDefault() {
        new RichSpansHandler().handleRequest("attributes", fc());

        assertThat(tags(TraceTree.of(collector.spans()).byName("RichSpansHandler.attributes")))
                .doesNotContainKey("code.function.name");
    }

    @Test
    void captureReturnRecordsTheReturnValueAndIsOffByDefault() {
        new RichSpansHandler().handleRequest("return", fc());
        new RichSpansHandler().handleRequest("attributes", fc());

        TraceTree tree = TraceTree.of(collector.spans());
        assertThat(tags(tree.byName("RichSpansHandler.returning"))
                        .get("fctracing.return_value")
                        .getVStr())
                .isEqualTo("the result");
        assertThat(tags(tree.byName("RichSpansHandler.attributes"))).doesNotContainKey("fctracing.return_value");
    }

    @Test
    void inheritContextFalseStartsANewTraceLinkedToTheCurrentSpan() {
        FakeFcContext context = fc();
        new RichSpansHandler().handleRequest("detached", context);

        List<Span> spans = collector.spans();
        Span handler = spans.stream()
                .filter(s -> s.getOperationName().equals("fn"))
                .findFirst()
                .get();
        Span detached = spans.stream()
                .filter(s -> s.getOperationName().equals("RichSpansHandler.detached"))
                .findFirst()
                .get();
        assertThat(detached.getParentSpanId()).isZero();
        assertThat(detached.getTraceIdLow()).isNotEqualTo(handler.getTraceIdLow());
        assertThat(detached.getReferences()).hasSize(1);
        SpanRef link = detached.getReferences().get(0);
        assertThat(link.getRefType()).isEqualTo(SpanRefType.FOLLOWS_FROM);
        assertThat(link.getSpanId()).isEqualTo(handler.getSpanId());
        assertThat(link.getTraceIdLow()).isEqualTo(context.traceIdLow());
    }

    @Test
    void primitiveResultsPassThroughWithTheAnnotationsNameKindAndFlags() {
        FakeFcContext context = fc();
        assertThat(new RichSpansHandler().handleRequest("primitives", context)).isEqualTo("42/7/true");

        TraceTree tree = TraceTree.of(collector.spans());
        Span client = tree.byName("padded name");
        assertThat(tags(client).get("span.kind").getVStr()).isEqualTo("client");
        assertThat(client.getTraceIdLow()).isEqualTo(context.traceIdLow());
        assertThat(tags(client)).doesNotContainKey("fctracing.return_value");
        Span counted = tree.byName("RichSpansHandler.counted");
        assertThat(tags(counted).get("fctracing.return_value").getVLong()).isEqualTo(7);
        Span detached = tree.byName("RichSpansHandler.detachedFlag");
        assertThat(tags(detached).get("span.kind").getVStr()).isEqualTo("producer");
        assertThat(detached.getParentSpanId()).isZero();
        assertThat(detached.getTraceIdLow()).isNotEqualTo(context.traceIdLow());
    }

    @Test
    void plainMethodsGetTheirNameAndKindAsWeaveTimeConstantsTheOthersReadTheirAnnotations() {
        assertThat(adviceTakesTheBoundKind("clientCall"))
                .as("plain: value and kind bound by ajc")
                .isTrue();
        assertThat(adviceTakesTheBoundKind("returning"))
                .as("captureReturn: read by reflection")
                .isFalse();
        assertThat(adviceTakesTheBoundKind("detachedFlag"))
                .as("inheritContext=false: read by reflection")
                .isFalse();
        assertThat(adviceTakesTheBoundKind("attributes"))
                .as("@SpanAttribute: read by reflection")
                .isFalse();
    }

    /** Whether ajc's inlined advice for {@code method} takes the {@code @Traced} kind as a parameter. */
    private static boolean adviceTakesTheBoundKind(String method) {
        boolean found = false;
        for (java.lang.reflect.Method m : RichSpansHandler.class.getDeclaredMethods()) {
            if (m.getName().startsWith(method + "_aroundBody") && m.getName().endsWith("$advice")) {
                found = true;
                if (java.util.Arrays.asList(m.getParameterTypes())
                        .contains(dev.fctracing.annotations.Traced.Kind.class)) {
                    return true;
                }
            }
        }
        assertThat(found).as("woven advice for " + method).isTrue();
        return false;
    }

    @Test
    void anAsyncSpanEndsWhenItsStageCompletesAndTheCallerGetsAStageThatCompletesAfterIt() throws Exception {
        assertThat(new RichSpansHandler().handleRequest("async", fc())).isEqualTo("different stage");
        assertThat(collector.spans()).extracting(Span::getOperationName).containsExactly("fn");
        CompletableFuture<String> returned = RichSpansHandler.returned.toCompletableFuture();
        assertThat(returned).isNotDone();

        Thread.sleep(50);
        RichSpansHandler.pending.complete("done");
        assertThat(returned.get(1, TimeUnit.SECONDS)).isEqualTo("done");
        dev.fctracing.FcTracing.flush();

        Span async = TraceTree.of(collector.spans()).byName("async-step");
        assertThat(async.getDuration()).as("ends at completion, not at return").isGreaterThanOrEqualTo(50_000);
        assertThat(tags(async)).doesNotContainKey("error");
    }

    @Test
    void anAsyncFailureMarksTheSpanFailed() throws Exception {
        new RichSpansHandler().handleRequest("async", fc());

        RichSpansHandler.pending.completeExceptionally(RichSpansHandler.ASYNC_FAILURE);
        assertThat(RichSpansHandler.pending.isCompletedExceptionally()).isTrue();
        dev.fctracing.FcTracing.flush();

        Span async = TraceTree.of(collector.spans()).byName("async-step");
        assertThat(tags(async).get("otel.status_code").getVStr()).isEqualTo("ERROR");
        assertThat(async.getLogs()).isNotEmpty();
        assertThat(RichSpansHandler.pending.handle((v, e) -> e).get(1, TimeUnit.SECONDS))
                .isSameAs(RichSpansHandler.ASYNC_FAILURE);
        assertThat(RichSpansHandler.returned
                        .handle((v, e) -> e)
                        .toCompletableFuture()
                        .get(1, TimeUnit.SECONDS))
                .as("the caller's stage fails with the very same exception object, unwrapped")
                .isSameAs(RichSpansHandler.ASYNC_FAILURE);
    }

    private static Map<String, Tag> tags(Span span) {
        Map<String, Tag> tags = new HashMap<>();
        if (span.getTags() != null) {
            for (Tag tag : span.getTags()) {
                tags.put(tag.getKey(), tag);
            }
        }
        return tags;
    }
}
