package dev.fctracing.internal.invocation;

import io.opentelemetry.api.common.AttributeKey;

/**
 * OpenTelemetry FaaS and cloud semantic-convention keys set on handler spans, and their FC values. These keys are
 * still incubating: copied here as OpenTelemetry advises libraries to, and checked against
 * {@code opentelemetry-semconv-incubating} by {@code FaasSemanticConventionsTest}.
 */
final class FaasAttributes {

    static final AttributeKey<String> FAAS_INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    static final AttributeKey<Boolean> FAAS_COLDSTART = AttributeKey.booleanKey("faas.coldstart");
    static final AttributeKey<String> FAAS_NAME = AttributeKey.stringKey("faas.name");
    static final AttributeKey<String> FAAS_VERSION = AttributeKey.stringKey("faas.version");
    static final AttributeKey<Long> FAAS_MAX_MEMORY = AttributeKey.longKey("faas.max_memory");
    static final AttributeKey<String> FAAS_TRIGGER = AttributeKey.stringKey("faas.trigger");
    static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");
    static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");

    static final String ALIBABA_CLOUD = "alibaba_cloud";
    static final String ALIBABA_CLOUD_FC = "alibaba_cloud_fc";
    /** {@code faas.trigger} of an HTTP-triggered invocation; other triggers are not told to the function. */
    static final String TRIGGER_HTTP = "http";

    private FaasAttributes() {}
}
