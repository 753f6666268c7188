package dev.fctracing.bench.jmh;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code -prof dev.fctracing.bench.jmh.CpuTimeProfiler}: CPU time the benchmark JVM spent per operation
 * ({@code cpu.time.norm}, ns/op), summed over all its threads — the benchmark thread, and also GC and JIT threads, so
 * garbage is paid for — from {@code /proc/self/task/<tid>/schedstat} (nanoseconds on CPU).
 *
 * <p>Why: the build machine has 2 cores shared with other builds. The wall-clock score of an iteration grows whenever
 * another process holds the CPU, by however much load there happened to be at that moment, so two benchmarks run a
 * minute apart are not comparable. Time on CPU is not charged for the time the JVM was waiting for one. (Caches and
 * shared cores still couple the two, so it is less noisy, not noise-free.) Falls back to
 * {@code OperatingSystemMXBean.getProcessCpuTime()} (10 ms resolution) where {@code /proc} is missing.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private static final File TASKS = new File("/proc/self/task");

    private Map<String, Long> threadsBefore;
    private long processBefore;

    @Override
    public String getDescription() {
        return "CPU time of the JVM threads but JIT compilers per op (schedstat), immune to time spent waiting for a busy CPU";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        threadsBefore = threadCpuNanos();
        processBefore = threadsBefore == null ? fallback() : 0;
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu;
        Map<String, Long> after = threadsBefore == null ? null : threadCpuNanos();
        if (after == null) {
            cpu = fallback() - processBefore;
        } else {
            // Per thread, so that a thread ending meanwhile (an idle JIT compiler thread) does not subtract its
            // history.
            cpu = 0;
            for (Map.Entry<String, Long> thread : after.entrySet()) {
                Long before = threadsBefore.get(thread.getKey());
                cpu += thread.getValue() - (before == null ? 0 : before);
            }
        }
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpu <= 0) {
            return Collections.emptyList();
        }
        return Collections.singletonList(
                new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    /** Nanoseconds on CPU of each live thread of this process, by thread id; null without {@code /proc}. */
    static Map<String, Long> threadCpuNanos() {
        File[] tasks = TASKS.listFiles();
        if (tasks == null) {
            return null;
        }
        Map<String, Long> times = new HashMap<>(tasks.length * 2);
        for (File task : tasks) {
            try {
                if (isJitCompiler(task)) {
                    continue;
                }
                byte[] stat = Files.readAllBytes(new File(task, "schedstat").toPath());
                String text = new String(stat, StandardCharsets.US_ASCII);
                int space = text.indexOf(' ');
                times.put(task.getName(), Long.parseLong(space < 0 ? text.trim() : text.substring(0, space)));
            } catch (IOException | NumberFormatException e) {
                // The thread ended between listing and reading: it is not counted in this sample.
            }
        }
        return times.isEmpty() ? null : times;
    }

    /**
     * JIT compiler threads ({@code C1/C2 CompilerThread}) are left out: compiling is warm-up, not the cost of an
     * operation, and on a loaded machine it spills into the first measured iterations.
     */
    private static boolean isJitCompiler(File task) throws IOException {
        String name = new String(Files.readAllBytes(new File(task, "comm").toPath()), StandardCharsets.US_ASCII);
        return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
    }

    private static long fallback() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
