package dev.fctracing.properties;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of {@link Example}s: trees of calls through every {@link Shape}, returning every kind of
 * value or throwing every kind of throwable, nesting, catching, setting and clearing the interrupt flag, returning
 * futures completed in every way. Hostile objects and {@code VirtualMachineError}s are switched on per theory.
 */
final class Generators {

    /** Primitive bit patterns worth trying besides random ones. */
    private static final List<Long> SPECIAL_BITS = Arrays.asList(
            0L,
            1L,
            -1L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            Double.doubleToRawLongBits(Double.NaN),
            Double.doubleToRawLongBits(-0.0),
            0x7ff0000000000001L,
            (long) Float.floatToRawIntBits(Float.NaN),
            (long) Float.floatToRawIntBits(-0.0f),
            0xffffL);

    private final boolean hostile;
    private final boolean virtualMachineErrors;

    private Generators(boolean hostile, boolean virtualMachineErrors) {
        this.hostile = hostile;
        this.virtualMachineErrors = virtualMachineErrors;
    }

    /** Ordinary user code: every shape, value and ordinary throwable, interrupts, nesting, futures. */
    static Generators ordinary() {
        return new Generators(false, false);
    }

    /** Ordinary user code plus hostile exceptions, values and arguments. */
    static Generators withHostileObjects() {
        return new Generators(true, false);
    }

    /** Ordinary user code plus StackOverflowError and OutOfMemoryError, thrown or real (deep recursion). */
    static Generators withVirtualMachineErrors() {
        return new Generators(false, true);
    }

    /** Everything at once. */
    static Generators everything() {
        return new Generators(true, true);
    }

    Gen<Example> examples() {
        return lists().of(call(2))
                .ofSizeBetween(1, 3)
                .zip(Generate.booleans(), interrupts(), longs().between(0, 1_000), Example::new);
    }

    /**
     * Calls built by {@code zip} only (no {@code flatMap}), so that QuickTheories shrinks every part on its own; parts
     * that do not fit the drawn shape are adjusted by {@link Tail#toCall}.
     */
    private Gen<Call> call(int depth) {
        Gen<List<Call>> children = depth == 0
                ? Generate.constant(Collections.<Call>emptyList())
                : lists().of(call(depth - 1)).ofSizeBetween(0, 2);
        Gen<Head> heads = Generate.enumValues(Shape.class).zip(nesting(), Generate.booleans(), interrupts(), Head::new);
        return heads.zip(children, tail(), (head, calls, tail) -> tail.toCall(head, calls));
    }

    /**
     * How many levels a call nests through itself. A path has at most three calls, so at most 90 levels: a woven level
     * takes several times the stack of a tiny unwoven one (README, "Design decisions"), and about 160 woven levels of
     * this harness fit in the hostile matrix's 256 KB stacks. Deeper paths would overflow woven where the unwoven twin
     * does not, which is that documented cost, not a fault; real stack exhaustion is drawn as an ending of its own.
     */
    private static Gen<Integer> nesting() {
        return Generate.frequency(
                Pair.of(6, Generate.constant(0)), Pair.of(3, Generate.range(1, 3)), Pair.of(1, Generate.range(4, 30)));
    }

    private static Gen<Call.Interrupt> interrupts() {
        return Generate.frequency(
                Pair.of(3, Generate.constant(Call.Interrupt.KEEP)),
                Pair.of(1, Generate.constant(Call.Interrupt.SET)),
                Pair.of(1, Generate.constant(Call.Interrupt.CLEAR)));
    }

    /** How a call ends and its argument, drawn for any shape. */
    private Gen<Tail> tail() {
        Gen<Call.Ending> endings = Generate.frequency(
                Pair.of(3, Generate.constant(Call.Ending.RETURN)), Pair.of(1, Generate.constant(Call.Ending.THROW)));
        Gen<Spec.Argument> arguments = Generate.pick(argumentKinds());
        return endings.zip(
                value(),
                thrown(true),
                future(),
                arguments.zip(valueHostility(), Pair::of),
                (ending, value, thrown, future, argument) ->
                        new Tail(ending, value, thrown, future, argument._1, argument._2));
    }

    /** Null, a fresh ordinary value, or (if enabled) a hostile one. */
    private Gen<Spec.Value> value() {
        Gen<Spec.Value> ordinary = Generate.frequency(
                Pair.of(1, Generate.constant(new Spec.Value(Spec.Value.Kind.NULL, 0, null))),
                Pair.of(3, bits().map(seed -> new Spec.Value(Spec.Value.Kind.PLAIN, seed, null))));
        if (!hostile) {
            return ordinary;
        }
        return Generate.frequency(
                Pair.of(2, ordinary),
                Pair.of(1, valueHostility().map(h -> new Spec.Value(Spec.Value.Kind.HOSTILE, 0, h))));
    }

    private static Gen<Long> bits() {
        return Generate.frequency(Pair.of(1, Generate.pick(SPECIAL_BITS)), Pair.of(2, longs().all()));
    }

    /** How a returned future completes. */
    private Gen<Spec.Future> future() {
        return Generate.enumValues(Spec.Future.Completion.class)
                .zip(Generate.enumValues(Spec.Future.When.class), value(), thrown(false), Spec.Future::new)
                .map(f -> new Spec.Future(
                        f.completion,
                        f.when,
                        f.value,
                        f.completion == Spec.Future.Completion.EXCEPTION ? f.error : null));
    }

