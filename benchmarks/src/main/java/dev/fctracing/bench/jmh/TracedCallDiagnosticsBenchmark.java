package dev.fctracing.bench.jmh;

import dev.fctracing.internal.traced.TracedMethod;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.aspectj.lang.JoinPoint;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the sampled {@code @Traced} call's cost and garbage beyond {@code TracedCallBenchmark.sampled_handWritten}
 * come from: the same span made step by step, each variant removing one difference between the woven advice and
 * the hand-written code. Same state as {@code TracedCallBenchmark.Sampled} (real runtime, real processor, flush
 * every {@value TracedCallBenchmark#FLUSH_EVERY} calls).
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracedCallDiagnosticsBenchmark {

    /** The woven target's join point static part, as the advice passes it to {@link TracedMethod#forCall}. */
    @State(Scope.Thread)
    public static class JoinPointOfTraced {
        JoinPoint.StaticPart staticPart;
        final Object value = new Object();

        @Setup(Level.Trial)
        public void read() throws ReflectiveOperationException {
            Field field = TracedTarget.class.getDeclaredField("ajc$tjp_0");
            field.setAccessible(true);
            staticPart = (JoinPoint.StaticPart) field.get(null);
        }
    }

    /** Hand-written plus {@code setSpanKind(INTERNAL)}, as the advice does. */
    @Benchmark
    public long handWrittenWithKind(TracedCallBenchmark.Targets t, TracedCallBenchmark.Sampled s) {
        Span span = s.tracer
                .spanBuilder(TracedTarget.SPAN_NAME)
                .setParent(Context.current())
                .setSpanKind(SpanKind.INTERNAL)
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

    /** The advice's body written by hand: {@link TracedMethod} with the woven join point, no boxing. */
    @Benchmark
    public long adviceBodyByHand(TracedCallBenchmark.Targets t, TracedCallBenchmark.Sampled s, JoinPointOfTraced jp) {
        io.opentelemetry.context.Context parent = io.opentelemetry.context.Context.current();
        TracedMethod method = TracedMethod.forCall(jp.staticPart, parent);
        long result;
        if (method == null) {
            result = t.codeStyle.plain(t.x);
        } else {
            Span span = method.start(parent);
            io.opentelemetry.context.Scope scope = parent.with(span).makeCurrent();
            try {
                result = t.codeStyle.plain(t.x);
            } finally {
                dev.fctracing.internal.traced.TracedCall.exit(scope, parent);
            }
            method.end(span);
        }
        s.tick();
        return result;
    }

    /** The woven advice on a method returning a reference (nothing to box). */
    @Benchmark
    public Object tracedReturningObject(
            TracedCallBenchmark.Targets t, TracedCallBenchmark.Sampled s, JoinPointOfTraced jp) {
        Object result = t.codeStyle.tracedReturningObject(jp.value);
        s.tick();
        return result;
    }

    /** The woven advice on a void method. */
    @Benchmark
    public long tracedVoid(TracedCallBenchmark.Targets t, TracedCallBenchmark.Sampled s) {
        t.codeStyle.tracedVoid(t.x);
        s.tick();
        return t.codeStyle.sink;
    }
}
