package dev.fctracing.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Whether the JDK facilities a failing tracer can break for good still work: {@code java.util.logging} (a record
 * reaches its handler; the root logger keeps the handlers it had) and {@code Throwable.getStackTrace()}.
 */
final class JvmHealth {

    /** Held strongly: JUL keeps loggers weakly. */
    private static final Logger PROBE = Logger.getLogger("dev.fctracing.properties.probe");

    private final Handler[] rootHandlers = Logger.getLogger("").getHandlers();

    /** What no longer works, compared with when this was made; empty when all is well. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        try {
            Handler[] now = Logger.getLogger("").getHandlers();
            if (!Arrays.equals(now, rootHandlers)) {
                out.add("java.util.logging: the root logger had " + rootHandlers.length + " handlers, now "
                        + now.length);
            }
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
            PROBE.setUseParentHandlers(false);
            PROBE.addHandler(counting);
            try {
                PROBE.log(Level.INFO, "probe");
            } finally {
                PROBE.removeHandler(counting);
            }
            if (published.get() != 1) {
                out.add("java.util.logging: a record did not reach its logger's handler");
            }
        } catch (Throwable t) {
            out.add("java.util.logging failed: " + t);
        }
        try {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            if (stack.length == 0 || stack[0].toString().isEmpty()) {
                out.add("Throwable.getStackTrace() returned no frames");
            }
        } catch (Throwable t) {
            out.add("Throwable.getStackTrace() failed: " + t);
        }
        return out;
    }
}
