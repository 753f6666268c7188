package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything a test of an fc-tracing function needs, in one object: a fresh tracing instance (what a new FC instance
 * starts with: cold start pending, no SDK running, configured from the environment you give), a loopback Jaeger
 * collector, fake FC contexts pointing at it, and the trace each invocation sent. With JUnit 5, let
 * {@link FcTracingExtension} make one per test; with any other runner, start and close it yourself:
 *
 * <pre>{@code
 * try (FcTracingTestKit kit = FcTracingTestKit.start()) {
 *   FakeFcContext context = kit.newContext();
 *   new MyHandler().handleRequest(input, output, context);
 *   ReceivedTrace trace = kit.trace(context);
 *   assertThat(trace.problems()).as(trace.waterfall()).isEmpty();
 * }
 * }</pre>
 *
 * <p><b>Environment.</b> fc-tracing reads its settings ({@code FCTRACING_EXPORT}, {@code OTEL_SERVICE_NAME},
 * {@code OTEL_TRACES_EXPORTER}, ...) from environment variables. The kit's instance reads only the variables given to
 * {@link Builder#env(String, String)} (or to {@link #newInstance(Map)}), never the process's, so that a test means the
 * same on every machine. When the kit closes, the instance is replaced again by one that reads the process's
 * environment, as before the test.
 *
 * <p><b>One at a time.</b> fc-tracing keeps one instance per JVM, as FC runs one per instance: kits must not be used
 * by tests running in parallel in one JVM.
 *
 * <p>The kit needs {@code tracing-aspects} on the class path (a function has it as its own dependency); it reaches
 * fc-tracing's instance through it by name, so the kit's jar does not depend on it.
 */
public final class FcTracingTestKit implements AutoCloseable {

    /** How long {@link #close()} waits for the weaving self-check, so that its warning stays with the test. */
    private static final long WEAVING_CHECK_WAIT_MILLIS = 5_000;

    private final InstanceControl control;
    private final LoopbackJaegerCollector collector;
    /** fc-tracing's own logger; held here, as java.util.logging keeps loggers only weakly. */
    private final Logger toolkitLogger = Logger.getLogger("dev.fctracing");

    private final List<String> log = Collections.synchronizedList(new ArrayList<String>());
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line =
                    new StringBuilder(record.getLevel().getName()).append(": ").append(record.getMessage());
            for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
                line.append(" | ").append(thrown);
            }
            log.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Map<String, String> env;
    private boolean closed;

    private FcTracingTestKit(InstanceControl control, Map<String, String> env) {
        this.control = control;
        this.env = copy(env);
        control.newInstance(this.env);
        this.collector = LoopbackJaegerCollector.start();
        toolkitLogger.addHandler(logCapture);
    }

    /**
     * Starts a kit with no environment variables set: a fresh tracing instance and a loopback collector.
     *
     * @throws IllegalStateException when tracing-aspects is not on the class path
     */
    public static FcTracingTestKit start() {
        return builder().start();
    }

    /** A builder, to set the environment variables the tracing instance reads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The loopback Jaeger collector the kit's contexts point at; its {@link LoopbackJaegerCollector#faults()} too. */
    public LoopbackJaegerCollector collector() {
        return collector;
    }

    /**
     * A context builder prepared as FC prepares an invocation with tracing enabled: a new random 128-bit Jaeger span
     * context (FC's system span as the parent of the handler span) and this kit's collector as the Jaeger endpoint. Set
     * anything else the test needs ({@code functionName}, {@code requestId}, {@code baggageItem}, ...) and
     * {@code build()}; each build gets its own request id, and the same span context.
     */
    public FakeFcContext.Builder context() {
        checkOpen();
        return FakeFcContext.builder()
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .jaegerEndpoint(collector.endpoint());
    }

    /** {@code context().build()}: a context for one traced invocation. */
    public FakeFcContext newContext() {
        return context().build();
    }

    /**
     * The spans of {@code context}'s trace that the collector has accepted so far, without waiting. In fc-tracing's
     * default export mode the spans of an invocation are sent before its {@code handleRequest} returns, so a test can
     * read them right after the call.
     *
     * @param context the context the invocation ran with (it names the trace)
     */
    public ReceivedTrace trace(FakeFcContext context) {
        return new ReceivedTrace(context, collector.spansOfTrace(context.traceIdHex32()));
    }

    /**
     * Waits up to {@code timeoutMillis} until the collector has {@code spanCount} spans of {@code context}'s trace,
     * then returns them (fewer if the time ran out): for spans sent after the handler returned, as with
     * {@code FCTRACING_EXPORT=deferred}, after {@code preFreeze}.
     *
     * @param context the context the invocation ran with
     * @param spanCount how many spans to wait for
     * @param timeoutMillis how long to wait at most
     */
    public ReceivedTrace awaitTrace(FakeFcContext context, int spanCount, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<Span> spans = collector.spansOfTrace(context.traceIdHex32());
        while (spans.size() < spanCount) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            collector.awaitSpans(collector.spans().size() + 1, Math.min(left, 50));
            spans = collector.spansOfTrace(context.traceIdHex32());
        }
        return new ReceivedTrace(context, spans);
    }

    /** Every span the collector accepted, of any trace, in arrival order. */
    public List<Span> spans() {
        return collector.spans();
    }

    /**
     * Replaces the tracing instance with a fresh one, with the same environment: what FC does when it starts a new
     * instance of the function. The next invocation is a cold start and starts a new SDK; the collector keeps what it
     * received.
     */
    public void newInstance() {
        checkOpen();
        control.newInstance(env);
    }

    /**
     * Replaces the tracing instance with a fresh one reading {@code env} (and nothing else); later {@link #newInstance()}
     * calls keep it.
     *
     * @param env environment variables, name to value
     */
    public void newInstance(Map<String, String> env) {
        checkOpen();
        this.env = copy(env);
        control.newInstance(this.env);
    }

    /**
     * What fc-tracing logged (java.util.logging, logger {@code dev.fctracing}) since the kit started, one entry per
     * record: {@code LEVEL: message}, followed by {@code | exception} for a thrown exception and each of its causes. For
     * asserting that failures are reported, once, and that no token leaks: {@code
     * assertThat(String.join("\n", kit.log())).doesNotContain(kit.collector().secrets().get(0))}.
     */
    public List<String> log() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** The environment variables the current tracing instance reads. */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Waits (up to 5 s) for the weaving self-check of the instance, stops its SDK, replaces it with one reading the
     * process's environment, and stops the collector. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            control.awaitWeavingCheck(WEAVING_CHECK_WAIT_MILLIS);
            control.newSystemInstance();
        } finally {
            toolkitLogger.removeHandler(logCapture);
            collector.close();
        }
    }

    /** The kit's state in one line; never the collector's tokens. */
    @Override
    public String toString() {
        return "FcTracingTestKit[env " + env.keySet() + ", " + collector + (closed ? ", closed" : "") + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this FcTracingTestKit is closed");
        }
    }

    private static Map<String, String> copy(Map<String, String> env) {
        if (env == null) {
            throw new NullPointerException("env");
        }
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException("environment names and values must not be null: " + entry);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** Sets up a {@link FcTracingTestKit}: the environment variables its tracing instance reads. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets one environment variable for the tracing instance, e.g. {@code env("FCTRACING_EXPORT", "deferred")}.
         *
         * @param name the variable's name
         * @param value its value
         * @return this builder
         */
        public Builder env(String name, String value) {
            if (name == null || value == null) {
                throw new NullPointerException("name and value must not be null");
            }
            env.put(name, value);
            return this;
        }

        /**
         * Sets several environment variables for the tracing instance.
         *
         * @param variables name to value
         * @return this builder
         */
        public Builder env(Map<String, String> variables) {
            for (Map.Entry<String, String> entry : variables.entrySet()) {
                env(entry.getKey(), entry.getValue());
            }
            return this;
        }

        /**
         * Starts the kit: a fresh tracing instance reading the environment set here, and a loopback collector.
         *
         * @throws IllegalStateException when tracing-aspects is not on the class path
         */
        public FcTracingTestKit start() {
            return new FcTracingTestKit(InstanceControl.find(), env);
        }
    }
}
