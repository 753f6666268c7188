package dev.fctracing.testing;

import java.security.SecureRandom;
import java.util.Random;

/** Ids as Jaeger and FC write them (lower-case hex, left-padded), random ids and the collector's random tokens. */
final class Ids {

    private static final Random RANDOM = new SecureRandom();
    private static final char[] TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {}

    /** Whether {@code s} is 1 to {@code maxLength} hex digits. */
    static boolean isHex(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} left-padded with zeros to {@code width}. */
    static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s).toString();
    }

    /** A random non-zero 64-bit id as 16 lower-case hex digits. */
    static String randomHex64() {
        long v;
        do {
            v = RANDOM.nextLong();
        } while (v == 0);
        return String.format("%016x", v);
    }

    /** A trace id of 1 to 32 hex digits as {high, low}; a shorter id is left-padded, so a 64-bit id has high 0. */
    static long[] parseTraceId(String hex) {
        if (!isHex(hex, 32)) {
            throw new IllegalArgumentException("trace id must be 1-32 hex chars: " + hex);
        }
        String padded = pad(hex, 32);
        return new long[] {
            Long.parseUnsignedLong(padded.substring(0, 16), 16), Long.parseUnsignedLong(padded.substring(16), 16)
        };
    }

    /** {@code length} random letters and digits. */
    static String randomToken(int length) {
        char[] out = new char[length];
        for (int i = 0; i < out.length; i++) {
            out[i] = TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)];
        }
        return new String(out);
    }
}
