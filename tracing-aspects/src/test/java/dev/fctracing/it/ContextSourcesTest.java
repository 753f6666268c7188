package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.CustomRuntimeTracing;
import dev.fctracing.TracedInvocation;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.servlet.FcTracingFilter;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRefType;
import io.opentelemetry.context.Context;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the handler span's parent comes from — FC's span context, a W3C traceparent, custom-runtime headers — and
 * how the invocation's context reaches pools and downstream services.
 */
class ContextSourcesTest {

    private static final String W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String W3C_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + W3C_TRACE + "-" + W3C_SPAN + "-01";

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

    private static HttpServletRequest request(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return (HttpServletRequest) Proxy.newProxyInstance(
                ContextSourcesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return lower.get(((String) args[0]).toLowerCase());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, String> headers(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private Span handlerSpan() {
        List<Span> spans = collector.spans();
        assertThat(spans).isNotEmpty();
        return TraceTree.of(spans).byName("fn");
    }

    @Test
    void aW3cTraceparentIsTheParentWhenFcSendsNoSpanContext() throws Exception {
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(null)
                .jaegerEndpoint(collector.endpoint())
                .build();

        new W3cHttpHandler()
                .handleRequest(
                        request(headers("traceparent", TRACEPARENT, "baggage", "tenant=acme,plan=gold")),
                        null,
                        context);

        Span handler = handlerSpan();
        assertThat(TraceTree.hex32(handler.getTraceIdHigh(), handler.getTraceIdLow()))
                .isEqualTo(W3C_TRACE);
        assertThat(TraceTree.hex16(handler.getParentSpanId())).isEqualTo(W3C_SPAN);
        assertThat(W3cHttpHandler.seenBaggage.get())
                .containsEntry("tenant", "acme")
                .containsEntry("plan", "gold");
        assertThat(handler.getTags()).anySatisfy(tag -> {
            assertThat(tag.getKey()).isEqualTo("faas.trigger");
            assertThat(tag.getVStr()).isEqualTo("http");
        });
    }

    @Test
    void fcsSpanContextWinsOverTraceparentAndADifferentW3cTraceBecomesALink() throws Exception {
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .baggageItem("tenant", "fc-wins")
                .jaegerEndpoint(collector.endpoint())
                .build();

        new W3cHttpHandler()
                .handleRequest(
                        request(headers("traceparent", TRACEPARENT, "baggage", "tenant=acme,plan=gold")),
                        null,
                        context);

        Span handler = handlerSpan();
        assertThat(handler.getParentSpanId()).isEqualTo(context.spanId());
        assertThat(handler.getTraceIdLow()).isEqualTo(context.traceIdLow());
        assertThat(handler.getReferences()).anySatisfy(ref -> {
            assertThat(ref.getRefType()).isEqualTo(SpanRefType.FOLLOWS_FROM);
            assertThat(TraceTree.hex16(ref.getSpanId())).isEqualTo(W3C_SPAN);
        });
        assertThat(W3cHttpHandler.seenBaggage.get())
                .as("FC's baggage overrides the W3C header's")
                .containsEntry("tenant", "fc-wins")
                .containsEntry("plan", "gold");
    }

    @Test
    void aTraceparentOfTheSameTraceAsFcsSpanAddsNoLink() throws Exception {
        String fcContext = W3C_TRACE + ":1111111111111111:0:1";
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(fcContext)
                .jaegerEndpoint(collector.endpoint())
                .build();

        new W3cHttpHandler().handleRequest(request(headers("traceparent", TRACEPARENT)), null, context);

        Span handler = handlerSpan();
        assertThat(TraceTree.hex16(handler.getParentSpanId())).isEqualTo("1111111111111111");
        assertThat(handler.getReferences())
                .noneSatisfy(ref -> assertThat(ref.getRefType()).isEqualTo(SpanRefType.FOLLOWS_FROM));
    }

    @Test
    void aCustomRuntimeRequestIsTracedFromItsFcHeaders() {
        String baggage =
                Base64.getEncoder().encodeToString("{\"tenant\":\"acme\",\"n\":3}".getBytes(StandardCharsets.UTF_8));
        String fcContext = FakeFcContext.randomJaegerSpanContext(false);
        Map<String, String> headers = headers(
                "x-fc-request-id",
                "req-1",
                "x-fc-function-name",
                "fn",
                "x-fc-tracing-opentracing-span-context",
                fcContext,
                "x-fc-tracing-opentracing-span-baggages",
                baggage,
                "x-fc-tracing-jaeger-endpoint",
                collector.endpoint());

        try (TracedInvocation invocation = CustomRuntimeTracing.start(headers::get)) {
            assertThat(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("tenant"))
                    .isEqualTo("acme");
            assertThat(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("n"))
                    .isEqualTo("3");
            new StreamHandler().outer("x");
        }

        assertThat(Context.current()).isSameAs(Context.root());
        TraceTree tree = TraceTree.of(collector.spans());
        Span handler = tree.byName("fn");
        assertThat(TraceTree.hex16(handler.getParentSpanId()))
                .isEqualTo(fcContext.split(":")[1]);
        assertThat(tree.byName("outer").getParentSpanId()).isEqualTo(handler.getSpanId());
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void theServletFilterTracesEachRequestAndRecordsItsFailure() {
        Map<String, String> headers = headers(
                "x-fc-function-name", "fn",
                "x-fc-tracing-opentracing-span-context", FakeFcContext.randomJaegerSpanContext(true),
                "x-fc-tracing-jaeger-endpoint", collector.endpoint());
        IllegalStateException failure = new IllegalStateException("in the app");
        FilterChain chain = (request, response) -> {
            new StreamHandler().outer("y");
            throw failure;
        };

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> new FcTracingFilter().doFilter(request(headers), null, chain));

        assertThat(thrown).isSameAs(failure);
        TraceTree tree = TraceTree.of(collector.spans());
        assertThat(tree.byName("outer").getParentSpanId())
                .isEqualTo(tree.byName("fn").getSpanId());
        assertThat(tree.byName("fn").getTags()).anySatisfy(tag -> {
            assertThat(tag.getKey()).isEqualTo("otel.status_code");
            assertThat(tag.getVStr()).isEqualTo("ERROR");
        });
    }

    @Test
    void withoutFcHeadersACustomRuntimeRequestRunsUntraced() {
        try (TracedInvocation invocation = CustomRuntimeTracing.start(name -> null)) {
            new StreamHandler().outer("z");
        }
        assertThat(collector.postCount()).isZero();
    }

    @Test
    void wrappedExecutorsCarryTheInvocationToPoolThreads() throws Exception {
        W3cHttpHandler.pool = Executors.newFixedThreadPool(2);
        try {
            FakeFcContext context = FakeFcContext.builder()
                    .functionName("fn")
                    .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                    .jaegerEndpoint(collector.endpoint())
                    .build();
            new W3cHttpHandler().handleRequest(request(headers()), null, context);
        } finally {
            W3cHttpHandler.pool.shutdown();
            W3cHttpHandler.pool = null;
        }

        TraceTree tree = TraceTree.of(collector.spans());
        assertThat(tree.byName("on-pool").getParentSpanId())
                .isEqualTo(tree.byName("fn").getSpanId());
    }

    @Test
    void outboundHeadersCarryTheCurrentSpanInW3cAndJaegerFormats() throws Exception {
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .baggageItem("tenant", "acme")
                .jaegerEndpoint(collector.endpoint())
                .build();

        new W3cHttpHandler().handleRequest(request(headers()), null, context);

        Span handler = handlerSpan();
        String trace = TraceTree.hex32(handler.getTraceIdHigh(), handler.getTraceIdLow());
        String span = TraceTree.hex16(handler.getSpanId());
        Map<String, String> outbound = W3cHttpHandler.outboundHeaders.get();
        assertThat(outbound.get("traceparent")).isEqualTo("00-" + trace + "-" + span + "-01");
        assertThat(outbound.get("uber-trace-id")).isEqualTo(trace + ":" + span + ":0:1");
        assertThat(outbound.get("baggage")).isEqualTo("tenant=acme");
        Map<String, String> none = new HashMap<>();
        dev.fctracing.FcTracing.injectHeaders(none::put);
        assertThat(none).as("nothing outside an invocation").isEmpty();
    }
}
