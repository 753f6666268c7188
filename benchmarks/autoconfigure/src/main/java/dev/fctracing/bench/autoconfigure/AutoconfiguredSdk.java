package dev.fctracing.bench.autoconfigure;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
/** Builds the SDK with opentelemetry-sdk-extension-autoconfigure and ends one span; prints the time taken. */
public class AutoconfiguredSdk {
  public static void main(String[] a) {
    long t0 = System.nanoTime();
    Map<String,String> props = new HashMap<>();
    props.put("otel.traces.exporter", "none"); props.put("otel.metrics.exporter", "none"); props.put("otel.logs.exporter", "none");
    props.put("otel.service.name", "x");
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> props).disableShutdownHook().build().getOpenTelemetrySdk();
    sdk.getTracer("t").spanBuilder("s").startSpan().end();
    long t1 = System.nanoTime();
    System.out.println("auto " + (t1 - t0) / 1000);
  }
}
