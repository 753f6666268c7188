package dev.fctracing.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.OpenTracing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeFcContextTest {

    @Test
    void defaults() {
        FakeFcContext a = FakeFcContext.builder().build();
        FakeFcContext b = FakeFcContext.builder().build();

        assertThat(a.getRequestId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isNotEqualTo(b.getRequestId());
        assertThat(a.getFunctionParam().getFunctionName()).isEqualTo("sample-function");
        assertThat(a.getFunctionParam().getFunctionHandler()).isNotEmpty();
        assertThat(a.getFunctionParam().getMemoryLimitInMB()).isEqualTo(512);
        assertThat(a.getFunctionParam().getExecTimeLimitInMillis()).isEqualTo(60_000);
        assertThat(a.getService().getName()).isEqualTo("sample-service");
        assertThat(a.getService().getQualifier()).isEqualTo("LATEST");
        assertThat(a.getExecutionCredentials().getAccessKeyId()).startsWith("FAKE");
        assertThat(a.getRetryCount()).isZero();
        assertThat(a.getLogger()).isInstanceOf(FakeFcLogger.class);
        assertThat(a.getTracing()).isNull();
        assertThatThrownBy(a::traceIdHex32).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyGetterReturnsWhatWasSet() {
        Map<String, String> baggage = new HashMap<>();
        baggage.put("tenant", "t-9");
        FakeFcContext ctx = FakeFcContext.builder()
                .requestId("r-1")
                .spanContext("124ed43254b54966:124ed43254b54966:0:1")
                .baggage(baggage)
                .jaegerEndpoint("http://127.0.0.1:1/adapt_x@y/api/traces")
                .functionName("fn")
                .functionHandler("a.B::handleRequest")
                .functionInitializer("a.B::initialize")
                .serviceName("svc")
                .qualifier("prod")
                .versionId("3")
                .logProjectAndStore("proj", "store")
                .memoryLimitMb(1024)
                .execTimeLimitMillis(3_000)
                .credentials("ak", "sk", "token")
                .retryCount(2)
                .build();

        assertThat(ctx.getRequestId()).isEqualTo("r-1");
        OpenTracing tracing = ctx.getTracing();
        assertThat(tracing).isNotNull();
        assertThat(tracing.getSpanContext()).isEqualTo("124ed43254b54966:124ed43254b54966:0:1");
        assertThat(tracing.getSpanBaggages()).isSameAs(baggage);
        assertThat(tracing.getJaegerEndpoint()).isEqualTo("http://127.0.0.1:1/adapt_x@y/api/traces");
        assertThat(ctx.getFunctionParam().getFunctionName()).isEqualTo("fn");
        assertThat(ctx.getFunctionParam().getFunctionHandler()).isEqualTo("a.B::handleRequest");
        assertThat(ctx.getFunctionParam().getFunctionInitializer()).isEqualTo("a.B::initialize");
        assertThat(ctx.getFunctionParam().getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(ctx.getFunctionParam().getExecTimeLimitInMillis()).isEqualTo(3_000);
        assertThat(ctx.getService().getName()).isEqualTo("svc");
        assertThat(ctx.getService().getQualifier()).isEqualTo("prod");
        assertThat(ctx.getService().getVersionId()).isEqualTo("3");
        assertThat(ctx.getService().getLogProject()).isEqualTo("proj");
        assertThat(ctx.getService().getLogStore()).isEqualTo("store");
        assertThat(ctx.getExecutionCredentials().getAccessKeyId()).isEqualTo("ak");
        assertThat(ctx.getExecutionCredentials().getAccessKeySecret()).isEqualTo("sk");
        assertThat(ctx.getExecutionCredentials().getSecurityToken()).isEqualTo("token");
        assertThat(ctx.getRetryCount()).isEqualTo(2);

        assertThat(ctx.traceIdHex32()).isEqualTo("0000000000000000124ed43254b54966");
        assertThat(ctx.spanIdHex16()).isEqualTo("124ed43254b54966");
        assertThat(ctx.traceIdHigh()).isZero();
        assertThat(ctx.traceIdLow()).isEqualTo(0x124ed43254b54966L);
        assertThat(ctx.spanId()).isEqualTo(0x124ed43254b54966L);
    }

    @Test
    void tracingEnabledButStringsEmpty() {
        FakeFcContext nulls = FakeFcContext.builder()
                .spanContext(null)
                .baggage(null)
                .jaegerEndpoint(null)
                .build();
        assertThat(nulls.getTracing()).isNotNull();
        assertThat(nulls.getTracing().getSpanContext()).isNull();
        assertThat(nulls.getTracing().getSpanBaggages()).isNull();
        assertThat(nulls.getTracing().getJaegerEndpoint()).isNull();
        assertThatThrownBy(nulls::spanIdHex16)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no span context");

        FakeFcContext empty = FakeFcContext.builder()
                .spanContext("")
                .jaegerEndpoint("")
                .baggage(Collections.<String, String>emptyMap())
                .build();
        assertThat(empty.getTracing().getSpanContext()).isEmpty();
        assertThat(empty.getTracing().getJaegerEndpoint()).isEmpty();
        assertThat(empty.getTracing().getSpanBaggages()).isEmpty();

        FakeFcContext bare = FakeFcContext.builder().withTracing().build();
        assertThat(bare.getTracing()).isNotNull();
        assertThat(bare.getTracing().getSpanContext()).isNull();
    }

    @Test
    void noTracingMakesTracingNullWhateverWasSet() {
        FakeFcContext ctx = FakeFcContext.builder()
                .spanContext(FakeFcContext.randomJaegerSpanContext(false))
                .jaegerEndpoint("http://127.0.0.1:1/x")
                .noTracing()
                .build();
        assertThat(ctx.getTracing()).isNull();
    }

    @Test
    void baggageItemsAreCopiedNotWrittenThrough() {
        Map<String, String> given = new HashMap<>();
        given.put("a", "1");
        FakeFcContext.Builder builder = FakeFcContext.builder().baggage(given).baggageItem("b", "2");
        FakeFcContext first = builder.build();
        FakeFcContext second = builder.baggageItem("c", "3").build();

        assertThat(given).containsOnlyKeys("a");
        assertThat(first.getTracing().getSpanBaggages()).containsOnlyKeys("a", "b");
        assertThat(second.getTracing().getSpanBaggages()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void randomSpanContextsHaveJaegerShape() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String ctx64 = FakeFcContext.randomJaegerSpanContext(false);
            String ctx128 = FakeFcContext.randomJaegerSpanContext(true);
            assertThat(ctx64).matches("[0-9a-f]{16}:[0-9a-f]{16}:0:1");
            assertThat(ctx128).matches("[0-9a-f]{32}:[0-9a-f]{16}:0:1");
            assertThat(ctx64).doesNotStartWith("0000000000000000:");
            assertThat(seen.add(ctx64)).isTrue();
            assertThat(seen.add(ctx128)).isTrue();
        }
        String ctx = FakeFcContext.randomJaegerSpanContext(true);
        FakeFcContext built = FakeFcContext.builder().spanContext(ctx).build();
        assertThat(built.traceIdHex32()).isEqualTo(ctx.substring(0, 32));
        assertThat(built.spanIdHex16()).isEqualTo(ctx.substring(33, 49));
    }

    @Test
    void parsingBackPadsShortIdsAndLowerCases() {
        FakeFcContext shortIds =
                FakeFcContext.builder().spanContext("4ed43254b54966:abc:0:1").build();
        assertThat(shortIds.traceIdHex32())
                .isEqualTo("0000000000000000004ed43254b54966")
                .hasSize(32);
        assertThat(shortIds.spanIdHex16()).isEqualTo("0000000000000abc");

        FakeFcContext upper = FakeFcContext.builder()
                .spanContext("0AF7651916CD43DD8448EB211C80319C:B7AD6B7169203331:0:1")
                .build();
        assertThat(upper.traceIdHex32()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(upper.traceIdHigh()).isEqualTo(0x0af7651916cd43ddL);
        assertThat(upper.traceIdLow()).isEqualTo(0x8448eb211c80319cL);
        assertThat(upper.spanIdHex16()).isEqualTo("b7ad6b7169203331");

        FakeFcContext encoded =
                FakeFcContext.builder().spanContext("abc%3Adef%3A0%3A1").build();
        assertThat(encoded.spanIdHex16()).isEqualTo("0000000000000def");

        for (String bad : new String[] {
            "abc:def:0",
            "xyz:def:0:1",
            ":def:0:1",
            "abc::0:1",
            "0123456789abcdef0123456789abcdef0:1:0:1",
            "1:0123456789abcdef0:0:1"
        }) {
            FakeFcContext ctx = FakeFcContext.builder().spanContext(bad).build();
            assertThatThrownBy(ctx::traceIdHex32).as(bad).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void loggerPrintsToStderrWithPrefixAndKeepsLines() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        FakeFcContext ctx = FakeFcContext.builder().requestId("r-7").build();
        try {
            System.setErr(new PrintStream(captured, true));
            ctx.getLogger().info("hello");
            ctx.getLogger().debug("details");
            ctx.getLogger().setLogLevel(FunctionComputeLogger.Level.WARN);
            ctx.getLogger().info("hidden");
            ctx.getLogger().error("boom");
        } finally {
            System.setErr(original);
        }
        String err = new String(captured.toByteArray(), StandardCharsets.UTF_8);
        assertThat(err)
                .contains("[fake-fc r-7] INFO hello", "[fake-fc r-7] DEBUG details", "[fake-fc r-7] ERROR boom")
                .doesNotContain("hidden");
        assertThat(ctx.fakeLogger().lines())
                .containsExactly("[fake-fc r-7] INFO hello", "[fake-fc r-7] DEBUG details", "[fake-fc r-7] ERROR boom");
        assertThat(ctx.fakeLogger().text()).contains("boom");
        assertThat(ctx.fakeLogger().level()).isEqualTo(FunctionComputeLogger.Level.WARN);
    }

    @Test
    void customLoggerIsReturned() {
        FakeFcLogger mine = new FakeFcLogger("mine");
        FakeFcContext ctx = FakeFcContext.builder().logger(mine).build();
        assertThat(ctx.getLogger()).isSameAs(mine);
        assertThat(ctx.fakeLogger()).isSameAs(mine);
    }

    @Test
    void toStringNeverShowsTheEndpoint() {
        try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
            FakeFcContext ctx =
                    FakeFcContext.builder().jaegerEndpoint(collector.endpoint()).build();
            assertThat(ctx.toString())
                    .doesNotContain(collector.secrets().get(0))
                    .doesNotContain(collector.secrets().get(1))
                    .contains("(set)");
        }
    }
}
