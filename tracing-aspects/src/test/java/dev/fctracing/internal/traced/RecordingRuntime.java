package dev.fctracing.internal.traced;

import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.ToolkitLog;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.instance.TracingInstance;
import dev.fctracing.internal.sdk.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fresh instance with its runtime started (no FC endpoint: a span processor of the function's records every span
 * as it ends, and the parent context each started in), and the context of one invocation in it: an
 * {@link InvocationState} and a sampled handler span, as {@code @Traced} advice finds them. Close it after the test.
 */
final class RecordingRuntime implements AutoCloseable {

    /** Keeps the toolkit's lines (the runtime's start-up notes) off the build log. */
    private final ToolkitLog log = ToolkitLog.capture();

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    /** Parent context of each started span, by span id. */
    final Map<String, Context> parents = new ConcurrentHashMap<>();

    final TracingRuntime runtime;
    final InvocationState state = new InvocationState(Route.NONE);
    final Span handler;
    /** The invocation's context: its state and its handler span. */
    final Context invocation;

    private RecordingRuntime(Environment env) {
        TestSupport.newInstance(env);
        TracingInstance instance = TracingInstance.current();
        instance.userParts().addProcessor(SimpleSpanProcessor.create(spans));
        instance.userParts().addProcessor(new ParentRecorder(parents));
        runtime = instance.startRuntimeIfNeeded("traced-test");
        if (runtime.bindInvocation(null) != Route.NONE) {
            throw new AssertionError("a function's own processor traces invocations without an FC endpoint");
        }
        Context base = state.storeIn(Context.root());
        handler = runtime.tracer().spanBuilder("handler").setParent(base).startSpan();
        invocation = base.with(handler);
    }

    /** Started with {@code OTEL_TRACES_EXPORTER=none} and the given name/value pairs. */
    static RecordingRuntime start(String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        values.put("OTEL_TRACES_EXPORTER", "none");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new RecordingRuntime(Environment.of(values));
    }

    /** The one ended span named {@code name}. */
    SpanData ended(String name) {
        SpanData found = null;
        for (SpanData span : spans.getFinishedSpanItems()) {
            if (span.getName().equals(name)) {
                if (found != null) {
                    throw new AssertionError("two ended spans named " + name);
                }
                found = span;
            }
        }
        if (found == null) {
            throw new AssertionError("no ended span named " + name + " in " + spans.getFinishedSpanItems());
        }
        return found;
    }

    @Override
    public void close() {
        TestSupport.newInstance(Environment.system());
        // A runtime a test stopped (preStop) is no longer the instance's, and newInstance leaves it in the global slot.
        runtime.withdrawFromGlobal();
        log.close();
        if (Context.current() != Context.root()) {
            Context.root().makeCurrent(); // a failed test must not leave its context to the next one
        }
    }

    private static final class ParentRecorder implements SpanProcessor {
        private final Map<String, Context> parents;

        ParentRecorder(Map<String, Context> parents) {
            this.parents = parents;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            parents.put(span.getSpanContext().getSpanId(), parentContext);
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
