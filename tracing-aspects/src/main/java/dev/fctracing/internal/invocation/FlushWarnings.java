package dev.fctracing.internal.invocation;

import dev.fctracing.internal.log.InternalLog;
import dev.fctracing.internal.sdk.InvocationSpanProcessor;
import dev.fctracing.internal.sdk.TracingRuntime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Says, at most once a minute, that an invocation returned before all of its spans were exported. */
final class FlushWarnings {

  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

  private FlushWarnings() {}

  /** Tests only: the next incomplete flush is reported again. */
  static void resetForTesting() {
    lastWarning.set(System.nanoTime() - INTERVAL_NANOS);
  }

  static void exportIncomplete(TracingRuntime runtime) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      InvocationSpanProcessor processor = runtime.processor(); // null with the function's own OpenTelemetry
      InternalLog.warn(
          "spans of an invocation were not all exported within "
              + TimeUnit.NANOSECONDS.toMillis(runtime.config().flushTimeoutNanos())
              + " ms (FCTRACING_FLUSH_TIMEOUT_MS); the function was not delayed further"
              + (processor == null
                  ? ""
                  : ". Failed or late exports so far: " + processor.failedExports()
                      + ", spans dropped: " + processor.droppedSpans()));
    }
  }
}
