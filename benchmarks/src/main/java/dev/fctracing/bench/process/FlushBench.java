package dev.fctracing.bench.process;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.RouteExporter;
import dev.fctracing.internal.export.Routes;
import dev.fctracing.internal.export.jaeger.JaegerThriftHttpExporter;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-invocation cost of getting spans out before the invocation returns, in a warm JVM, to a loopback Jaeger
 * collector in the same process (it decodes every batch with the reference Thrift model, as in the tests).
 *
 * <p>One "invocation" = a SERVER root span with {@code n - 1} children (started and ended in turn, each with two
 * attributes), the root ended, then whatever the approach does to deliver them before returning:
 * <ul>
 *   <li>{@code none}: spans recorded and dropped (a processor that keeps nothing) — the baseline;</li>
 *   <li>{@code fc-tracing}: {@link InvocationSpanProcessor} + {@link JaegerThriftHttpExporter}, then
 *       {@code flush(1 s)}: one POST per invocation, as the entry aspect does;</li>
 *   <li>{@code seed}: {@link SimpleSpanProcessor} around the same exporter, each export waited for: every span is
 *       POSTed synchronously as it ends, as FC's Python tracing sample does.</li>
 * </ul>
 * Approaches run interleaved (rotated order) after a warm-up; added time = median(approach) - median(none).
 *
 * <p>Usage: {@code FlushBench <report-file> [iterationsScale]}.
 */
public final class FlushBench {

    static final AttributeKey<String> KEY_A = AttributeKey.stringKey("db.system");
    static final AttributeKey<Long> KEY_B = AttributeKey.longKey("row.count");

    private FlushBench() {}

    /** One way of delivering spans. */
    abstract static class Approach {
        final String name;
        final String description;
        SdkTracerProvider provider;
        Tracer tracer;

        Approach(String name, String description) {
            this.name = name;
            this.description = description;
        }

