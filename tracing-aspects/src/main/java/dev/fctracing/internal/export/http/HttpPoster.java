package dev.fctracing.internal.export.http;

import dev.fctracing.internal.log.EndpointMasking;
import dev.fctracing.internal.log.LogSecrets;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * POSTs export requests to collectors, off the caller's thread, for one exporter (Jaeger, OTLP): the JDK's
 * {@code HttpURLConnection}, no redirects followed (a 3xx is a failure: nothing and no header ever reaches another
 * host), fixed-length streaming (never re-sent by the JDK), no retries (the flush budget leaves no room).
 *
 * <p>Requests run on one lazily started daemon thread with at most {@value #MAX_PENDING_REQUESTS} waiting; beyond
 * that a request fails at once and is counted ({@link #droppedRequests()}). Each ends within its connect plus read
 * timeouts: a watchdog thread closes the connection of a request still running then, which also ends a write the peer
 * never reads and an answer that never ends. The status alone decides success; at most {@value #MAX_DRAINED_BYTES}
 * bytes of the answer are read (to reuse the connection), never waited on.
 *
 * <p>Failures are logged at most once per kind per minute ({@link ThrottledLog}), with the endpoint masked and
 * exception messages scrubbed: the endpoint's path and the headers may carry credentials. Before its first request
 * the JDK's own HTTP logger gets a {@link SecretLogFilter}.
 */
public final class HttpPoster {

    /** Requests that may wait for the sending thread; one more may be in flight. */
    public static final int MAX_PENDING_REQUESTS = 16;
    /** Answer bytes read so that the connection can be reused; past this the connection is closed instead. */
    static final int MAX_DRAINED_BYTES = AnswerDrain.MAX_BYTES;

    static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String label;
    private final String threadName;
    private final int timeoutMillis;
    private final LongSupplier nanoClock;
    private final ThrottledLog failureLog;
    private final AtomicLong dropped = new AtomicLong();
    /** Requests accepted and not finished, for {@link #flush()}. */
    private final Set<CompletableResultCode> inFlight = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    private volatile boolean shutdown;
    private volatile long shutdownDeadlineNanos;
    private volatile ThreadPoolExecutor executor;
    private volatile ScheduledThreadPoolExecutor watchdog;

    /**
     * @param label names the collector in log lines ({@code "Jaeger"}, {@code "OTLP"})
     * @param threadName the sending thread's name; the watchdog's is this plus {@code -watchdog}
     * @param timeoutMillis connect and read timeout, each; also the grace period of {@link #shutdown()}
     * @param nanoClock for log rate limiting and the shutdown deadline (tests drive it)
     */
    public HttpPoster(String label, String threadName, long timeoutMillis, LongSupplier nanoClock) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        this.label = label;
        this.threadName = threadName;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
        this.nanoClock = nanoClock;
        this.failureLog = new ThrottledLog(nanoClock, LOG_WINDOW_NANOS);
    }

    /** Queues {@code request}; never blocks on the network, never throws. */
    public HttpOutcome post(HttpRequest request) {
        HttpOutcome outcome = new HttpOutcome();
        if (shutdown) {
            outcome.failure = "the exporter is shut down";
            outcome.done.fail();
            return outcome;
        }
        inFlight.add(outcome.done);
        try {
            executor().execute(new Send(request, outcome));
        } catch (RejectedExecutionException e) {
            inFlight.remove(outcome.done);
            if (!shutdown) {
                dropped.incrementAndGet();
                fail(
                        outcome,
                        request,
                        "queue full",
                        "not reached: " + MAX_PENDING_REQUESTS + " requests are already waiting to be sent (dropped)");
            } else {
                outcome.failure = "the exporter is shut down";
                outcome.done.fail();
            }
            return outcome;
        }
        outcome.done.whenComplete(new Forget(inFlight, outcome.done));
        return outcome;
    }

    /**
     * Has the sending thread get ready for requests to {@code target} (then run {@code alsoOnThread}): resolves the
     * host and loads the HTTP client's classes, so that the first request pays for none of it. Opens no connection.
     */
    public void prepare(URL target, Runnable alsoOnThread) {
        try {
            executor().execute(new Prepare(target, alsoOnThread));
        } catch (RejectedExecutionException e) {
            // shut down, or the queue is full: the request will do the same work
        }
    }

    /** Whether the sending thread has ended after {@link #shutdown()} (or never started). */
    public boolean stopped() {
        ThreadPoolExecutor ex = executor;
        return ex == null ? shutdown : ex.isTerminated();
    }

    /** Requests failed at once because {@value #MAX_PENDING_REQUESTS} were already waiting. */
    public long droppedRequests() {
        return dropped.get();
    }

    /** Completes when every request accepted so far is over (fails if any of them failed). */
    public CompletableResultCode flush() {
        List<CompletableResultCode> pending = new ArrayList<>(inFlight);
        return pending.isEmpty() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofAll(pending);
    }

    /**
     * Stops taking requests; queued ones are still sent during the timeout, then fail unsent. The sending thread ends
     * once its queue is empty. Does not block: the result completes when the last queued request is over.
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
                        new ScheduledThreadPoolExecutor(1, new DaemonThreads(threadName + "-watchdog"));
                dog.setRemoveOnCancelPolicy(true);
                watchdog = dog;
                executor =
                        new ThreadPoolExecutor(
                                1,
                                1,
                                0L,
                                TimeUnit.MILLISECONDS,
                                new ArrayBlockingQueue<Runnable>(MAX_PENDING_REQUESTS),
                                new DaemonThreads(threadName),
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

    /** Runs on the sending thread; completes the outcome whatever happens. */
    void send(HttpRequest request, HttpOutcome outcome) {
        try {
            SendingPath.guardJdkLogging(request.target);
            if (shutdown && nanoClock.getAsLong() - shutdownDeadlineNanos > 0) {
                fail(
                        outcome,
                        request,
                        "shutdown",
                        "not reached: the exporter was shut down before the request was sent");
                return;
            }
            exchange(request, outcome);
        } finally {
            if (!outcome.done.isDone()) {
                outcome.failure = "the request ended abnormally";
                outcome.done.fail(); // an Error escaped: the caller must still see the request fail
            }
        }
    }

    private void exchange(HttpRequest request, HttpOutcome outcome) {
        HttpURLConnection conn = null;
        Watch watch = null;
        try {
            conn = (HttpURLConnection) request.target.openConnection();
            watch = watch(conn);
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setUseCaches(false);
            conn.setInstanceFollowRedirects(false);
            conn.setConnectTimeout(timeoutMillis);
            conn.setReadTimeout(timeoutMillis);
            for (Map.Entry<String, List<String>> header : request.headers.entrySet()) {
                for (String value : header.getValue()) {
                    conn.addRequestProperty(header.getKey(), value);
                }
            }
            conn.setRequestProperty("Content-Type", request.contentType);
            conn.setFixedLengthStreamingMode(request.length);
            OutputStream out = conn.getOutputStream();
            try {
                out.write(request.body, 0, request.length);
            } finally {
                out.close();
            }
            if (watch != null && watch.expired()) {
                // The watchdog closed the connection under a blocked write (which then returns quietly): do not let
                // getResponseCode() open a new one.
                throw new IOException("abandoned");
            }
            int code = conn.getResponseCode();
            String message = conn.getResponseMessage();
            outcome.status = code;
            outcome.statusMessage = message == null ? "" : message;
            AnswerDrain.drainOrClose(conn, code);
            if (code >= 200 && code < 300) {
                outcome.done.succeed();
            } else {
                String redirect = code >= 300 && code < 400 ? ", a redirect: not followed" : "";
                fail(outcome, request, "HTTP " + code, "answered HTTP " + code + redirect);
            }
        } catch (SocketTimeoutException e) {
            AnswerDrain.drainQuietly(conn);
            fail(
                    outcome,
                    request,
                    "timeout",
                    "timed out after " + timeoutMillis + " ms (" + describe(e, request) + ")");
        } catch (IOException | RuntimeException e) {
            if (watch != null && watch.expired()) {
                fail(
                        outcome,
                        request,
                        "timeout",
                        "timed out: the request was abandoned after " + 2L * timeoutMillis + " ms");
            } else {
                AnswerDrain.drainQuietly(conn);
                fail(outcome, request, e.getClass().getName(), "failed: " + describe(e, request));
            }
        } finally {
            if (watch != null) {
                watch.finish();
            }
        }
    }

    /** Closes {@code conn} if its request still runs after its connect plus read timeouts. Null after shutdown. */
    private Watch watch(HttpURLConnection conn) {
        ScheduledThreadPoolExecutor dog = watchdog;
        if (dog == null) {
            return null;
        }
        Watch watch = new Watch(conn);
        try {
            watch.task = dog.schedule(watch, 2L * timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shut down: connect and read timeouts still apply
        }
        return watch;
    }

    private static String describe(Throwable e, HttpRequest request) {
        String message = LogSecrets.scrub(EndpointMasking.scrub(e.getMessage(), request.target.toString()));
        return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
    }

    private void fail(HttpOutcome outcome, HttpRequest request, String failureClass, String what) {
        String line = "fc-tracing: " + (request.spanCount >= 0 ? request.spanCount + " span(s)" : "spans") + " lost: "
                + label + " endpoint " + request.masked + " " + what;
        outcome.failure = line;
        failureLog.log(failureClass, line);
        outcome.done.fail();
    }

    // Small classes instead of lambdas: a cold JVM spins a class per lambda at first use, on the first invocation.

    private final class Send implements Runnable {
        private final HttpRequest request;
        private final HttpOutcome outcome;

        Send(HttpRequest request, HttpOutcome outcome) {
            this.request = request;
            this.outcome = outcome;
        }

        @Override
        public void run() {
            send(request, outcome);
        }
    }

    private static final class Prepare implements Runnable {
        private final URL target;
        private final Runnable alsoOnThread;

        Prepare(URL target, Runnable alsoOnThread) {
            this.target = target;
            this.alsoOnThread = alsoOnThread;
        }

        @Override
        public void run() {
            SendingPath.ready(target);
            if (alsoOnThread != null) {
                try {
                    alsoOnThread.run();
                } catch (RuntimeException | LinkageError ignored) {
                    // warm-up only
                }
            }
        }
    }

    /** Removes a finished request's result from the in-flight set. */
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
}
