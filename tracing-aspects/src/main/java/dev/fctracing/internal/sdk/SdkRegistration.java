package dev.fctracing.internal.sdk;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;

/**
 * {@code OpenTelemetrySdkBuilder.buildAndRegisterGlobal()} for woven code: the same two steps the SDK takes
 * ({@code build()}, then {@code GlobalOpenTelemetry.set(sdk)}), with the second going through {@link GlobalSlot} so
 * that it replaces fc-tracing's instance. The only class of the toolkit that needs {@code opentelemetry-sdk}; it is
 * loaded only from call sites of that method, so only in functions that have the artifact.
 */
public final class SdkRegistration {

    private SdkRegistration() {}

    /** Whether {@code target} is the SDK's builder (and the SDK's classes are there to say so). */
    public static boolean handles(Object target) {
        try {
            return target instanceof OpenTelemetrySdkBuilder;
        } catch (LinkageError sdkMissing) {
            return false;
        }
    }

    /** Builds the SDK and registers it globally in place of fc-tracing's instance; returns it. */
    public static Object buildAndRegisterGlobal(Object builder) {
        OpenTelemetrySdk sdk = ((OpenTelemetrySdkBuilder) builder).build();
        GlobalSlot.set(sdk);
        return sdk;
    }
}