        void init(SpanProcessor processor) {
            provider = SdkTracerProvider.builder()
                    .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "flush-bench")))
                    .addSpanProcessor(processor)
                    .build();
            tracer = provider.get("flush-bench");
        }

        /** Runs one invocation of {@code n} spans; returns its wall time in ns. */
        long invoke(int n) {
            long t0 = System.nanoTime();
            Span root = tracer.spanBuilder("handler")
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root())
                    .startSpan();
            try (Scope ignored = root.makeCurrent()) {
                for (int i = 1; i < n; i++) {
                    Span child = tracer.spanBuilder("step").startSpan();
                    child.setAttribute(KEY_A, "mysql");
                    child.setAttribute(KEY_B, i);
                    child.end();
                }
            } finally {
                root.end();
            }
            deliver();
            return System.nanoTime() - t0;
        }

        abstract void deliver();

        void close() {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** Keeps nothing. */
    static final class Discard implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** Waits for each export of the wrapped exporter: a synchronous POST per call. */
    static final class Synchronous implements SpanExporter {
        private final SpanExporter delegate;

        Synchronous(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans).join(1, TimeUnit.SECONDS);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    public static void main(String[] args) throws Exception {
        String reportFile = args.length > 0 ? args[0] : null;
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        String report;
        try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
            report = run(collector, scale);
        }
        if (reportFile != null) {
            try (Writer w = new OutputStreamWriter(new FileOutputStream(reportFile), StandardCharsets.UTF_8)) {
                w.write(report);
            }
        }
        System.out.print(report);
    }

    /** The Jaeger exporter sending every batch along one route, as a plain and as a routed exporter. */
    private static final class OnRoute implements SpanExporter, RouteExporter {
        private final JaegerThriftHttpExporter jaeger;
        private final Route route;

        OnRoute(JaegerThriftHttpExporter jaeger, Route route) {
            this.jaeger = jaeger;
            this.route = route;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return jaeger.export(spans, route);
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans, Route ignored) {
            return jaeger.export(spans, route);
        }

        @Override
        public CompletableResultCode flush() {
            return jaeger.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return jaeger.shutdown();
        }
    }

    static String run(LoopbackJaegerCollector collector, double scale) throws Exception {
        Approach none = new Approach("none", "spans recorded, nothing kept or sent") {
            @Override
            void deliver() {}
        };
        none.init(new Discard());

        Route route = new Routes().to(collector.endpoint());
        JaegerThriftHttpExporter ours = JaegerThriftHttpExporter.create(1000);
        ours.prepareToSend(route);
        InvocationSpanProcessor processor = new InvocationSpanProcessor(
                new OnRoute(ours, route), 2048, Long.MAX_VALUE, 512, TimeUnit.SECONDS.toNanos(1));
        Approach fcTracing = new Approach("fc-tracing", "queue, one POST at the end (flush)") {
            @Override
            void deliver() {
                if (!processor.flush(TimeUnit.SECONDS.toNanos(1))) {
                    throw new IllegalStateException("flush failed");
                }
            }
        };
        fcTracing.init(processor);

        JaegerThriftHttpExporter seedJaeger = JaegerThriftHttpExporter.create(1000);
        seedJaeger.prepareToSend(route);
        SpanExporter seedExporter = new OnRoute(seedJaeger, route);
        Approach seed = new Approach("seed", "SimpleSpanProcessor, sync POST per span") {
            @Override
            void deliver() {
                provider.forceFlush().join(1, TimeUnit.SECONDS);
            }
        };
        seed.init(SimpleSpanProcessor.create(new Synchronous(seedExporter)));

        Approach[] approaches = {none, fcTracing, seed};
        int[] sizes = {1, 20, 200};

        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(
                "Per-invocation delivery: wall time of one invocation (root + n-1 child spans, then delivery before");
        out.println(
                "returning), warm JVM, loopback collector decoding every batch in-process; approaches interleaved.");
        out.println("added = median(approach) - median(none). Times in microseconds.");
        out.println(
                "Collector latency 0: loopback as is. 1 ms: the collector holds every answer 1 ms, like a collector across");
        out.println("a network (FC's Tracing Analysis endpoint is a remote service).");
        List<String> summary = new ArrayList<>();
        for (int latencyMillis : new int[] {0, 1}) {
            int repeats = latencyMillis == 0 ? 3 : 1;
            List<List<Double>> ratios = new ArrayList<>();
            for (int s = 0; s < sizes.length; s++) {
                ratios.add(new ArrayList<Double>());
            }
            for (int rep = 1; rep <= repeats; rep++) {
                collector.faults().delayMillis(latencyMillis);
                int[] iterations = latencyMillis == 0
                        ? new int[] {(int) (3000 * scale), (int) (1000 * scale), (int) (150 * scale)}
                        : new int[] {(int) (300 * scale), (int) (150 * scale), (int) (30 * scale)};
                int[] warmups = latencyMillis == 0
                        ? new int[] {(int) (3000 * scale), (int) (500 * scale), (int) (50 * scale)}
                        : new int[] {20, 10, 3};
                out.println();
                out.println("collector latency " + latencyMillis + " ms"
                        + (repeats > 1 ? ", block " + rep + " of " + repeats : ""));
                out.println(Stats.pad("spans", 7)
                        + Stats.pad("approach", 12)
                        + Stats.pad("what", 40)
                        + Stats.lpad("iters", 7)
                        + Stats.lpad("median", 9)
                        + Stats.lpad("p90", 9)
                        + Stats.lpad("added", 9)
                        + Stats.lpad("POSTs/inv", 11));
                for (int s = 0; s < sizes.length; s++) {
                    int n = sizes[s];
                    for (int i = 0; i < warmups[s]; i++) {
                        for (Approach a : approaches) {
                            a.invoke(n);
                        }
                    }
                    collector.awaitSpans(Integer.MAX_VALUE, 100);
                    collector.reset();
                    List<List<Double>> times = new ArrayList<>();
                    for (int a = 0; a < approaches.length; a++) {
                        times.add(new ArrayList<Double>());
                    }
                    int[] posts = new int[approaches.length];
                    for (int i = 0; i < iterations[s]; i++) {
                        for (int k = 0; k < approaches.length; k++) {
                            int a = (i + k) % approaches.length;
                            int postsBefore = collector.postCount();
                            times.get(a).add(approaches[a].invoke(n) / 1000.0);
                            posts[a] += collector.postCount() - postsBefore;
                        }
                    }
                    int expected = 2 * n * iterations[s]; // fc-tracing and seed deliver every span
                    boolean allArrived = collector.awaitSpans(expected, 10_000);
                    int arrived = collector.spans().size();
                    double base = Stats.median(times.get(0));
                    double[] added = new double[approaches.length];
                    for (int a = 0; a < approaches.length; a++) {
                        double median = Stats.median(times.get(a));
                        added[a] = median - base;
                        out.println(Stats.pad(String.valueOf(n), 7)
                                + Stats.pad(approaches[a].name, 12)
                                + Stats.pad(approaches[a].description, 40)
                                + Stats.lpad(String.valueOf(iterations[s]), 7)
                                + Stats.lpad(Stats.fmt(median), 9)
                                + Stats.lpad(Stats.fmt(Stats.quantile(times.get(a), 0.9)), 9)
                                + Stats.lpad(a == 0 ? "" : Stats.fmt(added[a]), 9)
                                + Stats.lpad(a == 0 ? "" : Stats.fmt2((double) posts[a] / iterations[s]), 11));
                    }
                    out.println(Stats.pad("", 7) + "collector accepted " + arrived + " of " + expected
                            + " spans sent by fc-tracing and seed"
                            + (allArrived && arrived == expected ? "" : "  <-- MISSING SPANS"));
                    ratios.get(s).add(added[2] / added[1]);
                    out.println(
                            Stats.pad("", 7) + "seed/fc-tracing (added) = " + Stats.fmt2(added[2] / added[1]) + "x");
                    collector.reset();
                }
            }
            for (int s = 0; s < sizes.length; s++) {
                List<Double> r = ratios.get(s);
                double median = Stats.median(r);
                summary.add("latency " + latencyMillis + " ms, " + sizes[s] + " span(s): seed/fc-tracing = "
                        + Stats.fmt2(median)
                        + "x"
                        + (r.size() > 1
                                ? " (median of " + r.size() + " blocks; range " + Stats.fmt2(Stats.quantile(r, 0))
                                        + ".." + Stats.fmt2(Stats.quantile(r, 1)) + ")"
                                : "")
                        + (sizes[s] == 20 ? "   goal >= 10x: " + (median >= 10 ? "MET" : "NOT MET") : ""));
            }
        }
        collector.faults().delayMillis(0);
        out.println();
        for (String line : summary) {
            out.println(line);
        }
        out.flush();
        for (Approach a : approaches) {
            a.close();
        }
        return text.toString();
    }
}
