package dev.fctracing.internal.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.incubating.CloudIncubatingAttributes;
import io.opentelemetry.semconv.incubating.FaasIncubatingAttributes;
import io.opentelemetry.semconv.incubating.TelemetryIncubatingAttributes;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The incubating semantic-convention keys the toolkit copies (rather than depend on the unstable artifact at run
 * time) are exactly OpenTelemetry's, name and type.
 */
class FaasSemanticConventionsTest {

    @Test
    void handlerSpanKeysAreTheSemanticConventions() {
        assertThat(FaasAttributes.FAAS_INVOCATION_ID).isEqualTo(FaasIncubatingAttributes.FAAS_INVOCATION_ID);
        assertThat(FaasAttributes.FAAS_COLDSTART).isEqualTo(FaasIncubatingAttributes.FAAS_COLDSTART);
        assertThat(FaasAttributes.FAAS_NAME).isEqualTo(FaasIncubatingAttributes.FAAS_NAME);
        assertThat(FaasAttributes.FAAS_VERSION).isEqualTo(FaasIncubatingAttributes.FAAS_VERSION);
        assertThat(FaasAttributes.FAAS_MAX_MEMORY).isEqualTo(FaasIncubatingAttributes.FAAS_MAX_MEMORY);
        assertThat(FaasAttributes.FAAS_TRIGGER).isEqualTo(FaasIncubatingAttributes.FAAS_TRIGGER);
        assertThat(FaasAttributes.TRIGGER_HTTP).isEqualTo(FaasIncubatingAttributes.FaasTriggerIncubatingValues.HTTP);
        assertThat(FaasAttributes.CLOUD_PROVIDER).isEqualTo(CloudIncubatingAttributes.CLOUD_PROVIDER);
        assertThat(FaasAttributes.CLOUD_PLATFORM).isEqualTo(CloudIncubatingAttributes.CLOUD_PLATFORM);
        assertThat(FaasAttributes.ALIBABA_CLOUD)
                .isEqualTo(CloudIncubatingAttributes.CloudProviderIncubatingValues.ALIBABA_CLOUD);
        assertThat(FaasAttributes.ALIBABA_CLOUD_FC)
                .isEqualTo(CloudIncubatingAttributes.CloudPlatformIncubatingValues.ALIBABA_CLOUD_FC);
    }

    @Test
    void resourceKeysAreTheSemanticConventions() throws Exception {
        assertThat(resourceKey("TELEMETRY_DISTRO_NAME")).isEqualTo(TelemetryIncubatingAttributes.TELEMETRY_DISTRO_NAME);
        assertThat(resourceKey("CLOUD_REGION")).isEqualTo(CloudIncubatingAttributes.CLOUD_REGION);
        assertThat(resourceKey("CLOUD_ACCOUNT_ID")).isEqualTo(CloudIncubatingAttributes.CLOUD_ACCOUNT_ID);
        assertThat(resourceKey("FAAS_INSTANCE")).isEqualTo(FaasIncubatingAttributes.FAAS_INSTANCE);
    }

    private static AttributeKey<?> resourceKey(String name) throws Exception {
        Field field = Class.forName("dev.fctracing.internal.sdk.FcResource").getDeclaredField(name);
        field.setAccessible(true);
        return (AttributeKey<?>) field.get(null);
    }
}
