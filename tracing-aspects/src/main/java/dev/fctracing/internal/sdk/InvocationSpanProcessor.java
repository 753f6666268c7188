package dev.fctracing.internal.sdk;

import dev.fctracing.internal.InternalLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A span processor for a platform that freezes the process between invocations: ended spans wait in a bounded
 * lock-free queue, and {@link #flush(long)} — called at the end of every invocation — exports them on the calling
 * thread's time, under one lock, within a deadline.
 *
 * <p>The guarantee {@code BatchSpanProcessor.forceFlush()} does not give: when {@code flush} returns {@code true},
 * every span that was ended (on any thread) before {@code flush} was called has been accepted by the exporter. A
 * caller takes the lock, waits for any export a previous caller left in flight, then drains the whole queue — which
 * holds its own spans, since they were queued before it called — and waits for that export. Concurrent invocations
 * share batches instead of each posting their own, and an invocation whose spans left with someone else's batch
 * finds an empty queue and returns at once.
 *
 * <p>No background thread: nothing runs while FC has the instance frozen.
 */
public final class InvocationSpanProcessor implements SpanProcessor {

  private final SpanExporter exporter;
  private final int maxQueueSize;
  private final int maxExportBatchSize;
  private final long defaultTimeoutNanos;

  private final ConcurrentLinkedQueue<ReadableSpan> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong exportFailures = new AtomicLong();

  private final ReentrantLock exportLock = new ReentrantLock();
  /** The last export handed to the exporter; guarded by {@link #exportLock}. */
  private CompletableResultCode inFlight = CompletableResultCode.ofSuccess();
  /** Dropped count already reported in a log line; guarded by {@link #exportLock}. */
  private long droppedReported;

  private volatile boolean shutDown;

  /**
   * @param exporter receives the spans; its {@code export} must not block on the network (the result is waited on
   *     with the remaining budget)
   * @param maxQueueSize spans held between flushes
   * @param maxExportBatchSize spans per {@code export} call
   * @param defaultTimeoutNanos budget for {@link #forceFlush()} and {@link #shutdown()}
   */
  public InvocationSpanProcessor(
      SpanExporter exporter, int maxQueueSize, int maxExportBatchSize, long defaultTimeoutNanos) {
    this.exporter = exporter;
    this.maxQueueSize = maxQueueSize;
    this.maxExportBatchSize = maxExportBatchSize;
    this.defaultTimeoutNanos = defaultTimeoutNanos;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (shutDown || !span.getSpanContext().isSampled()) {
      return;
    }
    if (queued.incrementAndGet() > maxQueueSize) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.offer(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /**
   * Exports every span ended before this call, waiting at most {@code timeoutNanos} in all (for the lock, for an
   * export already in flight, and for its own exports).
   *
   * @return {@code true} if all of them were accepted by the exporter in time
   */
  public boolean flush(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    boolean locked;
    try {
      locked = exportLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!locked) {
      return false;
    }
    try {
      if (!await(inFlight, deadline)) {
        return false;
      }
      boolean allExported = true;
      while (queued.get() > 0) {
        List<SpanData> batch = drain();
        if (batch.isEmpty()) {
          break;
        }
        CompletableResultCode result = exportSafely(batch);
        inFlight = result;
        boolean done = await(result, deadline);
        if (!done || !result.isSuccess()) {
          exportFailures.incrementAndGet();
        }
        if (!done) {
          return false;
        }
        allExported &= result.isSuccess();
      }
      return allExported;
    } finally {
      reportDropped();
      exportLock.unlock();
    }
  }

  /** Spans dropped because the queue was full, since the instance started. */
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
      InternalLog.warn("span exporter failed to shut down: " + e.getClass().getName());
      exporterDone = CompletableResultCode.ofFailure();
    }
    exporterDone.join(defaultTimeoutNanos, TimeUnit.NANOSECONDS);
    return flushed && exporterDone.isSuccess()
        ? CompletableResultCode.ofSuccess()
        : CompletableResultCode.ofFailure();
  }

  private List<SpanData> drain() {
    List<SpanData> batch = new ArrayList<>(Math.min(queued.get(), maxExportBatchSize));
    ReadableSpan span;
    while (batch.size() < maxExportBatchSize && (span = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.add(span.toSpanData());
    }
    return batch;
  }

  private CompletableResultCode exportSafely(List<SpanData> batch) {
    try {
      CompletableResultCode result = exporter.export(batch);
      return result != null ? result : CompletableResultCode.ofFailure();
    } catch (RuntimeException e) {
      InternalLog.warn(
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
    if (total != droppedReported) {
      InternalLog.warn(
          (total - droppedReported)
              + " spans dropped: more than "
              + maxQueueSize
              + " spans waited for one flush (raise "
              + "OTEL_BSP_MAX_QUEUE_SIZE)");
      droppedReported = total;
    }
  }
}
