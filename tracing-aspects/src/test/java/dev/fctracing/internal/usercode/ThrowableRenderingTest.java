package dev.fctracing.internal.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which throwables run user code when rendered, and what a blocking one costs. */
class ThrowableRenderingTest {

    static class Plain extends RuntimeException {
        Plain(String message) {
            super(message);
        }
    }

    static class Blocking extends RuntimeException {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String getMessage() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }
    }

    static class Computed extends RuntimeException {
        @Override
        public String getMessage() {
            return "computed";
        }
    }

    @Test
    void jdkClassesAndSubclassesThatKeepThrowablesMethodsRunNoUserCode() {
        assertThat(ThrowableRenderer.callsUserCode(new IllegalStateException())).isFalse();
        assertThat(ThrowableRenderer.callsUserCode(new Plain("x"))).isFalse();
        assertThat(ThrowableRenderer.callsUserCode(new Computed())).isTrue();
        assertThat(ThrowableRenderer.callsUserCode(new IllegalStateException("wrapper", new Computed())))
                .as("a cause that overrides getMessage counts")
                .isTrue();
        IllegalStateException withSuppressed = new IllegalStateException();
        withSuppressed.addSuppressed(new Computed());
        assertThat(ThrowableRenderer.callsUserCode(withSuppressed)).isTrue();
    }

    @Test
    void anOverridingClassIsRenderedOffTheCallingThread() {
        ThrowableText text = ThrowableRenderer.render(new Computed(), 1000, RenderBudget.perInvocation());

        assertThat(text.message).isEqualTo("computed");
        assertThat(text.stackTrace).startsWith(Computed.class.getName() + ": computed\n");
    }

    @Test
    void aBlockingGetMessageCostsABoundedWaitAndTheTypeStillShows() {
        RenderBudget budget = RenderBudget.perInvocation();
        Blocking blocking = new Blocking();
        long start = System.nanoTime();
        ThrowableText first = ThrowableRenderer.render(blocking, 1000, budget);
        ThrowableText second = ThrowableRenderer.render(new Computed(), 1000, budget);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        blocking.release.countDown();
        awaitHelperIdle();

        assertThat(first.type).isEqualTo(Blocking.class.getName());
        assertThat(first.stackTrace).isNull();
        assertThat(second.type).isEqualTo(Computed.class.getName());
        assertThat(second.message).as("the helper is still stuck in the first").doesNotContain("computed");
        assertThat(elapsedMillis)
                .as("bounded by the per-call wait, far from a hang")
                .isLessThan(2_000);
        assertThat(budget.remainingNanos())
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(RenderBudget.PER_INVOCATION_MILLIS));
    }

    /** The helper thread serves again once the blocked {@code getMessage()} returned (bounded wait). */
    private static void awaitHelperIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if ("computed"
                    .equals(ThrowableRenderer.render(new Computed(), 100, RenderBudget.perInvocation()).message)) {
                return;
            }
        }
        throw new AssertionError("the rendering helper did not become idle again");
    }

    @Test
    void theCallersInterruptFlagIsKept() {
        Thread.currentThread().interrupt();
        try {
            ThrowableRenderer.render(new Computed(), 1000, RenderBudget.perInvocation());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
