package dev.fctracing.internal.log;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * The secrets of this instance's exporters — collector endpoints (FC's carries an auth token in its path) and OTLP
 * header values (credentials) — and the scrubbing that takes them out of text before anything logs it. Endpoints are
 * masked as {@link EndpointMasking#scrub} does; header values become {@code ***}. ({@link SecretLogFilter} applies it
 * to other loggers' records.) Small on purpose: the Jaeger exporter registers FC's endpoint on the first invocation.
 *
 * <p>Process-wide and thread-safe; reads take no lock. Keeps the {@value #MAX_ENTRIES} most recent of each kind.
 */
public final class LogSecrets {

    static final int MAX_ENTRIES = 32;
    private static final String STARS = "***";

    private static volatile String[] endpoints = new String[0];
    private static volatile String[] values = new String[0];

    private LogSecrets() {}

    /**
     * Registers an endpoint whose secret parts must never be logged (null or empty: ignored), and the form the JDK's
     * HTTP client shows it in when that differs: as a {@code java.net.URI}, with characters such as {@code |}, {@code ^}
     * or a stray {@code %} percent-encoded ({@code %7C}, {@code %5E}, {@code %25}).
     */
    public static void addEndpoint(String url) {
        if (url == null || url.isEmpty() || contains(endpoints, url)) {
            return;
        }
        String quoted = asUri(url);
        synchronized (LogSecrets.class) {
            endpoints = with(with(endpoints, url), quoted);
        }
    }

    /** {@code url} as {@code sun.net.www.ParseUtil.toURI} writes it (what the JDK logs), or null. */
    private static String asUri(String url) {
        try {
            URL u = new URL(url);
            String path = u.getPath();
            return new URI(
                            u.getProtocol(),
                            u.getAuthority(),
                            path.startsWith("/") || path.isEmpty() ? path : "/" + path,
                            u.getQuery(),
                            u.getRef())
                    .toString();
        } catch (MalformedURLException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Registers a value (an OTLP header's) that must never be logged (null or blank: ignored). */
    public static void addValue(String value) {
        if (value == null || value.trim().isEmpty()) {
            return;
        }
        synchronized (LogSecrets.class) {
            values = with(values, value.trim());
        }
    }

    /** Whether nothing is registered (then {@link #scrub} has nothing to do). */
    static boolean none() {
        return endpoints.length == 0 && values.length == 0;
    }

    private static boolean contains(String[] entries, String entry) {
        for (String e : entries) {
            if (e.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /** {@code current} plus {@code entry} (if new and not null), without the oldest beyond {@value #MAX_ENTRIES}. */
    private static String[] with(String[] current, String entry) {
        if (entry == null || contains(current, entry)) {
            return current;
        }
        int keep = Math.min(current.length, MAX_ENTRIES - 1);
        String[] next = new String[keep + 1];
        System.arraycopy(current, current.length - keep, next, 0, keep);
        next[keep] = entry;
        return next;
    }

    /** {@code text} with every registered secret masked; the same instance when it holds none (null stays null). */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String url : endpoints) {
            out = EndpointMasking.scrub(out, url);
        }
        for (String value : values) {
            if (out.contains(value)) {
                out = out.replace(value, STARS);
            }
        }
        return out.equals(text) ? text : out;
    }
}
