package dev.fctracing.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.fc.FcRole;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.fc.InvocationRequest;
import dev.fctracing.internal.invocation.FcInvocation;
import dev.fctracing.internal.invocation.InvocationStarter;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import dev.fctracing.testing.TraceTree;
import io.jaegertracing.thriftjava.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A benchmark of an unwoven method silently measures nothing: this proves the benchmark targets were woven (by this
 * module's ajc run, with tracing-aspects as aspect library) and that ajc kept JMH's generated benchmark list.
 */
class BenchmarkWeavingTest {

    private LoopbackJaegerCollector collector;

    @BeforeEach
    void newInstance() {
        TestSupport.newInstance(Environment.of(Collections.<String, String>emptyMap()));
        collector = LoopbackJaegerCollector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
        TestSupport.newInstance(Environment.of(Collections.<String, String>emptyMap()));
    }

    @Test
    void everyTracedTargetMakesAChildOfTheHandlerSpanAndThePlainMethodDoesNot() {
        FakeFcContext fc = FakeFcContext.builder()
                .functionName("bench-function")
                .spanContext(TracingFixture.SAMPLED)
                .jaegerEndpoint(collector.endpoint())
                .build();
        FcInvocation invocation = InvocationStarter.begin(
                InvocationRequest.fromFcContext(fc, null), FcRole.REQUEST, "BenchmarkWeavingTest");
        long plain;
        long traced;
        try {
            TracedTarget target = new TracedTarget();
            plain = target.plain(7);
            traced = target.traced(7);
            new AnnotationStyleTarget().traced(7);
            new ClosureStyleTarget().traced(7);
        } finally {
            invocation.end();
        }
        assertThat(traced).as("the advice returns the method's own value").isEqualTo(plain);

        assertThat(collector.awaitSpans(4, 5000)).isTrue();
        TraceTree tree = TraceTree.of(collector.spans());
        assertThat(tree.problems()).isEmpty();
        Span handler = tree.byName("bench-function");
        assertThat(tree.children(handler))
                .extracting(Span::getOperationName)
                .containsExactly(TracedTarget.SPAN_NAME, "AnnotationStyleTarget.traced", "ClosureStyleTarget.traced");
        assertThat(tree.spans()).hasSize(4);
    }

    @Test
    void theFixtureStartsTheRealRuntimeAndItsProcessorExportsTheTracedSpan() {
        try (TracingFixture fixture = TracingFixture.start(true)) {
            fixture.beginInvocation();
            long before = fixture.exporter().exportedSpans();
            new TracedTarget().traced(1);
            fixture.flush();
            assertThat(fixture.exporter().exportedSpans() - before).isEqualTo(1);
            assertThat(fixture.exporter().lastSpanName()).isEqualTo(TracedTarget.SPAN_NAME);
            fixture.endInvocation();
            assertThat(fixture.processor().droppedSpans()).isZero();
        }
    }

    @Test
    void anUnsampledInvocationRecordsNothing() {
        try (TracingFixture fixture = TracingFixture.start(false)) {
            fixture.beginInvocation();
            new TracedTarget().traced(1);
            new AnnotationStyleTarget().traced(1);
            new ClosureStyleTarget().traced(1);
            fixture.endInvocation();
            assertThat(fixture.exporter().exportedSpans()).isZero();
        }
    }

    @Test
    void wovenShapesAreTheOnesTheBenchmarkDescribes() throws Exception {
        // Code-style advice (tracing-aspects) is inlined: a join point static part, no closure class.
        assertThat(TracedTarget.class.getDeclaredField("ajc$tjp_0")).isNotNull();
        assertThat(exists("dev.fctracing.bench.jmh.TracedTarget$AjcClosure1")).isFalse();
        // The in-module @Aspect is inlined too (but builds a JoinPoint per call); the closure variant is not.
        assertThat(exists("dev.fctracing.bench.jmh.AnnotationStyleTarget$AjcClosure1"))
                .isFalse();
        assertThat(exists("dev.fctracing.bench.jmh.ClosureStyleTarget$AjcClosure1"))
                .isTrue();
    }

    @Test
    void ajcKeptJmhsBenchmarkList() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertThat(in).as("META-INF/BenchmarkList on the class path").isNotNull();
            String list = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .collect(Collectors.joining("\n"));
            assertThat(list)
                    .contains("dev.fctracing.bench.jmh.TracedCallBenchmark")
                    .contains("dev.fctracing.bench.jmh.JaegerEncodeBenchmark")
                    .contains("dev.fctracing.bench.jmh.SpanContextParseBenchmark");
        }
        assertThat(exists("dev.fctracing.bench.jmh.jmh_generated.TracedCallBenchmark_sampled_traced_jmhTest"))
                .isTrue();
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, BenchmarkWeavingTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
