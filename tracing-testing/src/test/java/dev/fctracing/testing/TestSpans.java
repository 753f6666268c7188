package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builders for jaeger-thrift model objects and a plain HttpURLConnection POST, shared by the tests. */
final class TestSpans {

    static final long TRACE_HIGH = 0x0af7651916cd43ddL;
    static final long TRACE_LOW = 0x8448eb211c80319cL;
    static final long FC_SPAN_ID = 0x124ed43254b54966L;
    static final long T0 = 1_700_000_000_000_000L; // µs

    private TestSpans() {}

    /** A span of the default trace; a non-zero parent also gets the matching CHILD_OF reference. */
    static Span span(String name, long id, long parent, long startOffsetMicros, long durationMicros) {
        Span s = new Span(TRACE_LOW, TRACE_HIGH, id, parent, name, 1, T0 + startOffsetMicros, durationMicros);
        if (parent != 0) {
            s.addToReferences(new SpanRef(SpanRefType.CHILD_OF, TRACE_LOW, TRACE_HIGH, parent));
        }
        return s;
    }

    static Batch batch(String service, Span... spans) {
        Process process = new Process(service);
        Tag host = new Tag("host.name", TagType.STRING);
        host.setVStr("test-host");
        process.addToTags(host);
        Batch batch = new Batch(process, new ArrayList<>(Arrays.asList(spans)));
        return batch;
    }

    /** A three-level trace under FC's (missing) system span. */
    static List<Span> fcTrace() {
        List<Span> spans = new ArrayList<>();
        spans.add(span("db.query", 0x3L, 0x2L, 2_000, 2_000));
        spans.add(span("sendReply", 0x4L, 0x1L, 7_000, 2_500));
        spans.add(span("handleRequest", 0x1L, FC_SPAN_ID, 0, 10_000));
        spans.add(span("loadOrder", 0x2L, 0x1L, 1_000, 5_000));
        return spans;
    }

    /** Result of one POST: status, or the I/O error the client got. */
    static final class Response {
        final int status;
        final IOException error;
        final long elapsedMillis;

        Response(int status, IOException error, long elapsedMillis) {
            this.status = status;
            this.error = error;
            this.elapsedMillis = elapsedMillis;
        }
    }

    static Response post(String url, byte[] body, String contentType) {
        return post(url, "POST", body, contentType, 5_000, true);
    }

    static Response post(
            String url, String method, byte[] body, String contentType, int readTimeoutMillis, boolean fixedLength) {
        long start = System.nanoTime();
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(url).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2_000);
            c.setReadTimeout(readTimeoutMillis);
            if (contentType != null) {
                c.setRequestProperty("Content-Type", contentType);
            }
            if (body != null) {
                c.setDoOutput(true);
                if (fixedLength) {
                    c.setFixedLengthStreamingMode(body.length);
                }
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            if (in != null) {
                drain(in);
            }
            return new Response(status, null, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Response(-1, e, (System.nanoTime() - start) / 1_000_000);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        try (InputStream i = in) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while ((n = i.read(buf)) != -1) {
                sink.write(buf, 0, n);
            }
        }
    }
}
