package dev.fctracing.bench.jmh;

import dev.fctracing.internal.instance.TracingInstance;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call cost of a woven {@code @Traced} method, in the three states a call can be in, each next to its baseline
 * measured in the same run:
 *
 * <ul>
 *   <li>{@code noSdk_*} (a): no SDK started and no current span (outside an invocation). {@code traced} vs the same
 *       body un-annotated ({@code plain}); goal: within 5 ns.
 *   <li>{@code sampled_*} (b): inside a sampled invocation started by the real runtime, spans exported through the
 *       real {@code InvocationSpanProcessor} (no-op exporter, see {@link TracingFixture}), flushed every
 *       {@value #FLUSH_EVERY} calls inside the measured method so the queue never fills — the flush is part of every
 *       variant's cost. {@code traced} vs {@code handWritten} (the same span made with the OpenTelemetry API:
 *       {@code spanBuilder(name).setParent(Context.current()).startSpan()}, {@code makeCurrent()}, {@code end()});
 *       goal: within 1.10x. {@code plain} is the untraced call in the same state, for reference.
 *   <li>{@code unsampled_*} (c): inside an invocation whose FC span is not sampled. {@code traced} vs {@code plain};
 *       goal: within 1.5x plain + 20 ns.
 *   <li>{@code *_annotationStyle} (d): the same advice written as an {@code @Aspect} ({@link AnnotationStyleTracedAspect},
 *       on {@link AnnotationStyleTarget}), in every state. Compiled in this module's ajc run, so ajc inlines it, but it
 *       still builds a {@code JoinPoint} per call. {@code *_annotationStyleClosure}: the same advice woven through a
 *       closure ({@link ClosureStyleTracedAspect}), the form an {@code @Aspect} shipped in a library jar gets.
 * </ul>
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the garbage per call.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracedCallBenchmark {

    /** Calls between two flushes of the processor in the sampled state (its queue holds 2048). */
    public static final int FLUSH_EVERY = 256;

    /** The woven targets and their argument (a field, so that nothing is constant-folded). */
    @State(Scope.Thread)
    public static class Targets {
        public final TracedTarget codeStyle = new TracedTarget();
        public final AnnotationStyleTarget annotationStyle = new AnnotationStyleTarget();
        public final ClosureStyleTarget closureStyle = new ClosureStyleTarget();
        public long x = 42;
    }

    /** (a) No SDK: nothing started, nothing current. */
    @State(Scope.Thread)
    public static class NoSdk {
        @Setup(Level.Trial)
        public void check() {
            if (TracingInstance.current().runtime() != null || Span.fromContextOrNull(Context.current()) != null) {
                throw new IllegalStateException("state (a) expects no runtime and no current span");
            }
        }
    }

    /** (b) Inside a sampled invocation; the real runtime and processor. */
    @State(Scope.Thread)
    public static class Sampled {
        TracingFixture fixture;
        Tracer tracer;
        int calls;

        @Setup(Level.Trial)
        public void start() {
            fixture = TracingFixture.start(true);
            tracer = fixture.tracer();
            // Fail the run rather than measure an unwoven method: both targets must make a span here.
            fixture.beginInvocation();
            long before = fixture.exporter().exportedSpans();
            new TracedTarget().traced(1);
            new AnnotationStyleTarget().traced(1);
            new ClosureStyleTarget().traced(1);
            fixture.flush();
            if (fixture.exporter().exportedSpans() - before != 3) {
                throw new IllegalStateException("the three traced targets made "
                        + (fixture.exporter().exportedSpans() - before) + " spans instead of 3: are they woven?");
            }
            fixture.endInvocation();
        }

        @Setup(Level.Iteration)
        public void begin() {
            fixture.beginInvocation();
        }

        @TearDown(Level.Iteration)
        public void end() {
            fixture.endInvocation();
            if (fixture.processor().droppedSpans() != 0) {
                throw new IllegalStateException(
                        fixture.processor().droppedSpans() + " spans dropped: flush more often");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            fixture.close();
        }

        /** Flushes every {@value #FLUSH_EVERY} calls. */
        void tick() {
            if (++calls == FLUSH_EVERY) {
                calls = 0;
                fixture.flush();
            }
        }
    }

    /** (c) Inside an invocation FC did not sample. */
    @State(Scope.Thread)
    public static class Unsampled {
        TracingFixture fixture;

        @Setup(Level.Trial)
        public void start() {
            fixture = TracingFixture.start(false);
        }

        @Setup(Level.Iteration)
        public void begin() {
            fixture.beginInvocation();
            if (Span.current().getSpanContext().isSampled()) {
                throw new IllegalStateException("state (c) expects an unsampled current span");
            }
        }

        @TearDown(Level.Iteration)
        public void end() {
            fixture.endInvocation();
        }

        @TearDown(Level.Trial)
        public void stop() {
            long exported = fixture.exporter().exportedSpans();
            fixture.close();
            if (exported != 0) {
                throw new IllegalStateException(exported + " spans exported from an unsampled invocation");
            }
        }
    }

    // ---- (a) no SDK, no current span

    @Benchmark
    public long noSdk_plain(Targets t, NoSdk s) {
        return t.codeStyle.plain(t.x);
    }

    @Benchmark
    public long noSdk_traced(Targets t, NoSdk s) {
        return t.codeStyle.traced(t.x);
    }

    @Benchmark
    public long noSdk_annotationStyle(Targets t, NoSdk s) {
        return t.annotationStyle.traced(t.x);
    }

    @Benchmark
    public long noSdk_annotationStyleClosure(Targets t, NoSdk s) {
        return t.closureStyle.traced(t.x);
    }

    // ---- (b) sampled invocation

    @Benchmark
    public long sampled_plain(Targets t, Sampled s) {
        long result = t.codeStyle.plain(t.x);
        s.tick();
        return result;
    }

    @Benchmark
    public long sampled_handWritten(Targets t, Sampled s) {
        Span span = s.tracer
                .spanBuilder(TracedTarget.SPAN_NAME)
                .setParent(Context.current())
                .startSpan();
        long result;
        try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
            result = t.codeStyle.plain(t.x);
        } finally {
            span.end();
        }
        s.tick();
        return result;
    }

    @Benchmark
    public long sampled_traced(Targets t, Sampled s) {
        long result = t.codeStyle.traced(t.x);
        s.tick();
        return result;
    }

    @Benchmark
    public long sampled_annotationStyle(Targets t, Sampled s) {
        long result = t.annotationStyle.traced(t.x);
        s.tick();
        return result;
    }

    @Benchmark
    public long sampled_annotationStyleClosure(Targets t, Sampled s) {
        long result = t.closureStyle.traced(t.x);
        s.tick();
        return result;
    }

    // ---- (c) unsampled invocation

    @Benchmark
    public long unsampled_plain(Targets t, Unsampled s) {
        return t.codeStyle.plain(t.x);
    }

    @Benchmark
    public long unsampled_traced(Targets t, Unsampled s) {
        return t.codeStyle.traced(t.x);
    }

    @Benchmark
    public long unsampled_annotationStyle(Targets t, Unsampled s) {
        return t.annotationStyle.traced(t.x);
    }

    @Benchmark
    public long unsampled_annotationStyleClosure(Targets t, Unsampled s) {
        return t.closureStyle.traced(t.x);
    }
}
