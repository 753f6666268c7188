package dev.fctracing.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.fctracing.internal.config.Environment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness's own check: with {@code OTEL_SDK_DISABLED=true} the woven advice only passes calls through, so every
 * generated example — hostile objects, virtual machine errors, futures, retention included — must satisfy the
 * invariant. A failure here is a false alarm of {@link Invariant} or {@link Harness}, not a tracing bug.
 */
class DisabledTracingPropertyTest {

    private static Harness harness;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_TRACES_EXPORTER", "none");
        env.put("OTEL_SDK_DISABLED", "true");
        harness = Harness.start(Environment.of(env));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void withTracingDisabledTheWovenFunctionIsThePlainOne() {
        int count = Integer.getInteger("fctracing.properties.examples", 40);
        qt().withFixedSeed(20261127L)
                .withExamples(count)
                .withShrinkCycles(100)
                .forAll(Generators.everything().examples())
                .checkAssert(example -> {
                    try {
                        assertThat(harness.check(example, true))
                                .as("false alarm on %s", example)
                                .isEmpty();
                    } catch (Exception e) {
                        throw new AssertionError("the harness failed on " + example, e);
                    }
                });
    }
}
