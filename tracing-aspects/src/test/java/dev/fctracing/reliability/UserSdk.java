package dev.fctracing.reliability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A function's own OpenTelemetry SDK, recording into memory, and the ways a function registers one globally. Its
 * registration calls are in woven code (this class is compiled by ajc with the aspects), as they would be in a
 * function.
 */
final class UserSdk {

    /** How the function registers its SDK. */
    enum How {
        BUILD_AND_REGISTER_GLOBAL,
        GLOBAL_SET,
        GLOBAL_SET_SUPPLIER
    }

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();

    /** Registers an SDK recording into {@link #spans} globally, the way {@code how} says; returns it. */
    OpenTelemetrySdk register(How how) {
        switch (how) {
            case BUILD_AND_REGISTER_GLOBAL:
                // A second SDK over the same provider, registered by the builder itself.
                return OpenTelemetrySdk.builder()
                        .setTracerProvider(sdk.getSdkTracerProvider())
                        .buildAndRegisterGlobal();
            case GLOBAL_SET:
                GlobalOpenTelemetry.set(sdk);
                return sdk;
            case GLOBAL_SET_SUPPLIER:
                GlobalOpenTelemetry.set(() -> sdk);
                return sdk;
            default:
                throw new AssertionError(how);
        }
    }

    void close() {
        sdk.getSdkTracerProvider().shutdown();
    }
}
