package dev.fctracing.internal.sdk;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deferred export's flush off the request path: while other invocations keep the instance busy (FC does not freeze
 * it then, so a thread of ours runs), or when many spans wait, the queue is exported on a daemon thread ({@value
 * #THREAD_NAME}) instead of waiting for {@code preFreeze}. Requests coalesce: at most one flush runs and one waits.
 * The flush is the invocation-scoped processor's, so it shares batches with {@code preFreeze} and never exports a span
 * twice.
 */
final class BackgroundFlush {

    static final String THREAD_NAME = "fc-tracing-background-flush";

    private final TracingRuntime runtime;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile ThreadPoolExecutor executor;

    BackgroundFlush(TracingRuntime runtime) {
        this.runtime = runtime;
    }

    /** Asks for a flush soon; returns at once. */
    void request() {
        if (!requested.compareAndSet(false, true)) {
            return; // one is already waiting: it will take these spans too
        }
        try {
            executor().execute(new Run());
        } catch (RejectedExecutionException shutDown) {
            requested.set(false);
        }
    }

    void shutdown() {
        ThreadPoolExecutor ex;
        synchronized (this) {
            ex = executor;
            executor = null;
        }
        if (ex != null) {
            ex.shutdown();
        }
    }

    private ThreadPoolExecutor executor() {
        ThreadPoolExecutor ex = executor;
        if (ex != null) {
            return ex;
        }
        synchronized (this) {
            if (executor == null) {
                executor = new ThreadPoolExecutor(
                        1,
                        1,
                        0L,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<Runnable>(1),
                        new Daemon(),
                        new ThreadPoolExecutor.DiscardPolicy());
            }
            return executor;
        }
    }

    private final class Run implements Runnable {
        @Override
        public void run() {
            requested.set(false);
            runtime.flush(runtime.config().flushTimeoutNanos());
        }
    }

    private static final class Daemon implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        }
    }
}
