package dev.fctracing.bench.process;

import dev.fctracing.internal.correlation.LogCorrelation;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * One fresh JVM of {@code benchmarks/logcorrelation-coldstart.sh}: times what turning log correlation on costs when
 * tracing starts ({@code LogCorrelation.start(true)}, called once, by the first traced invocation), and counts the
 * classes it loads. Prints {@code RESULT <nanoseconds> <classes>}.
 *
 * <p>Argument {@code log-first}: a line is logged through SLF4J before (Logback already initialised, as when the
 * handler class has a static logger); {@code cold}: nothing logged before (with Logback on the class path, start
 * then initialises it). The class path decides whether Logback is there at all.
 */
public final class LogCorrelationStart {

    private LogCorrelationStart() {}

    public static void main(String[] args) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        if (args.length > 0 && args[0].equals("log-first")) {
            Slf4j.logOneLine();
        }
        // Loaded first, as in a function, where tracing-aspects' classes (and its jar) are in use before tracing
        // starts:
        // the time below is the probe and the filter's installation, not the loading of this class from its jar.
        if (LogCorrelation.enabled()) {
            throw new IllegalStateException("correlation on before start");
        }
        long loadedBefore = classes.getTotalLoadedClassCount();
        long start = System.nanoTime();
        LogCorrelation.start(true);
        long nanos = System.nanoTime() - start;
        long loaded = classes.getTotalLoadedClassCount() - loadedBefore;
        System.out.println("RESULT " + nanos + " " + loaded);
    }

    /** In a class of its own: the "none" variant has no SLF4J to link against. */
    private static final class Slf4j {
        static void logOneLine() {
            org.slf4j.LoggerFactory.getLogger("handler").info("handler class initialised");
        }
    }
}
