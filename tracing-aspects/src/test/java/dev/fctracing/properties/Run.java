package dev.fctracing.properties;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happened in one execution of an {@link Example}, woven or plain: per call what the method produced and what
 * its caller received, the futures returned and how callers saw them complete, and every problem noticed on the
 * way (as text that never calls a user object's {@code toString}). Written by the invocation's thread and by future
 * callbacks on any thread; read by the harness afterwards.
 */
final class Run {

    final Example example;
    final boolean woven;
    /** Null for the plain run: nothing is traced. */
    final SpanLedger ledger;

    final Gate gate;
    final Executor completer;
    private final List<WeakReference<Object>> weak;

    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<Call, Record> records = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Futures not yet completed; the invocation's thread only. */
    final List<Pending> pending = new ArrayList<>();
    /** Returned futures as their callers see them; the invocation's thread only. */
    final List<Observation> observations = new ArrayList<>();
    /** Throwables the user code created (and cancellations): each may be rendered once. */
    final AtomicInteger distinctThrowables = new AtomicInteger();

    // Real stack overflow: plain fields, written without calls at the deepest frames.
    StackOverflowError firstOverflow;
    boolean overflowReplaced;
    int deepest;

    /** Set by the handler body as its last acts. */
    boolean flagLeftByHandler;

    long bodyReturnedNanos;
    /** {@link ToolkitLog#sequenceNow()} when the handler body ended: records numbered below were logged during it. */
    long bodyReturnedSequence;

    Throwable handlerThrew;

    Run(
            Example example,
            boolean woven,
            SpanLedger ledger,
            Gate gate,
            Executor completer,
            List<WeakReference<Object>> weak) {
        this.example = example;
        this.woven = woven;
        this.ledger = ledger;
        this.gate = gate;
        this.completer = completer;
        this.weak = weak;
    }

    Record record(Call call) {
        return records.computeIfAbsent(call, Record::new);
    }

    /** The record of {@code call}, or null if it never started. */
    Record recordOrNull(Call call) {
        return records.get(call);
    }

    void problem(String text) {
        problems.add((woven ? "woven: " : "plain: ") + text);
    }

    /** Keeps a weak reference to {@code object}, to check later that nothing else keeps it. */
    void track(Object object) {
        if (object != null) {
            weak.add(new WeakReference<>(object));
        }
    }

    /**
     * Checks what a caller got from {@code record}'s method at {@code level} against what the method produced: the
     * very object (or the same primitive value), the very throwable, and the interrupt flag the method left. Called
     * first thing after the call returned or threw.
     */
    void received(Record record, int level, Object value, Throwable thrown, boolean threw) {
        boolean flag = Thread.currentThread().isInterrupted();
        String where = record.call.shape + " call at level " + level;
        if (!record.produced) {
            problem(where + ": the method never ended, yet its caller got "
                    + (threw ? Describe.of(thrown) : "a result"));
            return;
        }
        if (threw != record.threw) {
            problem(where + ": the method " + (record.threw ? "threw " + Describe.of(record.thrown) : "returned")
                    + " but its caller " + (threw ? "got " + Describe.of(thrown) : "saw it return"));
        } else if (threw && thrown != record.thrown) {
            problem(where + ": the caller got " + Describe.of(thrown) + " instead of the very throwable thrown, "
                    + Describe.of(record.thrown));
        } else if (!threw && !sameResult(record.call.shape, record.value, value)) {
            problem(where + ": the caller got " + Describe.of(value) + " instead of " + Describe.of(record.value));
        }
        if (flag != record.flagLeft) {
            problem(where + ": interrupt flag " + flag + " after the call, but the method left it " + record.flagLeft);
        }
    }

    private static boolean sameResult(Shape shape, Object produced, Object received) {
        switch (shape.result) {
            case PRIMITIVE:
                return produced.equals(received);
            case FUTURE:
                return shape.returnsSameObject() ? produced == received : (produced == null) == (received == null);
            default:
                return produced == received;
        }
    }

    /**
     * Watches how the caller sees a returned future complete: value, exception, and whether the spans had ended.
     * Through {@code handle}, which, unlike {@code whenComplete}, never wraps the exception into a
     * {@code CompletionException} (whose constructor calls the exception's {@code toString()}).
     */
    void observe(Record record, CompletionStage<?> received) {
        Observation observation = new Observation(record, received);
        try {
            received.handle((value, error) -> {
                observation.saw(value, error, ledger == null || ledger.allEnded(record.spanIds));
                return null;
            });
            observations.add(observation);
        } catch (Throwable t) {
            problem(record.call.shape + ": registering a callback on the returned future threw " + Describe.of(t));
        }
    }

    /** One call (all its nesting levels share it). */
    static final class Record {
        final Call call;
        /** Span id current at each traced level (woven run only). */
        final List<String> spanIds = Collections.synchronizedList(new ArrayList<>());
        /** Span id current in the caller when it made the call (woven run only). */
        String callerSpanId;

        boolean produced;
        boolean threw;
        Object value;
        Throwable thrown;
        boolean flagLeft;
        /** The future the method returned, and how it is to complete. */
        Pending pending;

        Record(Call call) {
            this.call = call;
        }

        void returned(Object result) {
            produced = true;
            value = result;
            flagLeft = Thread.currentThread().isInterrupted();
        }

        void threw(Throwable t) {
            produced = true;
            threw = true;
            thrown = t;
            flagLeft = Thread.currentThread().isInterrupted();
        }
    }

    /** A future the user code returned, and what it completes with. */
    static final class Pending {
        final CompletableFuture<Object> original;
        final Spec.Future spec;
        final Object value;
        final Throwable error;
        final CountDownLatch completed = new CountDownLatch(1);

        Pending(CompletableFuture<Object> original, Spec.Future spec, Object value, Throwable error) {
            this.original = original;
            this.spec = spec;
            this.value = value;
            this.error = error;
        }

        /** Completes the original as the spec says; every callback registered so far runs before this returns. */
        void complete() {
            try {
                switch (spec.completion) {
                    case VALUE:
                        original.complete(value);
                        break;
                    case EXCEPTION:
                        original.completeExceptionally(error);
                        break;
                    default:
                        original.cancel(false);
                }
            } finally {
                completed.countDown();
            }
        }
    }

    /** A returned future as its caller saw it complete. */
    static final class Observation {
        final Record record;
        final CompletionStage<?> received;
        final CountDownLatch seen = new CountDownLatch(1);
        volatile Object value;
        volatile Throwable error;
        volatile boolean spansHadEnded;

        Observation(Record record, CompletionStage<?> received) {
            this.record = record;
            this.received = received;
        }

        void saw(Object value, Throwable error, boolean spansHadEnded) {
            this.value = value;
            this.error = error;
            this.spansHadEnded = spansHadEnded;
            seen.countDown();
        }
    }
}
