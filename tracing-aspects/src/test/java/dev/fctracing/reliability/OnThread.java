package dev.fctracing.reliability;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on a new thread of a chosen stack size (0: the JVM's default, {@code -Xss}) and hands back what it
 * returned or threw, so that a {@code StackOverflowError} or {@code OutOfMemoryError} is observed instead of killing
 * the test's own thread.
 */
final class OnThread {

    /** Longest a task may run: only reached when something hangs. */
    static final long MAX_MILLIS = 120_000;

    final Object value;
    final Throwable thrown;
    /** Whether the task was still running after the bound given to {@link #run(Callable, long, Runnable)}. */
    final boolean hung;

    private OnThread(Object value, Throwable thrown, boolean hung) {
        this.value = value;
        this.thrown = thrown;
        this.hung = hung;
    }

    static OnThread run(long stackSize, Callable<Object> task) throws InterruptedException {
        return run(stackSize, task, MAX_MILLIS, () -> {});
    }

    /**
     * Runs {@code task} on a thread with the default stack; if it is still running after {@code millis}, runs
     * {@code release} (which must unblock it) and waits for it to end, marking the outcome {@link #hung}.
     */
    static OnThread run(Callable<Object> task, long millis, Runnable release) throws InterruptedException {
        return run(0, task, millis, release);
    }

    private static OnThread run(long stackSize, Callable<Object> task, long millis, Runnable release)
            throws InterruptedException {
        Object[] value = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        value[0] = task.call();
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                },
                "on-thread",
                stackSize);
        thread.start();
        thread.join(millis);
        boolean hung = thread.isAlive();
        if (hung) {
            release.run();
            thread.join(MAX_MILLIS);
        }
        if (thread.isAlive()) {
            throw new AssertionError("task still running after " + MAX_MILLIS + " ms");
        }
        return new OnThread(value[0], thrown[0], hung);
    }

    /** What the task returned; fails the test, naming the class, if it threw. */
    Object value() {
        if (thrown != null) {
            throw new AssertionError("the task threw " + thrown.getClass().getName(), thrown);
        }
        return value;
    }

    static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
