package dev.fctracing.internal.usercode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs user code that renders text ({@code getMessage()}, {@code toString()} of a class that overrides it) on one
 * daemon thread, {@value #THREAD_NAME}, so that a method that blocks costs the caller a bounded wait, not a hang. The
 * thread is started on first use; while it is busy with a job that did not return in time, callers are told at once
 * that the text is not available.
 */
final class OffThreadRendering {

    static final String THREAD_NAME = "fc-tracing-user-code";
    /** Longest one caller waits. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final SynchronousQueue<Job> JOBS = new SynchronousQueue<>();
    private static final Object START_LOCK = new Object();
    private static volatile Thread worker;

    private OffThreadRendering() {}

    /** What to compute on the helper thread. */
    abstract static class Job {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Object result;

        /** Runs the user code; may throw. */
        abstract Object compute();

        final void run() {
            try {
                result = compute();
            } catch (Throwable failed) {
                result = null;
            } finally {
                done.countDown();
            }
        }
    }

    /**
     * Runs {@code job} on the helper thread and returns its result, or {@code null} when it threw, did not finish
     * within {@link #MAX_WAIT_NANOS} and {@code budget}, or the helper is still stuck in an earlier job. Keeps the
     * caller's interrupt flag as it was. Never throws.
     */
    static Object run(Job job, RenderBudget budget) {
        long wait = Math.min(MAX_WAIT_NANOS, budget.remainingNanos());
        if (wait <= 0) {
            return null;
        }
        long start = System.nanoTime();
        boolean interrupted = Thread.interrupted(); // put back below
        try {
            ensureStarted();
            // The hand-off only succeeds when the helper is idle: a helper stuck in user code gets no second job.
            if (!JOBS.offer(job, Math.min(wait, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS)) {
                return null;
            }
            long left = wait - (System.nanoTime() - start);
            return left > 0 && job.done.await(left, TimeUnit.NANOSECONDS) ? job.result : null;
        } catch (Throwable failed) {
            return null;
        } finally {
            budget.spend(System.nanoTime() - start);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void ensureStarted() {
        if (worker != null) {
            return;
        }
        synchronized (START_LOCK) {
            if (worker == null) {
                Thread thread = new Thread(new Worker(), THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
                worker = thread;
            }
        }
    }

    private static final class Worker implements Runnable {
        @Override
        public void run() {
            while (true) {
                try {
                    JOBS.take().run();
                } catch (InterruptedException e) {
                    // nobody interrupts this thread on purpose: keep serving
                }
            }
        }
    }
}
