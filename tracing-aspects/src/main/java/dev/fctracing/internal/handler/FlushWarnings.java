package dev.fctracing.internal.handler;

import dev.fctracing.internal.InternalLog;
import dev.fctracing.internal.sdk.TracingRuntime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Says, at most once a minute, that an invocation returned before all of its spans were exported. */
final class FlushWarnings {

  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

  private FlushWarnings() {}

  static void exportIncomplete(TracingRuntime runtime) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      InternalLog.warn(
          "spans of an invocation were not all exported within "
              + TimeUnit.NANOSECONDS.toMillis(runtime.config().flushTimeoutNanos())
              + " ms (FCTRACING_FLUSH_TIMEOUT_MS); the function was not delayed further. Failed or late exports so"
              + " far: "
              + runtime.processor().failedExports()
              + ", spans dropped: "
              + runtime.processor().droppedSpans());
    }
  }
}
