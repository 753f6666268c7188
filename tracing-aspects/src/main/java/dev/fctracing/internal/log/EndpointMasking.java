package dev.fctracing.internal.log;

import java.io.ByteArrayOutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Makes collector endpoint URLs safe to log. FC's Jaeger endpoint carries an auth token in its path
 * ({@code http://tracing-analysis-dc-<region>.aliyuncs.com/adapt_<token>/api/traces}), so every log line and exception
 * message that could mention the endpoint goes through {@link #mask} or {@link #scrub} first.
 *
 * <p>{@link #mask} keeps scheme, host and port and the well-known path segments {@code api}, {@code otlp} and {@code
 * traces}; every other path segment is cut to its first 4 characters plus {@code ***} (segments of 4 characters or
 * fewer become {@code ***}), user-info becomes {@code ***@}, query {@code ?***}, fragment {@code #***}. Text that is
 * not a URL is cut to at most its first 8 characters (never more than half of it) plus {@code ***}.
 */
public final class EndpointMasking {

    private static final String STARS = "***";
    /** Shown for a null endpoint. */
    static final String NONE = "(none)";

    private static final int NON_URL_PREFIX = 8;
    private static final int SEGMENT_PREFIX = 4;
    /** Path segments shorter than this are not scrubbed on their own from free text (too likely to hit other words). */
    private static final int MIN_SCRUBBED_SEGMENT = 8;

    private static final int MAX_SHOWN_SCHEME = 16;

    private EndpointMasking() {}

    /** The form of {@code url} that may appear in logs; never contains the secret parts of the path, query or user-info. */
    public static String mask(String url) {
        if (url == null) {
            return NONE;
        }
        Parts p = Parts.parse(url);
        if (p == null) {
            int shown = Math.min(NON_URL_PREFIX, url.length() / 2);
            return printable(prefix(url, shown) + STARS);
        }
        StringBuilder out = new StringBuilder(url.length() + 8);
        out.append(p.scheme).append("://");
        if (p.userInfo != null) {
            out.append(STARS).append('@');
        }
        out.append(p.hostPort);
        out.append(maskPath(p.rawPath));
        if (p.query != null) {
            out.append('?').append(STARS);
        }
        if (p.fragment != null) {
            out.append('#').append(STARS);
        }
        return printable(out.toString());
    }

    /**
     * Returns {@code text} with every occurrence of {@code url} (and of its path, its percent-decoded path, its query,
     * its user-info and its longer secret path segments) replaced by the masked form. For exception messages, which
     * {@link java.net.HttpURLConnection} fills with the full URL. Null text gives null.
     */
    public static String scrub(String text, String url) {
        if (text == null || url == null || url.isEmpty()) {
            return text;
        }
        String out = replace(text, url, mask(url));
        Parts p = Parts.parse(url);
        if (p == null) {
            return out;
        }
        // Longest pieces first, so that later (shorter) pieces only find what is still unmasked.
        String base = p.scheme + "://" + (p.userInfo != null ? p.userInfo + "@" : "") + p.hostPort + p.rawPath;
        out = replace(out, base, mask(base));
        out = scrubPiece(out, p.userInfo, "", "@");
        out = scrubPiece(out, p.query, "?", "");
        out = scrubPiece(out, p.fragment, "#", "");
        String maskedPath = maskPath(p.rawPath);
        if (!maskedPath.equals(p.rawPath)) {
            out = replace(out, p.rawPath, maskedPath);
        }
        String decodedPath = percentDecode(p.rawPath);
        if (!decodedPath.equals(p.rawPath)) {
            out = replace(out, decodedPath, maskPath(decodedPath));
        }
        out = scrubSegments(out, p.rawPath);
        if (!decodedPath.equals(p.rawPath)) {
            out = scrubSegments(out, decodedPath);
        }
        return out;
    }

    /**
     * Null when {@code url} is an acceptable collector endpoint (an absolute http or https URL with a host), otherwise a
     * short sentence saying what is wrong. The sentence never contains the URL itself.
     */
    public static String validate(String url) {
        if (url == null || url.trim().isEmpty()) {
            return "endpoint is empty";
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return "endpoint contains whitespace or control characters";
            }
        }
        Parts p = Parts.parse(url);
        if (p == null) {
            return "endpoint is not an absolute URL";
        }
        String scheme = p.scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return p.scheme.length() <= MAX_SHOWN_SCHEME
                    ? "endpoint scheme '" + p.scheme + "' is not http or https"
                    : "endpoint scheme is not http or https";
        }
        if (p.host().isEmpty()) {
            return "endpoint has no host";
        }
        URL parsed;
        try {
            parsed = new URL(url);
        } catch (MalformedURLException e) {
            return "endpoint is not a valid URL"; // the exception message would repeat the URL
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "endpoint has no host";
        }
        if (parsed.getPort() > 65535) {
            return "endpoint port is out of range";
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------------------------
    // helpers

    static String maskPath(String rawPath) {
        if (rawPath.isEmpty()) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            out.append(maskSegment(rawPath.substring(start, end)));
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            start = slash + 1;
        }
    }

    private static String maskSegment(String segment) {
        if (segment.isEmpty() || isPublicSegment(segment)) {
            return segment;
        }
        if (segment.codePointCount(0, segment.length()) <= SEGMENT_PREFIX) {
            return STARS;
        }
        return prefix(segment, SEGMENT_PREFIX) + STARS;
    }

    private static boolean isPublicSegment(String segment) {
        return segment.equalsIgnoreCase("api")
                || segment.equalsIgnoreCase("traces")
                || segment.equalsIgnoreCase("otlp");
    }

    /** Replaces {@code before + piece + after}, then a long enough {@code piece} on its own, by stars. */
    private static String scrubPiece(String text, String piece, String before, String after) {
        if (piece == null || piece.isEmpty()) {
            return text;
        }
        String out = replace(text, before + piece + after, before + STARS + after);
        return piece.length() >= MIN_SCRUBBED_SEGMENT ? replace(out, piece, STARS) : out;
    }

    /** Replaces each long secret segment of {@code path} on its own. */
    private static String scrubSegments(String text, String path) {
        String out = text;
        for (String segment : path.split("/")) {
            if (segment.length() >= MIN_SCRUBBED_SEGMENT && !isPublicSegment(segment)) {
                out = replace(out, segment, maskSegment(segment));
            }
        }
        return out;
    }

    /** The first {@code codePoints} code points of {@code s} (never splitting a surrogate pair). */
    private static String prefix(String s, int codePoints) {
        int n = Math.min(codePoints, s.codePointCount(0, s.length()));
        return s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static String replace(String text, String target, String replacement) {
        if (target.isEmpty() || text.indexOf(target) < 0) {
            return text;
        }
        return text.replace(target, replacement);
    }

    /** Control characters (log-line injection) shown as '?'. */
    private static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? s : out.toString();
    }

    /** RFC 3986 percent-decoding as UTF-8 ('+' stays '+'); the input itself when it holds no valid escape. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%'
                    && i + 2 < s.length()
                    && (hi = hex(s.charAt(i + 1))) >= 0
                    && (lo = hex(s.charAt(i + 2))) >= 0) {
                pending.write(hi * 16 + lo);
                i += 2;
            } else {
                flushDecoded(pending, out);
                out.append(c);
            }
        }
        flushDecoded(pending, out);
        return out.toString();
    }

    private static void flushDecoded(ByteArrayOutputStream pending, StringBuilder out) {
        if (pending.size() > 0) {
            out.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
            pending.reset();
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** A lenient split of {@code scheme://[userinfo@]host[:port][/path][?query][#fragment]}. */
    static final class Parts {
        final String scheme;
        final String userInfo;
        final String hostPort;
        final String rawPath;
        final String query;
        final String fragment;

        private Parts(String scheme, String userInfo, String hostPort, String rawPath, String query, String fragment) {
            this.scheme = scheme;
            this.userInfo = userInfo;
            this.hostPort = hostPort;
            this.rawPath = rawPath;
            this.query = query;
            this.fragment = fragment;
        }

        /** Null when {@code url} does not start with {@code scheme://}. */
        static Parts parse(String url) {
            int sep = url.indexOf("://");
            if (sep <= 0 || !isScheme(url, sep)) {
                return null;
            }
            int authorityStart = sep + 3;
            int authorityEnd = url.length();
            for (int i = authorityStart; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    authorityEnd = i;
                    break;
                }
            }
            String authority = url.substring(authorityStart, authorityEnd);
            int at = authority.lastIndexOf('@');
            String userInfo = at >= 0 ? authority.substring(0, at) : null;
            String hostPort = authority.substring(at + 1);

            int fragmentStart = url.indexOf('#', authorityEnd);
            String fragment = fragmentStart >= 0 ? url.substring(fragmentStart + 1) : null;
            int beforeFragment = fragmentStart >= 0 ? fragmentStart : url.length();
            int queryStart = url.indexOf('?', authorityEnd);
            if (queryStart > beforeFragment) {
                queryStart = -1;
            }
            String query = queryStart >= 0 ? url.substring(queryStart + 1, beforeFragment) : null;
            String rawPath = url.substring(authorityEnd, queryStart >= 0 ? queryStart : beforeFragment);
            return new Parts(url.substring(0, sep), userInfo, hostPort, rawPath, query, fragment);
        }

        private static boolean isScheme(String url, int end) {
            char first = url.charAt(0);
            if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
                return false;
            }
            for (int i = 1; i < end; i++) {
                char c = url.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '+'
                        || c == '-'
                        || c == '.';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** The host without port and without IPv6 brackets' port suffix. */
        String host() {
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                return close < 0 ? "" : hostPort.substring(0, close + 1);
            }
            int colon = hostPort.lastIndexOf(':');
            return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        }
    }
}