    /** A throwable; {@code realOverflow}: whether deep recursion to a real stack overflow may be drawn. */
    private Gen<Spec.Thrown> thrown(boolean realOverflow) {
        List<Pair<Integer, Gen<Spec.Thrown>>> kinds = new ArrayList<>();
        for (Spec.Thrown.Kind kind : Arrays.asList(
                Spec.Thrown.Kind.RUNTIME,
                Spec.Thrown.Kind.CHECKED,
                Spec.Thrown.Kind.ERROR,
                Spec.Thrown.Kind.THROWABLE,
                Spec.Thrown.Kind.COMPLETION_WRAPPED)) {
            kinds.add(Pair.of(2, Generate.constant(new Spec.Thrown(kind, null))));
        }
        if (virtualMachineErrors) {
            kinds.add(Pair.of(3, Generate.constant(new Spec.Thrown(Spec.Thrown.Kind.USER_STACK_OVERFLOW, null))));
            kinds.add(Pair.of(3, Generate.constant(new Spec.Thrown(Spec.Thrown.Kind.USER_OUT_OF_MEMORY, null))));
            if (realOverflow) {
                kinds.add(Pair.of(1, Generate.constant(new Spec.Thrown(Spec.Thrown.Kind.REAL_STACK_OVERFLOW, null))));
            }
        }
        if (hostile) {
            kinds.add(Pair.of(8, exceptionHostility().map(h -> new Spec.Thrown(Spec.Thrown.Kind.HOSTILE, h))));
        }
        return Generate.frequency(kinds);
    }

    private List<Spec.Argument> argumentKinds() {
        List<Spec.Argument> arguments = new ArrayList<>(Arrays.asList(Spec.Argument.values()));
        if (!hostile) {
            arguments.remove(Spec.Argument.HOSTILE);
        }
        return arguments;
    }

    private static Gen<Hostility> exceptionHostility() {
        return Generate.enumValues(Hostility.Method.class)
                .zip(
                        Generate.enumValues(Hostility.Mode.class),
                        (method, mode) ->
                                new Hostility(method, method == Hostility.Method.CYCLES ? Hostility.Mode.THROW : mode));
    }

    private static Gen<Hostility> valueHostility() {
        return Generate.pick(
                        Arrays.asList(Hostility.Method.TO_STRING, Hostility.Method.HASH_CODE, Hostility.Method.EQUALS))
                .zip(Generate.enumValues(Hostility.Mode.class), Hostility::new);
    }

    /** A call's shape, nesting, whether it catches its children's failures, and its interrupt action. */
    private static final class Head {
        final Shape shape;
        final int nesting;
        final boolean catches;
        final Call.Interrupt interrupt;

        Head(Shape shape, int nesting, boolean catches, Call.Interrupt interrupt) {
            this.shape = shape;
            this.nesting = nesting;
            this.catches = catches;
            this.interrupt = interrupt;
        }
    }

    /** How a call ends and its argument, drawn before the shape is known. */
    private static final class Tail {
        final Call.Ending ending;
        final Spec.Value value;
        final Spec.Thrown thrown;
        final Spec.Future future;
        final Spec.Argument argument;
        final Hostility hostility;

        Tail(
                Call.Ending ending,
                Spec.Value value,
                Spec.Thrown thrown,
                Spec.Future future,
                Spec.Argument argument,
                Hostility hostility) {
            this.ending = ending;
            this.value = value;
            this.thrown = thrown;
            this.future = future;
            this.argument = argument;
            this.hostility = hostility;
        }

        /**
         * The call, with the parts that do not fit {@code head}'s shape adjusted: only attribute shapes take an
         * argument ({@code char[]} or null for {@link Shape#ATTRIBUTE_CHARS}); futures are returned as drawn (or null);
         * a value returned by a void or primitive method is its seed; a hostile value becomes a plain one where the
         * declared type cannot hold it (primitives).
         */
        Call toCall(Head head, List<Call> children) {
            Shape shape = head.shape;
            Spec.Argument arg = null;
            if (shape == Shape.ATTRIBUTE_OBJECT) {
                arg = argument;
            } else if (shape == Shape.ATTRIBUTE_CHARS) {
                arg = argument == Spec.Argument.NULL ? Spec.Argument.NULL : Spec.Argument.CHARS;
            }
            Spec.Value result = value;
            Spec.Future completion = null;
            if (ending == Call.Ending.RETURN) {
                if (shape.result == Shape.Result.VOID || shape.result == Shape.Result.PRIMITIVE) {
                    result = new Spec.Value(Spec.Value.Kind.PLAIN, value.seed, null);
                } else if (shape.isFuture() && value.kind != Spec.Value.Kind.NULL) {
                    result = new Spec.Value(Spec.Value.Kind.PLAIN, value.seed, null);
                    completion = future;
                }
            }
            return new Call(
                    shape,
                    head.nesting,
                    children,
                    head.catches,
                    head.interrupt,
                    ending,
                    ending == Call.Ending.RETURN ? result : null,
                    ending == Call.Ending.THROW ? thrown : null,
                    completion,
                    arg,
                    arg == Spec.Argument.HOSTILE ? hostility : null);
        }
    }
}
