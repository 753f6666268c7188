package dev.fctracing.internal.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.it.PojoHandler;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A function that pins {@code opentelemetry-exporter-otlp} to an older release than the SDK (the surefire execution
 * {@code otlp-mismatch} puts the real 1.45.0 jar on the class path in place of the managed one): one warning names
 * both versions and the fix, OTLP export is off, and the function is still traced through FC's Jaeger endpoint.
 */
@Tag("otlp-mismatch")
class OtlpVersionMismatchTest {

    private static final String EXPORTER = System.getProperty("fctracing.otlpMismatch.exporterVersion");
    private static final String SDK = System.getProperty("fctracing.otlpMismatch.sdkVersion");

    private final List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger toolkit = Logger.getLogger("dev.fctracing");
    private LoopbackJaegerCollector collector;

    @BeforeEach
    void start() {
        collector = LoopbackJaegerCollector.start();
        toolkit.addHandler(capture);
    }

    @AfterEach
    void stop() {
        toolkit.removeHandler(capture);
        collector.close();
        TestSupport.newInstance(Environment.system());
    }

    private static void awaitChecksAfterTheFirstRequest() throws InterruptedException {
        Thread checks = TracingInstance.current().weavingCheck;
        assertThat(checks).as("the first request started the checks' thread").isNotNull();
        checks.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(checks.isAlive()).isFalse();
    }

    private List<String> warnings() {
        List<String> out = new ArrayList<>();
        synchronized (logs) {
            for (LogRecord r : logs) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    out.add(r.getMessage());
                }
            }
        }
        return out;
    }

    @Test
    void theClassPathIsTheMismatchedOne() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(EXPORTER).isNotNull().isNotEqualTo(SDK);
        assertThat(OtelVersions.version(loader, "io/opentelemetry/exporter/otlp/version.properties"))
                .isEqualTo(EXPORTER);
        assertThat(OtelVersions.version(loader, OtelVersions.SDK_RESOURCE)).isEqualTo(SDK);
        // What the user saw: the exporter itself cannot be made against this SDK.
        Throwable thrown =
                catchThrowable(() -> OtlpExporterFactory.create("http://127.0.0.1:9/v1/traces", new HashMap<>(), 100));
        assertThat(thrown).isInstanceOf(LinkageError.class);
    }

    @Test
    void oneWarningNamesBothVersionsAndTheInvocationIsStillTraced() {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_TRACES_EXPORTER", "jaeger,otlp");
        env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:9/v1/traces");
        TestSupport.newInstance(Environment.of(env));

        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint())
                .build();
        assertThat(new PojoHandler().handleRequest("abc", context)).isEqualTo(3);

        assertThat(warnings())
                .containsExactly("the OpenTelemetry exporter on the class path does not match the OpenTelemetry SDK:"
                        + " io.opentelemetry:opentelemetry-exporter-otlp " + EXPORTER + " beside SDK " + SDK
                        + " (io.opentelemetry:opentelemetry-sdk-common), and OpenTelemetry's artifacts only work together at"
                        + " one version (a mismatch fails with NoClassDefFoundError or NoSuchMethodError) — use " + SDK
                        + " for every io.opentelemetry artifact: remove the exporter's <version> and import fc-tracing-bom,"
                        + " which manages them; OTLP export is off");
        assertThat(collector.spans()).isNotEmpty();
    }

    @Test
    void withoutOtlpConfiguredTheMismatchIsStillNamed() throws InterruptedException {
        TestSupport.newInstance(Environment.of(Collections.emptyMap()));
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint())
                .build();
        new PojoHandler().handleRequest("abc", context);
        awaitChecksAfterTheFirstRequest(); // without OTLP configured, the versions are read off the cold start

        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0))
                .contains("io.opentelemetry:opentelemetry-exporter-otlp " + EXPORTER + " beside SDK " + SDK)
                .doesNotContain("OTLP export is off");
        assertThat(collector.spans()).isNotEmpty();
    }
}
