package dev.fctracing.properties;

import java.util.List;
import java.util.function.Predicate;

/**
 * One generated call of a fixture method (pure data: the objects it returns or throws are made afresh by each run).
 * The method first recurses {@link #nesting} levels through itself, then calls its {@link #children} in order
 * (catching their failures or letting the first one propagate), applies {@link #interrupt} to the thread's flag, and
 * ends as {@link #ending} says.
 */
final class Call {

    /** Returns a value, or throws. */
    enum Ending {
        RETURN,
        THROW
    }

    /** What the call does to the thread's interrupt flag just before it ends. */
    enum Interrupt {
        KEEP,
        SET,
        CLEAR
    }

    final Shape shape;
    final int nesting;
    final List<Call> children;
    final boolean catchesChildren;
    final Interrupt interrupt;
    final Ending ending;
    /** What a {@link Ending#RETURN} returns (for a future shape: null, or a future completing as {@link #future}). */
    final Spec.Value value;
    /** What a {@link Ending#THROW} throws. */
    final Spec.Thrown thrown;
    /** How a returned future completes; null unless a future shape returns one. */
    final Spec.Future future;
    /** The {@code @SpanAttribute} argument of the attribute shapes; null for the others. */
    final Spec.Argument argument;
    /** For {@link Spec.Argument#HOSTILE}. */
    final Hostility argumentHostility;

    Call(
            Shape shape,
            int nesting,
            List<Call> children,
            boolean catchesChildren,
            Interrupt interrupt,
            Ending ending,
            Spec.Value value,
            Spec.Thrown thrown,
            Spec.Future future,
            Spec.Argument argument,
            Hostility argumentHostility) {
        this.shape = shape;
        this.nesting = nesting;
        this.children = children;
        this.catchesChildren = catchesChildren;
        this.interrupt = interrupt;
        this.ending = ending;
        this.value = value;
        this.thrown = thrown;
        this.future = future;
        this.argument = argument;
        this.argumentHostility = argumentHostility;
    }

    /** Whether this call or one below it satisfies {@code test}. */
    boolean anywhere(Predicate<Call> test) {
        if (test.test(this)) {
            return true;
        }
        for (Call child : children) {
            if (child.anywhere(test)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this call itself involves a hostile object (returned, thrown, completed with, or as argument). */
    boolean hostileHere() {
        return argument == Spec.Argument.HOSTILE
                || ending == Ending.RETURN && value.kind == Spec.Value.Kind.HOSTILE
                || ending == Ending.THROW && thrown.kind == Spec.Thrown.Kind.HOSTILE
                || future != null
                        && (future.value.kind == Spec.Value.Kind.HOSTILE
                                || future.completion == Spec.Future.Completion.EXCEPTION
                                        && future.error.kind == Spec.Thrown.Kind.HOSTILE);
    }

    /** Whether this call itself throws or completes a future with a {@code VirtualMachineError}. */
    boolean virtualMachineErrorHere() {
        return ending == Ending.THROW && thrown.kind.isVirtualMachineError()
                || future != null
                        && future.completion == Spec.Future.Completion.EXCEPTION
                        && future.error.kind.isVirtualMachineError();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(shape.toString());
        if (nesting > 0) {
            out.append(" x").append(nesting + 1);
        }
        if (argument != null) {
            out.append(" arg ")
                    .append(argument == Spec.Argument.HOSTILE ? "hostile(" + argumentHostility + ")" : argument);
        }
        if (!children.isEmpty()) {
            out.append(catchesChildren ? " catching " : " calling ").append(children);
        }
        if (interrupt != Interrupt.KEEP) {
            out.append(" interrupt ").append(interrupt);
        }
        if (ending == Ending.THROW) {
            out.append(" throws ").append(thrown);
        } else if (shape.result != Shape.Result.VOID) {
            out.append(" returns ").append(future != null ? future.toString() : value.toString());
        }
        return "{" + out + "}";
    }
}
