package dev.fctracing.internal.context;

import dev.fctracing.internal.correlation.LogCorrelation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code FcTracing.wrap}: tasks that run in the context current when they were wrapped (as OpenTelemetry's {@code
 * Context.wrap} and {@code Context.taskWrapping} do), and that, when the task's scope closes on the worker thread,
 * also take the task's trace ids out of that thread's MDC ({@link LogCorrelation#scopeClosed()}), so a pooled thread
 * keeps nothing of the invocation that last used it.
 */
public final class ContextTasks {

    private ContextTasks() {}

    /** {@code task}, run in {@code context}. */
    public static Runnable wrap(Context context, Runnable task) {
        return new ContextRunnable(context, task);
    }

    /** {@code task}, run in {@code context}. */
    public static <T> Callable<T> wrap(Context context, Callable<T> task) {
        return new ContextCallable<>(context, task);
    }

    /** {@code executor}, running each task in the context current when it was submitted. */
    public static Executor wrap(Executor executor) {
        return new ContextExecutor(executor);
    }

    /** {@code executor}, running each task in the context current when it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return new ContextExecutorService(executor);
    }

    private static final class ContextRunnable implements Runnable {
        private final Context context;
        private final Runnable task;

        ContextRunnable(Context context, Runnable task) {
            this.context = context;
            this.task = task;
        }

        @Override
        public void run() {
            try (Scope ignored = context.makeCurrent()) {
                task.run();
            } finally {
                LogCorrelation.scopeClosed();
            }
        }
    }

    private static final class ContextCallable<T> implements Callable<T> {
        private final Context context;
        private final Callable<T> task;

        ContextCallable(Context context, Callable<T> task) {
            this.context = context;
            this.task = task;
        }

        @Override
        public T call() throws Exception {
            try (Scope ignored = context.makeCurrent()) {
                return task.call();
            } finally {
                LogCorrelation.scopeClosed();
            }
        }
    }

    private static final class ContextExecutor implements Executor {
        private final Executor delegate;

        ContextExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(Context.current(), command));
        }
    }

    private static final class ContextExecutorService implements ExecutorService {
        private final ExecutorService delegate;

        ContextExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            Context context = Context.current();
            List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                wrapped.add(wrap(context, task));
            }
            return wrapped;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(Context.current(), command));
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(wrap(Context.current(), task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(wrap(Context.current(), task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(wrap(Context.current(), task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
                throws InterruptedException, ExecutionException {
            return delegate.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(wrapAll(tasks), timeout, unit);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
