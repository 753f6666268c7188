package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.properties.SpanLedger;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, case 1: deep recursion through a {@code @Traced} method. The {@code StackOverflowError} reaches the
 * user's catch unchanged, is neither rendered nor logged on its way, and — in a fresh JVM, where nothing has logged or
 * built a stack trace before — leaves {@code java.util.logging} and {@code Throwable.getStackTrace()} working.
 *
 * <p>Depth: a woven {@code @Traced} level is three JVM frames (the method, its inlined around advice, the original
 * body), about four times a tiny unwoven method's stack while interpreted. The toolkit keeps around advice (it is what
 * makes the hot path allocation- and lock-free and lets a returned future be replaced); the README states the cost.
 * These tests hold the measured figures with a margin: {@value #FRAMES} traced frames in a 1 MB stack even cold
 * (about 2 000 fit in a fresh JVM), and, both interpreted, at least {@value #MIN_DEPTH_RATIO} of the unwoven depth
 * (0.22 measured), so that a heavier advice frame fails here.
 */
class DeepRecursionTest {

    static final int FRAMES = 1_500;
    /** The measured ratio with both interpreted (0.22, at the default stack and at -Xss256k) with a margin. */
    static final double MIN_DEPTH_RATIO = 0.15;

    private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private final TaskHandler handler = new TaskHandler();
    private final TracedOps plainOps = new TracedOps();
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
        TestSupport.newInstance(Reliability.env(
                "OTEL_TRACES_EXPORTER",
                "none",
                "OTEL_BSP_MAX_QUEUE_SIZE",
                "8192",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                "8192"));
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
    void fifteenHundredTracedFramesFitInAOneMegabyteStack() throws Exception {
        OnThread plain = OnThread.run(1 << 20, () -> plainOps.plainRecurse(FRAMES));
        assertThat(plain.value()).as("unwoven").isEqualTo(FRAMES);

        OnThread woven = OnThread.run(1 << 20, () -> handler.handleRequest(ops -> ops.recurse(FRAMES), fc()));

        assertThat(woven.thrown)
                .as("woven: %s frames deep in a 1 MB stack", FRAMES)
                .isNull();
        assertThat(woven.value).isEqualTo(FRAMES);
        assertThat(ledger.unended()).as("spans started and not ended").isEmpty();
        assertThat(exporter.getFinishedSpanItems())
                .as("handler span and one span per frame")
                .hasSize(FRAMES + 2);
        assertThat(logs.warnings()).isEmpty();
    }

    /**
     * Measured in a fresh JVM run with {@code -Xint}: in one JVM the JIT compiles the two recursions at different
     * times (an unwoven depth of 19 669 interpreted became 59 005 compiled in the same run), so only an interpreter
     * compares like with like.
     */
    @Test
    void wovenRecursionDepthStaysWithinTheMeasuredShareOfTheUnwovenDepth() throws Exception {
        Map<String, String> depths = probe("depths", "-Xint");
        int plainDepth = Integer.parseInt(depths.get("plainDepth"));
        int wovenDepth = Integer.parseInt(depths.get("wovenDepth"));
        System.out.printf(
                "DeepRecursionTest: recursion until StackOverflowError (fresh JVM, -Xint, %s): unwoven %d"
                        + " frames, woven %d frames: %.3f%n",
                stackOption(), plainDepth, wovenDepth, (double) wovenDepth / plainDepth);

        assertThat(plainDepth).as("unwoven depth").isPositive();
        assertThat((double) wovenDepth / plainDepth)
                .as("woven depth %d / unwoven depth %d", wovenDepth, plainDepth)
                .isGreaterThanOrEqualTo(MIN_DEPTH_RATIO);
    }

    @Test
    void aStackOverflowReachesTheUserUnchangedAndIsNeitherRenderedNorLogged() throws Exception {
        long began = System.nanoTime();
        long[] bodyEnd = new long[1];
        OnThread woven = OnThread.run(
                0,
                () -> handler.handleRequest(
                        ops -> {
                            Object result = StackOverflowProbe.diveUntilOverflow(ops, false);
                            bodyEnd[0] = new LogRecord(Level.OFF, "").getSequenceNumber();
                            return result;
                        },
                        fc()));
        long elapsed = OnThread.elapsedMillis(began);

        assertThat(woven.value())
                .as("the user's catch got the StackOverflowError")
                .isInstanceOf(Integer.class);
        List<String> renderings = new ArrayList<>();
        long exportedChars = 0;
        for (SpanData span : exporter.getFinishedSpanItems()) {
            for (EventData event : span.getEvents()) {
                String stack = event.getAttributes().get(EXCEPTION_STACKTRACE);
                if (stack != null) {
                    exportedChars += stack.length();
                    renderings.add(span.getName() + ": "
                            + event.getAttributes().get(AttributeKey.stringKey("exception.type")));
                }
            }
        }
        System.out.printf(
                "DeepRecursionTest: overflow at depth %s in %d ms, %d spans exported, %d chars of stack" + " traces%n",
                woven.value, elapsed, exporter.getFinishedSpanItems().size(), exportedChars);
        assertThat(renderings).as("StackOverflowErrors rendered").isEmpty();
        List<String> during = new ArrayList<>();
        for (LogRecord record : logs.records()) {
            if (record.getSequenceNumber() < bodyEnd[0]) {
                during.add(record.getLevel() + " " + record.getMessage());
            }
        }
        assertThat(during).as("log lines while the user's code was failing").isEmpty();
        assertThat(ledger.unended().size())
                .as("spans never ended, beyond those counted dropped")
                .isLessThanOrEqualTo((int) FcTracing.droppedSpans());
    }

    /**
     * In a fresh JVM (the one-time initialisations of JUL's root handlers and of stack trace elements not yet done),
     * a traced stack overflow leaves both working: the same root handlers as a JVM that did not overflow, records
     * reach handlers, stack traces can be taken.
     */
    @Test
    void aFreshJvmStillLogsAndTakesStackTracesAfterATracedStackOverflow() throws Exception {
        Map<String, String> baseline = probe("baseline");
        assertThat(baseline).containsEntry("logging", "ok").containsEntry("stackTrace", "ok");
        for (int run = 1; run <= 2; run++) {
            Map<String, String> after = probe("overflow");
            System.out.printf("DeepRecursionTest: fresh JVM %d: %s%n", run, after);
            assertThat(after.get("outcome")).as("run %d", run).startsWith("depth ");
            assertThat(after.get("rootHandlers"))
                    .as("run %d: root handlers", run)
                    .isEqualTo(baseline.get("rootHandlers"));
            assertThat(after.get("logging")).as("run %d: logging", run).isEqualTo("ok");
            assertThat(after.get("stackTrace"))
                    .as("run %d: Throwable.getStackTrace()", run)
                    .isEqualTo("ok");
        }
    }

    /**
     * Runs {@link StackOverflowProbe} in a new JVM with this JVM's heap and stack options and {@code extraOptions};
     * its key=value lines.
     */
    private static Map<String, String> probe(String mode, String... extraOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(java.util.Arrays.asList(extraOptions));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xss") || option.startsWith("-Xmx")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(StackOverflowProbe.class.getName());
        command.add(mode);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> lines = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.indexOf(' ') > eq || eq > 0 && line.indexOf(' ') < 0) {
                    lines.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(process.exitValue())
                .as("probe exit status; output:%n%s", output)
                .isZero();
        return lines;
    }

    private static String stackOption() {
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xss")) {
                return option;
            }
        }
        return "no -Xss";
    }

    private static FakeFcContext fc() {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .build();
    }
}
