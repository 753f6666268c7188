package dev.fctracing.internal.fc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FcBaggageHeaderTest {

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAFlatObjectOfStringsNumbersAndBooleans() {
        Map<String, String> baggage = FcBaggageHeader.decode(
                b64(" { \"tenant\" : \"ac\\\"me\\u00e9\", \"n\": -3.5e2, \"on\": true, \"nil\": null } "));

        assertThat(baggage)
                .containsEntry("tenant", "ac\"meé")
                .containsEntry("n", "-3.5e2")
                .containsEntry("on", "true")
                .containsEntry("nil", "null")
                .hasSize(4);
    }

    @Test
    void anEmptyObjectOrNoHeaderIsNoBaggage() {
        assertThat(FcBaggageHeader.decode(b64("{}"))).isEmpty();
        assertThat(FcBaggageHeader.decode(null)).isEmpty();
        assertThat(FcBaggageHeader.decode("  ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1,2]",
                "{\"a\":{\"b\":1}}",
                "{\"a\":[1]}",
                "{\"a\":\"x\"",
                "{\"a\" \"x\"}",
                "{a:1}",
                "{\"a\":\"x\"} trailing",
                "{\"a\":\"\\u12\"}",
                ""
            })
    void malformedJsonGivesNoBaggage(String json) {
        assertThat(FcBaggageHeader.decode(b64(json))).isEmpty();
    }

    @Test
    void nonBase64AndOversizedHeadersGiveNoBaggage() {
        assertThat(FcBaggageHeader.decode("not base64 !!!")).isEmpty();
        StringBuilder huge = new StringBuilder();
        while (huge.length() <= FcBaggageHeader.MAX_HEADER_LENGTH) {
            huge.append("QUFB");
        }
        assertThat(FcBaggageHeader.decode(huge.toString())).isEmpty();
    }
}
