package dev.fctracing.internal.context;

import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.Collections;
import java.util.function.BiConsumer;

/**
 * The W3C {@code baggage} header (W3C Baggage, "Header Content") written so that a receiver parses exactly the
 * entries that were sent; reading is OpenTelemetry's {@link W3CBaggagePropagator}, unchanged.
 *
 * <p>What OpenTelemetry 1.65.0's propagator writes differently, and why this one does not:
 *
 * <ul>
 *   <li>It writes any printable-ASCII key raw, so a key holding {@code =}, {@code ,}, {@code ;}, a space, a quote or
 *       a parenthesis splits or merges entries downstream. Keys must be RFC 7230 tokens; one that is not is left
 *       out. Percent-encoding it would send a different key: the spec defines no decoding for keys, so a receiver
 *       would see {@code a%20b}, not {@code a b}.
 *   <li>A value holding an unpaired surrogate made it throw {@code IllegalArgumentException} into the caller. Such a
 *       value has no UTF-8 form: the entry is left out.
 *   <li>It percent-encodes the metadata as one opaque value ({@code ttl=30} leaves as {@code ;ttl%3D30}, a valueless
 *       property named {@code ttl%3D30}, and {@code (}, {@code )}, {@code :}, {@code @} stay raw, which no property
 *       key may hold). Here the metadata is read as the spec's property list ({@code k1=v1;k2}, what OpenTelemetry's
 *       extractor stores): each property is written as {@code ;key} or {@code ;key=value} with the value
 *       percent-encoded; a property whose key is not a token is left out, the entry is kept. So is a property key
 *       holding {@code %} (a token character): OpenTelemetry's reader percent-decodes the whole property list and
 *       drops the entire entry when that is not a valid escape.
 * </ul>
 *
 * <p>Values are percent-encoded as OpenTelemetry encodes them (UTF-8, upper-case hex; unreserved characters and
 * {@code !$'()*&@:} stay raw, all of them baggage-octets), so receivers that decode see the original string. Limits:
 * at most {@value #MAX_ENTRIES} entries (the grammar's maximum) and {@value #MAX_BYTES} bytes (what every receiver
 * must accept); an entry that does not fit is left out and later, smaller ones may still be written. Never throws.
 */
public final class BaggagePropagator implements TextMapPropagator {

    /** The one instance. */
    public static final BaggagePropagator INSTANCE = new BaggagePropagator();

    /** Most list-members in one header: the grammar's {@code list-member 0*179( OWS "," OWS list-member )}. */
    static final int MAX_ENTRIES = 180;
    /** Longest header written, in bytes (the header is ASCII: one byte per char). */
    static final int MAX_BYTES = 8192;

    private static final String FIELD = "baggage";
    private static final Collection<String> FIELDS = Collections.singletonList(FIELD);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private BaggagePropagator() {}

    @Override
    public Collection<String> fields() {
        return FIELDS;
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        if (context == null || setter == null) {
            return;
        }
        Baggage baggage = Baggage.fromContext(context);
        if (baggage.isEmpty()) {
            return;
        }
        String header = headerValue(baggage);
        if (!header.isEmpty()) {
            setter.set(carrier, FIELD, header);
        }
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        return W3CBaggagePropagator.getInstance().extract(context, carrier, getter);
    }

    /** The header's value for {@code baggage}: empty if no entry can be written. */
    public static String headerValue(Baggage baggage) {
        Writer writer = new Writer();
        baggage.forEach(writer);
        if (writer.leftOut) {
            ThrottledLog.info(
                    "baggage left out",
                    "some baggage entries or properties are not written to outgoing baggage headers: keys that are not"
                            + " RFC 7230 tokens (spaces, '=', ',', ';', quotes, non-ASCII...) and values with unpaired surrogates"
                            + " have no exact W3C form, and a header holds at most " + MAX_ENTRIES + " entries and "
                            + MAX_BYTES
                            + " bytes");
        }
        return writer.header.toString();
    }

    /** Whether {@code text} is an RFC 7230 {@code token}: one or more {@code tchar}. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTchar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTchar(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean staysRaw(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "-._~!$'()*&@:".indexOf(c) >= 0;
    }

    /**
     * Appends {@code text} percent-encoded as UTF-8; {@code false} on an unpaired surrogate ({@code out} then holds
     * part of it).
     */
    static boolean appendEncoded(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (staysRaw(c)) {
                out.append(c);
            } else if (c < 0x80) {
                appendByte(out, c);
            } else if (c < 0x800) {
                appendByte(out, 0xC0 | (c >> 6));
                appendByte(out, 0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                int cp = Character.toCodePoint(c, text.charAt(++i));
                appendByte(out, 0xF0 | (cp >> 18));
                appendByte(out, 0x80 | ((cp >> 12) & 0x3F));
                appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
                appendByte(out, 0x80 | (cp & 0x3F));
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else {
                appendByte(out, 0xE0 | (c >> 12));
                appendByte(out, 0x80 | ((c >> 6) & 0x3F));
                appendByte(out, 0x80 | (c & 0x3F));
            }
        }
        return true;
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    /**
     * Appends the metadata as W3C properties ({@code ;key} or {@code ;key=value}, trimmed as the spec trims them);
     * {@code false} if some property was left out.
     */
    static boolean appendProperties(StringBuilder out, String metadata) {
        boolean complete = true;
        int start = 0;
        while (start <= metadata.length()) {
            int end = metadata.indexOf(';', start);
            if (end < 0) {
                end = metadata.length();
            }
            String property = metadata.substring(start, end);
            start = end + 1;
            if (trimOws(property).isEmpty()) {
                continue;
            }
            int equals = property.indexOf('=');
            String key = trimOws(equals < 0 ? property : property.substring(0, equals));
            if (!isToken(key) || key.indexOf('%') >= 0) {
                complete = false;
                continue;
            }
            int mark = out.length();
            out.append(';').append(key);
            if (equals >= 0) {
                out.append('=');
                if (!appendEncoded(out, trimOws(property.substring(equals + 1)))) {
                    out.setLength(mark);
                    complete = false;
                }
            }
        }
        return complete;
    }

    /** {@code text} without leading and trailing spaces and tabs (the spec's {@code OWS}). */
    private static String trimOws(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return text.substring(from, to);
    }

    /** Writes one list-member per entry that has an exact W3C form and fits the limits. */
    private static final class Writer implements BiConsumer<String, BaggageEntry> {
        final StringBuilder header = new StringBuilder();
        final StringBuilder member = new StringBuilder();
        int entries;
        boolean leftOut;

        @Override
        public void accept(String key, BaggageEntry entry) {
            if (key == null || entry == null || entry.getValue() == null || !isToken(key)) {
                leftOut = true;
                return;
            }
            member.setLength(0);
            member.append(key).append('=');
            if (!appendEncoded(member, entry.getValue())) {
                leftOut = true;
                return;
            }
            String metadata =
                    entry.getMetadata() == null ? null : entry.getMetadata().getValue();
            if (metadata != null && !metadata.isEmpty() && !appendProperties(member, metadata)) {
                leftOut = true;
            }
            int separator = header.length() == 0 ? 0 : 1;
            if (entries == MAX_ENTRIES || header.length() + separator + member.length() > MAX_BYTES) {
                leftOut = true;
                return;
            }
            if (separator == 1) {
                header.append(',');
            }
            header.append(member);
            entries++;
        }
    }

    @Override
    public String toString() {
        return "BaggagePropagator{W3C baggage, token keys only}";
    }
}
