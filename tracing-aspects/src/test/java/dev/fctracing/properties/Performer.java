package dev.fctracing.properties;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The user code of every fixture method, woven or not: performs one level of a generated {@link Call} and records in
 * the {@link Run} what it produced, and what each callee gave back to it.
 */
final class Performer {

    private static final int[] HUGE_INTS = new int[1 << 18];

    private final Calls calls;
    private final Run run;

    Performer(Calls calls, Run run) {
        this.calls = calls;
        this.run = run;
    }

    /** The body of a fixture method at {@code level} of {@code call}'s nesting. */
    Object perform(Call call, int level) throws Throwable {
        Run.Record record = run.record(call);
        noteSpan(record);
        if (level < call.nesting) {
            Object result;
            try {
                result = calls.invoke(this, call, level + 1);
            } catch (Throwable t) {
                run.received(record, level + 1, null, t, true);
                throw t;
            }
            run.received(record, level + 1, result, null, false);
            return result;
        }
        for (Call child : call.children) {
            Throwable failure = callChild(child);
            if (failure != null && !call.catchesChildren) {
                record.threw(failure);
                throw failure;
            }
        }
        interrupt(call.interrupt);
        if (call.ending == Call.Ending.THROW) {
            Throwable thrown =
                    call.thrown.kind == Spec.Thrown.Kind.REAL_STACK_OVERFLOW ? overflow() : newThrowable(call.thrown);
            record.threw(thrown);
            throw thrown;
        }
        Object result = newResult(call, record);
        record.returned(result);
        return result;
    }

    /**
     * Calls {@code child} as its caller (a method body or the handler), checks what came back and watches a returned
     * future; returns the child's failure, or null.
     */
    Throwable callChild(Call child) {
        Run.Record record = run.record(child);
        if (run.woven) {
            record.callerSpanId = Span.current().getSpanContext().getSpanId();
        }
        Object result;
        try {
            result = calls.invoke(this, child, 0);
        } catch (Throwable t) {
            run.received(record, 0, null, t, true);
            return t;
        }
        run.received(record, 0, result, null, false);
        if (child.shape.isFuture() && result != null) {
            run.observe(record, (CompletionStage<?>) result);
        }
        return null;
    }

    /** One level of recursion until the stack overflows: only field accesses around the call, no other calls. */
    int dive(int depth) {
        Run r = run;
        if (depth > r.deepest) {
            r.deepest = depth;
        }
        try {
            return calls.dive(this, depth + 1) + 1;
        } catch (StackOverflowError e) {
            if (r.firstOverflow == null) {
                r.firstOverflow = e;
            } else if (r.firstOverflow != e) {
                r.overflowReplaced = true;
            }
            throw e;
        }
    }

    private StackOverflowError overflow() {
        run.firstOverflow = null;
        run.overflowReplaced = false;
        try {
            calls.dive(this, 1);
        } catch (StackOverflowError e) {
            if (run.overflowReplaced || e != run.firstOverflow) {
                run.problem("recursion to stack overflow: the StackOverflowError first raised ("
                        + Describe.of(run.firstOverflow) + ") was replaced on its way up; the top got "
                        + Describe.of(e));
            }
            return e;
        }
        run.problem("recursing without end did not overflow the stack");
        return new StackOverflowError("the harness expected an overflow");
    }

    /** Records the span current at this level, if tracing started one here (not the caller's, not a level's above). */
    private void noteSpan(Run.Record record) {
        if (!run.woven) {
            return;
        }
        Span span = Span.current();
        String id = span.getSpanContext().getSpanId();
        if (span.getSpanContext().isValid() && !id.equals(record.callerSpanId) && !record.spanIds.contains(id)) {
            record.spanIds.add(id);
            run.track(span);
            run.track(Context.current());
        }
    }

    private static void interrupt(Call.Interrupt interrupt) {
        if (interrupt == Call.Interrupt.SET) {
            Thread.currentThread().interrupt();
        } else if (interrupt == Call.Interrupt.CLEAR) {
            Thread.interrupted();
        }
    }

    static void interruptAsHandler(Call.Interrupt interrupt) {
        interrupt(interrupt);
    }

