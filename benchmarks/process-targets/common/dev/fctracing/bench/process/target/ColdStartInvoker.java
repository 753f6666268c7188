package dev.fctracing.bench.process.target;

import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;

/**
 * Stands in for FC's Java runtime on a cold instance: loads the handler class named by {@code args[0]}, builds the
 * FC context ({@code -Dbench.endpoint}, {@code -Dbench.spanContext}), calls {@code initialize} first when the handler
 * is a {@link FunctionInitializer} (as FC does when the function configures an initializer), then {@code
 * handleRequest} once. Prints one {@code COLDSTART} line with wall-clock timestamps taken right after the handler
 * returned:
 * <ul>
 *   <li>{@code jvmStartMs}: {@code RuntimeMXBean.getStartTime()} (read after the return, so the management classes
 *       are not counted);</li>
 *   <li>{@code mainMs}: wall clock on entry to {@code main};</li>
 *   <li>{@code returnMs}: wall clock when {@code handleRequest} returned;</li>
 *   <li>{@code invokeNs}: {@code System.nanoTime()} from before loading the handler class to its return;</li>
 *   <li>{@code initNs}: the {@code initialize} call alone (0 without one);</li>
 *   <li>{@code firstRequestNs}: the first {@code handleRequest} call alone (the class already loaded, {@code
 *       initialize} already done);</li>
 *   <li>{@code cpuNs}: CPU time of the live Java threads, read just after the return (less sensitive than wall
 *       time to other load on the machine).</li>
 * </ul>
 * Exits 3 if the handler did not answer {@code hello world}.
 */
public final class ColdStartInvoker {

    private ColdStartInvoker() {}

    public static void main(String[] args) throws Exception {
        long mainMs = System.currentTimeMillis();
        String handlerClass = args[0];
        BenchFcContext context = new BenchFcContext(
                "cold-" + mainMs, System.getProperty("bench.spanContext"), System.getProperty("bench.endpoint"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        long t0 = System.nanoTime();
        StreamRequestHandler handler = (StreamRequestHandler)
                Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long initNs = 0;
        if (handler instanceof FunctionInitializer) {
            BenchFcContext initContext = new BenchFcContext(
                    "init-" + mainMs, System.getProperty("bench.spanContext"), System.getProperty("bench.endpoint"));
            long i0 = System.nanoTime();
            ((FunctionInitializer) handler).initialize(initContext);
            initNs = System.nanoTime() - i0;
        }
        long r0 = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(new byte[0]), output, context);
        long t1 = System.nanoTime();
        long returnMs = System.currentTimeMillis();

        report(mainMs, returnMs, t1 - t0, initNs, t1 - r0, output);
    }

    /**
     * CPU time of every live Java thread of this process (main, the exporter's, reference handlers...; not the JIT or GC
     * threads), in ns, from {@code ThreadMXBean} (per-thread CPU clocks, ns-precise, where the process CPU time the JVM
     * reports is only 10 ms fine); -1 if unsupported. Read after the handler returned.
     */
    static long processCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }

    /** Prints the COLDSTART line (shared with the floor variant). */
    public static void report(
            long mainMs, long returnMs, long invokeNs, long initNs, long firstRequestNs, ByteArrayOutputStream output) {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuNs = processCpuNanos();
        // Classes loaded so far, minus the management classes this method loaded (counted before they were: the
        // RuntimeMXBean above is loaded by the same ManagementFactory initialisation in every variant).
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        String answer = new String(output.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("COLDSTART jvmStartMs=" + jvmStartMs + " mainMs=" + mainMs + " returnMs=" + returnMs
                + " invokeNs=" + invokeNs + " initNs=" + initNs + " firstRequestNs=" + firstRequestNs + " cpuNs="
                + cpuNs + " classes=" + classes + " answer=" + answer.replace(' ', '_'));
        System.out.flush();
        if (!"hello world".equals(answer)) {
            System.exit(3);
        }
    }
}
