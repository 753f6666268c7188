package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample as FC would run it: the woven {@link HelloHandler}, a fake FC context, and spans decoded off the
 * loopback wire by the reference Thrift model — through the public test kit only, as a function's own tests would.
 */
@ExtendWith(FcTracingExtension.class)
class HelloHandlerEndToEndTest {

    private FcTracingTestKit kit;
    private LoopbackJaegerCollector collector;

    @BeforeEach
    void kit(FcTracingTestKit kit) {
        this.kit = kit;
        this.collector = kit.collector();
    }

    private FakeFcContext fcContext(boolean traceId128) {
        return kit.context()
                .functionName("fc-tracing-sample")
                .spanContext(FakeFcContext.randomJaegerSpanContext(traceId128))
                .baggageItem("tenant", "acme")
                .build();
    }

    private static String invoke(HelloHandler handler, FakeFcContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(new byte[0]), output, context);
        return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "128-bit trace id: {0}")
    @ValueSource(booleans = {false, true})
    void oneInvocationExportsANestedTraceUnderFcsSpanBeforeReturning(boolean traceId128) throws IOException {
        FakeFcContext context = fcContext(traceId128);

        assertThat(invoke(new HelloHandler(), context)).isEqualTo("hello world");

        // Read right after the handler returned: no waiting.
        List<Span> spans = collector.spans();
        assertThat(SampleTrace.problems(spans, context)).isEmpty();
        assertThat(collector.postCount()).as("one HTTP POST per invocation").isEqualTo(1);
        if (!traceId128) {
            assertThat(spans)
                    .allSatisfy(span -> assertThat(span.getTraceIdHigh()).isZero());
        }
        Span handler = TraceTree.of(spans).roots().get(0);
        assertThat(handler.getOperationName()).isEqualTo("fc-tracing-sample");
        assertThat(tag(handler, "span.kind").getVStr()).isEqualTo("server");
        assertThat(tag(handler, "faas.invocation_id").getVStr()).isEqualTo(context.getRequestId());
        assertThat(tag(handler, "cloud.provider").getVStr()).isEqualTo("alibaba_cloud");
        assertThat(tag(handler, "cloud.platform").getVStr()).isEqualTo("alibaba_cloud_fc");
        assertThat(tag(handler, "faas.name").getVStr()).isEqualTo("fc-tracing-sample");
        assertThat(context.fakeLogger().lines())
                .anySatisfy(line -> assertThat(line).contains("baggage {tenant=acme}"));
    }

    /**
     * One SDK per instance, seen from outside: the SDK takes its service name (the Jaeger process) from the invocation
     * that starts it, so warm invocations of other FC services still report the first one's; only the first invocation
     * is a cold start. A new instance starts a new SDK.
     */
    @Test
    void warmInvocationsReuseOneSdkAndOnlyTheFirstIsAColdStart() throws IOException {
        HelloHandler handler = new HelloHandler();
        List<FakeFcContext> contexts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeFcContext context = kit.context()
                    .functionName("fc-tracing-sample")
                    .serviceName("service-" + i)
                    .build();
            contexts.add(context);
            invoke(handler, context);
        }

        assertThat(collector.postCount()).isEqualTo(3);
        assertThat(collector.batches())
                .extracting(batch -> batch.getProcess().getServiceName())
                .as("one SDK, started by the first invocation")
                .containsExactly("service-0", "service-0", "service-0");
        for (int i = 0; i < 3; i++) {
            FakeFcContext context = contexts.get(i);
            List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
            assertThat(SampleTrace.problems(spans, context)).as("trace %d", i).isEmpty();
            Span handlerSpan = TraceTree.of(spans).roots().get(0);
            assertThat(tag(handlerSpan, "faas.coldstart").isVBool())
                    .as("cold start on invocation %d", i)
                    .isEqualTo(i == 0);
        }

        kit.newInstance();
        FakeFcContext afterRestart = kit.context()
                .functionName("fc-tracing-sample")
                .serviceName("service-3")
                .build();
        invoke(handler, afterRestart);
        Batch last = collector.batches().get(3);
        assertThat(last.getProcess().getServiceName())
                .as("a new instance, a new SDK")
                .isEqualTo("service-3");
        assertThat(tag(kit.trace(afterRestart).handlerSpan(), "faas.coldstart").isVBool())
                .isTrue();
    }

    @Test
    void sixtyFourConcurrentInvocationsOnOneInstanceEachExportACompleteTrace() throws Exception {
        HelloHandler handler = new HelloHandler();
        int threads = 64;
        int invocationsPerThread = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final boolean traceId128 = t % 2 == 0;
            results.add(pool.submit(() -> {
                start.await();
                List<String> problems = new ArrayList<>();
                for (int i = 0; i < invocationsPerThread; i++) {
                    FakeFcContext context = fcContext(traceId128);
                    String answer = invoke(handler, context);
                    // Checked as soon as this invocation returned, while the others are still running.
                    List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
                    for (String problem : SampleTrace.problems(spans, context)) {
                        problems.add(context.traceIdHex32() + ": " + problem);
                    }
                    if (!answer.equals("hello world")) {
                        problems.add("answer " + answer);
                    }
                }
                return problems;
            }));
        }
        start.countDown();
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
            problems.addAll(result.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(problems).isEmpty();
        assertThat(collector.spans()).hasSize(threads * invocationsPerThread * 3);
        assertThat(collector.postCount()).isLessThanOrEqualTo(threads * invocationsPerThread);
    }

    private static Tag tag(Span span, String key) {
        for (Tag tag : span.getTags()) {
            if (tag.getKey().equals(key)) {
                return tag;
            }
        }
        throw new AssertionError("span " + span.getOperationName() + " has no tag " + key + ": " + span.getTags());
    }
}
