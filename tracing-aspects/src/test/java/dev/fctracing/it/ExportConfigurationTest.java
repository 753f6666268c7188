package dev.fctracing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Tag;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenTelemetry-style configuration and pluggable exporters, seen end to end through a woven handler. */
class ExportConfigurationTest {

    private LoopbackJaegerCollector collector;

    @BeforeEach
    void start() {
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
        TestSupport.newInstance(Environment.system());
    }

    private static void configure(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        TestSupport.newInstance(Environment.of(env));
    }

    private FakeFcContext.Builder fc() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint());
    }

    private static void invoke(FakeFcContext context) throws Exception {
        new StreamHandler()
                .handleRequest(
                        new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        context);
    }

    @Test
    void resourceAttributesAndServiceNameReachTheJaegerProcess() throws Exception {
        configure(
                "OTEL_SERVICE_NAME",
                "orders",
                "OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment.name=prod",
                "FC_REGION",
                "cn-hangzhou");

        invoke(fc().build());

        io.jaegertracing.thriftjava.Process process = collector.batches().get(0).getProcess();
        assertThat(process.getServiceName()).isEqualTo("orders");
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : process.getTags()) {
            tags.put(tag.getKey(), tag.getVStr());
        }
        assertThat(tags)
                .containsEntry("deployment.environment.name", "prod")
                .containsEntry("cloud.region", "cn-hangzhou")
                .containsEntry("telemetry.sdk.language", "java");
    }

    @Test
    void theAlwaysOffSamplerSendsNothing() throws Exception {
        configure("OTEL_TRACES_SAMPLER", "always_off");

        invoke(fc().build());

        assertThat(collector.postCount()).isZero();
    }

    @Test
    void theConsoleExporterPrintsOneLinePerSpan() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, "UTF-8"));
        try {
            configure("OTEL_TRACES_EXPORTER", "console");
            invoke(FakeFcContext.builder()
                    .functionName("fn")
                    .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                    .build());
        } finally {
            System.setOut(original);
        }

        String text = new String(captured.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("[fc-tracing] fn ")
                .contains("[fc-tracing] outer ")
                .contains("kind=SERVER");
        assertThat(collector.postCount()).as("jaeger not selected").isZero();
    }

    @Test
    void otlpExportsProtobufToTheConfiguredEndpointWithItsHeaders() throws Exception {
        List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> auth = Collections.synchronizedList(new ArrayList<>());
        HttpServer otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otlp.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(readAll(in));
            }
            auth.add(exchange.getRequestHeaders().getFirst("Authentication"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otlp.start();
        try {
            configure(
                    "OTEL_TRACES_EXPORTER",
                    "otlp,jaeger",
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + otlp.getAddress().getPort(),
                    "OTEL_EXPORTER_OTLP_HEADERS",
                    "Authentication=token-1");

            invoke(fc().build());
        } finally {
            otlp.stop(0);
        }

        assertThat(bodies)
                .as("one OTLP request, sent before the invocation returned")
                .hasSize(1);
        List<String> names = new ArrayList<>();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(bodies.get(0));
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> names.add(span.getName()));
            }
        }
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "fn", "outer", "StreamHandler.staticMiddle", "private-inner", "instance-client");
        assertThat(auth).containsExactly("token-1");
        assertThat(collector.spans()).as("and to FC's Jaeger endpoint too").hasSize(5);
    }

    @Test
    void aRegisteredExporterReceivesTheSpansBeforeTheInvocationReturns() throws Exception {
        configure();
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        assertThat(FcTracing.addSpanExporter(memory)).isTrue();

        invoke(fc().build());

        assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName).contains("fn", "outer");
        assertThat(collector.spans()).hasSize(5);
        assertThat(FcTracing.addSpanExporter(InMemorySpanExporter.create()))
                .as("too late now")
                .isFalse();
    }

    @Test
    void aRegisteredBatchProcessorIsFlushedAtTheEndOfEachInvocation() throws Exception {
        configure("OTEL_TRACES_EXPORTER", "none");
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        FcTracing.addSpanProcessor(BatchSpanProcessor.builder(memory)
                .setScheduleDelay(1, TimeUnit.HOURS)
                .build());

        invoke(FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .build());

        assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName).contains("fn", "outer");
    }

    @Test
    void theFunctionsOwnOpenTelemetryIsUsedAndFlushed() throws Exception {
        configure();
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(memory)
                        .setScheduleDelay(1, TimeUnit.HOURS)
                        .build())
                .build();
        OpenTelemetry own = new OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
            }
        };
        FcTracing.useOpenTelemetry(own);

        FakeFcContext context = fc().build();
        invoke(context);

        assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName).contains("fn", "outer");
        assertThat(memory.getFinishedSpanItems())
                .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(context.traceIdHex32()));
        FcTracing.tracer("by-hand").spanBuilder("manual").startSpan().end();
        assertThat(FcTracing.flush()).isTrue(); // outside an invocation, the function flushes its own spans
        assertThat(memory.getFinishedSpanItems())
                .as("FcTracing.openTelemetry() records into the supplied SDK")
                .extracting(SpanData::getName)
                .contains("manual");
        assertThat(collector.postCount())
                .as("FC's endpoint is the supplied SDK's business now")
                .isZero();
        provider.close();
    }

    @Test
    void anExportOfTheFunctionsOwnOpenTelemetryThatOutlivesTheBudgetIsReportedNotThrown() throws Exception {
        configure("FCTRACING_FLUSH_TIMEOUT_MS", "200");
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(new HungExporter()))
                .build();
        FcTracing.useOpenTelemetry(new OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        });
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger.getLogger("dev.fctracing").addHandler(capture);
        try {
            invoke(fc().build());
        } finally {
            java.util.logging.Logger.getLogger("dev.fctracing").removeHandler(capture);
            provider.shutdown();
        }

        assertThat(messages).anySatisfy(m -> assertThat(m).contains("not all exported"));
        assertThat(messages).noneSatisfy(m -> assertThat(m).contains("failed while ending"));
    }

    /** An exporter whose exports never complete. */
    private static final class HungExporter implements io.opentelemetry.sdk.trace.export.SpanExporter {
        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<SpanData> spans) {
            return new io.opentelemetry.sdk.common.CompletableResultCode();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofFailure();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
