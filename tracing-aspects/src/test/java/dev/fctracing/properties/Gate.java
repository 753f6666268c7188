package dev.fctracing.properties;

import java.util.concurrent.CountDownLatch;

/**
 * What a blocking user object waits on: closed until the harness opens it when the example is over (or when it
 * gave up waiting), so that "blocks forever" never outlives the example. Waiting ignores interrupts (it keeps the
 * thread's flag), as user code that blocks for good would.
 */
public final class Gate {

    private final CountDownLatch open = new CountDownLatch(1);

    public void open() {
        open.countDown();
    }

    /** Blocks until the gate is opened, whatever interrupts arrive meanwhile; the interrupt flag is kept. */
    public void pass() {
        boolean interrupted = false;
        while (true) {
            try {
                open.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
