package dev.fctracing.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code FCTRACING_MAX_PENDING_BYTES}'s default on a heap small enough for an eighth of it to lie between the 1 and 32
 * MiB bounds (run by the small-heap surefire execution, {@code -Xmx64m}): it is that eighth. On a large heap the
 * default is simply the 32 MiB cap ({@link TracingConfigLimitsTest}).
 */
@Tag("small-heap")
class TracingConfigSmallHeapTest {

    @Test
    void pendingBytesDefaultToAnEighthOfASmallHeap() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("max heap: run by the small-heap surefire execution")
                .isLessThan(128L << 20);

        long pending = TracingConfig.from(Environment.of(Collections.<String, String>emptyMap()))
                .maxPendingBytes();

        assertThat(pending).isEqualTo(maxHeap / 8).isBetween(1L << 20, 32L << 20);
    }
}
