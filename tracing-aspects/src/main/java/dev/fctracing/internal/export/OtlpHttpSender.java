package dev.fctracing.internal.export;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.export.jaeger.EndpointMasking;
import dev.fctracing.internal.export.jaeger.FailureLogLimiter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP client under OpenTelemetry's OTLP/HTTP span exporter (handed to it through its sender SPI by {@link
 * OtlpExporterFactory}). The sender OpenTelemetry ships (OkHttp) follows a 307 or 308 to any host and sends the spans
 * and the OTLP headers — credentials — there again. This one never follows a redirect: a 3xx is a failed export. It
 * talks only to the configured endpoint, with the JDK's {@code HttpURLConnection} (as the Jaeger exporter does: no
 * OkHttp or Kotlin classes to load).
 *
 * <p>Requests run on one daemon thread ({@value #THREAD_NAME}, at most {@value #MAX_PENDING_REQUESTS} waiting). Each
 * ends within the configured timeout (the flush budget): a watchdog ({@value #WATCHDOG_THREAD_NAME}) closes the
 * connection of a request still running then, which also ends a write the peer never reads. Retries are not made:
 * the budget leaves no room for them. Proxies and TLS are the JVM's defaults, as for the Jaeger exporter. It sends
 * what {@link OtlpExporterFactory} configures: endpoint, timeouts, headers, no compression.
 *
 * <p>A failure is logged here, at most once per kind per minute, with the endpoint masked; OpenTelemetry's exporter
 * then gets a {@link ReportedExportFailure}, whose own log line {@link SecretLogFilter} drops.
 */
final class OtlpHttpSender implements HttpSender {

  static final String THREAD_NAME = "fc-tracing-otlp-exporter";
  static final String WATCHDOG_THREAD_NAME = "fc-tracing-otlp-watchdog";
  static final int MAX_PENDING_REQUESTS = 16;
  /** Response body bytes read so that the connection can be reused; past this the connection is closed. */
  static final int MAX_DRAINED_BYTES = 64 * 1024;
  static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final URL url;
  private final String masked;
  private final String contentType;
  private final Supplier<Map<String, List<String>>> headers;
  private final int timeoutMillis;
  private final int connectTimeoutMillis;
  private final FailureLogLimiter failureLog = new FailureLogLimiter(new NanoClock(), LOG_WINDOW_NANOS);
  private final ScheduledThreadPoolExecutor watchdog;
  private final ThreadPoolExecutor executor;
  /** Completes when the sending thread has finished every request queued before {@link #shutdown()}. */
  private final CompletableResultCode allSent = new CompletableResultCode();

  OtlpHttpSender(HttpSenderConfig config) throws MalformedURLException {
    this.url = config.getEndpoint().toURL();
    this.masked = EndpointMasking.mask(config.getEndpoint().toString());
    this.contentType = config.getContentType();
    this.headers = config.getHeadersSupplier();
    this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.getTimeout().toMillis()));
    this.connectTimeoutMillis =
        (int) Math.max(1, Math.min(timeoutMillis, config.getConnectTimeout().toMillis()));
    final ScheduledThreadPoolExecutor dog =
        new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory(WATCHDOG_THREAD_NAME));
    dog.setRemoveOnCancelPolicy(true);
    this.watchdog = dog;
    this.executor = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<Runnable>(MAX_PENDING_REQUESTS), new DaemonThreadFactory(THREAD_NAME),
        new ThreadPoolExecutor.AbortPolicy()) {
      @Override
      protected void terminated() {
        dog.shutdownNow();
        allSent.succeed();
      }
    };
  }

  @Override
  public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    try {
      executor.execute(new Post(writer, onResponse, onError));
    } catch (RejectedExecutionException e) {
      onError.accept(executor.isShutdown()
          ? new ReportedExportFailure("the OTLP exporter is shut down")
          : failure("queue full", "not reached: " + MAX_PENDING_REQUESTS + " requests are already waiting"));
    }
  }

  /**
   * Stops taking requests; those already queued are still sent (each within the timeout). The result completes when
   * the last of them is done; the caller decides how long to wait for it.
   */
  @Override
  public CompletableResultCode shutdown() {
    executor.shutdown();
    return allSent;
  }

  /** Runs on the sending thread; calls exactly one of the two callbacks, whatever happens. */
  void post(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    Object outcome; // an HttpResponse (2xx) or the Throwable for onError
    try {
      outcome = exchange(writer);
    } catch (RuntimeException | Error e) {
      onError.accept(new ReportedExportFailure("the OTLP request ended abnormally: " + e.getClass().getName()));
      throw e;
    }
    if (outcome instanceof HttpResponse) {
      onResponse.accept((HttpResponse) outcome);
    } else {
      onError.accept((Throwable) outcome);
    }
  }

  /** One request: the 2xx answer, or the failure (already logged) to hand OpenTelemetry. */
  private Object exchange(MessageWriter writer) {
    SecretLogFilter.protect(SecretLogFilter.JDK_HTTP_LOGGER);
    for (String otelLogger : SecretLogFilter.OTEL_HTTP_EXPORTER_LOGGERS) {
      SecretLogFilter.protect(otelLogger);
    }
    Deadline deadline = null;
    try {
      byte[] body = body(writer);
      HttpURLConnection conn = (HttpURLConnection) url.openConnection();
      deadline = watch(conn);
      conn.setRequestMethod("POST");
      conn.setDoOutput(true);
      conn.setUseCaches(false);
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout(connectTimeoutMillis);
      conn.setReadTimeout(timeoutMillis);
      Map<String, List<String>> extra = headers.get();
      if (extra != null) {
        for (Map.Entry<String, List<String>> header : extra.entrySet()) {
          for (String value : header.getValue()) {
            conn.addRequestProperty(header.getKey(), value);
          }
        }
      }
      conn.setRequestProperty("Content-Type", contentType);
      conn.setFixedLengthStreamingMode(body.length); // also: never re-sent on its own (no retry, no redirect)
      OutputStream out = conn.getOutputStream();
      try {
        out.write(body);
      } finally {
        out.close();
      }
      if (deadline != null && deadline.expired()) {
        throw new IOException("abandoned"); // the watchdog closed the connection under a blocked write
      }
      int code = conn.getResponseCode();
      String message = conn.getResponseMessage();
      drainOrClose(conn, code);
      if (code >= 200 && code < 300) {
        return new Response(code, message == null ? "" : message);
      }
      String redirect = code >= 300 && code < 400 ? ", a redirect: not followed" : "";
      return failure("HTTP " + code, "answered HTTP " + code + redirect);
    } catch (SocketTimeoutException e) {
      return failure("timeout", "timed out after " + timeoutMillis + " ms (" + describe(e) + ")");
    } catch (IOException | RuntimeException e) {
      return deadline != null && deadline.expired()
          ? failure("timeout", "timed out: the request was abandoned after " + timeoutMillis + " ms")
          : failure(e.getClass().getName(), "failed: " + describe(e));
    } finally {
      if (deadline != null) {
        deadline.finish();
      }
    }
  }

  private static byte[] body(MessageWriter writer) throws IOException {
    int length = writer.getContentLength();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(length > 0 ? length : 4096);
    writer.writeMessage(buffer);
    return buffer.toByteArray();
  }

  /** Closes {@code conn} if its request still runs when the timeout is up. Null after shutdown. */
  private Deadline watch(HttpURLConnection conn) {
    Deadline deadline = new Deadline(conn);
    try {
      deadline.task = watchdog.schedule(deadline, timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null; // shut down: connect and read timeouts still apply
    }
    return deadline;
  }

  /** Reads at most {@value #MAX_DRAINED_BYTES} bytes of the answer's body (for reuse), else closes the connection. */
  private static void drainOrClose(HttpURLConnection conn, int code) {
    boolean complete = false;
    try {
      InputStream in = code >= 400 ? conn.getErrorStream() : conn.getInputStream();
      if (in == null) {
        complete = true;
        return;
      }
      byte[] buf = new byte[512];
      long total = 0;
      int n;
      while (total <= MAX_DRAINED_BYTES && (n = in.read(buf)) >= 0) {
        total += n;
      }
      if (total <= MAX_DRAINED_BYTES) {
        in.close();
        complete = true;
      }
    } catch (IOException | RuntimeException ignored) {
      // not reusable: closed below
    } finally {
      if (!complete) {
        conn.disconnect();
      }
    }
  }

  private String describe(Throwable e) {
    String message = LogSecrets.scrub(EndpointMasking.scrub(e.getMessage(), url.toString()));
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  /** Logs the failure (rate-limited, masked) and returns what OpenTelemetry's exporter gets instead of it. */
  private ReportedExportFailure failure(String failureClass, String what) {
    String line = "fc-tracing: spans lost: OTLP endpoint " + masked + " " + what;
    long suppressed = failureLog.tryAcquire(failureClass);
    if (suppressed >= 0) {
      InternalLog.warn(
          suppressed == 0 ? line : line + " (" + suppressed + " more such failure(s) since the last report)");
    }
    return new ReportedExportFailure(line);
  }

  /** An answer in the 2xx range (its body is not kept: OpenTelemetry does not read it on success). */
  private static final class Response implements HttpResponse {
    private final int code;
    private final String message;

    Response(int code, String message) {
      this.code = code;
      this.message = message;
    }

    @Override
    public int getStatusCode() {
      return code;
    }

    @Override
    public String getStatusMessage() {
      return message;
    }

    @Override
    public byte[] getResponseBody() {
      return new byte[0];
    }
  }

  private final class Post implements Runnable {
    private final MessageWriter writer;
    private final Consumer<HttpResponse> onResponse;
    private final Consumer<Throwable> onError;

    Post(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      this.writer = writer;
      this.onResponse = onResponse;
      this.onError = onError;
    }

    @Override
    public void run() {
      post(writer, onResponse, onError);
    }
  }

  /** The watchdog's task for one request: closes its connection unless {@link #finish} came first. */
  private static final class Deadline implements Runnable {
    private final HttpURLConnection conn;
    private boolean finished;
    private boolean expired;
    volatile ScheduledFuture<?> task;

    Deadline(HttpURLConnection conn) {
      this.conn = conn;
    }

    @Override
    public void run() {
      synchronized (this) {
        if (finished) {
          return;
        }
        expired = true;
      }
      try {
        conn.disconnect();
      } catch (RuntimeException ignored) {
        // nothing more to do
      }
    }

    synchronized boolean expired() {
      return expired;
    }

    void finish() {
      synchronized (this) {
        finished = true;
      }
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  /** {@code System::nanoTime}, for the log rate limit. */
  private static final class NanoClock implements java.util.function.LongSupplier {
    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }

  private static final class DaemonThreadFactory implements ThreadFactory {
    private final String name;

    DaemonThreadFactory(String name) {
      this.name = name;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }
  }
}
