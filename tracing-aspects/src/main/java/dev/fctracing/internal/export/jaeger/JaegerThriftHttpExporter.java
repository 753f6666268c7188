package dev.fctracing.internal.export.jaeger;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.export.LogSecrets;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.SecretLogFilter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An exporter that POSTs spans to a Jaeger collector as Thrift over HTTP (the endpoint FC hands a function),
 * with no dependency beyond the JDK and the OpenTelemetry SDK.
 *
 * <p>{@link #export} encodes in the caller's thread and hands the bytes to one lazily started daemon thread
 * ({@value #THREAD_NAME}) with a queue of {@value #MAX_PENDING_BATCHES} pending batches; it never waits for the
 * network. The returned result succeeds on any 2xx answer and fails otherwise; the caller decides how long to
 * {@code join} it. When the queue is full a batch fails at once and counts in {@link #droppedBatches()}.
 *
 * <p>Every request ends within twice the timeout (connect plus read): a second daemon thread ({@value
 * #WATCHDOG_THREAD_NAME}) closes the connection of a request that outlives that, which also ends a write the peer
 * never reads (socket writes have no timeout) and a response body that never ends. The answer's status alone decides
 * success; at most {@value #MAX_DRAINED_BYTES} bytes of its body are read (for connection reuse), never waited on.
 *
 * <p>Nothing here throws out of {@code export}. Failures are logged through {@link InternalLog}, at most once per
 * failure class per minute, always with the endpoint masked by {@link EndpointMasking}: the endpoint's path carries
 * an auth token and is never logged in full. Before each request the endpoint is registered with {@link LogSecrets}
 * and the JDK's HTTP client logger gets a {@link SecretLogFilter}, so that its own FINE lines are masked too.
 */
public final class JaegerThriftHttpExporter {

  /** Name of the sending thread. */
  public static final String THREAD_NAME = "fc-tracing-exporter";
  /** Batches that may wait for the sending thread; one more may be in flight. */
  public static final int MAX_PENDING_BATCHES = 16;
  /** Name of the thread that aborts requests running past their deadline. */
  public static final String WATCHDOG_THREAD_NAME = "fc-tracing-exporter-watchdog";
  /** Response body bytes read so that the connection can be reused; past this the connection is closed instead. */
  static final int MAX_DRAINED_BYTES = 64 * 1024;
  static final String CONTENT_TYPE = "application/x-thrift";
  static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final long timeoutMillis;
  private final int timeoutMillisInt;
  private final LongSupplier nanoClock;
  private final FailureLogLimiter failureLog;
  private final AtomicLong droppedBatches = new AtomicLong();
  /** Results of batches accepted and not yet completed, for {@link #flush()}. */
  private final Set<CompletableResultCode> inFlight = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();

  /** The routes {@link #prepareToSend} got the sending thread ready for (a few: one per endpoint FC passed). */
  private final Set<Route> prepared = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;
  private volatile long shutdownDeadlineNanos;
  private volatile ThreadPoolExecutor executor;
  /** Created with {@link #executor}; shut down when the sending thread ends. */
  private volatile ScheduledThreadPoolExecutor watchdog;

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
   * period of {@link #shutdown()}). No thread is started until the sending thread is asked to get ready ({@link
   * #prepareToSend}) or the first batch is sent.
   */
  public static JaegerThriftHttpExporter create(long timeoutMillis) {
    return new JaegerThriftHttpExporter(timeoutMillis, SystemNanoClock.INSTANCE);
  }

  /** As {@link #create(long)}, with the clock used for log rate limiting and the shutdown deadline (tests). */
  static JaegerThriftHttpExporter create(long timeoutMillis, LongSupplier nanoClock) {
    return new JaegerThriftHttpExporter(timeoutMillis, nanoClock);
  }

  /**
   * Starts the sending thread and has it get ready for requests to {@code route} while the invocation runs: resolves
   * the host (the JDK caches the address; FC's endpoint is a host name) and loads the encoder, HTTP client and socket
   * classes (about 10 ms on a cold JVM), so that the first flush pays for none of it. Sends nothing and opens no
   * connection. Once per route, and a no-op after shutdown.
   */
  public void prepareToSend(Route route) {
    if (route == null || route == Route.NONE || prepared.contains(route) || !prepared.add(route)) {
      return;
    }
    try {
      executor().execute(new PrepareTask(route));
    } catch (RejectedExecutionException e) {
      // shut down, or the queue is full
    }
  }

  /** Number of batches failed at once because {@value #MAX_PENDING_BATCHES} were already waiting. */
  public long droppedBatches() {
    return droppedBatches.get();
  }

  /**
   * Encodes {@code spans} on the calling thread and hands the batch to the sending thread for {@code route}'s
   * endpoint; never waits for the network. {@link Route#NONE}: nothing to send, success.
   */
  public CompletableResultCode export(Collection<SpanData> spans, Route route) {
    if (shutdown) {
      return CompletableResultCode.ofFailure();
    }
    int count = spans == null ? 0 : spans.size();
    if (route == null || route == Route.NONE || count == 0) {
      return CompletableResultCode.ofSuccess();
    }
    Route b = route;
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
    result.whenComplete(new Forget(inFlight, result));
    return result;
  }

  /** Completes when every batch accepted so far has been sent (fails if any of them failed). */
  public CompletableResultCode flush() {
    List<CompletableResultCode> pending = new ArrayList<>(inFlight);
    return pending.isEmpty() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofAll(pending);
  }

  /**
   * Stops accepting batches and lets the queued ones be sent for up to the timeout; a batch that has not started by
   * then fails unsent. The sending thread ends once the queue is empty. Does not block: the result completes when the
   * last queued batch is done.
   */
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
    return "JaegerThriftHttpExporter{routes=" + prepared + "}";
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
        final ScheduledThreadPoolExecutor dog =
            new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory(WATCHDOG_THREAD_NAME));
        dog.setRemoveOnCancelPolicy(true);
        watchdog = dog;
        executor = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<Runnable>(MAX_PENDING_BATCHES), new DaemonThreadFactory(THREAD_NAME),
            new ThreadPoolExecutor.AbortPolicy()) {
          @Override
          protected void terminated() {
            dog.shutdownNow();
          }
        };
      }
      return executor;
    }
  }

  /** Runs on the sending thread: see {@link #prepareToSend}. Never throws; the real request reports what it hits. */
  static void readySendingPath(Route b) {
    guardJdkLogging(b);
    JaegerThriftEncoder.encode(null); // an empty batch: loads the encoder for the flush
    try {
      InetAddress.getByName(b.target().getHost());
    } catch (IOException | RuntimeException e) {
      // the request reports an unknown host
    }
    try {
      HttpURLConnection conn = (HttpURLConnection) b.target().openConnection();
      conn.setRequestMethod("POST");
      conn.setDoOutput(true);
      conn.setFixedLengthStreamingMode(0);
      conn.setRequestProperty("Content-Type", CONTENT_TYPE);
      ProxySelector selector = ProxySelector.getDefault();
      if (selector != null) {
        selector.select(b.target().toURI());
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
   * Before the JDK's HTTP client can log a request to {@code b} (it logs the path at FINE): registers the endpoint as
   * a secret and filters that logger. On the sending thread, so that the first invocation does not wait for it
   * (about a millisecond on a cold JVM); a few nanoseconds once done.
   */
  private static void guardJdkLogging(Route b) {
    LogSecrets.addEndpoint(b.url());
    SecretLogFilter.protect(SecretLogFilter.JDK_HTTP_LOGGER);
  }

  /** Runs on the sending thread; completes {@code result} whatever happens. */
  void send(Route b, byte[] body, int spanCount, CompletableResultCode result) {
    try {
      guardJdkLogging(b);
      if (shutdown && nanoClock.getAsLong() - shutdownDeadlineNanos > 0) {
        logFailure("shutdown", b, spanCount, "not reached: the exporter was shut down before the batch was sent");
        result.fail();
        return;
      }
      HttpURLConnection conn = null;
      Deadline deadline = null;
      try {
        conn = (HttpURLConnection) b.target().openConnection();
        deadline = watch(conn);
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
        if (deadline != null && deadline.expired()) {
          // The watchdog closed the connection under a blocked write (which then returns quietly): do not let
          // getResponseCode() open a new one.
          throw new IOException("abandoned");
        }
        int code = conn.getResponseCode();
        if (code >= 200 && code < 300) {
          result.succeed();
        } else {
          logFailure("HTTP " + code, b, spanCount, "answered HTTP " + code);
          result.fail();
        }
        drainOrClose(conn, code);
      } catch (SocketTimeoutException e) {
        logFailure("timeout", b, spanCount, "timed out after " + timeoutMillis + " ms (" + describe(e, b) + ")");
        drainQuietly(conn);
        result.fail();
      } catch (IOException e) {
        if (deadline != null && deadline.expired()) {
          logFailure("timeout", b, spanCount, "timed out: the request was abandoned after " + 2 * timeoutMillis
              + " ms");
        } else {
          logFailure("IOException " + e.getClass().getName(), b, spanCount, "failed: " + describe(e, b));
          drainQuietly(conn);
        }
        result.fail();
      } catch (RuntimeException e) {
        logFailure("RuntimeException " + e.getClass().getName(), b, spanCount, "failed: " + describe(e, b));
        result.fail();
      } finally {
        if (deadline != null) {
          deadline.finish();
        }
      }
    } finally {
      if (!result.isDone()) {
        result.fail(); // an Error escaped: the caller must still see the batch fail
      }
    }
  }

  /**
   * Arms the watchdog: {@code conn} is closed if its request is not finished within twice the timeout (its connect
   * plus its read budget). Null when no watchdog runs (after shutdown): connect and read timeouts still apply.
   */
  private Deadline watch(HttpURLConnection conn) {
    ScheduledThreadPoolExecutor dog = watchdog;
    if (dog == null) {
      return null;
    }
    Deadline deadline = new Deadline(conn);
    try {
      deadline.task = dog.schedule(deadline, 2 * timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
    return deadline;
  }

  /**
   * After the answer's status was read: reads and discards at most {@value #MAX_DRAINED_BYTES} bytes of its body so
   * the keep-alive connection can be reused, and closes the connection instead when the body is longer. The body
   * never affects the result; failures here are not reported (the batch's outcome is already decided).
   */
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

  /** Reads and discards a response body so the keep-alive connection can be reused. */
  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try {
      byte[] buf = new byte[512];
      long total = 0;
      int n;
      while (total <= MAX_DRAINED_BYTES && (n = in.read(buf)) >= 0) {
        total += n;
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

  private static String describe(Throwable e, Route b) {
    String message = EndpointMasking.scrub(e.getMessage(), b.url());
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  private void logFailure(String failureClass, Route b, int spanCount, String what) {
    long suppressed = failureLog.tryAcquire(failureClass);
    if (suppressed < 0) {
      return;
    }
    StringBuilder line = new StringBuilder(160)
        .append("fc-tracing: ").append(spanCount).append(" span(s) lost: Jaeger endpoint ").append(b.masked())
        .append(' ').append(what);
    if (suppressed > 0) {
      line.append(" (").append(suppressed).append(" more such failure(s) since the last report)");
    }
    InternalLog.warn(line.toString());
  }

  // The small classes below stand in for a lambda and a method reference: a cold JVM spins a class per lambda at
  // first use (about a millisecond each), on the first invocation's path.

  /** {@code System::nanoTime}. */
  private static final class SystemNanoClock implements LongSupplier {
    static final SystemNanoClock INSTANCE = new SystemNanoClock();

    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }

  /** Removes a completed batch's result from the in-flight set. */
  private static final class Forget implements Runnable {
    private final Set<CompletableResultCode> inFlight;
    private final CompletableResultCode result;

    Forget(Set<CompletableResultCode> inFlight, CompletableResultCode result) {
      this.inFlight = inFlight;
      this.result = result;
    }

    @Override
    public void run() {
      inFlight.remove(result);
    }
  }

  private static final class PrepareTask implements Runnable {
    private final Route binding;

    PrepareTask(Route binding) {
      this.binding = binding;
    }

    @Override
    public void run() {
      readySendingPath(binding);
    }
  }

  private final class SendTask implements Runnable {
    private final Route binding;
    private final byte[] body;
    private final int spanCount;
    private final CompletableResultCode result;

    SendTask(Route binding, byte[] body, int spanCount, CompletableResultCode result) {
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

  /**
   * The watchdog's task for one request: closes its connection if the request is still running when it fires. The
   * sending thread calls {@link #finish} when the request is over, after which the task does nothing.
   */
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
        conn.disconnect(); // a blocked connect, write or read on the sending thread now fails
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
