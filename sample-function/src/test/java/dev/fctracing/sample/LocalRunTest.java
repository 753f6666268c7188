package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.testing.FcTracingExtension;
import dev.fctracing.testing.LocalInvoke;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local run ({@code -Prun-local}, the README's first command, and {@code LocalInvoke} as docs/testing.md shows it
 * for a function's own handler) on the woven sample: it succeeds and prints the nested waterfall. The extension only
 * gives each run a fresh tracing instance, as the command's own JVM would.
 */
@ExtendWith(FcTracingExtension.class)
class LocalRunTest {

    @Test
    void theRunLocalInvocationOfHelloHandlerPrintsTheNestedTraceAndSucceeds() throws Exception {
        String[] output = new String[1];
        int status = run(
                output,
                "--function",
                "fc-tracing-sample",
                "--service",
                "fc-tracing-sample",
                "--baggage",
                "tenant=local",
                "dev.fctracing.sample.HelloHandler",
                "src/test/resources/events/hello.json");
        String text = output[0];

        assertThat(status).as(text).isZero();
        assertThat(text)
                .contains("Invoking dev.fctracing.sample.HelloHandler as function fc-tracing-sample")
                .containsPattern("handleRequest returned in \\d+\\.\\d ms: \"hello world\"")
                .contains("The collector had received 3 span(s) of the trace when it returned.")
                .containsPattern("\\(FC system span [0-9a-f]{16}, not received\\)")
                .containsPattern("\n  fc-tracing-sample +\\d+\\.\\d ms +█+")
                .containsPattern("\n    fc-operation +\\d+\\.\\d ms +█+")
                .containsPattern("\n      child +\\d+\\.\\d ms +█+")
                .containsPattern(
                        "\n +\\d+  handleRequest:\n +\\d+  before the handler span: .*\n +2\\d\\d  the handler span: .*\n"
                                + " +\\d+  after it: .*\n")
                .contains("OK: trace ")
                .doesNotContain("WARNING");
    }

    @Test
    void aPojoHandlerReadsItsJsonEventFile() throws Exception {
        String[] output = new String[1];
        int status = run(
                output,
                "dev.fctracing.sample.OrderHandler",
                "src/test/resources/events/order.json",
                "--function",
                "orders");

        assertThat(status).as(output[0]).isZero();
        assertThat(output[0])
                .contains("handleRequest returned in ")
                .contains(": \"ok 3 x sku-42 = 5997 cents\"")
                .containsPattern("\n  orders +\\d+\\.\\d ms +█+")
                .containsPattern("\n    reserve-stock +\\d+\\.\\d ms")
                .containsPattern("\n    price +\\d+\\.\\d ms");
    }

    private static int run(String[] output, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = LocalInvoke.run(args, new PrintStream(bytes, true, "UTF-8"));
        output[0] = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        return status;
    }
}
