package dev.fctracing.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.lang.reflect.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property-based tests of the woven {@code @FcHandler} and {@code @Traced} advice: generated user behaviours run
 * through the woven function and through its unwoven twin must be observably the same, and tracing must clean up
 * after itself ({@link Invariant}; {@link Harness} runs both). QuickTheories shrinks a failing example.
 *
 * <p>Examples are drawn from a fixed seed, so a build sees the same examples every time;
 * {@code -Dfctracing.properties.seed=N} draws others ({@code random}: a new seed, printed), and
 * {@code -Dfctracing.properties.examples=N} runs N examples per theory instead of the defaults below (sized to
 * finish well under a minute on two cores).
 */
class WovenAdvicePropertyTest {

    /** The default seed: any fixed value; changing it draws other examples. */
    private static final long DEFAULT_SEED = 20261127L;

    private static Harness harness;

    @BeforeAll
    static void start() {
        assertWoven(TracedCalls.class, true);
        assertWoven(TracedExampleHandler.class, true);
        assertWoven(PlainCalls.class, false);
        assertWoven(PlainExampleHandler.class, false);
        harness = Harness.start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Every shape, value (null included), ordinary throwable, interrupt, nesting and future completion. */
    @Test
    void ordinaryUserCodeBehavesTheSameWovenAndUnwoven() {
        check(Generators.ordinary().examples(), 150, 300, false);
    }

    /** Exceptions, values and arguments whose toString, getMessage, getCause, hashCode... throw, block, recurse. */
    @Test
    void hostileUserObjectsNeitherChangeTheFunctionNorLeaveSpansOpen() {
        check(Generators.withHostileObjects().examples(), 120, 100, false);
    }

    /** StackOverflowError and OutOfMemoryError thrown by user code, and real stack exhaustion through woven frames. */
    @Test
    void virtualMachineErrorsPassThroughUnrenderedAndUnlogged() {
        check(Generators.withVirtualMachineErrors().examples(), 60, 100, false);
    }

    /** Everything at once, and after each invocation nothing it made is still reachable. */
    @Test
    void finishedInvocationsRetainNothing() {
        check(Generators.everything().examples(), 40, 100, true);
    }

    /**
     * Checks {@code defaultCount} examples (or {@code fctracing.properties.examples}); a failure is shrunk for at most
     * {@code shrinkCycles} candidates (fewer where a failing candidate may wait out the hang bound).
     */
    private static void check(Gen<Example> examples, int defaultCount, int shrinkCycles, boolean retention) {
        int count = Integer.getInteger("fctracing.properties.examples", defaultCount);
        long began = System.nanoTime();
        int before = harness.examples();
        try {
            qt().withFixedSeed(seed())
                    .withExamples(count)
                    .withShrinkCycles(shrinkCycles)
                    .forAll(examples)
                    .checkAssert(example -> {
                        try {
                            assertThat(harness.check(example, retention))
                                    .as("invariant broken by %s", example)
                                    .isEmpty();
                        } catch (Exception e) {
                            throw new AssertionError("the harness failed on " + example, e);
                        }
                    });
        } finally {
            System.out.printf(
                    "WovenAdvicePropertyTest: %d examples (%d asked) in %d ms%n",
                    harness.examples() - before, count, (System.nanoTime() - began) / 1_000_000);
        }
    }

    private static long seed() {
        String configured = System.getProperty("fctracing.properties.seed");
        if (configured == null) {
            return DEFAULT_SEED;
        }
        long seed = configured.equals("random") ? System.nanoTime() : Long.parseLong(configured);
        System.out.printf("WovenAdvicePropertyTest: seed %d%n", seed);
        return seed;
    }

    /** The woven fixtures carry ajc's join-point fields; the unwoven twins do not. */
    private static void assertWoven(Class<?> type, boolean expected) {
        boolean woven = false;
        for (Field field : type.getDeclaredFields()) {
            woven |= field.getName().startsWith("ajc$tjp_");
        }
        assertThat(woven).as("%s woven by ajc", type.getName()).isEqualTo(expected);
    }
}
