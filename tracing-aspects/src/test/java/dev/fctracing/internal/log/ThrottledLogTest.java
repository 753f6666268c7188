package dev.fctracing.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    @Test
    void oneLinePerCausePerWindowThenTheCountHeldBack() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(now::get, 100);
        assertThat(log.acquire("a")).isZero();
        assertThat(log.acquire("a")).isEqualTo(-1);
        assertThat(log.acquire("b")).isZero();
        now.set(99);
        assertThat(log.acquire("a")).isEqualTo(-1);
        now.set(100);
        assertThat(log.acquire("a")).isEqualTo(2);
        assertThat(log.acquire("a")).isEqualTo(-1);
        for (int i = 0; i < ThrottledLog.MAX_CAUSES; i++) {
            log.acquire("cause-" + i);
        }
        assertThat(log.acquire("a")).as("forgotten after too many causes").isGreaterThanOrEqualTo(0);
    }
}
