package dev.fctracing.internal.export.http;

import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One request: where, what, and how many spans it carries (for log lines; -1 when unknown). */
public final class HttpRequest {
    final URL target;
    final String masked;
    final String contentType;
    final Map<String, List<String>> headers;
    final byte[] body;
    final int length;
    final int spanCount;

    public HttpRequest(
            URL target,
            String masked,
            String contentType,
            Map<String, List<String>> headers,
            byte[] body,
            int length,
            int spanCount) {
        this.target = target;
        this.masked = masked;
        this.contentType = contentType;
        this.headers = headers == null ? Collections.<String, List<String>>emptyMap() : headers;
        this.body = body;
        this.length = length;
        this.spanCount = spanCount;
    }
}
