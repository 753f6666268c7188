package dev.fctracing.reliability;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Generates hostile Jaeger span-context strings — random, truncated, mutated, huge, non-ASCII, separators only,
 * numeric overflow — and says, independently of the parser under test, what each one should give.
 */
final class SpanContextFuzz {

    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String NEAR = "0123456789abcdefABCDEF::::%3aA  \t0";
    /** Characters a careless parser might take for hex digits or separators. */
    private static final String TRICKY = "\u0660\u0663\u06f3\u0966\uff10\uff11\uff41\uff21\u00b2\u2070\uff1a\ufe55"
            + "\u0131\u0130\u017f\u212a\u00e9\u0000\u001f\u007f\u0085\u2028\u202e\ufeff\ud800\udc00\udbff\udfff";

    private static final Pattern TRACE = Pattern.compile("[0-9a-fA-F]{1,32}");
    private static final Pattern SPAN = Pattern.compile("[0-9a-fA-F]{1,16}");
    /** The parent field is ignored; any non-empty run of hex digits is accepted (jaeger-client checks no length). */
    private static final Pattern PARENT = Pattern.compile("[0-9a-fA-F]+");

    private static final Pattern FLAGS = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final Pattern ZEROS = Pattern.compile("0+");

    private final Random random;

    SpanContextFuzz(long seed) {
        this.random = new Random(seed);
    }

    /** The next hostile string; about a fifth of them are valid. */
    String next() {
        switch (random.nextInt(12)) {
            case 0:
                return randomAscii(random.nextInt(80));
            case 1:
                return randomFrom(NEAR, random.nextInt(70));
            case 2:
                return decorate(valid());
            case 3:
                return mutate(valid());
            case 4:
                return truncate(decorate(valid()));
            case 5:
                return randomUnicode(random.nextInt(60));
            case 6:
                return separatorsOnly();
            case 7:
                return overflow();
            case 8:
                return random.nextInt(20) == 0
                        ? randomAscii(257 + random.nextInt(20_000))
                        : padTo(valid(), 250 + random.nextInt(12));
            case 9:
                return valid() + randomFrom(":%3A0fz \u0000", 1 + random.nextInt(5));
            case 10:
                return zeroIds();
            default:
                return tricky(valid());
        }
    }

    /** A well-formed context with ids of random lengths and random flags. */
    String valid() {
        return hex(1 + random.nextInt(32)) + ":" + hex(1 + random.nextInt(16)) + ":" + hex(1 + random.nextInt(16)) + ":"
                + hex(1 + random.nextInt(2));
    }

    private String hex(int length) {
        return randomFrom(HEX, length);
    }

    private String decorate(String text) {
        String out = text;
        if (random.nextInt(4) == 0) {
            out = out.toUpperCase(Locale.ROOT);
        }
        if (random.nextInt(4) == 0) {
            out = out.replace(":", random.nextBoolean() ? "%3A" : "%3a");
        }
        if (random.nextInt(4) == 0) {
            out = randomFrom(" \t\r\n\f\u000b", random.nextInt(4))
                    + out
                    + randomFrom(" \t\r\n\f\u000b", random.nextInt(4));
        }
        return out;
    }

    private String mutate(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0:
                    out.deleteCharAt(at);
                    break;
                case 1:
                    out.insert(at, randomFrom(NEAR + TRICKY, 1));
                    break;
                case 2:
                    out.setCharAt(at, randomFrom(NEAR + TRICKY, 1).charAt(0));
                    break;
                default:
                    out.insert(at, out.charAt(at));
            }
        }
        return out.toString();
    }

    private String truncate(String text) {
        return text.substring(0, random.nextInt(text.length() + 1));
    }

    private String separatorsOnly() {
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.append(random.nextBoolean() ? ":" : random.nextBoolean() ? "%3A" : random.nextBoolean() ? " " : "%3");
        }
        return out.toString();
    }

    private String overflow() {
        String trace = random.nextBoolean() ? hex(33 + random.nextInt(40)) : repeat('f', 32);
        String span = random.nextBoolean() ? hex(17 + random.nextInt(20)) : repeat('f', 16);
        String parent = random.nextBoolean() ? hex(17 + random.nextInt(20)) : "ffffffffffffffff";
        String flags = random.nextBoolean() ? hex(3 + random.nextInt(10)) : random.nextBoolean() ? "-1" : "+1";
        switch (random.nextInt(5)) {
            case 0:
                return trace + ":" + hex(16) + ":0:1";
            case 1:
                return hex(16) + ":" + span + ":0:1";
            case 2:
                return hex(16) + ":" + hex(16) + ":" + parent + ":1";
            case 3:
                return hex(16) + ":" + hex(16) + ":0:" + flags;
            default:
                return "0x" + hex(14) + ":" + hex(16) + ":0:" + (random.nextBoolean() ? "0x1" : "1L");
        }
    }

    private String zeroIds() {
        String zeros32 = repeat('0', 1 + random.nextInt(32));
        String zeros16 = repeat('0', 1 + random.nextInt(16));
        return random.nextBoolean() ? zeros32 + ":" + hex(16) + ":0:1" : hex(16) + ":" + zeros16 + ":0:1";
    }

    private String tricky(String text) {
        StringBuilder out = new StringBuilder(text);
        int at = random.nextInt(out.length());
        out.setCharAt(at, TRICKY.charAt(random.nextInt(TRICKY.length())));
        return out.toString();
    }

    private String padTo(String text, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() + text.length() < length) {
            out.append(' ');
        }
        return out.append(text).toString();
    }

    private String randomAscii(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (random.nextInt(128));
        }
        return new String(chars);
    }

    private String randomUnicode(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(3) == 0
                    ? TRICKY.charAt(random.nextInt(TRICKY.length()))
                    : (char) random.nextInt(0x10000);
        }
        return new String(chars);
    }

    private String randomFrom(String alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        java.util.Arrays.fill(chars, c);
        return new String(chars);
    }

    /**
     * What {@code text} should parse to, written independently of the parser (regular expressions, {@code split},
     * {@code replace}): null when it must be rejected.
     */
    static SpanContext expected(String text) {
        if (text == null || text.length() > 256) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && " \t\n\r\f\u000b".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\n\r\f\u000b".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        String t = text.substring(start, end);
        if (t.indexOf(':') < 0) {
            t = t.replace("%3A", ":").replace("%3a", ":");
        }
        String[] parts = t.split(":", -1);
        if (parts.length != 4
                || !TRACE.matcher(parts[0]).matches()
                || ZEROS.matcher(parts[0]).matches()
                || !SPAN.matcher(parts[1]).matches()
                || ZEROS.matcher(parts[1]).matches()
                || !PARENT.matcher(parts[2]).matches()
                || !FLAGS.matcher(parts[3]).matches()) {
            return null;
        }
        // Bit 0 alone, as jaeger-client's JaegerSpanContext.isSampled() and OpenTelemetry's JaegerPropagator read it.
        boolean sampled = (Integer.parseInt(parts[3], 16) & 0x1) != 0;
        return SpanContext.createFromRemoteParent(
                pad(parts[0].toLowerCase(Locale.ROOT), 32),
                pad(parts[1].toLowerCase(Locale.ROOT), 16),
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
    }

    private static String pad(String s, int width) {
        return repeat('0', width - s.length()) + s;
    }
}
