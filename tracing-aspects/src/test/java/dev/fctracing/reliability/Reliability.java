package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared helpers of the reliability tests. */
final class Reliability {

    /**
     * The two tokens of {@link #TRACES_PATH}, the FC-shaped path of endpoints that are not a loopback collector (fault
     * servers, closed ports, refused URLs). A collector's endpoint carries random tokens of its own: see
     * {@link #secrets(String[], LoopbackJaegerCollector...)}.
     */
    static final String TOKEN = "fktokA7q3Zp9Lw2Xc5";

    static final String TOKEN_2 = "fktokB4m8Rd1Vy6Hn0";
    /** {@code /adapt_<TOKEN>@<TOKEN_2>/api/traces}, shaped like FC's tracing-analysis endpoints. */
    static final String TRACES_PATH = "/adapt_" + TOKEN + "@" + TOKEN_2 + "/api/traces";
    /** Both secret parts of {@link #TRACES_PATH}. */
    static final String[] SECRETS = {TOKEN, TOKEN_2};
    /** A credential sent as an OTLP header ({@code OTEL_EXPORTER_OTLP_HEADERS}). */
    static final String OTLP_HEADER_SECRET = "hdrsecQ8w2Ek5TzUu3";
    /** {@code OTEL_EXPORTER_OTLP_HEADERS} carrying {@link #OTLP_HEADER_SECRET}. */
    static final String OTLP_HEADERS = "x-api-key=" + OTLP_HEADER_SECRET;
    /** The tokens and the OTLP header credential. */
    static final String[] ALL_SECRETS = {TOKEN, TOKEN_2, OTLP_HEADER_SECRET};
    /** The OTLP path FC's Managed Service for OpenTelemetry takes beside the Jaeger one: tokens included. */
    static final String OTLP_PATH = TRACES_PATH.replace("/api/traces", "/api/otlp/traces");

    private Reliability() {}

    /** {@code secrets} and the random tokens of each collector's endpoint: what must never appear in a log. */
    static String[] secrets(String[] secrets, LoopbackJaegerCollector... collectors) {
        List<String> all = new ArrayList<>(Arrays.asList(secrets));
        for (LoopbackJaegerCollector collector : collectors) {
            all.addAll(collector.secrets());
        }
        return all.toArray(new String[0]);
    }

    /** The tokens in an FC-shaped endpoint's path ({@code /adapt_<token>@<token2>/...}); none for another URL. */
    static List<String> tokensIn(String endpoint) {
        Matcher path = Pattern.compile("/adapt_([^@/]+)@([^/]+)/").matcher(endpoint);
        return path.find() ? Arrays.asList(path.group(1), path.group(2)) : new ArrayList<String>();
    }

    /** An environment of the given name/value pairs (nothing else set). */
    static Environment env(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Environment.of(values);
    }

    /** An FC context with a fresh sampled 128-bit span context and the given endpoint. */
    static FakeFcContext fc(String endpoint) {
        return FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(endpoint)
                .build();
    }

    /** Runs the woven stream handler and returns what it wrote. */
    static String stream(StreamEchoHandler handler, FakeFcContext context, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Fails unless ajc wove the entry and {@code @Traced} advice into {@code handler} (its join-point fields). */
    static void assertWoven(Class<?> handler) {
        boolean woven = false;
        for (Field field : handler.getDeclaredFields()) {
            woven |= field.getName().startsWith("ajc$tjp_");
        }
        assertThat(woven)
                .as(handler.getName() + " was not woven by ajc at test-compile")
                .isTrue();
    }

    /** Waits (bounded) until {@code collector} has accepted {@code count} spans of the trace of {@code context}. */
    static List<Span> awaitTrace(LoopbackJaegerCollector collector, FakeFcContext context, int count, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
        while (spans.size() < count && System.nanoTime() < deadline) {
            collector.awaitSpans(collector.spans().size() + 1, 50);
            spans = collector.spansOfTrace(context.traceIdHex32());
        }
        return spans;
    }

    static Span named(List<Span> spans, String operationName) {
        for (Span span : spans) {
            if (span.getOperationName().equals(operationName)) {
                return span;
            }
        }
        throw new AssertionError("no span named " + operationName + " in " + spans);
    }

    static String stringTag(Span span, String key) {
        if (span.getTags() != null) {
            for (Tag tag : span.getTags()) {
                if (tag.getKey().equals(key)) {
                    return tag.getVStr();
                }
            }
        }
        return null;
    }

    static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
