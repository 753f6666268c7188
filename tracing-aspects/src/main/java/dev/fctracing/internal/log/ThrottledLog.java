package dev.fctracing.internal.log;

import dev.fctracing.internal.InternalLog;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Warnings that may repeat, at most one line per cause per minute: a problem hit on every call (a value that cannot
 * be captured, an exception whose {@code getMessage()} throws) is said once, then again a minute later with the count
 * of the lines held back. A cause is a short constant naming the problem, never user data.
 *
 * <p>Thread-safe. Remembers at most {@value #MAX_CAUSES} causes; past that it forgets them all (each may log again).
 */
public final class ThrottledLog {

  /** Beyond this many distinct causes the memory is forgotten. */
  static final int MAX_CAUSES = 64;

  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** cause -> {time of the last line, lines held back since}. Guarded by itself. */
  private static final Map<String, long[]> CAUSES = new HashMap<>();

  private ThrottledLog() {}

  /**
   * Logs {@code message} as a warning unless a line of the same {@code cause} was logged less than a minute ago; the
   * line then says how many were held back since the previous one. Never throws.
   */
  public static void warn(String cause, String message) {
    try {
      long held = acquire(cause, System.nanoTime());
      if (held < 0) {
        return;
      }
      InternalLog.warn(held == 0 ? message : message + " (" + held + " more since the last report)");
    } catch (Throwable loggingFailed) {
      // A warning is best effort.
    }
  }

  /** -1 when a line of {@code cause} must not be logged at {@code now}, else the lines held back since the last one. */
  static long acquire(String cause, long now) {
    synchronized (CAUSES) {
      long[] state = CAUSES.get(cause);
      if (state == null) {
        if (CAUSES.size() >= MAX_CAUSES) {
          CAUSES.clear();
        }
        CAUSES.put(cause, new long[] {now, 0});
        return 0;
      }
      if (now - state[0] >= WINDOW_NANOS) {
        long held = state[1];
        state[0] = now;
        state[1] = 0;
        return held;
      }
      state[1]++;
      return -1;
    }
  }

  /** Tests only: every cause may log again, as in a new instance. Not API. */
  public static void resetForTesting() {
    synchronized (CAUSES) {
      CAUSES.clear();
    }
  }
}