    private Throwable newThrowable(Spec.Thrown spec) {
        Throwable t;
        switch (spec.kind) {
            case RUNTIME:
                t = new IllegalArgumentException("user runtime exception");
                break;
            case CHECKED:
                t = new IOException("user checked exception");
                break;
            case ERROR:
                t = new AssertionError("user error");
                break;
            case THROWABLE:
                t = new Throwable("user throwable") {};
                break;
            case COMPLETION_WRAPPED:
                t = new CompletionException(new IOException("wrapped user exception"));
                break;
            case USER_STACK_OVERFLOW:
                t = new StackOverflowError("thrown by user code");
                break;
            case USER_OUT_OF_MEMORY:
                t = new OutOfMemoryError("thrown by user code");
                break;
            case HOSTILE:
                t = new HostileException(spec.hostility, run.gate);
                break;
            default:
                throw new IllegalArgumentException(spec.kind.toString());
        }
        run.distinctThrowables.incrementAndGet();
        run.track(t);
        return t;
    }

    private Object newResult(Call call, Run.Record record) {
        switch (call.shape.result) {
            case VOID:
                return null;
            case PRIMITIVE:
                return call.shape.primitive(call.value.seed);
            case FUTURE:
                return call.value.kind == Spec.Value.Kind.NULL ? null : newFuture(call, record);
            default:
                return newReference(call.shape, call.value);
        }
    }

    private Object newReference(Shape shape, Spec.Value spec) {
        if (spec.kind == Spec.Value.Kind.NULL) {
            return null;
        }
        boolean hostile = spec.kind == Spec.Value.Kind.HOSTILE;
        Object value;
        switch (shape) {
            case STRING:
            case ATTRIBUTE_CHARS:
                if (hostile) {
                    return HostileException.HUGE_TEXT;
                }
                value = new String("result " + spec.seed);
                break;
            case INT_ARRAY:
                if (hostile) {
                    return HUGE_INTS;
                }
                value = new int[(int) (spec.seed & 7)];
                break;
            case OBJECT_ARRAY:
                value = new Object[] {hostile ? new HostileValue(spec.hostility, run.gate) : new Object(), null};
                break;
            default:
                value = hostile ? new HostileValue(spec.hostility, run.gate) : new Object();
        }
        run.track(value);
        return value;
    }

    private CompletableFuture<Object> newFuture(Call call, Run.Record record) {
        CompletableFuture<Object> future =
                call.shape == Shape.FUTURE_SUBCLASS ? new Calls.SubclassFuture<>() : new CompletableFuture<>();
        Spec.Future spec = call.future;
        Object value = spec.completion == Spec.Future.Completion.VALUE ? newReference(Shape.OBJECT, spec.value) : null;
        Throwable error = spec.completion == Spec.Future.Completion.EXCEPTION ? newThrowable(spec.error) : null;
        if (spec.completion == Spec.Future.Completion.CANCEL) {
            run.distinctThrowables.incrementAndGet();
        }
        Run.Pending pending = new Run.Pending(future, spec, value, error);
        record.pending = pending;
        run.track(future);
        if (spec.when == Spec.Future.When.ALREADY) {
            pending.complete();
        } else {
            run.pending.add(pending);
        }
        return future;
    }

    /** The argument of an attribute shape's {@code @SpanAttribute} parameter: a fresh object for each level. */
    Object argument(Call call) {
        switch (call.argument) {
            case NULL:
                return null;
            case STRING:
                return new String("argument");
            case CHARS:
                return "hunter2".toCharArray();
            case BOOLEANS:
                return new boolean[] {true, false};
            case BYTES:
                return new byte[] {1, -2};
            case SHORTS:
                return new short[] {3, -4};
            case INTS:
                return new int[] {5, -6};
            case LONGS:
                return new long[] {7, Long.MIN_VALUE};
            case FLOATS:
                return new float[] {0.5f, Float.NaN};
            case DOUBLES:
                return new double[] {-0.0, Double.MAX_VALUE};
            case LIST:
                return new ArrayList<>(Arrays.asList("a", "b"));
            case MAP:
                Map<String, Integer> map = new HashMap<>();
                map.put("k", 1);
                return map;
            case HUGE_STRING:
                return HostileException.HUGE_TEXT;
            default:
                return new HostileValue(call.argumentHostility, run.gate);
        }
    }
}
