package dev.fctracing.internal.fc;

import dev.fctracing.internal.log.ThrottledLog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the custom-runtime header {@code x-fc-tracing-opentracing-span-baggages}: base64 of a flat JSON object of
 * strings, as FC's own runtimes read it. A small strict reader (no JSON library): anything but an object of string
 * (or number/boolean/null, taken as text) values is refused with one log line and gives no baggage.
 */
final class FcBaggageHeader {

    /** Longest header accepted, in chars (FC's baggage is small; hostile input is not). */
    static final int MAX_HEADER_LENGTH = 64 * 1024;

    private FcBaggageHeader() {}

    static Map<String, String> decode(String header) {
        if (header == null || header.trim().isEmpty()) {
            return Collections.emptyMap();
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            ThrottledLog.warn(
                    "baggage header",
                    "FC baggage header ignored: " + header.length() + " chars, at most " + MAX_HEADER_LENGTH);
            return Collections.emptyMap();
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(header.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            ThrottledLog.warn("baggage header", "FC baggage header ignored: not base64");
            return Collections.emptyMap();
        }
        try {
            return new Reader(json).object();
        } catch (IllegalArgumentException e) {
            ThrottledLog.warn("baggage header", "FC baggage header ignored: " + e.getMessage());
            return Collections.emptyMap();
        }
    }

    /** A reader for one flat JSON object. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> values = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return end(values);
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                values.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return end(values);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or '}' at " + (at - 1));
                }
            }
        }

        private Map<String, String> end(Map<String, String> values) {
            skipSpace();
            if (at != text.length()) {
                throw new IllegalArgumentException("text after the JSON object at " + at);
            }
            return values;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && "-+.0123456789eEtruefalsn".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException(
                        "baggage values must be strings, numbers or booleans (at " + at + ")");
            }
            return text.substring(start, at);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'u':
                        if (at + 4 > text.length()) {
                            throw new IllegalArgumentException("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("bad \\u escape at " + at);
                        }
                        at += 4;
                        break;
                    default:
                        out.append(escaped);
                }
            }
        }

        private void expect(char expected) {
            if (next() != expected) {
                throw new IllegalArgumentException("expected '" + expected + "' at " + (at - 1));
            }
        }

        private char next() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of the JSON object");
            }
            return text.charAt(at++);
        }

        private char peek() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of the JSON object");
            }
            return text.charAt(at);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
