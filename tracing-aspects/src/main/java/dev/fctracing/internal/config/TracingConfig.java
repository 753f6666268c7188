package dev.fctracing.internal.config;

import dev.fctracing.internal.log.InternalLog;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The toolkit's settings, read once per instance. Every variable can also be given as a system property of the
 * lower-case dotted name ({@code FCTRACING_FLUSH_TIMEOUT_MS} → {@code -Dfctracing.flush.timeout.ms=}).
 *
 * <p>Malformed or out-of-range values are logged and replaced by the default or clamped; they never fail the
 * function.
 */
public final class TracingConfig {

    /** End-of-invocation flush budget in milliseconds. */
    public static final String FLUSH_TIMEOUT_MS = "FCTRACING_FLUSH_TIMEOUT_MS";
    /** Standard OpenTelemetry service name. */
    public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
    /** Standard OpenTelemetry kill switch. */
    public static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
    /** Standard batch-processor queue size, honoured by the invocation-scoped processor. */
    public static final String MAX_QUEUE_SIZE = "OTEL_BSP_MAX_QUEUE_SIZE";
    /** Standard batch-processor export batch size. */
    public static final String MAX_EXPORT_BATCH_SIZE = "OTEL_BSP_MAX_EXPORT_BATCH_SIZE";

    /** Longest captured attribute value ({@code @SpanAttribute}, {@code captureReturn}), in chars. */
    public static final String CAPTURE_MAX_LENGTH = "FCTRACING_CAPTURE_MAX_LENGTH";

    /** Whether {@code @Traced} spans carry {@code code.function.name} (costs an attribute map per span). */
    public static final String CODE_ATTRIBUTES = "FCTRACING_CODE_ATTRIBUTES";
    /** Standard: which exporters ({@code jaeger} — FC's endpoint, the default — {@code otlp}, {@code console}, {@code none}). */
    public static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
    /** Standard: the sampler ({@link SamplerSetting}). */
    public static final String TRACES_SAMPLER = "OTEL_TRACES_SAMPLER";
    /** Standard: the sampler's argument. */
    public static final String TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    /** Standard extra resource attributes, {@code key=value,key=value}. */
    public static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    /** Standard OTLP endpoint (base URL; {@code /v1/traces} is appended). */
    public static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** Standard OTLP traces endpoint (full URL, used as is). */
    public static final String OTLP_TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    /** Standard OTLP headers, {@code key=value,key=value}. */
    public static final String OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    /** Standard OTLP traces headers, added to {@link #OTLP_HEADERS}. */
    public static final String OTLP_TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";

    /** Standard: longest attribute value (span, event and link attributes), in chars. */
    public static final String ATTRIBUTE_VALUE_LENGTH_LIMIT = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT";
    /** Standard: longest span attribute value; wins over {@link #ATTRIBUTE_VALUE_LENGTH_LIMIT}. */
    public static final String SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT = "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT";
    /** Standard: attributes per span. */
    public static final String ATTRIBUTE_COUNT_LIMIT = "OTEL_ATTRIBUTE_COUNT_LIMIT";
    /** Standard: attributes per span; wins over {@link #ATTRIBUTE_COUNT_LIMIT}. */
    public static final String SPAN_ATTRIBUTE_COUNT_LIMIT = "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT";
    /** Standard: events per span. */
    public static final String SPAN_EVENT_COUNT_LIMIT = "OTEL_SPAN_EVENT_COUNT_LIMIT";
    /** Standard: links per span. */
    public static final String SPAN_LINK_COUNT_LIMIT = "OTEL_SPAN_LINK_COUNT_LIMIT";
    /** Standard: attributes per event. */
    public static final String EVENT_ATTRIBUTE_COUNT_LIMIT = "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT";
    /** Standard: attributes per link. */
    public static final String LINK_ATTRIBUTE_COUNT_LIMIT = "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT";
    /** When invocations export their spans: {@code auto} (the default), {@code sync} or {@code deferred}. */
    public static final String EXPORT = "FCTRACING_EXPORT";
    /** Longest {@code preFreeze} or {@code preStop} waits for the collector, in milliseconds. */
    public static final String HOOK_TIMEOUT_MS = "FCTRACING_HOOK_TIMEOUT_MS";
    /** Estimated bytes of ended spans held for export, at most; past it spans are dropped and counted. */
    public static final String MAX_PENDING_BYTES = "FCTRACING_MAX_PENDING_BYTES";
    /** Whether log lines (Logback, Log4j 2) carry the current span's ids; {@code true} by default. */
    public static final String LOG_CORRELATION = "FCTRACING_LOG_CORRELATION";

