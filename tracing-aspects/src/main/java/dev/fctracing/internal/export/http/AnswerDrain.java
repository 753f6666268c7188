package dev.fctracing.internal.export.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/**
 * Reads what a collector answered, so that the JDK can reuse the connection, without ever waiting on an answer that
 * does not end: at most {@value #MAX_BYTES} bytes are read, past that the connection is closed instead.
 */
final class AnswerDrain {

    /** Answer bytes read so that the connection can be reused; past this the connection is closed instead. */
    static final int MAX_BYTES = 64 * 1024;

    private AnswerDrain() {}

    /** Reads at most {@value #MAX_BYTES} bytes of the answer (for reuse), else closes the connection. */
    static void drainOrClose(HttpURLConnection conn, int code) {
        boolean complete = false;
        try {
            complete = drain(code >= 400 ? conn.getErrorStream() : conn.getInputStream());
        } catch (IOException | RuntimeException ignored) {
            // not reusable: closed below
        } finally {
            if (!complete) {
                conn.disconnect();
            }
        }
    }

    static void drainQuietly(HttpURLConnection conn) {
        if (conn != null) {
            try {
                drain(conn.getErrorStream());
            } catch (IOException | RuntimeException ignored) {
                // the connection is not reusable anyway
            }
        }
    }

    /** Reads and discards {@code in}; whether it ended within {@value #MAX_BYTES} bytes (and was closed). */
    private static boolean drain(InputStream in) throws IOException {
        if (in == null) {
            return true;
        }
        byte[] buf = new byte[512];
        long total = 0;
        int n;
        while (total <= MAX_BYTES && (n = in.read(buf)) >= 0) {
            total += n;
        }
        if (total <= MAX_BYTES) {
            in.close();
            return true;
        }
        return false;
    }
}
