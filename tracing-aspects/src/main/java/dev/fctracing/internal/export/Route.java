package dev.fctracing.internal.export;

import dev.fctracing.internal.log.EndpointMasking;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * Where the spans of an invocation go: the Jaeger endpoint FC passed to that invocation, checked once. Every span is
 * exported along the route of the invocation that produced it, so that overlapping invocations carrying different
 * endpoints (tokens) never send spans to each other's collector. {@link #NONE} is the route of invocations without an
 * endpoint of FC's, traced because other exporters (console, a configured OTLP endpoint, the function's own) need
 * none.
 *
 * <p>Made by {@link Routes}; compared by identity.
 */
public final class Route {

    /** No FC endpoint: only exporters that need none receive the spans. */
    public static final Route NONE = new Route(null, null);

    private final String url;
    private final URL target;
    private final String masked;

    private Route(String url, URL target) {
        this.url = url;
        this.target = target;
        this.masked = EndpointMasking.mask(url);
    }

    /** The route to {@code url}, or {@code null} when it is not an acceptable endpoint ({@link #problem}). */
    static Route to(String url) {
        if (problem(url) != null) {
            return null;
        }
        try {
            return new Route(url, new URL(url));
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /**
     * Null when {@code url} is an acceptable collector endpoint (an absolute http or https URL with a host), otherwise a
     * short sentence saying what is wrong, without the URL.
     */
    static String problem(String url) {
        String problem = EndpointMasking.validate(url);
        if (problem == null) {
            try {
                new URL(url);
            } catch (MalformedURLException e) {
                problem = "endpoint is not a valid URL";
            }
        }
        return problem;
    }

    /** FC's endpoint, unmasked: never log it ({@link #masked()}); null for {@link #NONE}. */
    public String url() {
        return url;
    }

    /** The endpoint as a URL; null for {@link #NONE}. */
    public URL target() {
        return target;
    }

    /** The endpoint as it may appear in logs. */
    public String masked() {
        return masked;
    }

    @Override
    public String toString() {
        return "Route{" + masked + "}";
    }
}