    /**
     * Default longest attribute value, in chars (OpenTelemetry's own default is unlimited): a rendered stack trace or a
     * huge exception message stays within it.
     */
    public static final int DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 8192;

    static final int DEFAULT_COUNT_LIMIT = 128;
    static final long MIN_PENDING_BYTES = 1 << 20;
    static final long MAX_DEFAULT_PENDING_BYTES = 32L << 20;

    static final long DEFAULT_FLUSH_TIMEOUT_MS = 1000;
    /** Well under the hook timeout FC gives by default (3 s) and under any a user would set. */
    static final long DEFAULT_HOOK_TIMEOUT_MS = 2000;

    static final long MAX_HOOK_TIMEOUT_MS = 60_000;
    static final int DEFAULT_CAPTURE_MAX_LENGTH = 256;
    /** Hard cap: no configuration can make one invocation wait longer than this for the collector. */
    static final long MAX_FLUSH_TIMEOUT_MS = 10_000;

    static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
    static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

    private final long flushTimeoutNanos;
    private final String serviceName;
    private final boolean disabled;
    private final int maxQueueSize;
    private final int maxExportBatchSize;
    private final int captureMaxLength;
    private final boolean codeAttributes;
    private final List<String> exporters;
    private final Sampler sampler;
    private final Map<String, String> resourceAttributes;
    private final String otlpTracesEndpoint;
    private final Map<String, String> otlpHeaders;
    private final SpanLimits spanLimits;
    private final long maxPendingBytes;
    private final ExportMode exportMode;
    private final long hookTimeoutNanos;
    private final boolean logCorrelation;

    private TracingConfig(Environment env) {
        long flushMs = longSetting(env, FLUSH_TIMEOUT_MS, DEFAULT_FLUSH_TIMEOUT_MS, 1, MAX_FLUSH_TIMEOUT_MS);
        this.flushTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(flushMs);
        String name = env.get(SERVICE_NAME);
        this.serviceName = name == null || name.trim().isEmpty() ? null : name.trim();
        this.disabled = "true".equalsIgnoreCase(trimmed(env.get(SDK_DISABLED)));
        this.maxQueueSize = (int) longSetting(env, MAX_QUEUE_SIZE, DEFAULT_MAX_QUEUE_SIZE, 1, 1 << 20);
        this.maxExportBatchSize =
                (int) longSetting(env, MAX_EXPORT_BATCH_SIZE, DEFAULT_MAX_EXPORT_BATCH_SIZE, 1, maxQueueSize);
        this.captureMaxLength = (int) longSetting(env, CAPTURE_MAX_LENGTH, DEFAULT_CAPTURE_MAX_LENGTH, 1, 65_536);
        this.codeAttributes = "true".equalsIgnoreCase(trimmed(env.get(CODE_ATTRIBUTES)));
        this.exporters = exporters(env.get(TRACES_EXPORTER));
        this.sampler = SamplerSetting.from(env);
        this.resourceAttributes = KeyValueListSetting.from(env, RESOURCE_ATTRIBUTES);
        this.otlpTracesEndpoint = otlpTracesEndpoint(env);
        Map<String, String> headers = new java.util.LinkedHashMap<>(KeyValueListSetting.from(env, OTLP_HEADERS));
        headers.putAll(KeyValueListSetting.from(env, OTLP_TRACES_HEADERS));
        this.otlpHeaders = Collections.unmodifiableMap(headers);
        this.spanLimits = spanLimits(env);
        long heapShare = Math.max(
                MIN_PENDING_BYTES,
                Math.min(MAX_DEFAULT_PENDING_BYTES, Runtime.getRuntime().maxMemory() / 8));
        this.maxPendingBytes = longSetting(env, MAX_PENDING_BYTES, heapShare, 64 * 1024, 1L << 40);
        this.exportMode = ExportMode.from(env.get(EXPORT));
        this.hookTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(
                longSetting(env, HOOK_TIMEOUT_MS, DEFAULT_HOOK_TIMEOUT_MS, 1, MAX_HOOK_TIMEOUT_MS));
        this.logCorrelation = booleanSetting(env, LOG_CORRELATION, true);
    }

