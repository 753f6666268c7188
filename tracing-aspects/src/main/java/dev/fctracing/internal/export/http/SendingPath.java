package dev.fctracing.internal.export.http;

import dev.fctracing.internal.log.LogSecrets;
import dev.fctracing.internal.log.SecretLogFilter;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;

/** What the sending thread does before its first request to an endpoint, so that the request itself pays less. */
final class SendingPath {

    private SendingPath() {}

    /** Runs on the sending thread: see {@link #prepare}. Never throws; the first request reports what it hits. */
    static void ready(URL target) {
        guardJdkLogging(target);
        try {
            InetAddress.getByName(target.getHost());
        } catch (IOException | RuntimeException e) {
            // the request reports an unknown host
        }
        try {
            HttpURLConnection conn = (HttpURLConnection) target.openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setFixedLengthStreamingMode(0);
            conn.setRequestProperty("Content-Type", "application/octet-stream");
            ProxySelector selector = ProxySelector.getDefault();
            if (selector != null) {
                selector.select(target.toURI());
            }
            Socket unconnected = new Socket(Proxy.NO_PROXY);
            try {
                unconnected.setSoTimeout(1);
            } finally {
                unconnected.close();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // nothing was sent; the request reports its own failures
        }
    }

    /**
     * Before the JDK's HTTP client can log a request to {@code target} (it logs the path at FINE): registers the
     * endpoint as a secret and filters that logger. On the sending thread, so that the first invocation does not wait
     * for it; nearly nothing once done.
     */
    static void guardJdkLogging(URL target) {
        LogSecrets.addEndpoint(target.toString());
        SecretLogFilter.protect(SecretLogFilter.JDK_HTTP_LOGGER);
    }
}
