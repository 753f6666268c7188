package com.example.stock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import dev.fctracing.testing.TraceWaterfall;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With only fc-tracing-bom's versions: OpenTelemetry's OkHttp instrumentation links against the OpenTelemetry the
 * BOM brings, its CLIENT span nests under the calling @Traced span, and the server receives that span's traceparent.
 */
class StockHandlerTest {

  @Test
  void theOkHttpClientSpanNestsUnderTheTracedSpan() throws Exception {
    List<String> traceparents = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/stock", exchange -> {
      traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
      byte[] body = "17".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
      FakeFcContext context = FakeFcContext.builder().functionName("stock")
          .spanContext(FakeFcContext.randomJaegerSpanContext(true)).jaegerEndpoint(collector.endpoint()).build();

      String stock = new StockHandler().handleRequest(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/stock", context);

      assertEquals("17", stock);
      List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
      String waterfall = TraceWaterfall.render(spans);
      System.out.print(waterfall);
      assertEquals(3, spans.size(), () -> "handler, fetch-stock and OkHttp's GET:\n" + waterfall);
      TraceTree tree = TraceTree.of(spans);
      assertEquals(Collections.emptyList(), tree.problems(), waterfall);
      Span handler = tree.byName("stock");
      Span fetch = tree.byName("fetch-stock");
      Span get = tree.byName("GET");
      assertEquals(context.spanIdHex16(), TraceTree.hex16(handler.getParentSpanId()), waterfall);
      assertEquals(handler.getSpanId(), fetch.getParentSpanId(), waterfall);
      assertEquals(fetch.getSpanId(), get.getParentSpanId(), () -> "OkHttp's span under fetch-stock\n" + waterfall);
      assertEquals("client", tag(get, "span.kind"));
      assertEquals("io.opentelemetry.okhttp-3.0", tag(get, "otel.library.name"));
      assertEquals(Collections.singletonList(
          "00-" + context.traceIdHex32() + "-" + TraceTree.hex16(get.getSpanId()) + "-01"), traceparents);
    } finally {
      server.stop(0);
    }
  }

  private static String tag(Span span, String key) {
    for (Tag tag : span.getTags()) {
      if (tag.getKey().equals(key)) {
        return tag.getVStr();
      }
    }
    return null;
  }
}
