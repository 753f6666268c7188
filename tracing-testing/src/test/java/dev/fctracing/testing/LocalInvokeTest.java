package dev.fctracing.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-run command on handlers compiled by javac (this module cannot weave): one that sends its own spans as a
 * woven handler would, and ones that send none. The woven case runs in sample-function ({@code LocalRunTest}) and as
 * its {@code -Prun-local} build.
 */
class LocalInvokeTest {

    /** What the last {@link SelfTracing} invocation saw. */
    static final List<String> SEEN = new ArrayList<>();

    /** Sends, before returning, a handler span under FC's span and a child: what the weave makes a handler do. */
    public static class SelfTracing implements StreamRequestHandler, FunctionInitializer {
        @Override
        public void initialize(Context context) {
            SEEN.add("initialize " + context.getFunctionParam().getFunctionInitializer());
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            ByteArrayOutputStream event = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
                event.write(buffer, 0, n);
            }
            SEEN.add("handleRequest " + context.getFunctionParam().getFunctionName() + " "
                    + context.getTracing().getSpanBaggages());
            FakeFcContext fc = (FakeFcContext) context;
            Span handler = span(fc, fc.getFunctionParam().getFunctionName(), 0x31, fc.spanId(), 0, 20_000);
            Span step = span(fc, "step", 0x32, 0x31, 5_000, 10_000);
            TestSpans.post(
                    context.getTracing().getJaegerEndpoint(),
                    JaegerThriftReference.serialize(TestSpans.batch("svc", handler, step)),
                    "application/x-thrift");
            output.write(("got " + new String(event.toByteArray(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Fails its invocation. */
    public static class Throwing implements StreamRequestHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {
            throw new IllegalStateException("no stock");
        }
    }

    @Test
    void printsTheOutputTheWaterfallAndTheTimeAndSucceedsForANestedTrace(@TempDir Path dir) throws Exception {
        Path event = dir.resolve("event.json");
        Files.write(event, "{\"sku\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        SEEN.clear();

        Result result =
                run(SelfTracing.class.getName(), event.toString(), "--function", "orders", "--baggage", "tenant=acme");

        assertThat(result.status).as(result.text).isZero();
        assertThat(SEEN)
                .containsExactly(
                        "initialize " + SelfTracing.class.getName() + "::initialize",
                        "handleRequest orders {tenant=acme}");
        assertThat(result.text)
                .contains("WARNING: dev.fctracing.testing.LocalInvokeTest$SelfTracing is invoked by FC")
                .contains("Initializing dev.fctracing.testing.LocalInvokeTest$SelfTracing")
                .contains("Invoking dev.fctracing.testing.LocalInvokeTest$SelfTracing as function orders")
                .containsPattern("handleRequest returned in \\d+\\.\\d ms: \"got \\{\"sku\":\"a\"}\"")
                .contains("The collector had received 2 span(s) of the trace when it returned.")
                .containsPattern(
                        "\\(FC system span [0-9a-f]{16}, not received\\)\n  orders +20\\.0 ms +█+\n    step +10\\.0 ms")
                .containsPattern(
                        "Where the time went, in ms:\n +\\d+  loading and creating the handler .*\n +\\d+  starting the"
                                + " loopback collector .*\n +\\d+  initialize\n +\\d+  handleRequest:\n +\\d+  before the handler span: .*\n"
                                + " +20  the handler span: the handler's own work\n +\\d+  after it: the spans sent to the collector, .*\n")
                .containsPattern(
                        "OK: trace [0-9a-f]{32} arrived before handleRequest returned and nests under FC's span\\.")
                .as("no terminal escape codes: the output goes to logs and pipes")
                .doesNotContain("\u001b");
    }

    @Test
    void fromMainTheAccountStartsAtTheJvmsStartAndEndsWithTheRest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long mainAt = WallTime.uptimeMillis();
        int status = LocalInvoke.run(
                new String[] {SelfTracing.class.getName()}, new PrintStream(bytes, true, "UTF-8"), mainAt);
        String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);

        assertThat(status).as(text).isZero();
        assertThat(text)
                .containsPattern("Where the time went, in ms \\(\\d+ since the JVM started\\):\n +" + mainAt
                        + "  JVM start to LocalInvoke\\.main\n")
                .containsPattern(
                        "\n +\\d+  after it: .*\n +\\d+  the rest: reading the event, checking and printing the"
                                + " trace\n");
    }

    @Test
    void anUnwovenHandlerFailsWithTheWeavingWarningAndTheReasons() throws Exception {
        Result result = run("dev.fctracing.testing.fixtures.UnannotatedPojoHandler", "--function", "fn");

        assertThat(result.status).isEqualTo(1);
        assertThat(result.text)
                .contains("WARNING: dev.fctracing.testing.fixtures.UnannotatedPojoHandler is invoked by FC")
                .contains("handleRequest returned in ")
                .contains(": \"echo \"")
                .contains("The collector had received 0 span(s)")
                .contains("FAILED:\n  - no span of the trace arrived before handleRequest returned");
    }

    @Test
    void aThrowingHandlerFailsWithItsException() throws Exception {
        Result result = run(Throwing.class.getName());

        assertThat(result.status).isEqualTo(1);
        assertThat(result.text)
                .contains("handleRequest threw after ")
                .contains("java.lang.IllegalStateException: no stock")
                .contains("FAILED:\n  - handleRequest threw java.lang.IllegalStateException: no stock");
    }

    @Test
    void unusableArgumentsExitWith2AndTheUsage() throws Exception {
        assertThat(run().status).isEqualTo(2);
        assertThat(run().text).contains("no handler class given").contains("usage: LocalInvoke");
        assertThat(run("--nope", "x").text).contains("unknown option --nope");
        assertThat(run("a", "b", "c").text).contains("too many arguments");
        assertThat(run("--baggage", "novalue", "x").text).contains("--baggage takes <key>=<value>");
        assertThat(run("com.example.Missing").text).contains("class com.example.Missing is not on the class path");
        assertThat(run(String.class.getName()).text).contains("implements neither StreamRequestHandler nor");
        assertThat(run(SelfTracing.class.getName(), "/no/such/event.json").text).contains("cannot read the event");
    }

    private static Result run(String... args) throws UnsupportedEncodingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, "UTF-8");
        int status = LocalInvoke.run(args, out);
        return new Result(status, new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }

    private static Span span(FakeFcContext context, String name, long id, long parent, long start, long duration) {
        long now = System.currentTimeMillis() * 1000;
        Span span = new Span(context.traceIdLow(), context.traceIdHigh(), id, parent, name, 1, now + start, duration);
        span.addToReferences(new SpanRef(SpanRefType.CHILD_OF, context.traceIdLow(), context.traceIdHigh(), parent));
        return span;
    }

    private static final class Result {
        final int status;
        final String text;

        Result(int status, String text) {
            this.status = status;
            this.text = text;
        }
    }
}
