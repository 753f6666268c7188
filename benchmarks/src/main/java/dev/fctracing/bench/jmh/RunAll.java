package dev.fctracing.bench.jmh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the given command line (same options as {@code org.openjdk.jmh.Main}), then prints the ratios the
 * "Performance" issue asks for, each next to its goal. Every ratio is between two results of this one run.
 *
 * <p>{@code java -cp benchmarks.jar dev.fctracing.bench.jmh.RunAll -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 *     -prof dev.fctracing.bench.jmh.CpuTimeProfiler}
 */
public final class RunAll {

    private RunAll() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        print(results, System.out);
    }

    /**
     * One benchmark's numbers, all as nanoseconds per operation (throughput scores are inverted): wall-clock mean and
     * error, median iteration, CPU time per op ({@link CpuTimeProfiler}, NaN if not profiled), bytes per op.
     */
    static final class Score {
        final double wall;
        final double wallError;
        final double wallMedian;
        final double cpuMean;
        final double cpuError;
        /** Median iteration of the CPU time per op: what ratios and verdicts use. */
        final double cpu;

        final double bytesPerOp;

        Score(
                double wall,
                double wallError,
                double wallMedian,
                double cpuMean,
                double cpuError,
                double cpuMedian,
                double bytesPerOp) {
            this.wall = wall;
            this.wallError = wallError;
            this.wallMedian = wallMedian;
            this.cpuMean = cpuMean;
            this.cpuError = cpuError;
            this.cpu = cpuMedian;
            this.bytesPerOp = bytesPerOp;
        }

        /** The metric verdicts use: median CPU time when profiled, else median wall clock. */
        double best() {
            return Double.isNaN(cpu) ? wallMedian : cpu;
        }
    }

    private static double median(List<Double> values) {
        Collections.sort(values);
        int n = values.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    static Map<String, Score> scores(Collection<RunResult> results) {
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            for (String param : run.getParams().getParamsKeys()) {
                key.append('[').append(run.getParams().getParam(param)).append(']');
            }
            Result<?> primary = run.getPrimaryResult();
            boolean throughput = primary.getScoreUnit().endsWith("/s");
            List<Double> iterations = new ArrayList<>();
            List<Double> cpuIterations = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    double score = iteration.getPrimaryResult().getScore();
                    iterations.add(throughput ? 1e9 / score : score);
                    Result<?> cpuOfIteration = iteration.getSecondaryResults().get("cpu.time.norm");
                    if (cpuOfIteration != null) {
                        cpuIterations.add(cpuOfIteration.getScore());
                    }
                }
            }
            double median = median(iterations);
            double wall = throughput ? 1e9 / primary.getScore() : primary.getScore();
            // For a throughput score the error is carried over relative to the score.
            double wallError =
                    throughput ? wall * primary.getScoreError() / primary.getScore() : primary.getScoreError();
            Result<?> cpu = run.getSecondaryResults().get("cpu.time.norm");
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            scores.put(
                    key.toString(),
                    new Score(
                            wall,
                            wallError,
                            median,
                            cpu == null ? Double.NaN : cpu.getScore(),
                            cpu == null ? Double.NaN : cpu.getScoreError(),
                            median(cpuIterations),
                            alloc == null ? Double.NaN : alloc.getScore()));
        }
        return scores;
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        Map<String, Score> s = scores(results);
        out.println();
        out.println("==================== fc-tracing JMH summary (every ratio within this run) ====================");
        out.println(
                "All in ns per op (throughput inverted: ns per batch). wall = the JMH score, mean +- 99.9% CI, and its");
        out.println(
                "median iteration; cpu = cpu.time.norm, CPU time of the benchmark JVM's threads (JIT compilers excluded)");
        out.println(
                "per op (CpuTimeProfiler), mean +- CI and median; B/op = gc.alloc.rate.norm. Ratios and verdicts use the");
        out.println(
                "median CPU time: wall-clock time also counts the waits for a CPU held by other processes on this 2-core");
        out.println("machine. Wall-clock ratios (of means, and of medians in brackets) are shown beside them.");
        out.println();
        out.println(String.format(
                Locale.ROOT,
                "%-52s %21s %10s %19s %10s %10s",
                "benchmark",
                "wall ns/op",
                "wall med",
                "cpu ns/op",
                "cpu med",
                "B/op"));
        for (Map.Entry<String, Score> e : s.entrySet()) {
            Score v = e.getValue();
            out.println(String.format(
                    Locale.ROOT,
                    "%-52s %10s +- %-7s %10s %10s +- %-6s %10s %10s",
                    e.getKey(),
                    num(v.wall),
                    num(v.wallError),
                    num(v.wallMedian),
                    num(v.cpuMean),
                    num(v.cpuError),
                    num(v.cpu),
                    Double.isNaN(v.bytesPerOp) ? "-" : num(v.bytesPerOp)));
        }

        out.println();
        out.println(String.format(
                Locale.ROOT,
                "%-50s %-34s %-25s %-16s %s",
                "goal",
                "cpu (medians)",
                "wall (medians)",
                "target",
                "verdict"));
        String t = "TracedCallBenchmark.";
        Score aPlain = s.get(t + "noSdk_plain");
        Score aTraced = s.get(t + "noSdk_traced");
        if (aPlain != null && aTraced != null) {
            double d = aTraced.best() - aPlain.best();
            goal(
                    out,
                    "(a) no SDK: traced - plain",
                    f("%+.2f ns (%.2f vs %.2f)", aTraced.cpu - aPlain.cpu, aTraced.cpu, aPlain.cpu),
                    f("%+.2f ns (%+.2f)", aTraced.wall - aPlain.wall, aTraced.wallMedian - aPlain.wallMedian),
                    "<= +5 ns",
                    d <= 5);
            goal(
                    out,
                    "(a) no SDK: traced garbage",
                    f("%.0f B/op", aTraced.bytesPerOp),
                    "",
                    "0 B/op",
                    aTraced.bytesPerOp < 1);
            difference(out, s, t + "noSdk_annotationStyle", aPlain, "(a) annotation-style - plain");
            difference(out, s, t + "noSdk_annotationStyleClosure", aPlain, "(a) annotation-style closure - plain");
        }
        Score bHand = s.get(t + "sampled_handWritten");
        Score bTraced = s.get(t + "sampled_traced");
        if (bHand != null && bTraced != null) {
            double r = bTraced.best() / bHand.best();
            goal(
                    out,
                    "(b) sampled: traced / hand-written",
                    f("%.3fx (%s vs %s ns)", bTraced.cpu / bHand.cpu, num(bTraced.cpu), num(bHand.cpu)),
                    f("%.3fx (%.3fx)", bTraced.wall / bHand.wall, bTraced.wallMedian / bHand.wallMedian),
                    "<= 1.10x",
                    r <= 1.10);
            double extra = bTraced.bytesPerOp - bHand.bytesPerOp;
            goal(
                    out,
                    "(b) sampled: traced B/op - hand-written B/op",
                    f("%+.0f B (%.0f vs %.0f)", extra, bTraced.bytesPerOp, bHand.bytesPerOp),
                    "",
                    "<= +0 B",
                    extra < 1);
            ratio(out, s, t + "sampled_annotationStyle", bHand, "(d) annotation-style / hand-written");
            ratio(out, s, t + "sampled_annotationStyle", bTraced, "(d) annotation-style / traced");
            ratio(out, s, t + "sampled_annotationStyleClosure", bHand, "(d) annotation-style closure / hand-written");
            ratio(out, s, t + "sampled_annotationStyleClosure", bTraced, "(d) annotation-style closure / traced");
            String d = "TracedCallDiagnosticsBenchmark.";
            ratio(out, s, d + "handWrittenWithKind", bHand, "(b) diag: hand-written + setSpanKind / hand");
            ratio(out, s, d + "adviceBodyByHand", bHand, "(b) diag: advice body by hand (no box) / hand");
            ratio(out, s, d + "tracedReturningObject", bHand, "(b) diag: @Traced returning Object / hand");
            ratio(out, s, d + "tracedVoid", bHand, "(b) diag: @Traced void / hand");
        }
        Score cPlain = s.get(t + "unsampled_plain");
        Score cTraced = s.get(t + "unsampled_traced");
        if (cPlain != null && cTraced != null) {
            double limit = 1.5 * cPlain.best() + 20;
            goal(
                    out,
                    "(c) unsampled: traced vs 1.5 x plain + 20 ns",
                    f("%.2f ns vs limit %.2f ns", cTraced.cpu, 1.5 * cPlain.cpu + 20),
                    f("%.2f vs %.2f ns", cTraced.wall, 1.5 * cPlain.wall + 20),
                    "<= limit",
                    cTraced.best() <= limit);
            goal(
                    out,
                    "(c) unsampled: traced garbage",
                    f("%.0f B/op", cTraced.bytesPerOp),
                    "",
                    "0 B/op",
                    cTraced.bytesPerOp < 1);
            difference(out, s, t + "unsampled_annotationStyle", cPlain, "(c) annotation-style - plain");
            difference(out, s, t + "unsampled_annotationStyleClosure", cPlain, "(c) annotation-style closure - plain");
        }

        String lc = "LogCorrelationBenchmark.";
        Score onQuiet = s.get(lc + "tracedQuiet[on]");
        Score offQuiet = s.get(lc + "tracedQuiet[off]");
        if (onQuiet != null && offQuiet != null) {
            goal(
                    out,
                    "(12) sampled @Traced call: correlation on / off",
                    f(
                            "%.3fx, %+.0f B/op (%s vs %s ns)",
                            onQuiet.cpu / offQuiet.cpu,
                            onQuiet.bytesPerOp - offQuiet.bytesPerOp,
                            num(onQuiet.cpu),
                            num(offQuiet.cpu)),
                    f("%.3fx (%.3fx)", onQuiet.wall / offQuiet.wall, onQuiet.wallMedian / offQuiet.wallMedian),
                    "<= 1.15x",
                    onQuiet.best() / offQuiet.best() <= 1.15);
            for (String benchmark : new String[] {"tracedLogging", "lineInSpan", "lineOutsideSpan", "debugInSpan"}) {
                ratio(
                        out,
                        s,
                        lc + benchmark + "[on]",
                        s.get(lc + benchmark + "[off]"),
                        "(12) " + benchmark + ": on / off");
                ratio(
                        out,
                        s,
                        lc + benchmark + "[on]",
                        s.get(lc + benchmark + "[fixedMdc]"),
                        "(12) " + benchmark + ": on / fixedMdc");
            }
        }

        String j = "JaegerEncodeBenchmark.";
        for (String size : new String[] {"1", "20", "512"}) {
            Score ours = s.get(j + "ours[" + size + "]");
            Score mapSer = s.get(j + "libthriftMapAndSerialize[" + size + "]");
            Score ser = s.get(j + "libthriftSerializeOnly[" + size + "]");
            if (ours == null || mapSer == null) {
                continue;
            }
            int n = Integer.parseInt(size);
            goal(
                    out,
                    "Jaeger " + size + ": ours vs libthrift map+serialize",
                    f(
                            "%.2fx (%s vs %s spans/cpu-s)",
                            mapSer.cpu / ours.cpu, num(n * 1e9 / ours.cpu), num(n * 1e9 / mapSer.cpu)),
                    f("%.2fx (%.2fx)", mapSer.wall / ours.wall, mapSer.wallMedian / ours.wallMedian),
                    ">= 2x faster",
                    mapSer.best() / ours.best() >= 2);
            if (ser != null) {
                line(
                        out,
                        "Jaeger " + size + ": ours vs libthrift serialize only",
                        f("%.2fx (%s spans/cpu-s)", ser.cpu / ours.cpu, num(n * 1e9 / ser.cpu)),
                        f("%.2fx (%.2fx)", ser.wall / ours.wall, ser.wallMedian / ours.wallMedian),
                        "(info)",
                        "");
            }
            line(
                    out,
                    "Jaeger " + size + ": garbage ours / map+serialize",
                    f("%s / %s B per batch", num(ours.bytesPerOp), num(mapSer.bytesPerOp)),
                    "",
                    "(info)",
                    "");
        }
        out.println();
    }

    private static void difference(PrintStream out, Map<String, Score> s, String name, Score base, String label) {
        Score v = s.get(name);
        if (v != null) {
            line(
                    out,
                    label,
                    f("%+.2f ns, %.0f B/op", v.cpu - base.cpu, v.bytesPerOp),
                    f("%+.2f ns", v.wall - base.wall),
                    "(info)",
                    "");
        }
    }

    private static void ratio(PrintStream out, Map<String, Score> s, String name, Score base, String label) {
        Score v = s.get(name);
        if (v != null && base != null) {
            line(
                    out,
                    label,
                    f("%.3fx, %+.0f B/op", v.cpu / base.cpu, v.bytesPerOp - base.bytesPerOp),
                    f("%.3fx (%.3fx)", v.wall / base.wall, v.wallMedian / base.wallMedian),
                    "(info)",
                    "");
        }
    }

    private static void goal(PrintStream out, String goal, String cpu, String wall, String target, boolean met) {
        line(out, goal, cpu, wall, target, met ? "MET" : "MISSED");
    }

    private static void line(PrintStream out, String goal, String cpu, String wall, String target, String verdict) {
        out.println(String.format(Locale.ROOT, "%-50s %-34s %-25s %-16s %s", goal, cpu, wall, target, verdict));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1e7) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
