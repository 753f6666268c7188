package dev.fctracing.internal.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValueTextTest {

    static final class Plain {}

    static final class Named {
        @Override
        public String toString() {
            return "named";
        }
    }

    static final class Throwing {
        @Override
        public String toString() {
            throw new IllegalStateException("no");
        }
    }

    static final class Blocking {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String toString() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    @Test
    void jdkValuesAndObjectsToStringAreRenderedAndCut() {
        assertThat(ValueText.of(new BigDecimal("12.50"), 100, RenderBudget.perInvocation()))
                .isEqualTo("12.50");
        assertThat(ValueText.of(new StringBuilder("0123456789"), 4, RenderBudget.perInvocation()))
                .isEqualTo("0123");
        assertThat(ValueText.of(new Plain(), 200, RenderBudget.perInvocation()))
                .startsWith(Plain.class.getName() + "@");
        assertThat(ValueText.of(new Named(), 200, RenderBudget.perInvocation())).isEqualTo("named");
    }

    @Test
    void aToStringThatThrowsOrBlocksGivesNothingWithinABoundedWait() throws InterruptedException {
        assertThat(ValueText.of(new Throwing(), 200, RenderBudget.perInvocation()))
                .isNull();

        Blocking blocking = new Blocking();
        long start = System.nanoTime();
        assertThat(ValueText.of(blocking, 200, RenderBudget.perInvocation())).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        blocking.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"named".equals(ValueText.of(new Named(), 200, RenderBudget.perInvocation()))) {
            assertThat(System.nanoTime()).as("helper idle again").isLessThan(deadline);
        }
    }
}
