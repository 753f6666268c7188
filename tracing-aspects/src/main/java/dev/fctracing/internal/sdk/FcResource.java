package dev.fctracing.internal.sdk;

import dev.fctracing.internal.config.Environment;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.TelemetryAttributes;
import java.util.Map;

/**
 * Describes the function instance as an OpenTelemetry {@link Resource} (a Jaeger {@code Process}): service name,
 * the FC environment variables that are set, and {@code OTEL_RESOURCE_ATTRIBUTES}. Built by hand rather than from {@code Resource.getDefault()},
 * which costs tens of milliseconds of cold start for attributes FC users do not need.
 */
final class FcResource {

    // Incubating semantic-convention keys, copied (as OpenTelemetry advises libraries to) and checked against
    // opentelemetry-semconv-incubating in FaasSemanticConventionsTest.
    static final AttributeKey<String> TELEMETRY_DISTRO_NAME = AttributeKey.stringKey("telemetry.distro.name");
    static final AttributeKey<String> CLOUD_REGION = AttributeKey.stringKey("cloud.region");
    static final AttributeKey<String> CLOUD_ACCOUNT_ID = AttributeKey.stringKey("cloud.account.id");
    static final AttributeKey<String> FAAS_INSTANCE = AttributeKey.stringKey("faas.instance");

    private FcResource() {}

    /**
     * @param extra {@code OTEL_RESOURCE_ATTRIBUTES}; FC's variables and {@code serviceName} win over it
     */
    static Resource create(String serviceName, Environment env, Map<String, String> extra) {
        AttributesBuilder attributes = Attributes.builder();
        for (Map.Entry<String, String> attribute : extra.entrySet()) {
            attributes.put(attribute.getKey(), attribute.getValue());
        }
        attributes
                .put(ServiceAttributes.SERVICE_NAME, serviceName)
                .put(TelemetryAttributes.TELEMETRY_SDK_NAME, "opentelemetry")
                .put(TelemetryAttributes.TELEMETRY_SDK_LANGUAGE, TelemetryAttributes.TelemetrySdkLanguageValues.JAVA)
                .put(TELEMETRY_DISTRO_NAME, "fc-tracing");
        putIfSet(attributes, CLOUD_REGION, env.get("FC_REGION"));
        putIfSet(attributes, CLOUD_ACCOUNT_ID, env.get("FC_ACCOUNT_ID"));
        putIfSet(attributes, FAAS_INSTANCE, env.get("FC_INSTANCE_ID"));
        return Resource.create(attributes.build());
    }

    private static void putIfSet(AttributesBuilder attributes, AttributeKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(key, value);
        }
    }
}
