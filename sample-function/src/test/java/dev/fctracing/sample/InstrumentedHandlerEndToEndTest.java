package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.FcTracingTestKit;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import dev.fctracing.testing.TraceWaterfall;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InstrumentedHandler} end to end: OpenTelemetry's OkHttp and JDBC instrumentation libraries, given
 * {@code FcTracing.openTelemetry()}, record CLIENT spans that nest under the calling {@code @Traced} methods, under
 * the handler span, under FC's span; the HTTP call reaches a real loopback server carrying a {@code traceparent} that
 * names the OkHttp CLIENT span (the instrumentation injects the context of the span it created, in its network
 * interceptor).
 */
@ExtendWith(FcTracingExtension.class)
class InstrumentedHandlerEndToEndTest {

    private FcTracingTestKit kit;
    private LoopbackJaegerCollector collector;
    private HttpServer stockServer;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(FcTracingTestKit kit) throws IOException {
        this.kit = kit;
        collector = kit.collector();
        stockServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stockServer.createContext("/stock", exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            traceparents.add(traceparent == null ? "(none)" : traceparent);
            byte[] body = "17".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stockServer.start();
    }

    @AfterEach
    void stop() {
        stockServer.stop(0);
    }

    @Test
    void okHttpAndJdbcSpansNestUnderTheirTracedMethodsAndTheServerSeesTheClientSpan() {
        FakeFcContext context = invoke(new InstrumentedHandler(), "sku-1");

        List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
        System.out.print(TraceWaterfall.render(spans));
        TraceTree tree = TraceTree.of(spans);
        assertThat(tree.problems()).isEmpty();
        assertThat(spans)
                .as("handler, 2 @Traced, 2 instrumentation CLIENT spans: %s", names(spans))
                .hasSize(5);

        Span handler = tree.byName("instrumented");
        assertThat(handler.getParentSpanId()).as("handler under FC's span").isEqualTo(context.spanId());
        Span fetch = tree.byName("fetch-stock");
        Span count = tree.byName("count-open-orders");
        assertThat(fetch.getParentSpanId()).isEqualTo(handler.getSpanId());
        assertThat(count.getParentSpanId()).isEqualTo(handler.getSpanId());

        Span http = only(spans, s -> tag(s, "otel.library.name").equals("io.opentelemetry.okhttp-3.0"));
        assertThat(http.getParentSpanId()).as("OkHttp's span under fetch-stock").isEqualTo(fetch.getSpanId());
        assertThat(tag(http, "span.kind")).isEqualTo("client");
        assertThat(http.getOperationName()).isEqualTo("GET");
        assertThat(tag(http, "url.full"))
                .startsWith("http://127.0.0.1:" + stockServer.getAddress().getPort() + "/stock");
        assertThat(tag(http, "http.response.status_code")).isEqualTo("200");

        Span sql = only(spans, s -> tag(s, "otel.library.name").equals("io.opentelemetry.jdbc"));
        assertThat(sql.getParentSpanId())
                .as("the JDBC span under count-open-orders")
                .isEqualTo(count.getSpanId());
        assertThat(tag(sql, "span.kind")).isEqualTo("client");
        assertThat(tag(sql, "db.system.name") + tag(sql, "db.system")).contains("h2");
        assertThat(tag(sql, "db.query.text") + tag(sql, "db.statement")).contains("SELECT COUNT(*) FROM orders");

        assertThat(traceparents).as("one request, with W3C trace context").hasSize(1);
        assertThat(traceparents.get(0))
                .as("the server joins FC's trace under OkHttp's CLIENT span")
                .isEqualTo("00-" + context.traceIdHex32() + "-" + TraceTree.hex16(http.getSpanId()) + "-01");
    }

    /**
     * The clients are built once, with the class, before any invocation started tracing (whichever test runs first),
     * and follow each new tracing instance (a new SDK behind {@code FcTracing.openTelemetry()}).
     */
    @Test
    void clientsBuiltOnceWithTheClassRecordIntoEachInstancesSdk() {
        InstrumentedHandler handler = new InstrumentedHandler();
        invoke(handler, "sku-2");
        kit.newInstance(); // a new tracing instance: a new SDK behind FcTracing
        FakeFcContext second = invoke(handler, "sku-2");

        List<Span> spans = collector.spansOfTrace(second.traceIdHex32());
        assertThat(spans)
                .as("the second invocation's instrumentation spans: %s", names(spans))
                .hasSize(5);
        assertThat(TraceTree.of(spans).problems()).isEmpty();
        assertThat(traceparents).hasSize(2);
        assertThat(traceparents.get(1)).contains(second.traceIdHex32());
    }

    private FakeFcContext invoke(InstrumentedHandler handler, String sku) {
        FakeFcContext context = kit.context().functionName("instrumented").build();
        String stockUrl = "http://127.0.0.1:" + stockServer.getAddress().getPort() + "/stock";
        String answer = handler.handleRequest(new InstrumentedHandler.Query(stockUrl, sku), context);
        assertThat(answer)
                .isEqualTo(sku.equals("sku-1") ? "sku-1: stock 17, 2 open orders" : "sku-2: stock 17, 1 open orders");
        return context;
    }

    private static Span only(List<Span> spans, java.util.function.Predicate<Span> which) {
        List<Span> found = spans.stream().filter(which).collect(Collectors.toList());
        assertThat(found).as("exactly one among %s", names(spans)).hasSize(1);
        return found.get(0);
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::getOperationName).collect(Collectors.toList());
    }

    /** The tag's value as text, or "" when the span has no such tag. */
    private static String tag(Span span, String key) {
        if (span.getTags() != null) {
            for (Tag tag : span.getTags()) {
                if (tag.getKey().equals(key)) {
                    switch (tag.getVType()) {
                        case STRING:
                            return tag.getVStr();
                        case LONG:
                            return String.valueOf(tag.getVLong());
                        case BOOL:
                            return String.valueOf(tag.isVBool());
                        case DOUBLE:
                            return String.valueOf(tag.getVDouble());
                        default:
                            return "";
                    }
                }
            }
        }
        return "";
    }
}
