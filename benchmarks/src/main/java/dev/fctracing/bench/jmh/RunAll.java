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
 * <p>{@code java -cp benchmarks.jar dev.fctracing.bench.jmh.RunAll -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 */
public final class RunAll {

  private RunAll() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args);
    Collection<RunResult> results = new Runner(options).run();
    print(results, System.out);
  }

  /** One benchmark's numbers: mean, error, median of the measurement iterations, and bytes per op if profiled. */
  static final class Score {
    final double mean;
    final double error;
    final double median;
    final double bytesPerOp;
    final String unit;

    Score(double mean, double error, double median, double bytesPerOp, String unit) {
      this.mean = mean;
      this.error = error;
      this.median = median;
      this.bytesPerOp = bytesPerOp;
      this.unit = unit;
    }
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
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult fork : run.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          iterations.add(iteration.getPrimaryResult().getScore());
        }
      }
      Collections.sort(iterations);
      int n = iterations.size();
      double median =
          n == 0 ? Double.NaN : n % 2 == 1 ? iterations.get(n / 2)
              : (iterations.get(n / 2 - 1) + iterations.get(n / 2)) / 2;
      Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      scores.put(
          key.toString(),
          new Score(primary.getScore(), primary.getScoreError(), median,
              alloc == null ? Double.NaN : alloc.getScore(), primary.getScoreUnit()));
    }
    return scores;
  }

  static void print(Collection<RunResult> results, PrintStream out) {
    Map<String, Score> s = scores(results);
    out.println();
    out.println("==================== fc-tracing JMH summary (ratios within this run) ====================");
    out.println("mean ± 99.9% CI over iterations; 'median' = median iteration; B/op = gc.alloc.rate.norm");
    out.println();
    out.println(String.format(Locale.ROOT, "%-58s %22s %10s %10s", "benchmark", "score", "median", "B/op"));
    for (Map.Entry<String, Score> e : s.entrySet()) {
      Score v = e.getValue();
      out.println(String.format(Locale.ROOT, "%-58s %12s ± %-7s %10s %10s   %s", e.getKey(), num(v.mean),
          num(v.error), num(v.median), Double.isNaN(v.bytesPerOp) ? "-" : num(v.bytesPerOp), v.unit));
    }

    out.println();
    out.println(String.format(Locale.ROOT, "%-52s %-30s %-20s %s", "goal", "measured", "target", "verdict"));
    String t = "TracedCallBenchmark.";
    Score aPlain = s.get(t + "noSdk_plain");
    Score aTraced = s.get(t + "noSdk_traced");
    if (aPlain != null && aTraced != null) {
      double d = aTraced.mean - aPlain.mean;
      double dm = aTraced.median - aPlain.median;
      goal(out, "(a) no SDK: traced - plain", f("%+.2f ns (median %+.2f)", d, dm), "<= 5 ns", d <= 5);
      goal(out, "(a) no SDK: traced garbage", f("%.0f B/op", aTraced.bytesPerOp), "0 B/op",
          aTraced.bytesPerOp < 1);
      info(out, s, t, "noSdk_annotationStyle", aPlain, "(a) no SDK: annotation-style - plain");
      info(out, s, t, "noSdk_annotationStyleClosure", aPlain, "(a) no SDK: annotation-style closure - plain");
    }
    Score bHand = s.get(t + "sampled_handWritten");
    Score bTraced = s.get(t + "sampled_traced");
    if (bHand != null && bTraced != null) {
      double r = bTraced.mean / bHand.mean;
      goal(out, "(b) sampled: traced / hand-written", f("%.3fx (median %.3fx)", r, bTraced.median / bHand.median),
          "<= 1.10x", r <= 1.10);
      double extra = bTraced.bytesPerOp - bHand.bytesPerOp;
      goal(out, "(b) sampled: traced B/op - hand-written B/op", f("%+.0f B (%.0f vs %.0f)", extra,
          bTraced.bytesPerOp, bHand.bytesPerOp), "<= 0 B", extra < 1);
      for (String variant : new String[] {"sampled_annotationStyle", "sampled_annotationStyleClosure"}) {
        Score v = s.get(t + variant);
        if (v != null) {
          line(out, "(d) " + variant + " / hand-written", f("%.3fx, %+.0f B/op", v.mean / bHand.mean,
              v.bytesPerOp - bHand.bytesPerOp), "(info)", "");
          line(out, "(d) " + variant + " / traced", f("%.3fx, %+.0f B/op", v.mean / bTraced.mean,
              v.bytesPerOp - bTraced.bytesPerOp), "(info)", "");
        }
      }
      String d = "TracedCallDiagnosticsBenchmark.";
      for (String variant : new String[] {"handWrittenWithKind", "tracedSpansByHand", "tracedReturningObject",
          "tracedVoid"}) {
        Score v = s.get(d + variant);
        if (v != null) {
          line(out, "(b) diagnostics: " + variant + " / hand-written", f("%.3fx, %+.0f B/op", v.mean / bHand.mean,
              v.bytesPerOp - bHand.bytesPerOp), "(info)", "");
        }
      }
    }
    Score cPlain = s.get(t + "unsampled_plain");
    Score cTraced = s.get(t + "unsampled_traced");
    if (cPlain != null && cTraced != null) {
      double limit = 1.5 * cPlain.mean + 20;
      goal(out, "(c) unsampled: traced vs 1.5 x plain + 20 ns", f("%.2f ns vs limit %.2f ns", cTraced.mean, limit),
          "<= limit", cTraced.mean <= limit);
      goal(out, "(c) unsampled: traced garbage", f("%.0f B/op", cTraced.bytesPerOp), "0 B/op",
          cTraced.bytesPerOp < 1);
      info(out, s, t, "unsampled_annotationStyle", cPlain, "(c) unsampled: annotation-style - plain");
      info(out, s, t, "unsampled_annotationStyleClosure", cPlain, "(c) unsampled: annotation-style closure - plain");
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
      double r = ours.mean / mapSer.mean;
      goal(out, "Jaeger " + size + " spans: ours / libthrift map+serialize",
          f("%.2fx (%s vs %s spans/s)", r, num(ours.mean * n), num(mapSer.mean * n)), ">= 2x", r >= 2);
      if (ser != null) {
        line(out, "Jaeger " + size + " spans: ours / libthrift serialize only",
            f("%.2fx (%s spans/s)", ours.mean / ser.mean, num(ser.mean * n)), "(info)", "");
      }
      line(out, "Jaeger " + size + " spans: garbage ours vs map+serialize",
          f("%s vs %s B/batch", num(ours.bytesPerOp), num(mapSer.bytesPerOp)), "(info)", "");
    }
    out.println();
  }

  private static void info(PrintStream out, Map<String, Score> s, String prefix, String name, Score base,
      String label) {
    Score v = s.get(prefix + name);
    if (v != null) {
      line(out, label, f("%+.2f ns, %.0f B/op", v.mean - base.mean, v.bytesPerOp), "(info)", "");
    }
  }

  private static void goal(PrintStream out, String goal, String measured, String target, boolean met) {
    line(out, goal, measured, target, met ? "MET" : "MISSED");
  }

  private static void line(PrintStream out, String goal, String measured, String target, String verdict) {
    out.println(String.format(Locale.ROOT, "%-52s %-30s %-20s %s", goal, measured, target, verdict));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
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
