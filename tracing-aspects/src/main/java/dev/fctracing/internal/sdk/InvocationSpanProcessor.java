package dev.fctracing.internal.sdk;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.RouteExporter;
import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A span processor for a platform that freezes the process between invocations: ended spans wait in a bounded
 * lock-free queue, and {@link #flush(long)} — called at the end of every invocation — exports them on the calling
 * thread's time, one drain at a time, within a deadline.
 *
 * <p>The guarantee {@code BatchSpanProcessor.forceFlush()} does not give: when {@code flush} returns {@code true},
 * every span that was ended (on any thread) before {@code flush} was called has been accepted by the exporter.
 *
 * <p>How: one caller at a time <em>drains</em>. Drains are numbered; a drain waits for any export a previous one left
 * in flight, then exports every span queued when it began, and waits for those exports. A caller first looks whether
 * a drain that began after it arrived has finished — its spans were in that drain, so it returns that drain's
 * outcome at once; otherwise, if nobody is draining, it drains itself; otherwise it waits for the running drain to
 * end and looks again. Concurrent invocations therefore share batches (group commit): however many run at once, a
 * caller waits for at most the drain running when it arrived and the next one, never for a queue of other callers'
 * exports.
 *
 * <p>No background thread: nothing runs while FC has the instance frozen.
 */
public final class InvocationSpanProcessor implements SpanProcessor {

    private final RouteExporter exporter;
    private final SpanRoutes routes = new SpanRoutes();
    private final int maxQueueSize;
    private final long maxQueuedBytes;
    private final int maxExportBatchSize;
    private final long defaultTimeoutNanos;

    /** Ended spans: a {@link SpanData} of the first route, or a {@link RoutedSpan}. */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

    private final AtomicInteger queued = new AtomicInteger();
    /** Estimated bytes ({@link SpanSize}) of the spans in {@link #queue}. */
    private final AtomicLong queuedBytes = new AtomicLong();

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong exportFailures = new AtomicLong();

    /** Guards the drain bookkeeping below; held only briefly, never while exporting. */
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Signalled whenever a drain ends, finished or not. */
    private final Condition drainEnded = stateLock.newCondition();
    /** Whether a caller is draining; guarded by {@link #stateLock}. */
    private boolean draining;
    /**
     * Drains begun so far; a drain's number is the value after its increment. A drain numbered above what a caller read
     * when it arrived began after that caller's spans were queued.
     */
    private final AtomicLong drainsBegun = new AtomicLong();
    /** Number of the last drain that exported everything it took within its budget; guarded by {@link #stateLock}. */
    private long lastFinishedDrain;
    /** Whether the exporter accepted all of {@link #lastFinishedDrain}; guarded by {@link #stateLock}. */
    private boolean lastFinishedDrainSucceeded;
    /** The last export handed to the exporter; used only by the draining caller (handed over through the lock). */
    private CompletableResultCode inFlight = CompletableResultCode.ofSuccess();
    /** Dropped count already reported in a log line. */
    private final AtomicLong droppedReported = new AtomicLong();

    private volatile boolean shutDown;

    /**
     * @param exporter receives the spans, one call per route; its {@code export} must not block on the network (the
     *     result is waited on with the remaining budget)
     * @param maxQueueSize spans held between flushes
     * @param maxQueuedBytes estimated bytes of spans held between flushes ({@link SpanSize})
     * @param maxExportBatchSize spans per {@code export} call
     * @param defaultTimeoutNanos budget for {@link #forceFlush()} and {@link #shutdown()}
     */
    public InvocationSpanProcessor(
            RouteExporter exporter,
            int maxQueueSize,
            long maxQueuedBytes,
            int maxExportBatchSize,
            long defaultTimeoutNanos) {
        this.exporter = exporter;
        this.maxQueueSize = maxQueueSize;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxExportBatchSize = maxExportBatchSize;
        this.defaultTimeoutNanos = defaultTimeoutNanos;
    }

    /**
     * An invocation was bound to {@code route}: its spans, and spans started outside invocations from now on, go there.
     * Call before the invocation starts any span.
     */
    public void bind(Route route) {
        routes.bound(route);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        routes.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    /**
     * Queues the span's data (taken now, so that the span object and what it references can go), unless the queue
     * holds {@code maxQueueSize} spans or {@code maxQueuedBytes} already: then it is dropped and counted.
     */
    @Override
    public void onEnd(ReadableSpan span) {
        if (shutDown || !span.getSpanContext().isSampled()) {
            return;
        }
        SpanData data = span.toSpanData();
        long bytes = SpanSize.estimate(data);
        if (queued.incrementAndGet() > maxQueueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-bytes);
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        Route route = routes.onEnd(span);
        queue.offer(route == null ? data : new RoutedSpan(data, route));
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /**
     * Exports every span ended before this call, waiting at most {@code timeoutNanos} in all (for a running drain, for
     * an export already in flight, and for its own exports).
     *
     * @return {@code true} if all of them were accepted by the exporter in time
     */
    public boolean flush(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        // A read-modify-write, not a plain read: the drain that next increments the counter then happens-after this
        // point, so it sees every span this thread queued before calling flush.
        long arrival = drainsBegun.getAndAdd(0);
        try {
            long drain;
            stateLock.lock();
            try {
                while (true) {
                    if (lastFinishedDrain > arrival) {
                        return lastFinishedDrainSucceeded; // a drain that began after this caller arrived took its
                        // spans
                    }
                    if (!draining) {
                        break;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    drainEnded.awaitNanos(remaining);
                }
                draining = true;
                drain = drainsBegun.incrementAndGet();
            } finally {
                stateLock.unlock();
            }
            int outcome = NOT_FINISHED;
            try {
                outcome = drain(deadline);
            } finally {
                stateLock.lock();
                try {
                    draining = false;
                    if (outcome != NOT_FINISHED) {
                        lastFinishedDrain = drain;
                        lastFinishedDrainSucceeded = outcome == ALL_ACCEPTED;
                    }
                    drainEnded.signalAll();
                } finally {
                    stateLock.unlock();
                }
            }
            return outcome == ALL_ACCEPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            reportDropped();
        }
    }

    private static final int NOT_FINISHED = 0;
    private static final int ALL_ACCEPTED = 1;
    private static final int SOME_FAILED = 2;

    /**
     * Waits for the export left in flight, then exports every span queued now, in batches. Only the draining caller
     * runs this.
     */
    private int drain(long deadline) {
        if (!await(inFlight, deadline)) {
            return NOT_FINISHED;
        }
        // Spans queued later belong to callers that will look for a later drain: leaving them bounds this drain.
        int toTake = queued.get();
        boolean allAccepted = true;
        while (toTake > 0) {
            List<Object> batch = take(Math.min(toTake, maxExportBatchSize));
            if (batch.isEmpty()) {
                break;
            }
            toTake -= batch.size();
            CompletableResultCode result = export(batch);
            inFlight = result;
            boolean done = await(result, deadline);
            if (!done || !result.isSuccess()) {
                exportFailures.incrementAndGet();
            }
            if (!done) {
                return NOT_FINISHED;
            }
            allAccepted &= result.isSuccess();
        }
        return allAccepted ? ALL_ACCEPTED : SOME_FAILED;
    }

    /** Spans dropped because the queue was full (in count or in bytes), since the instance started. */
    public long droppedSpans() {
        return dropped.get();
    }

    /** Export calls that failed or did not finish within their budget, since the instance started. */
    public long failedExports() {
        return exportFailures.get();
    }

    /** Spans waiting for the next flush. */
    public int queuedSpans() {
        return queued.get();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return flush(defaultTimeoutNanos) ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode shutdown() {
        if (shutDown) {
            return CompletableResultCode.ofSuccess();
        }
        boolean flushed = flush(defaultTimeoutNanos);
        shutDown = true;
        CompletableResultCode exporterDone;
        try {
            exporterDone = exporter.shutdown();
        } catch (RuntimeException e) {
            InternalLog.warn(
                    "span exporter failed to shut down: " + e.getClass().getName());
            exporterDone = CompletableResultCode.ofFailure();
        }
        exporterDone.join(defaultTimeoutNanos, TimeUnit.NANOSECONDS);
        return flushed && exporterDone.isSuccess()
                ? CompletableResultCode.ofSuccess()
                : CompletableResultCode.ofFailure();
    }

    private List<Object> take(int max) {
        List<Object> batch = new ArrayList<>(max);
        Object span;
        while (batch.size() < max && (span = queue.poll()) != null) {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-SpanSize.estimate(RoutedSpan.dataOf(span)));
            batch.add(span);
        }
        return batch;
    }

    /** Hands the batch to the exporter, one call per route (all of them before waiting for any). */
    private CompletableResultCode export(List<Object> batch) {
        Map<Route, List<SpanData>> groups = RoutedSpan.byRoute(batch, routes.first());
        if (groups.size() == 1) {
            Map.Entry<Route, List<SpanData>> only = groups.entrySet().iterator().next();
            return exportSafely(only.getValue(), only.getKey());
        }
        List<CompletableResultCode> results = new ArrayList<>(groups.size());
        for (Map.Entry<Route, List<SpanData>> group : groups.entrySet()) {
            results.add(exportSafely(group.getValue(), group.getKey()));
        }
        return CompletableResultCode.ofAll(results);
    }

    private CompletableResultCode exportSafely(List<SpanData> batch, Route route) {
        try {
            CompletableResultCode result = exporter.export(batch, route);
            return result != null ? result : CompletableResultCode.ofFailure();
        } catch (RuntimeException e) {
            ThrottledLog.warn(
                    "exporter threw",
                    "span exporter threw " + e.getClass().getName() + "; " + batch.size() + " spans lost");
            return CompletableResultCode.ofFailure();
        }
    }

    /** Waits for {@code result} until {@code deadline}; {@code true} if it completed (either way). */
    private static boolean await(CompletableResultCode result, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (!result.isDone() && remaining > 0) {
            result.join(remaining, TimeUnit.NANOSECONDS);
        }
        return result.isDone();
    }

    private void reportDropped() {
        long total = dropped.get();
        long reported = droppedReported.get();
        if (total != reported && droppedReported.compareAndSet(reported, total)) {
            ThrottledLog.warn(
                    "spans dropped",
                    (total - reported)
                            + " spans dropped: more than "
                            + maxQueueSize
                            + " spans or about "
                            + (maxQueuedBytes >> 10)
                            + " KiB of spans waited for one flush (raise OTEL_BSP_MAX_QUEUE_SIZE or FCTRACING_MAX_PENDING_BYTES)");
        }
    }
}
