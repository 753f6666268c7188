package dev.fctracing.internal.log;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Warnings that may repeat, at most one line per cause per window (a minute): a problem hit on every call or every
 * export (a value that cannot be captured, a collector that is down) is said once, then again a window later with the
 * count of lines held back. A cause is a short constant naming the problem, never user data or a secret.
 *
 * <p>The toolkit's general warnings go through {@link #warn(String, String)}, to the log the instance state installed
 * ({@code TracingInstance}); each exporter has one of its own ({@link #ThrottledLog(LongSupplier, long)}, whose clock tests drive). Thread-safe. Remembers at most {@value
 * #MAX_CAUSES} causes; past that it forgets them all (each may log again).
 */
public final class ThrottledLog {

    /** Beyond this many distinct causes the memory is forgotten. */
    static final int MAX_CAUSES = 64;

    /** {@code System::nanoTime}, as a class: a cold JVM spins a class per lambda at first use. */
    public static final LongSupplier SYSTEM_CLOCK = new NanoTime();

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static volatile ThrottledLog general = newGeneral();

    private final LongSupplier nanoClock;
    private final long windowNanos;
    /** cause -> {time of the last line, lines held back since}. Guarded by itself. */
    private final Map<String, long[]> causes = new HashMap<>();

    /** A log of its own: one line per cause per {@code windowNanos} of {@code nanoClock}. */
    public ThrottledLog(LongSupplier nanoClock, long windowNanos) {
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
    }

    private static ThrottledLog newGeneral() {
        return new ThrottledLog(SYSTEM_CLOCK, MINUTE_NANOS);
    }

    /** The toolkit's general warnings: see {@link #log}. Never throws. */
    public static void warn(String cause, String message) {
        general.log(cause, message);
    }

    /** As {@link #warn}, at level INFO: something the user may want to know, not a fault. Never throws. */
    public static void info(String cause, String message) {
        general.log(cause, message, false);
    }

    /** Makes {@code log} the one the general warnings go to: each FC instance state has its own. */
    public static void install(ThrottledLog log) {
        general = log;
    }

    /**
     * Logs {@code message} as a warning unless a line of the same {@code cause} was logged less than a window ago; the
     * line then says how many were held back since the previous one. Never throws.
     */
    public void log(String cause, String message) {
        log(cause, message, true);
    }

    private void log(String cause, String message, boolean warning) {
        try {
            long held = acquire(cause);
            if (held >= 0) {
                String line = held == 0 ? message : message + " (" + held + " more such since the last report)";
                if (warning) {
                    InternalLog.warn(line);
                } else {
                    InternalLog.info(line);
                }
            }
        } catch (Throwable loggingFailed) {
            // A warning is best effort.
        }
    }

    /**
     * -1 when a line of {@code cause} must not be logged now, else the number of lines held back since its last one (0
     * for the first).
     */
    long acquire(String cause) {
        long now = nanoClock.getAsLong();
        synchronized (causes) {
            long[] state = causes.get(cause);
            if (state == null) {
                if (causes.size() >= MAX_CAUSES) {
                    causes.clear();
                }
                causes.put(cause, new long[] {now, 0});
                return 0;
            }
            if (now - state[0] >= windowNanos) {
                long held = state[1];
                state[0] = now;
                state[1] = 0;
                return held;
            }
            state[1]++;
            return -1;
        }
    }

    private static final class NanoTime implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    }
}
