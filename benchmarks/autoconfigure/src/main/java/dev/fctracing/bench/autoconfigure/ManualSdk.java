package dev.fctracing.bench.autoconfigure;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
/** Builds the SDK the way fc-tracing does (sdk-trace only, by hand) and ends one span; prints the time taken. */
public class ManualSdk {
  public static void main(String[] a) {
    long t0 = System.nanoTime();
    SdkTracerProvider p = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "x")))
        .setSampler(Sampler.parentBased(Sampler.alwaysOn())).setMeterProvider(MeterProvider::noop).build();
    p.get("t").spanBuilder("s").startSpan().end();
    long t1 = System.nanoTime();
    System.out.println("manual " + (t1 - t0) / 1000);
  }
}
