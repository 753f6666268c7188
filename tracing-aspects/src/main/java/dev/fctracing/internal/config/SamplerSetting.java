package dev.fctracing.internal.config;

import dev.fctracing.internal.log.InternalLog;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Locale;

/**
 * {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} as the OpenTelemetry specification defines them.
 * The default, {@code parentbased_always_on}, follows FC's sampling decision (the flags of FC's span context).
 */
final class SamplerSetting {

    static final String SAMPLER = TracingConfig.TRACES_SAMPLER;
    static final String SAMPLER_ARG = TracingConfig.TRACES_SAMPLER_ARG;

    private SamplerSetting() {}

    static Sampler from(Environment env) {
        String name = env.get(SAMPLER);
        name = name == null ? "parentbased_always_on" : name.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "":
            case "parentbased_always_on":
                return Sampler.parentBased(Sampler.alwaysOn());
            case "always_on":
                return Sampler.alwaysOn();
            case "always_off":
                return Sampler.alwaysOff();
            case "parentbased_always_off":
                return Sampler.parentBased(Sampler.alwaysOff());
            case "traceidratio":
                return Sampler.traceIdRatioBased(ratio(env));
            case "parentbased_traceidratio":
                return Sampler.parentBased(Sampler.traceIdRatioBased(ratio(env)));
            default:
                InternalLog.warn(SAMPLER + "='" + abbreviate(name) + "' is not supported here (always_on, always_off,"
                        + " traceidratio and their parentbased_ forms are); using parentbased_always_on");
                return Sampler.parentBased(Sampler.alwaysOn());
        }
    }

    private static double ratio(Environment env) {
        String raw = env.get(SAMPLER_ARG);
        if (raw == null || raw.trim().isEmpty()) {
            return 1.0;
        }
        try {
            double ratio = Double.parseDouble(raw.trim());
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        InternalLog.warn(SAMPLER_ARG + "='" + abbreviate(raw) + "' is not a ratio between 0 and 1; using 1.0");
        return 1.0;
    }

    static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
