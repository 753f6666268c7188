package dev.fctracing.properties;

import java.util.List;

/**
 * One generated invocation: the handler makes the top-level {@link #calls} in order (catching their failures, or
 * letting the first one leave the handler), applies {@link #handlerInterrupt}, then completes the futures still
 * pending in an order drawn from {@link #completionOrder} and waits until its callbacks saw each returned future
 * complete.
 */
final class Example {

    final List<Call> calls;
    final boolean handlerCatches;
    final Call.Interrupt handlerInterrupt;
    final long completionOrder;

    Example(List<Call> calls, boolean handlerCatches, Call.Interrupt handlerInterrupt, long completionOrder) {
        this.calls = calls;
        this.handlerCatches = handlerCatches;
        this.handlerInterrupt = handlerInterrupt;
        this.completionOrder = completionOrder;
    }

    boolean involvesHostility() {
        return calls.stream().anyMatch(c -> c.anywhere(Call::hostileHere));
    }

    boolean involvesVirtualMachineError() {
        return calls.stream().anyMatch(c -> c.anywhere(Call::virtualMachineErrorHere));
    }

    @Override
    public String toString() {
        return "invocation " + (handlerCatches ? "catching " : "calling ") + calls
                + (handlerInterrupt == Call.Interrupt.KEEP ? "" : " then interrupt " + handlerInterrupt)
                + ", completion order #" + completionOrder;
    }
}