    /**
     * {@code FCTRACING_LOG_CORRELATION}: whether Logback and Log4j 2 lines logged inside a span carry its {@code
     * trace_id}, {@code span_id} and {@code trace_flags} ({@code true} by default).
     */
    public boolean logCorrelation() {
        return logCorrelation;
    }

    /**
     * When an invocation's spans leave ({@code FCTRACING_EXPORT}): {@link ExportMode#AUTO} flushes before each
     * invocation returns until FC has called {@code preFreeze} once, then defers to {@code preFreeze}.
     */
    public ExportMode exportMode() {
        return exportMode;
    }

    /** How long {@code preFreeze} and {@code preStop} may wait for the collector ({@code FCTRACING_HOOK_TIMEOUT_MS}). */
    public long hookTimeoutNanos() {
        return hookTimeoutNanos;
    }

    private static SpanLimits spanLimits(Environment env) {
        int valueLength = intSetting(
                env,
                SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT,
                intSetting(env, ATTRIBUTE_VALUE_LENGTH_LIMIT, DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT));
        int attributeCount = intSetting(
                env, SPAN_ATTRIBUTE_COUNT_LIMIT, intSetting(env, ATTRIBUTE_COUNT_LIMIT, DEFAULT_COUNT_LIMIT));
        return SpanLimits.builder()
                .setMaxAttributeValueLength(valueLength)
                .setMaxNumberOfAttributes(attributeCount)
                .setMaxNumberOfEvents(intSetting(env, SPAN_EVENT_COUNT_LIMIT, DEFAULT_COUNT_LIMIT))
                .setMaxNumberOfLinks(intSetting(env, SPAN_LINK_COUNT_LIMIT, DEFAULT_COUNT_LIMIT))
                .setMaxNumberOfAttributesPerEvent(intSetting(env, EVENT_ATTRIBUTE_COUNT_LIMIT, DEFAULT_COUNT_LIMIT))
                .setMaxNumberOfAttributesPerLink(intSetting(env, LINK_ATTRIBUTE_COUNT_LIMIT, DEFAULT_COUNT_LIMIT))
                .build();
    }

    private static int intSetting(Environment env, String name, int defaultValue) {
        return (int) longSetting(env, name, defaultValue, 0, Integer.MAX_VALUE);
    }

    /** Span limits: OpenTelemetry's defaults, but attribute values cut at {@link #DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT}. */
    public SpanLimits spanLimits() {
        return spanLimits;
    }

    /** Longest attribute value, in chars ({@code OTEL_[SPAN_]ATTRIBUTE_VALUE_LENGTH_LIMIT}). */
    public int attributeValueLengthLimit() {
        return spanLimits.getMaxAttributeValueLength();
    }

    /**
     * Estimated bytes of ended spans waiting for export, at most ({@code FCTRACING_MAX_PENDING_BYTES}); by default an
     * eighth of the heap, between 1 and 32 MiB.
     */
    public long maxPendingBytes() {
        return maxPendingBytes;
    }

