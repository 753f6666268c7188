package dev.fctracing.reliability;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.testing.FakeFcContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Main class of the fresh JVM {@link DeepRecursionTest} starts: with argument {@code overflow}, first (before
 * anything in the JVM has logged or built a stack trace) runs a woven invocation that recurses through a
 * {@code @Traced} method until the stack overflows and catches the error; then, in every mode, prints one
 * {@code key=value} line per check of the JDK facilities that such an overflow can break for good. With argument
 * {@code depths}, prints only how deep an unwoven and a woven recursion get before the stack overflows.
 */
public final class StackOverflowProbe {

    private StackOverflowProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("overflow")) {
            TestSupport.newInstance(Reliability.env("OTEL_TRACES_EXPORTER", "none"));
            FcTracing.addSpanExporter(InMemorySpanExporter.create());
            FakeFcContext context = FakeFcContext.builder()
                    .functionName("fn")
                    .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                    .build();
            OnThread outcome = OnThread.run(
                    0, () -> new TaskHandler().handleRequest(ops -> diveUntilOverflow(ops, false), context));
            System.out.println("outcome="
                    + (outcome.thrown != null
                            ? "threw " + outcome.thrown.getClass().getName()
                            : "depth " + outcome.value));
        }
        if (args.length > 0 && args[0].equals("depths")) {
            TestSupport.newInstance(Reliability.env("OTEL_TRACES_EXPORTER", "none"));
            FcTracing.addSpanExporter(InMemorySpanExporter.create());
            TracedOps plain = new TracedOps();
            OnThread unwoven = OnThread.run(0, () -> diveUntilOverflow(plain, true));
            FakeFcContext context = FakeFcContext.builder()
                    .functionName("fn")
                    .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                    .build();
            OnThread woven = OnThread.run(
                    0, () -> new TaskHandler().handleRequest(ops -> diveUntilOverflow(ops, false), context));
            System.out.println("plainDepth=" + unwoven.value);
            System.out.println("wovenDepth=" + woven.value);
            return;
        }
        List<String> handlers = new ArrayList<>();
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handlers.add(handler.getClass().getName());
        }
        System.out.println("rootHandlers=" + handlers);
        System.out.println("logging=" + loggingWorks());
        System.out.println("stackTrace=" + stackTraceWorks());
    }

    /** Recurses until the stack overflows, catches the error, and answers the depth reached. */
    static int diveUntilOverflow(TracedOps ops, boolean plain) {
        try {
            if (plain) {
                ops.plainDive(0);
            } else {
                ops.dive(0);
            }
        } catch (StackOverflowError expected) {
            return ops.deepest();
        }
        throw new AssertionError("no overflow");
    }

    private static String loggingWorks() {
        try {
            Logger probe = Logger.getLogger("dev.fctracing.reliability.probe");
            AtomicInteger published = new AtomicInteger();
            Handler counting = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    published.incrementAndGet();
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            probe.setUseParentHandlers(false);
            probe.addHandler(counting);
            probe.log(Level.INFO, "probe");
            return published.get() == 1 ? "ok" : "record lost";
        } catch (Throwable t) {
            return "failed " + t;
        }
    }

    private static String stackTraceWorks() {
        try {
            for (int i = 0; i < 3; i++) {
                StackTraceElement[] stack = new Throwable().getStackTrace();
                if (stack.length == 0 || stack[0].toString().isEmpty()) {
                    return "empty";
                }
            }
            return "ok";
        } catch (Throwable t) {
            return "failed " + t;
        }
    }
}
