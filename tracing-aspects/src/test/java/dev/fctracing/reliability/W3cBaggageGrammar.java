package dev.fctracing.reliability;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A strict reader of the W3C {@code baggage} header, written for the tests from the spec's ABNF alone (it shares no
 * code with the toolkit or OpenTelemetry):
 *
 * <pre>
 * baggage-string = list-member 0*179( OWS "," OWS list-member )
 * list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
 * property       = key OWS "=" OWS value / key OWS
 * key            = token                       ; RFC 7230: 1*tchar
 * value          = *baggage-octet
 * baggage-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 * OWS            = *( SP / HTAB )
 * </pre>
 *
 * Anything that does not match the grammar throws. Values (of members and properties) are percent-decoded as UTF-8,
 * strictly: a {@code %} not followed by two hex digits, or bytes that are not UTF-8, throw too.
 */
final class W3cBaggageGrammar {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private final String text;
    private int at;

    private W3cBaggageGrammar(String text) {
        this.text = text;
    }

    /** The list-members of {@code header}, in order; throws {@link IllegalArgumentException} if it is malformed. */
    static List<Member> parse(String header) {
        return new W3cBaggageGrammar(header).baggageString();
    }

    /** RFC 7230 {@code token}. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || TCHAR_SYMBOLS.indexOf(c) >= 0;
    }

    static boolean isBaggageOctet(char c) {
        return c == 0x21
                || (c >= 0x23 && c <= 0x2B)
                || (c >= 0x2D && c <= 0x3A)
                || (c >= 0x3C && c <= 0x5B)
                || (c >= 0x5D && c <= 0x7E);
    }

    private List<Member> baggageString() {
        List<Member> members = new ArrayList<>();
        members.add(listMember());
        while (true) {
            int mark = at;
            ows();
            if (at == text.length()) {
                at = mark;
                break;
            }
            expect(',');
            ows();
            members.add(listMember());
        }
        if (at != text.length()) {
            throw new IllegalArgumentException("unexpected text at " + at + " of " + text);
        }
        if (members.size() > 180) {
            throw new IllegalArgumentException(members.size() + " list-members, the grammar allows 180");
        }
        return members;
    }

    private Member listMember() {
        String key = key();
        ows();
        expect('=');
        ows();
        String value = decode(value());
        List<Property> properties = new ArrayList<>();
        while (true) {
            int mark = at;
            ows();
            if (at < text.length() && text.charAt(at) == ';') {
                at++;
                ows();
                properties.add(property());
            } else {
                at = mark;
                return new Member(key, value, properties);
            }
        }
    }

    private Property property() {
        String key = key();
        int mark = at;
        ows();
        if (at < text.length() && text.charAt(at) == '=') {
            at++;
            ows();
            return new Property(key, decode(value()));
        }
        at = mark;
        ows();
        return new Property(key, null);
    }

    private String key() {
        int start = at;
        while (at < text.length() && isTchar(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("expected a token at " + at + " of " + text);
        }
        return text.substring(start, at);
    }

    private String value() {
        int start = at;
        while (at < text.length() && isBaggageOctet(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private void ows() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    private void expect(char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " of " + text);
        }
        at++;
    }

    /** Strict percent-decoding to UTF-8. */
    static String decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape in " + encoded);
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad escape in " + encoded);
                }
                bytes.put((byte) (high * 16 + low));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 after decoding: " + encoded, e);
        }
    }

    /** One list-member: its key, decoded value and properties. */
    static final class Member {
        final String key;
        final String value;
        final List<Property> properties;

        Member(String key, String value, List<Property> properties) {
            this.key = key;
            this.value = value;
            this.properties = Collections.unmodifiableList(properties);
        }

        @Override
        public String toString() {
            return key + "=" + value + properties;
        }
    }

    /** One property: a key and a decoded value, or {@code null} for a key alone. */
    static final class Property {
        final String key;
        final String value;

        Property(String key, String value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Property
                    && ((Property) o).key.equals(key)
                    && Objects.equals(((Property) o).value, value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return value == null ? ";" + key : ";" + key + "=" + value;
        }
    }
}