    /** Settings from {@code env}. */
    public static TracingConfig from(Environment env) {
        return new TracingConfig(env);
    }

    /** How long the end of an invocation may wait for its spans to reach the collector. */
    public long flushTimeoutNanos() {
        return flushTimeoutNanos;
    }

    /** {@code OTEL_SERVICE_NAME}, or {@code null} to derive one from the function. */
    public String serviceName() {
        return serviceName;
    }

    /** {@code OTEL_SDK_DISABLED=true}: no spans, no export, handlers run untouched. */
    public boolean disabled() {
        return disabled;
    }

    /** Spans held between flushes; past this, new spans are dropped and counted. */
    public int maxQueueSize() {
        return maxQueueSize;
    }

    /** Spans per HTTP request. */
    public int maxExportBatchSize() {
        return maxExportBatchSize;
    }

    /** Captured attribute values are cut to this many chars. */
    public int captureMaxLength() {
        return captureMaxLength;
    }

    /** {@code FCTRACING_CODE_ATTRIBUTES=true}: {@code @Traced} spans carry {@code code.function.name}. */
    public boolean codeAttributes() {
        return codeAttributes;
    }

    /**
     * Exporter names from {@code OTEL_TRACES_EXPORTER}, lower-case, in order; {@code ["jaeger"]} by default, empty for
     * {@code none}.
     */
    public List<String> exporters() {
        return exporters;
    }

    /** {@code OTEL_TRACES_SAMPLER}; by default FC's sampling decision is followed. */
    public Sampler sampler() {
        return sampler;
    }

    /** {@code OTEL_RESOURCE_ATTRIBUTES}. */
    public Map<String, String> resourceAttributes() {
        return resourceAttributes;
    }

    /** Full OTLP/HTTP traces URL, or {@code null} when not configured. */
    public String otlpTracesEndpoint() {
        return otlpTracesEndpoint;
    }

    /** Headers for OTLP requests (credentials: never log them). */
    public Map<String, String> otlpHeaders() {
        return otlpHeaders;
    }

    private static List<String> exporters(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            return Collections.singletonList("jaeger");
        }
        List<String> names = new ArrayList<>();
        for (String name : raw.split(",")) {
            String normalized = name.trim().toLowerCase(Locale.ROOT);
            if (normalized.equals("logging")) {
                normalized = "console";
            }
            if (normalized.equals("none")) {
                return Collections.emptyList();
            }
            if (!normalized.isEmpty() && !names.contains(normalized)) {
                names.add(normalized);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private static String otlpTracesEndpoint(Environment env) {
        String traces = trimmed(env.get(OTLP_TRACES_ENDPOINT));
        if (traces != null && !traces.isEmpty()) {
            return traces;
        }
        String base = trimmed(env.get(OTLP_ENDPOINT));
        if (base == null || base.isEmpty()) {
            return null;
        }
        return base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces";
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** {@code true} or {@code false} (any case); anything else is logged and replaced by {@code defaultValue}. */
    private static boolean booleanSetting(Environment env, String name, boolean defaultValue) {
        String raw = trimmed(env.get(name));
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        InternalLog.warn(name + "='" + abbreviate(raw) + "' is neither true nor false; using " + defaultValue);
        return defaultValue;
    }

    private static long longSetting(Environment env, String name, long defaultValue, long min, long max) {
        String raw = trimmed(env.get(name));
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            InternalLog.warn(name + "='" + abbreviate(raw) + "' is not a whole number; using " + defaultValue);
            return defaultValue;
        }
        if (value < min || value > max) {
            long clamped = Math.max(min, Math.min(max, value));
            InternalLog.warn(name + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
            return clamped;
        }
        return value;
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 20 ? raw : raw.substring(0, 20) + "...";
    }
}
