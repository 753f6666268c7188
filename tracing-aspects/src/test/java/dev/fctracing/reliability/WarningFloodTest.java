package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.properties.SpanLedger;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, case 7: no warning floods. {@code @SpanAttribute} of {@code char[]} (as a string), of every primitive
 * array, of collections and of maps is captured without a warning; a tracing problem hit by every one of 1 000
 * calls (an exception whose {@code getMessage} throws) is logged at most a handful of times.
 */
class WarningFloodTest {

    static final int INVOCATIONS = 10;
    static final int CALLS_PER_INVOCATION = 100;
    /** "At most a handful of lines" for 1 000 calls that hit the same problem. */
    static final int HANDFUL = 5;

    private final TaskHandler handler = new TaskHandler();
    private final SpanLedger ledger = new SpanLedger();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private LogCapture logs;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(TaskHandler.class);
        Reliability.assertWoven(TracedOps.class);
    }

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Reliability.env("OTEL_TRACES_EXPORTER", "none"));
        FcTracing.addSpanProcessor(ledger);
        FcTracing.addSpanExporter(exporter);
        logs = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        logs.close();
    }

    @Test
    void aCharArrayAttributeIsCapturedAsAStringWithoutAWarning() {
        thousandCalls(ops -> ops.login("hunter2".toCharArray()));

        assertThat(logs.warningMessages())
                .as("warnings for 1 000 char[] attributes")
                .isEmpty();
        List<SpanData> logins = spansNamed("login");
        assertThat(logins).hasSize(INVOCATIONS * CALLS_PER_INVOCATION);
        for (SpanData login : logins) {
            assertThat(login.getAttributes().get(AttributeKey.stringKey("password")))
                    .isEqualTo("hunter2");
        }
    }

    @Test
    void everyPrimitiveArrayCollectionAndMapIsCapturedWithoutAWarning() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("booleans", new boolean[] {true, false});
        values.put("bytes", new byte[] {1, 2});
        values.put("shorts", new short[] {3, 4});
        values.put("chars", "ab".toCharArray());
        values.put("ints", new int[] {5, 6});
        values.put("longs", new long[] {7, 8});
        values.put("floats", new float[] {0.5f, 1.5f});
        values.put("doubles", new double[] {2.5, 3.5});
        values.put("collection", new HashSet<>(Arrays.asList("x", "y")));
        values.put("map", Collections.singletonMap("k", "v"));
        thousandCalls(ops -> {
            for (Object value : values.values()) {
                ops.record(value);
            }
            ops.typed(
                    (boolean[]) values.get("booleans"),
                    (byte[]) values.get("bytes"),
                    (short[]) values.get("shorts"),
                    (char[]) values.get("chars"),
                    (int[]) values.get("ints"),
                    (long[]) values.get("longs"),
                    (float[]) values.get("floats"),
                    (double[]) values.get("doubles"),
                    (HashSet<?>) values.get("collection"),
                    (Map<?, ?>) values.get("map"));
            return null;
        });

        assertThat(logs.warningMessages())
                .as("warnings for arrays, collections and maps as attributes")
                .isEmpty();
        List<String> missing = new ArrayList<>();
        for (SpanData record : spansNamed("record")) {
            if (!hasAttribute(record.getAttributes(), "value")) {
                missing.add("record");
            }
        }
        for (SpanData typed : spansNamed("typed")) {
            for (String name : values.keySet()) {
                if (!hasAttribute(typed.getAttributes(), name)) {
                    missing.add("typed." + name);
                }
            }
        }
        assertThat(new HashSet<>(missing)).as("attributes not captured").isEmpty();
        assertThat(spansNamed("typed").get(0).getAttributes().get(AttributeKey.stringKey("chars")))
                .isEqualTo("ab");
    }

    @Test
    void anExceptionWhoseGetMessageThrowsIsLoggedAtMostAHandfulOfTimesForAThousandCalls() {
        thousandCalls(ops -> {
            try {
                ops.fail(new ThrowingMessageException());
            } catch (ThrowingMessageException expected) {
                return null;
            }
            throw new AssertionError("not thrown");
        });

        assertThat(logs.warningMessages().size())
                .as("warnings for 1 000 calls: %s", logs.warningMessages())
                .isLessThanOrEqualTo(HANDFUL);
        assertThat(ledger.unended()).as("spans never ended").isEmpty();
    }

    /** {@value #INVOCATIONS} invocations of {@value #CALLS_PER_INVOCATION} calls of {@code call} each. */
    private void thousandCalls(TaskHandler.Task call) {
        for (int i = 0; i < INVOCATIONS; i++) {
            handler.handleRequest(
                    ops -> {
                        for (int c = 0; c < CALLS_PER_INVOCATION; c++) {
                            call.run(ops);
                        }
                        return null;
                    },
                    FakeFcContext.builder()
                            .functionName("fn")
                            .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                            .build());
        }
    }

    private List<SpanData> spansNamed(String name) {
        List<SpanData> out = new ArrayList<>();
        for (SpanData span : exporter.getFinishedSpanItems()) {
            if (span.getName().equals(name)) {
                out.add(span);
            }
        }
        return out;
    }

    private static boolean hasAttribute(Attributes attributes, String name) {
        boolean[] found = new boolean[1];
        attributes.forEach((key, value) -> found[0] |= key.getKey().equals(name));
        return found[0];
    }

    /** An exception whose {@code getMessage} throws (so does {@code toString}, which calls it). */
    static final class ThrowingMessageException extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage broken");
        }
    }
}
