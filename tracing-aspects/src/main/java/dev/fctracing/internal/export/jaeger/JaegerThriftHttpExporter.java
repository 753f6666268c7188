package dev.fctracing.internal.export.jaeger;

import dev.fctracing.internal.InternalLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link SpanExporter} that POSTs spans to a Jaeger collector as Thrift over HTTP (the endpoint FC hands a function),
 * with no dependency beyond the JDK and the OpenTelemetry SDK.
 *
 * <p>Plain {@code http} endpoints reached without a proxy (FC's case) are posted by a minimal HTTP/1.1 client over
 * one kept-alive {@link Socket}: the JDK's {@link HttpURLConnection} machinery costs a fresh JVM about 15 ms of class
 * loading and initialisation on its first request, which is most of a function's first-invocation export. Anything
 * else ({@code https}, a proxy chosen by the default {@link ProxySelector}) goes through {@link HttpURLConnection}.
 *
 * <p>{@link #export} encodes in the caller's thread and hands the bytes to one lazily started daemon thread
 * ({@value #THREAD_NAME}) with a queue of {@value #MAX_PENDING_BATCHES} pending batches; it never waits for the
 * network. The returned result succeeds on any 2xx answer and fails otherwise; the caller decides how long to
 * {@code join} it. When the queue is full a batch fails at once and counts in {@link #droppedBatches()}.
 *
 * <p>Nothing here throws out of {@code export}. Failures are logged through {@link InternalLog}, at most once per
 * failure class per minute, always with the endpoint masked by {@link EndpointMasking}: the endpoint's path carries
 * an auth token and is never logged in full.
 */
public final class JaegerThriftHttpExporter implements SpanExporter {

  /** Name of the sending thread. */
  public static final String THREAD_NAME = "fc-tracing-exporter";
  /** Batches that may wait for the sending thread; one more may be in flight. */
  public static final int MAX_PENDING_BATCHES = 16;
  static final String CONTENT_TYPE = "application/x-thrift";
  static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

  private static final Object NOT_REFUSED = new Object();
  private static final Object NULL_URL = new Object();

  private final long timeoutMillis;
  private final int timeoutMillisInt;
  private final LongSupplier nanoClock;
  private final FailureLogLimiter failureLog;
  private final AtomicLong droppedBatches = new AtomicLong();
  /** Results of batches accepted and not yet completed, for {@link #flush()}. */
  private final Set<CompletableResultCode> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warnedUnbound = new AtomicBoolean();
  private final Object lock = new Object();

  private volatile Binding binding;
  /** The last refused endpoint (or NULL_URL), so that the same refusal is logged once, not per invocation. */
  private volatile Object lastRefused = NOT_REFUSED;
  private volatile boolean shutdown;
  private volatile long shutdownDeadlineNanos;
  private volatile ThreadPoolExecutor executor;
  /** The kept-alive connection of the plain HTTP client; used on the sending thread only. */
  private final PlainHttpClient plainHttp = new PlainHttpClient();

  private JaegerThriftHttpExporter(long timeoutMillis, LongSupplier nanoClock) {
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.timeoutMillisInt = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    this.nanoClock = nanoClock;
    this.failureLog = new FailureLogLimiter(nanoClock, LOG_WINDOW_NANOS);
  }

  /**
   * An exporter with no endpoint yet whose connect and read timeouts are {@code timeoutMillis} each (also the grace
   * period of {@link #shutdown()}). No thread is started until the first batch is sent.
   */
  public static JaegerThriftHttpExporter create(long timeoutMillis) {
    return new JaegerThriftHttpExporter(timeoutMillis, System::nanoTime);
  }

  /** As {@link #create(long)}, with the clock used for log rate limiting and the shutdown deadline (tests). */
  static JaegerThriftHttpExporter create(long timeoutMillis, LongSupplier nanoClock) {
    return new JaegerThriftHttpExporter(timeoutMillis, nanoClock);
  }

  /**
   * Binds the collector endpoint for the following exports; cheap, and safe to call on every invocation. The same
   * URL again is a no-op; a different valid URL re-binds (batches already queued keep theirs). An unacceptable URL
   * (see {@link EndpointMasking#validate}) is refused with one warning naming the masked endpoint, and the previous
   * binding, if any, stays.
   *
   * @return whether {@code url} is now the bound endpoint
   */
  public boolean setEndpoint(String url) {
    Binding current = binding;
    if (current != null && current.url.equals(url)) {
      return true;
    }
    String problem = EndpointMasking.validate(url);
    URL target = null;
    if (problem == null) {
      try {
        target = new URL(url);
      } catch (MalformedURLException e) {
        problem = "endpoint is not a valid URL";
      }
    }
    if (problem != null) {
      Object refused = url == null ? NULL_URL : url;
      if (!refused.equals(lastRefused)) {
        lastRefused = refused;
        InternalLog.warn("fc-tracing: Jaeger endpoint " + EndpointMasking.mask(url) + " refused: " + problem
            + "; spans will not be exported to it");
      }
      return false;
    }
    binding = new Binding(url, target, EndpointMasking.mask(url));
    return true;
  }

  /** The bound endpoint, unmasked (never log it: use {@link EndpointMasking#mask}), or null when none is bound. */
  public String endpoint() {
    Binding b = binding;
    return b == null ? null : b.url;
  }

  /** Number of batches failed at once because {@value #MAX_PENDING_BATCHES} were already waiting. */
  public long droppedBatches() {
    return droppedBatches.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown) {
      return CompletableResultCode.ofFailure();
    }
    int count = spans == null ? 0 : spans.size();
    Binding b = binding;
    if (b == null) {
      if (warnedUnbound.compareAndSet(false, true)) {
        InternalLog.warn("fc-tracing: no Jaeger endpoint is set; " + count
            + " span(s) not exported (reported once; later batches fail the same way)");
      }
      return CompletableResultCode.ofFailure();
    }
    if (count == 0) {
      return CompletableResultCode.ofSuccess();
    }
    byte[] body;
    try {
      body = JaegerThriftEncoder.encode(spans);
    } catch (RuntimeException e) {
      logFailure("encode " + e.getClass().getName(), b, count, "could not be sent: encoding failed with "
          + describe(e, b));
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode result = new CompletableResultCode();
    SendTask task = new SendTask(b, body, count, result);
    inFlight.add(result);
    try {
      executor().execute(task);
    } catch (RejectedExecutionException e) {
      inFlight.remove(result);
      if (!shutdown) {
        droppedBatches.incrementAndGet();
        logFailure("queue full", b, count, "not reached: " + MAX_PENDING_BATCHES
            + " batches are already waiting to be sent (batch dropped)");
      }
      return result.fail();
    }
    result.whenComplete(() -> inFlight.remove(result));
    return result;
  }

  /** Completes when every batch accepted so far has been sent (fails if any of them failed). */
  @Override
  public CompletableResultCode flush() {
    List<CompletableResultCode> pending = new ArrayList<>(inFlight);
    return pending.isEmpty() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofAll(pending);
  }

  /**
   * Stops accepting batches and lets the queued ones be sent for up to the timeout; a batch that has not started by
   * then fails unsent. The sending thread ends once the queue is empty. Does not block: the result completes when the
   * last queued batch is done.
   */
  @Override
  public CompletableResultCode shutdown() {
    ThreadPoolExecutor ex;
    synchronized (lock) {
      if (!shutdown) {
        shutdownDeadlineNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        shutdown = true;
      }
      ex = executor;
    }
    if (ex != null) {
      ex.shutdown();
    }
    return flush();
  }

  @Override
  public String toString() {
    Binding b = binding;
    return "JaegerThriftHttpExporter{endpoint=" + (b == null ? EndpointMasking.NONE : b.masked) + "}";
  }

  // ------------------------------------------------------------------------------------------------------- internals

  private ThreadPoolExecutor executor() {
    ThreadPoolExecutor ex = executor;
    if (ex != null) {
      return ex;
    }
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("shut down");
      }
      if (executor == null) {
        executor = new SenderExecutor(plainHttp);
      }
      return executor;
    }
  }

  /** Runs on the sending thread; completes {@code result} whatever happens. */
  void send(Binding b, byte[] body, int spanCount, CompletableResultCode result) {
    try {
      if (shutdown && nanoClock.getAsLong() - shutdownDeadlineNanos > 0) {
        logFailure("shutdown", b, spanCount, "not reached: the exporter was shut down before the batch was sent");
        result.fail();
        return;
      }
      try {
        int code = b.isDirectHttp() ? plainHttp.post(b, body, timeoutMillisInt) : postWithUrlConnection(b, body);
        if (code >= 200 && code < 300) {
          result.succeed();
        } else {
          logFailure("HTTP " + code, b, spanCount, "answered HTTP " + code);
          result.fail();
        }
      } catch (SocketTimeoutException e) {
        logFailure("timeout", b, spanCount, "timed out after " + timeoutMillis + " ms (" + describe(e, b) + ")");
        result.fail();
      } catch (IOException e) {
        logFailure("IOException " + e.getClass().getName(), b, spanCount, "failed: " + describe(e, b));
        result.fail();
      } catch (RuntimeException e) {
        logFailure("RuntimeException " + e.getClass().getName(), b, spanCount, "failed: " + describe(e, b));
        result.fail();
      }
    } finally {
      if (!result.isDone()) {
        result.fail(); // an Error escaped: the caller must still see the batch fail
      }
    }
  }

  /** POSTs {@code body} with {@link HttpURLConnection} (https, or a proxy is configured); returns the status code. */
  private int postWithUrlConnection(Binding b, byte[] body) throws IOException {
    HttpURLConnection conn = null;
    try {
      conn = (HttpURLConnection) b.target.openConnection();
      conn.setRequestMethod("POST");
      conn.setDoOutput(true);
      conn.setUseCaches(false);
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout(timeoutMillisInt);
      conn.setReadTimeout(timeoutMillisInt);
      conn.setRequestProperty("Content-Type", CONTENT_TYPE);
      conn.setFixedLengthStreamingMode(body.length);
      OutputStream out = conn.getOutputStream();
      try {
        out.write(body);
      } finally {
        out.close();
      }
      int code = conn.getResponseCode();
      drain(code >= 400 ? conn.getErrorStream() : conn.getInputStream());
      return code;
    } catch (IOException e) {
      drainQuietly(conn);
      throw e;
    }
  }

  /** Reads and discards a response body so the keep-alive connection can be reused. */
  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try {
      byte[] buf = new byte[512];
      while (in.read(buf) >= 0) {
        // discard
      }
    } finally {
      in.close();
    }
  }

  private static void drainQuietly(HttpURLConnection conn) {
    if (conn == null) {
      return;
    }
    try {
      drain(conn.getErrorStream());
    } catch (IOException | RuntimeException ignored) {
      // the connection is not reusable anyway
    }
  }

  private static String describe(Throwable e, Binding b) {
    String message = EndpointMasking.scrub(e.getMessage(), b.url);
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  private void logFailure(String failureClass, Binding b, int spanCount, String what) {
    long suppressed = failureLog.tryAcquire(failureClass);
    if (suppressed < 0) {
      return;
    }
    StringBuilder line = new StringBuilder(160)
        .append("fc-tracing: ").append(spanCount).append(" span(s) lost: Jaeger endpoint ").append(b.masked)
        .append(' ').append(what);
    if (suppressed > 0) {
      line.append(" (").append(suppressed).append(" more such failure(s) since the last report)");
    }
    InternalLog.warn(line.toString());
  }

  /** An endpoint as validated: the URL, its parsed form and its masked form for logs. */
  static final class Binding {
    final String url;
    final URL target;
    final String masked;
    /** Whether the plain HTTP client may post here; decided on the sending thread, on first use. */
    private Boolean directHttp;
    /** Request line and headers up to (not including) the Content-Length value; built with {@link #directHttp}. */
    private byte[] requestHead;

    Binding(String url, URL target, String masked) {
      this.url = url;
      this.target = target;
      this.masked = masked;
    }

    /**
     * {@code true} for an {@code http} URL of printable ASCII that the default {@link ProxySelector} reaches without a
     * proxy (the same decision {@link HttpURLConnection} would make); {@code https} and proxied endpoints return
     * {@code false} and are posted with {@link HttpURLConnection}. Sending thread only.
     */
    boolean isDirectHttp() {
      Boolean direct = directHttp;
      if (direct == null) {
        direct = decideDirect();
        directHttp = direct;
      }
      return direct;
    }

    private boolean decideDirect() {
      if (!"http".equalsIgnoreCase(target.getProtocol()) || target.getUserInfo() != null) {
        return false;
      }
      String host = target.getHost();
      String file = target.getFile().isEmpty() ? "/" : target.getFile();
      String hostHeader = target.getPort() == -1 ? host : host + ":" + target.getPort();
      if (!printableAscii(file) || !printableAscii(hostHeader)) {
        return false;
      }
      try {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector != null) {
          for (Proxy proxy : selector.select(target.toURI())) {
            if (proxy.type() != Proxy.Type.DIRECT) {
              return false;
            }
          }
        }
      } catch (URISyntaxException | RuntimeException e) {
        return false; // let HttpURLConnection deal with it
      }
      requestHead = ("POST " + file + " HTTP/1.1\r\n"
          + "Host: " + hostHeader + "\r\n"
          + "User-Agent: fc-tracing\r\n"
          + "Accept: */*\r\n"
          + "Content-Type: " + CONTENT_TYPE + "\r\n"
          + "Content-Length: ").getBytes(StandardCharsets.ISO_8859_1);
      return true;
    }

    String socketHost() {
      String host = target.getHost();
      return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
      return target.getPort() == -1 ? 80 : target.getPort();
    }

    private static boolean printableAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A minimal HTTP/1.1 client for one endpoint at a time: {@code POST} with {@code Content-Length}, status line and
   * headers parsed, the answer's body read and discarded (length-delimited, chunked, or up to the connection's end),
   * the connection kept for the next batch unless the server closes it. A kept connection idle for more than
   * {@value #MAX_IDLE_MILLIS} ms is not reused (servers close idle connections; {@link HttpURLConnection} keeps them 5
   * s); one that turns out to be closed by the server before it answered anything is replaced once, as
   * {@link HttpURLConnection} retries a POST on a stale kept-alive connection. Redirects are not followed. Used on
   * the sending thread only, except {@link #close()}.
   */
  static final class PlainHttpClient {
    static final long MAX_IDLE_MILLIS = 4000;
    /** Longest status line or header line accepted, and most header bytes in all. */
    static final int MAX_LINE = 8192;
    static final int MAX_HEADER_BYTES = 65536;
    /** Largest answer body drained to keep the connection; a longer one closes it instead. */
    static final long MAX_DRAIN = 1 << 20;

    private Socket socket;
    private Binding socketFor;
    private long idleSinceNanos;
    private final byte[] buf = new byte[1024];
    private int pos;
    private int limit;

    /** Posts {@code body}; returns the answer's status code. */
    int post(Binding b, byte[] body, int timeoutMillis) throws IOException {
      Socket reusable = takeIdle(b);
      if (reusable != null) {
        try {
          return exchange(reusable, b, body, true);
        } catch (StaleConnectionException stale) {
          // closed by the server before it answered: nothing was processed, send again on a new connection
        }
      }
      return exchange(connect(b, timeoutMillis), b, body, false);
    }

    /** Opens the connection the next {@link #post} will use, if none is kept; errors are left for that post. */
    void preconnect(Binding b, int timeoutMillis) {
      synchronized (this) {
        if (socket != null && socketFor == b) {
          return;
        }
      }
      try {
        Socket s = connect(b, timeoutMillis);
        synchronized (this) {
          closeQuietly(socket);
          socket = s;
          socketFor = b;
          idleSinceNanos = System.nanoTime();
        }
      } catch (IOException | RuntimeException e) {
        // the first post will connect (and report) itself
      }
    }

    /** Closes the kept connection, if any. */
    synchronized void close() {
      closeQuietly(socket);
      socket = null;
      socketFor = null;
    }

    private synchronized Socket takeIdle(Binding b) {
      Socket s = socket;
      socket = null;
      if (s == null) {
        return null;
      }
      boolean usable = socketFor == b && !s.isClosed()
          && System.nanoTime() - idleSinceNanos < TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS);
      socketFor = null;
      if (!usable) {
        closeQuietly(s);
        return null;
      }
      return s;
    }

    private synchronized void keep(Socket s, Binding b) {
      closeQuietly(socket);
      socket = s;
      socketFor = b;
      idleSinceNanos = System.nanoTime();
    }

    private static Socket connect(Binding b, int timeoutMillis) throws IOException {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(b.socketHost(), b.port()), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        return s;
      } catch (IOException | RuntimeException e) {
        closeQuietly(s);
        throw e;
      }
    }

    /**
     * One request and its answer on {@code s}; keeps {@code s} for the next request when the answer allows, closes it
     * otherwise (and on any exception). On a {@code reused} connection, throws {@link StaleConnectionException} when
     * it turns out closed before a single byte of the answer arrived.
     */
    private int exchange(Socket s, Binding b, byte[] body, boolean reused) throws IOException {
      boolean keep = false;
      pos = 0;
      limit = 0;
      try {
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[b.requestHead.length + length.length + body.length];
        System.arraycopy(b.requestHead, 0, request, 0, b.requestHead.length);
        System.arraycopy(length, 0, request, b.requestHead.length, length.length);
        System.arraycopy(body, 0, request, b.requestHead.length + length.length, body.length);
        InputStream in = s.getInputStream();
        try {
          OutputStream out = s.getOutputStream();
          out.write(request);
          out.flush();
          if (!fill(in)) {
            throw reused ? new StaleConnectionException() : new IOException("connection closed without an answer");
          }
        } catch (SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          // reset or broken pipe before any answer: on a kept connection, the server had closed it
          throw reused && !(e instanceof StaleConnectionException) ? new StaleConnectionException(e) : e;
        }
        int code;
        boolean http10;
        long contentLength;
        boolean chunked;
        boolean close;
        do {
          String status = readLine(in);
          if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new IOException("malformed HTTP status line");
          }
          http10 = status.charAt(7) == '0';
          code = parseStatus(status);
          contentLength = -1;
          chunked = false;
          close = http10;
          int headerBytes = 0;
          String line;
          while (!(line = readLine(in)).isEmpty()) {
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
              throw new IOException("HTTP answer headers too long");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
              continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
              try {
                contentLength = Long.parseLong(value);
              } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
              }
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
              chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
              String v = value.toLowerCase(java.util.Locale.ROOT);
              if (v.contains("close")) {
                close = true;
              } else if (v.contains("keep-alive")) {
                close = false;
              }
            }
          }
        } while (code >= 100 && code < 200); // interim answers (100 Continue...) have no body
        if (code == 204 || code == 304) {
          keep = !close;
        } else if (chunked) {
          keep = drainChunked(in) && !close;
        } else if (contentLength >= 0) {
          keep = contentLength <= MAX_DRAIN && skip(in, contentLength) && !close;
        } else {
          keep = false; // body ends with the connection: not reusable, and not worth reading
        }
        return code;
      } finally {
        if (keep && pos == limit) {
          keep(s, b);
        } else {
          closeQuietly(s);
        }
      }
    }

    private static int parseStatus(String status) throws IOException {
      int code = 0;
      for (int i = 9; i < 12; i++) {
        char c = status.charAt(i);
        if (c < '0' || c > '9') {
          throw new IOException("malformed HTTP status line");
        }
        code = code * 10 + (c - '0');
      }
      return code;
    }

    /** Reads more bytes into the buffer (which must be consumed); {@code false} at the end of the stream. */
    private boolean fill(InputStream in) throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    }

    /** A CRLF- (or LF-) terminated line, without the terminator, as ISO-8859-1. */
    private String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        if (pos == limit && !fill(in)) {
          throw new IOException("connection closed in the middle of the HTTP answer");
        }
        char c = (char) (buf[pos++] & 0xff);
        if (c == '\n') {
          int len = line.length();
          if (len > 0 && line.charAt(len - 1) == '\r') {
            line.setLength(len - 1);
          }
          return line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw new IOException("HTTP answer line too long");
        }
        line.append(c);
      }
    }

    /** Discards {@code n} bytes; {@code false} if the stream ended first. */
    private boolean skip(InputStream in, long n) throws IOException {
      while (n > 0) {
        if (pos == limit && !fill(in)) {
          return false;
        }
        int take = (int) Math.min(n, limit - pos);
        pos += take;
        n -= take;
      }
      return true;
    }

    /** Discards a chunked body and its trailers; {@code false} if it is too long to be worth reading. */
    private boolean drainChunked(InputStream in) throws IOException {
      long total = 0;
      while (true) {
        String sizeLine = readLine(in);
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
        long size;
        try {
          size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("malformed chunk size");
        }
        if (size < 0) {
          throw new IOException("malformed chunk size");
        }
        if (size == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          return true;
        }
        total += size;
        if (total > MAX_DRAIN) {
          return false;
        }
        if (!skip(in, size)) {
          throw new IOException("connection closed in the middle of the HTTP answer");
        }
        readLine(in); // CRLF after the chunk
      }
    }

    private static void closeQuietly(Socket s) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }
  }

  /** A kept-alive connection was closed by the server before it answered: the request can be sent again. */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException() {
      super("connection closed by the server before it answered");
    }

    StaleConnectionException(IOException cause) {
      super("connection closed by the server before it answered", cause);
    }
  }

  private final class SendTask implements Runnable {
    private final Binding binding;
    private final byte[] body;
    private final int spanCount;
    private final CompletableResultCode result;

    SendTask(Binding binding, byte[] body, int spanCount, CompletableResultCode result) {
      this.binding = binding;
      this.body = body;
      this.spanCount = spanCount;
      this.result = result;
    }

    @Override
    public void run() {
      send(binding, body, spanCount, result);
    }
  }

  /** The one sending thread; closes the kept connection when it terminates after {@link #shutdown()}. */
  private static final class SenderExecutor extends ThreadPoolExecutor {
    private final PlainHttpClient client;

    SenderExecutor(PlainHttpClient client) {
      super(1, 1, 0L, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<Runnable>(MAX_PENDING_BATCHES),
          new DaemonThreadFactory(), new ThreadPoolExecutor.AbortPolicy());
      this.client = client;
    }

    @Override
    protected void terminated() {
      client.close();
    }
  }

  private static final class DaemonThreadFactory implements ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    }
  }
}
