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

  /** Whether anything in it may block until the gate opens. */
  boolean involvesBlocking() {
    return calls.stream().anyMatch(c -> c.anywhere(Example::blocksHere));
  }

  private static boolean blocksHere(Call call) {
    return blocking(call.argumentHostility)
        || call.value != null && blocking(call.value.hostility)
        || call.thrown != null && blocking(call.thrown.hostility)
        || call.future != null && (blocking(call.future.value.hostility)
            || call.future.error != null && blocking(call.future.error.hostility));
  }

  private static boolean blocking(Hostility hostility) {
    return hostility != null && hostility.mode == Hostility.Mode.BLOCK;
  }

  @Override
  public String toString() {
    return "invocation " + (handlerCatches ? "catching " : "calling ") + calls
        + (handlerInterrupt == Call.Interrupt.KEEP ? "" : " then interrupt " + handlerInterrupt)
        + ", completion order #" + completionOrder;
  }
}
