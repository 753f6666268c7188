package dev.fctracing.properties;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The body of both example handlers ({@link TracedExampleHandler}, woven; {@link PlainExampleHandler}, not): makes
 * the example's calls, then completes the futures still pending — on this thread or another, in the example's
 * order — and waits (bounded) until the callers' callbacks saw every returned future complete.
 */
final class ExampleBody {

    /** Longest wait for one future to be completed or seen complete; only reached when something is stuck. */
    static final long SETTLE_MILLIS = 1_500;

    private ExampleBody() {}

    static Run run(Run run, Calls calls) {
        Performer performer = new Performer(calls, run);
        Throwable failure = null;
        for (Call call : run.example.calls) {
            failure = performer.callChild(call);
            if (failure != null && !run.example.handlerCatches) {
                break;
            }
            failure = null;
        }
        Performer.interruptAsHandler(run.example.handlerInterrupt);
        settle(run);
        run.flagLeftByHandler = Thread.currentThread().isInterrupted();
        run.bodyReturnedSequence = ToolkitLog.sequenceNow();
        run.bodyReturnedNanos = System.nanoTime();
        if (failure != null) {
            run.handlerThrew = failure;
            throw ExampleBody.<RuntimeException>sneaky(failure);
        }
        return run;
    }

    /** Completes the pending futures and waits for every observation; the interrupt flag is left as it was. */
    private static void settle(Run run) {
        boolean interrupted = Thread.interrupted();
        try {
            List<Run.Pending> order = new ArrayList<>(run.pending);
            Collections.shuffle(order, new Random(run.example.completionOrder));
            for (Run.Pending pending : order) {
                if (pending.spec.when == Spec.Future.When.CALLER) {
                    pending.complete();
                } else {
                    run.completer.execute(pending::complete);
                }
            }
            for (Run.Pending pending : order) {
                if (!await(pending.completed)) {
                    run.problem("completing a future on another thread did not return within " + SETTLE_MILLIS + " ms");
                }
            }
            for (Run.Observation observation : run.observations) {
                if (!await(observation.seen)) {
                    run.problem(observation.record.call.shape + ": the caller never saw the returned future complete");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
