package dev.fctracing.internal.config;

import dev.fctracing.internal.log.InternalLog;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key1=value1,key2=value2} lists of {@code OTEL_RESOURCE_ATTRIBUTES} and {@code OTEL_EXPORTER_OTLP_HEADERS}:
 * values percent-decoded, blanks trimmed, malformed members skipped with one log line (naming the variable, never the
 * values — headers carry credentials).
 */
final class KeyValueListSetting {

    private KeyValueListSetting() {}

    static Map<String, String> from(Environment env, String name) {
        String raw = env.get(name);
        if (raw == null || raw.trim().isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> values = new LinkedHashMap<>();
        int skipped = 0;
        for (String member : raw.split(",")) {
            int equals = member.indexOf('=');
            String key = equals <= 0 ? "" : member.substring(0, equals).trim();
            if (key.isEmpty()) {
                if (!member.trim().isEmpty()) {
                    skipped++;
                }
                continue;
            }
            try {
                values.put(
                        key,
                        URLDecoder.decode(member.substring(equals + 1).trim().replace("+", "%2B"), "UTF-8"));
            } catch (UnsupportedEncodingException | IllegalArgumentException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            InternalLog.warn(skipped + " malformed member(s) of " + name + " skipped: expected key=value,key=value");
        }
        return values;
    }
}
