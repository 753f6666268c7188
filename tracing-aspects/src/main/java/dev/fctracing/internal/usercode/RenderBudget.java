package dev.fctracing.internal.usercode;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long one invocation may wait, in all, for exception classes that render through their own code
 * ({@link ThrowableRenderer}); {@value #PER_INVOCATION_MILLIS} ms. Shared by the invocation's threads.
 */
public final class RenderBudget {

    static final long PER_INVOCATION_MILLIS = 100;

    private final AtomicLong remainingNanos;

    RenderBudget(long nanos) {
        this.remainingNanos = new AtomicLong(nanos);
    }

    /** A fresh budget of {@value #PER_INVOCATION_MILLIS} ms. */
    public static RenderBudget perInvocation() {
        return new RenderBudget(TimeUnit.MILLISECONDS.toNanos(PER_INVOCATION_MILLIS));
    }

    long remainingNanos() {
        return Math.max(0, remainingNanos.get());
    }

    void spend(long nanos) {
        remainingNanos.addAndGet(-nanos);
    }
}
