package dev.fctracing.internal.config;

import dev.fctracing.internal.log.InternalLog;
import java.util.Locale;

/** {@code FCTRACING_EXPORT}: when an invocation's spans leave for the collector. */
public enum ExportMode {
    /**
     * Before the invocation returns until FC has called the {@code preFreeze} hook once (then the instance is known to
     * get it before every freeze), deferred from then on. The default.
     */
    AUTO,
    /** Always before the invocation returns: one round trip on every invocation, spans never wait for a hook. */
    SYNC,
    /**
     * Never on the invocation's time: in {@code preFreeze} (or in the background while other invocations run). Only
     * safe when the function's {@code preFreeze} hook is configured; without it spans wait for the next invocation.
     */
    DEFERRED;

    static ExportMode from(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            return AUTO;
        }
        String value = raw.trim().toUpperCase(Locale.ROOT);
        for (ExportMode mode : values()) {
            if (mode.name().equals(value)) {
                return mode;
            }
        }
        InternalLog.warn(TracingConfig.EXPORT + "='" + (raw.length() <= 20 ? raw : raw.substring(0, 20) + "...")
                + "' is not auto, sync or deferred; using auto");
        return AUTO;
    }
}
