package dev.fctracing.properties;

import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link Example} through the unwoven reference ({@link PlainExampleHandler}) and the woven function
 * ({@link TracedExampleHandler}) on the same long-lived thread (as FC reuses its threads), and lists every way the
 * woven run breaks the invariant ({@link Invariant}). One instance per test class: it resets the tracing instance
 * and registers its span ledger and in-memory exporter.
 */
final class Harness implements AutoCloseable {

    /** Longest an invocation may take before it counts as hung (things that must not hang; normally milliseconds). */
    static final long HANG_MILLIS = 2_000;

    final SpanLedger ledger = new SpanLedger();
    private final AcceptingExporter accepting = new AcceptingExporter();
    /** What the "collector" received. */
    final InMemorySpanExporter exporter = accepting.collected();

    final ToolkitLog log = new ToolkitLog();
    final JvmHealth health = new JvmHealth();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "property-invocation"));
    /** Completes futures "on another thread"; replaced if an example leaves it stuck. */
    private ExecutorService completer = newCompleter();

    private final TracedExampleHandler traced = new TracedExampleHandler();
    private final PlainExampleHandler plain = new PlainExampleHandler();
    private int examples;

    private Harness() {}

    static Harness start() {
        return start(Environment.of(Collections.singletonMap("OTEL_TRACES_EXPORTER", "none")));
    }

    /** A harness on an instance configured from {@code env} (its exporters are replaced by the harness's). */
    static Harness start(Environment env) {
        TestSupport.newInstance(env);
        Harness harness = new Harness();
        FcTracing.addSpanProcessor(harness.ledger);
        FcTracing.addSpanExporter(harness.accepting);
        return harness;
    }

    /** Every broken rule of the invariant for {@code example}; with {@code retention}, also what stayed reachable. */
    List<String> check(Example example, boolean retention) throws Exception {
        examples++;
        List<WeakReference<Object>> weak = new ArrayList<>();
        List<String> problems = runAndCheck(example, weak);
        if (retention) {
            exporter.reset();
            // The thread that ran the invocation can keep the last objects it handled reachable from the JVM's own
            // per-thread state (a heap dump shows no path from any Java object) until it runs again after a GC: a GC,
            // then an empty task on that thread, ends that. A tracer's own leak (static, queue, ThreadLocal) survives
            // it.
            System.gc();
            worker.submit(() -> null).get(HANG_MILLIS, TimeUnit.MILLISECONDS);
            problems.addAll(retained(weak));
        }
        return problems;
    }

    int examples() {
        return examples;
    }

    /** Runs both executions and checks them; returns nothing that keeps their objects alive. */
    private List<String> runAndCheck(Example example, List<WeakReference<Object>> weak) throws Exception {
        Gate gate = new Gate();
        try {
            Execution reference = execute(example, false, gate, weak);
            Execution woven = execute(example, true, gate, weak);
            return Invariant.check(example, reference, woven, this);
        } finally {
            gate.open();
            isolateNextExample();
        }
    }

    /**
     * Makes sure nothing of this example still runs on the completing thread when the next one starts (a slow
     * callback of a broken tracer could otherwise fail the next example): waits for it, or gives up on that thread.
     */
    private void isolateNextExample() throws Exception {
        try {
            completer.submit(() -> null).get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            completer.shutdownNow();
            completer = newCompleter();
        }
    }

    private static ExecutorService newCompleter() {
        return Executors.newSingleThreadExecutor(r -> daemon(r, "property-completer"));
    }

    private Execution execute(Example example, boolean wovenRun, Gate gate, List<WeakReference<Object>> weak)
            throws Exception {
        ledger.reset();
        exporter.reset();
        Run run = new Run(example, wovenRun, wovenRun ? ledger : null, gate, completer, weak);
        Execution execution = new Execution(run, FcTracing.droppedSpans(), log.mark());
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .build();
        PojoRequestHandler<Run, Run> handler = wovenRun ? traced : plain;
        Future<?> done = worker.submit(() -> {
            try {
                execution.returned = handler.handleRequest(run, context);
            } catch (Throwable t) {
                execution.threw = true;
                execution.thrown = t;
            }
            execution.flagAfter = Thread.interrupted();
            execution.exportedAtReturn = spanIds(exporter.getFinishedSpanItems());
            execution.contextRestored = Context.current() == Context.root();
        });
        try {
            done.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            execution.hung = true;
            gate.open();
            done.get(60, TimeUnit.SECONDS);
        }
        if (wovenRun) {
            awaitSpansEnded(execution);
            accepting.awaitIdle(HANG_MILLIS);
        }
        execution.droppedDelta = FcTracing.droppedSpans() - execution.droppedBefore;
        return execution;
    }

    /** Waits (bounded) until every started span has ended or been counted dropped; normally already true. */
    private void awaitSpansEnded(Execution execution) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ExampleBody.SETTLE_MILLIS);
        while (ledger.unended().size() > FcTracing.droppedSpans() - execution.droppedBefore
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    static Set<String> spanIds(List<SpanData> spans) {
        Set<String> ids = new HashSet<>();
        for (SpanData span : spans) {
            ids.add(span.getSpanContext().getSpanId());
        }
        return ids;
    }

    /** What is still reachable, after up to 10 full GCs, of the objects the finished invocations made. */
    private static List<String> retained(List<WeakReference<Object>> weak) {
        List<String> alive = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            System.gc();
            alive.clear();
            for (WeakReference<Object> ref : weak) {
                Object object = ref.get();
                if (object != null) {
                    alive.add(Describe.of(object));
                }
            }
            if (alive.isEmpty()) {
                return alive;
            }
        }
        List<String> out = new ArrayList<>();
        out.add("retained after the invocation (of " + weak.size() + " tracked): " + alive);
        return out;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(null, task, name, 0);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        completer.shutdownNow();
        log.close();
        TestSupport.newInstance(Environment.system());
    }

    /** One execution of an example, as the invocation's thread saw it end. */
    static final class Execution {
        final Run run;
        final long droppedBefore;
        final int logMark;
        Object returned;
        Throwable thrown;
        boolean threw;
        boolean flagAfter;
        boolean contextRestored;
        boolean hung;
        Set<String> exportedAtReturn = Collections.emptySet();
        long droppedDelta;

        Execution(Run run, long droppedBefore, int logMark) {
            this.run = run;
            this.droppedBefore = droppedBefore;
            this.logMark = logMark;
        }
    }
}
