package dev.fctracing.internal.aspect;

import dev.fctracing.internal.sdk.GlobalSlot;
import dev.fctracing.internal.sdk.SdkRegistration;
import io.opentelemetry.api.OpenTelemetry;
import java.util.function.Supplier;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * At the function's own calls that register an OpenTelemetry as {@code GlobalOpenTelemetry}
 * ({@code GlobalOpenTelemetry.set(openTelemetry)}, {@code GlobalOpenTelemetry.set(supplier)},
 * {@code OpenTelemetrySdkBuilder.buildAndRegisterGlobal()}): if fc-tracing's runtime put its own instance in the slot,
 * the function's takes its place ({@link GlobalSlot}) instead of failing with "GlobalOpenTelemetry.set has already
 * been called"; otherwise the call runs as written.
 *
 * <p>Call-site advice: it applies where the function's code, compiled by ajc with this aspect library, makes these
 * calls, and nowhere else (registrations inside unwoven jars, such as autoconfigure's {@code setResultAsGlobal()},
 * are untouched). Code that never makes them gets nothing woven. The SDK's types are matched by a name pattern and
 * never named here, so functions without {@code opentelemetry-sdk} weave and load this aspect as before.
 */
public aspect GlobalOpenTelemetryAspect {

    /** Not the toolkit's own calls: its runtime registers its instance through {@link GlobalSlot}. */
    pointcut functionCode(): !within(dev.fctracing.internal..*);

    @SuppressAjWarnings({"adviceDidNotMatch"})
    void around(OpenTelemetry openTelemetry):
            call(void io.opentelemetry.api.GlobalOpenTelemetry.set(io.opentelemetry.api.OpenTelemetry))
            && args(openTelemetry) && functionCode() {
        if (GlobalSlot.mayHoldOurs()) {
            GlobalSlot.set(openTelemetry);
        } else {
            proceed(openTelemetry);
        }
    }

    @SuppressAjWarnings({"adviceDidNotMatch"})
    void around(Supplier<OpenTelemetry> supplier):
            call(void io.opentelemetry.api.GlobalOpenTelemetry.set(java.util.function.Supplier))
            && args(supplier) && functionCode() {
        if (GlobalSlot.mayHoldOurs()) {
            GlobalSlot.set(supplier);
        } else {
            proceed(supplier);
        }
    }

    /** {@code io.opentelemetry.sdk.*}: only {@code OpenTelemetrySdkBuilder} declares this method there. */
    @SuppressAjWarnings({"adviceDidNotMatch"})
    Object around(Object builder):
            call(* io.opentelemetry.sdk.*.buildAndRegisterGlobal()) && target(builder) && functionCode() {
        if (GlobalSlot.mayHoldOurs() && SdkRegistration.handles(builder)) {
            return SdkRegistration.buildAndRegisterGlobal(builder);
        }
        return proceed(builder);
    }
}
