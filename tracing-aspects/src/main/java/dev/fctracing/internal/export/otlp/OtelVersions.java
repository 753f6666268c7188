package dev.fctracing.internal.export.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Whether the OpenTelemetry exporter artifacts on the class path are the release of the SDK fc-tracing runs on.
 * OpenTelemetry's artifacts only work together at one version: an {@code opentelemetry-exporter-otlp} 1.45.0 beside
 * SDK 1.65.0 fails with {@code NoClassDefFoundError: io/opentelemetry/sdk/internal/DaemonThreadFactory} (or a
 * {@code NoSuchMethodError}) when it is used, which names neither version.
 *
 * <p>Each artifact carries its version in a {@code version.properties} resource ({@code sdk.version=1.65.0}), kept
 * under its own path by a shaded jar (unlike {@code MANIFEST.MF}). Read once, when the exporters are made.
 */
public final class OtelVersions {

    /** The SDK's own version resource ({@code opentelemetry-sdk-common}). */
    static final String SDK_RESOURCE = "io/opentelemetry/sdk/common/version.properties";

    /** The exporter artifacts fc-tracing's OTLP export uses, as artifact id and version resource. */
    private static final String[][] EXPORTER_RESOURCES = {
        {"opentelemetry-exporter-otlp", "io/opentelemetry/exporter/otlp/version.properties"},
        {"opentelemetry-exporter-otlp-common", "io/opentelemetry/exporter/internal/otlp/version.properties"},
        {"opentelemetry-exporter-common", "io/opentelemetry/exporter/internal/version.properties"},
        {"opentelemetry-exporter-sender-okhttp", "io/opentelemetry/exporter/sender/okhttp/internal/version.properties"},
    };

    private OtelVersions() {}

    /**
     * Null when every OTLP exporter artifact on {@code loader}'s class path (none is fine) has the SDK's version, or
     * the SDK's version cannot be read; otherwise one sentence naming each artifact that differs, its version, the
     * SDK's version and the fix.
     */
    public static String otlpMismatch(ClassLoader loader) {
        String sdk = version(loader, SDK_RESOURCE);
        if (sdk == null) {
            return null;
        }
        StringBuilder differing = null;
        for (String[] artifact : EXPORTER_RESOURCES) {
            String version = version(loader, artifact[1]);
            if (version != null && !version.equals(sdk)) {
                differing = differing == null ? new StringBuilder() : differing.append(", ");
                differing
                        .append("io.opentelemetry:")
                        .append(artifact[0])
                        .append(' ')
                        .append(version);
            }
        }
        if (differing == null) {
            return null;
        }
        return "the OpenTelemetry exporter on the class path does not match the OpenTelemetry SDK: " + differing
                + " beside SDK " + sdk
                + " (io.opentelemetry:opentelemetry-sdk-common), and OpenTelemetry's artifacts only"
                + " work together at one version (a mismatch fails with NoClassDefFoundError or NoSuchMethodError) — use "
                + sdk
                + " for every io.opentelemetry artifact: remove the exporter's <version> and import fc-tracing-bom,"
                + " which manages them";
    }

    /** The {@code sdk.version} in {@code resource}, or null when the resource is absent or unreadable. */
    static String version(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("sdk.version");
            return version == null || version.trim().isEmpty() ? null : version.trim();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
