package dev.fctracing.sample;

import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceWaterfall;
import io.jaegertracing.thriftjava.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The README's "run the sample locally": one simulated FC invocation of the woven {@link HelloHandler} against an
 * embedded Jaeger collector on loopback, then the received trace as a waterfall. Exits 0 only if the trace arrived
 * (before the handler returned) and nests under FC's span as it would in Tracing Analysis.
 */
public final class LocalRun {

  private LocalRun() {}

  public static void main(String[] args) throws Exception {
    System.exit(run());
  }

  static int run() throws Exception {
    try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
      FakeFcContext context =
          FakeFcContext.builder()
              .requestId("local-" + Long.toHexString(System.nanoTime()))
              .functionName("fc-tracing-sample")
              .serviceName("fc-tracing-sample")
              .spanContext(FakeFcContext.randomJaegerSpanContext(true))
              .baggageItem("tenant", "local")
              .jaegerEndpoint(collector.endpoint())
              .build();
      System.out.println("Invoking HelloHandler with FC span context " + context.getTracing().getSpanContext());

      ByteArrayOutputStream output = new ByteArrayOutputStream();
      long start = System.nanoTime();
      new HelloHandler().handleRequest(new ByteArrayInputStream(new byte[0]), output, context);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("Handler returned \"" + new String(output.toByteArray(), StandardCharsets.UTF_8)
          + "\" in " + millis + " ms; collector received " + collector.postCount() + " POST(s)");
      System.out.println();

      // No waiting: the spans must have left before handleRequest returned.
      List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
      System.out.print(TraceWaterfall.render(spans));
      System.out.println();

      List<String> problems = SampleTrace.problems(spans, context);
      if (problems.isEmpty()) {
        System.out.println("OK: trace " + context.traceIdHex32() + " arrived and nests under FC's span.");
        return 0;
      }
      System.out.println("FAILED:");
      for (String problem : problems) {
        System.out.println("  - " + problem);
      }
      return 1;
    }
  }
}
