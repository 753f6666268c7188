package dev.fctracing.internal.fc;

import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;

/** Reads an HTTP trigger's request headers (for W3C trace context and baggage). */
public final class ServletHeaders {

    private ServletHeaders() {}

    /** Header lookup of {@code request}, or {@code null} when there is no request. */
    public static Function<String, String> of(HttpServletRequest request) {
        return request == null ? null : request::getHeader;
    }
}
