package dev.fctracing.internal.export.jaeger;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate-limits export failure log lines: at most one line per failure class (for example {@code "HTTP 500"} or
 * {@code "timeout"}) per window, counting the lines it held back so the next one can say how many. The clock is a
 * nanosecond {@link LongSupplier} so that tests can drive it. Thread-safe.
 */
public final class FailureLogLimiter {

  /** Beyond this many distinct classes the memory is forgotten (and each class may log again). */
  static final int MAX_CLASSES = 64;

  private final LongSupplier nanoClock;
  private final long windowNanos;
  /** class -> {time of the last logged line, lines suppressed since}. */
  private final Map<String, long[]> state = new HashMap<>();

  /** At most one line per failure class per {@code windowNanos} of {@code nanoClock}. */
  public FailureLogLimiter(LongSupplier nanoClock, long windowNanos) {
    this.nanoClock = nanoClock;
    this.windowNanos = windowNanos;
  }

  /**
   * Whether a failure of {@code failureClass} may be logged now: -1 when it must not be, otherwise the number of
   * failures of that class that were not logged since its previous line (0 for the first).
   */
  public synchronized long tryAcquire(String failureClass) {
    long now = nanoClock.getAsLong();
    long[] s = state.get(failureClass);
    if (s == null) {
      if (state.size() >= MAX_CLASSES) {
        state.clear();
      }
      state.put(failureClass, new long[] {now, 0});
      return 0;
    }
    if (now - s[0] >= windowNanos) {
      long suppressed = s[1];
      s[0] = now;
      s[1] = 0;
      return suppressed;
    }
    s[1]++;
    return -1;
  }
}
