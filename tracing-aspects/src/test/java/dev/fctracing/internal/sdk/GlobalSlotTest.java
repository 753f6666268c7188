package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over of {@code GlobalOpenTelemetry} from fc-tracing's instance to the function's while other threads read
 * it. A reader that found the slot empty would pin a no-op there ({@code GlobalOpenTelemetry.get()} does), and the
 * function's registration would then fail: the hand-over must never leave the slot visibly empty. Checked against a
 * hand-over without the API's lock (slot emptied, then set): 66 of 20,000 rounds failed (and 2,000 rounds caught it).
 */
class GlobalSlotTest {

    private static final int ROUNDS = 2_000;
    /** On a loaded machine the hand-shakes slow down: fewer rounds then, never a longer test. */
    private static final int MAX_SECONDS = 4;

    private final SdkTracerProvider ourProvider = SdkTracerProvider.builder().build();
    private final OpenTelemetry ours = new FcOpenTelemetry(ourProvider);
    private final OpenTelemetrySdk theirs = OpenTelemetrySdk.builder().build();

    @BeforeEach
    @AfterEach
    void emptySlot() {
        GlobalOpenTelemetry.resetForTest();
    }

    @AfterEach
    void shutDown() {
        ourProvider.shutdown();
        theirs.shutdown();
    }

    @Test
    void aConcurrentReaderNeverSeesTheSlotEmptyDuringTheHandOver() throws Exception {
        AtomicBoolean active = new AtomicBoolean();
        AtomicBoolean idle = new AtomicBoolean(true);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        // Reads GlobalOpenTelemetry while a round is active; says when it has stopped reading.
        Thread reader = new Thread(
                () -> {
                    try {
                        while (!done.get()) {
                            if (active.get()) {
                                GlobalOpenTelemetry.get();
                                reads.incrementAndGet();
                            } else {
                                idle.set(true);
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                },
                "global-reader");
        reader.start();

        int failedRegistrations = 0;
        int rounds = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        try {
            for (; rounds < ROUNDS && System.nanoTime() < deadline; rounds++) {
                GlobalOpenTelemetry.resetForTest();
                assertThat(GlobalSlot.offer(ours)).isTrue();
                long before = reads.get();
                active.set(true);
                while (reads.get() == before) {
                    Thread.yield();
                }
                try {
                    GlobalSlot.set(theirs);
                } catch (IllegalStateException pinnedByTheReader) {
                    failedRegistrations++;
                }
                idle.set(false);
                active.set(false);
                while (!idle.get()) {
                    Thread.yield();
                }
                if (failedRegistrations == 0) {
                    assertThat(GlobalOpenTelemetry.get().getTracerProvider()).isSameAs(theirs.getTracerProvider());
                }
            }
        } finally {
            done.set(true);
            reader.join(10_000);
        }

        assertThat(failures).isEmpty();
        assertThat(failedRegistrations)
                .as("registrations that failed in %d rounds", rounds)
                .isZero();
    }
}
