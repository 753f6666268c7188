package dev.fctracing.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.ToolkitLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.config.TracingConfig;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpanExporters}, the route-aware export: FC's Jaeger endpoint receives only the spans of its own route (none
 * for {@link Route#NONE}), exporters that need no FC endpoint (the function's own, console) receive every route's,
 * and an exporter that fails costs only its own export.
 */
class SpanExportersTest {

    private final List<LoopbackJaegerCollector> collectors = new ArrayList<>();
    private final List<SpanExporters> created = new ArrayList<>();
    private final ToolkitLog log = ToolkitLog.capture();

    @AfterEach
    void tearDown() {
        for (SpanExporters exporters : created) {
            exporters.shutdown().join(5, TimeUnit.SECONDS);
        }
        collectors.forEach(LoopbackJaegerCollector::close);
        log.close();
    }

    private LoopbackJaegerCollector collector() {
        LoopbackJaegerCollector collector = LoopbackJaegerCollector.start();
        collectors.add(collector);
        return collector;
    }

    private SpanExporters exporters(List<SpanExporter> userExporters, String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        env.put("FCTRACING_FLUSH_TIMEOUT_MS", "5000");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        SpanExporters exporters = SpanExporters.create(TracingConfig.from(Environment.of(env)), userExporters);
        created.add(exporters);
        return exporters;
    }

    private static List<SpanData> spans(String... names) {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            SpanContext context = SpanContext.create(
                    "0af7651916cd43dd8448eb211c80319c",
                    String.format("%016x", i + 1),
                    TraceFlags.getSampled(),
                    TraceState.getDefault());
            spans.add(TestSpanData.builder()
                    .setSpanContext(context)
                    .setName(names[i])
                    .setKind(SpanKind.INTERNAL)
                    .setStartEpochNanos(1_000_000_000L)
                    .setEndEpochNanos(2_000_000_000L)
                    .setStatus(StatusData.unset())
                    .setHasEnded(true)
                    .build());
        }
        return spans;
    }

    private static boolean exported(CompletableResultCode result) {
        return result.join(10, TimeUnit.SECONDS).isSuccess();
    }

    @Test
    void jaegerSendsEachRoutesSpansToThatRoutesEndpointOnly() {
        LoopbackJaegerCollector a = collector();
        LoopbackJaegerCollector b = collector();
        Routes routes = new Routes();
        SpanExporters exporters = exporters(Collections.<SpanExporter>emptyList());

        assertThat(exported(exporters.export(spans("to-a"), routes.to(a.endpoint()))))
                .isTrue();
        assertThat(exported(exporters.export(spans("to-b-1", "to-b-2"), routes.to(b.endpoint()))))
                .isTrue();

        assertThat(a.spans())
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .containsExactly("to-a");
        assertThat(b.spans())
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .containsExactly("to-b-1", "to-b-2");
        assertThat(exporters.exportsWithoutFcEndpoint()).isFalse();
    }

    @Test
    void theNoneRouteGoesNowhereWithJaegerAlone() {
        LoopbackJaegerCollector a = collector();
        new Routes().to(a.endpoint());
        SpanExporters exporters = exporters(Collections.<SpanExporter>emptyList());

        assertThat(exported(exporters.export(spans("no-endpoint"), Route.NONE))).isTrue();

        assertThat(a.postCount()).isZero();
    }

    @Test
    void theFunctionsOwnExportersReceiveEveryRoutesSpans() {
        LoopbackJaegerCollector a = collector();
        InMemorySpanExporter own = InMemorySpanExporter.create();
        SpanExporters exporters = exporters(Collections.<SpanExporter>singletonList(own));

        assertThat(exported(exporters.export(spans("routed"), new Routes().to(a.endpoint()))))
                .isTrue();
        assertThat(exported(exporters.export(spans("unrouted"), Route.NONE))).isTrue();

        assertThat(own.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("routed", "unrouted");
        assertThat(a.spans())
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .containsExactly("routed");
        assertThat(exporters.exportsWithoutFcEndpoint()).isTrue();
    }

    @Test
    void withoutJaegerNothingIsSentToFcsEndpoint() {
        LoopbackJaegerCollector a = collector();
        InMemorySpanExporter own = InMemorySpanExporter.create();
        SpanExporters exporters =
                exporters(Collections.<SpanExporter>singletonList(own), "OTEL_TRACES_EXPORTER", "none");

        assertThat(exported(exporters.export(spans("own-only"), new Routes().to(a.endpoint()))))
                .isTrue();

        assertThat(own.getFinishedSpanItems()).hasSize(1);
        assertThat(a.postCount()).isZero();
        assertThat(exporters(Collections.<SpanExporter>emptyList(), "OTEL_TRACES_EXPORTER", "none")
                        .exportsWithoutFcEndpoint())
                .isFalse();
        assertThat(exporters(Collections.<SpanExporter>emptyList(), "OTEL_TRACES_EXPORTER", "console")
                        .exportsWithoutFcEndpoint())
                .isTrue();
    }

    @Test
    void anExporterThatThrowsOrAnswersNullFailsOnlyItsOwnExport() {
        LoopbackJaegerCollector a = collector();
        InMemorySpanExporter own = InMemorySpanExporter.create();
        List<SpanExporter> user = new ArrayList<>();
        user.add(new Broken(true));
        user.add(new Broken(false));
        user.add(own);
        SpanExporters exporters = exporters(user);

        CompletableResultCode result = exporters.export(spans("survives"), new Routes().to(a.endpoint()));

        assertThat(exported(result)).as("the failures are reported").isFalse();
        assertThat(own.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("survives");
        assertThat(a.spans())
                .extracting(io.jaegertracing.thriftjava.Span::getOperationName)
                .containsExactly("survives");
    }

    @Test
    void anUnknownExporterNameIsLoggedAndSkipped() {
        LoopbackJaegerCollector a = collector();
        SpanExporters exporters =
                exporters(Collections.<SpanExporter>emptyList(), "OTEL_TRACES_EXPORTER", "zipkin,jaeger");

        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warnings().get(0)).contains("'zipkin'");
        assertThat(exported(exporters.export(spans("still-sent"), new Routes().to(a.endpoint()))))
                .isTrue();
        assertThat(a.spans()).hasSize(1);
    }

    /** A function's exporter that throws, or returns null. */
    private static final class Broken implements SpanExporter {
        private final boolean throwing;

        Broken(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            if (throwing) {
                throw new IllegalStateException("exporter bug");
            }
            return null;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
