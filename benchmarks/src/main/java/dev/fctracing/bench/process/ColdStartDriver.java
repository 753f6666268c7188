package dev.fctracing.bench.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cold-start series: starts a loopback Jaeger collector in its own JVM, then launches one fresh JVM per run and
 * variant, interleaved (each round runs every variant once, in an order rotated per round, after one discarded
 * warm-up round), and prints medians, added time over the untraced baseline, and the ratios of added times.
 *
 * <p>Each child prints a {@code COLDSTART} line (see {@code ColdStartInvoker}); per run three times are kept:
 * <ul>
 *   <li>{@code jvm->ret}: the child's wall clock when {@code handleRequest} returned minus
 *       {@code RuntimeMXBean.getStartTime()} (the primary figure: JVM start to handler return);</li>
 *   <li>{@code launch->ret}: the same return time minus this driver's wall clock just before it started the process
 *       (adds the launcher and JVM creation before the VM records its start time);</li>
 *   <li>{@code process}: the whole process, start to exit, measured here with {@code System.nanoTime()} (adds JVM
 *       shutdown, where the agent flushes).</li>
 * </ul>
 * Also {@code first-call}: the child's {@code nanoTime} from loading the handler class to its return, and the
 * collector's count of POSTs and accepted spans per run (checks that variant B really exported before returning).
 *
 * <p>Usage: {@code ColdStartDriver <config.properties> <runs> <report-file> [variant,...]}; the config file is written
 * by {@code benchmarks/coldstart.sh}.
 */
public final class ColdStartDriver {

  private static final String INVOKER = "dev.fctracing.bench.process.target.ColdStartInvoker";
  private static final String FLOOR = "dev.fctracing.bench.process.target.FloorInvoker";
  private static final String HANDLER = "dev.fctracing.bench.process.target.ColdHandler";
  private static final String AGENT_HANDLER = "dev.fctracing.bench.process.target.AgentColdHandler";

  private final Properties config;
  private final File workDir;
  private final File stderrLog;
  private final Random random = new Random();
  private Process collector;
  private Writer collectorIn;
  private BufferedReader collectorOut;
  private String endpoint;

  private ColdStartDriver(Properties config) {
    this.config = config;
    this.workDir = new File(config.getProperty("work.dir"));
    this.stderrLog = new File(workDir, "children-stderr.log");
  }

  /** One way of running the handler. */
  static final class Variant {
    final String name;
    final String description;
    final String classpath;
    final List<String> jvmArgs;
    final List<String> mainAndArgs;
    /** Dynamic CDS archive this variant runs with (trained before the series), or null. */
    final File cdsArchive;
    final List<Run> runs = new ArrayList<>();

    Variant(String name, String description, String classpath, List<String> jvmArgs, List<String> mainAndArgs,
        File cdsArchive) {
      this.name = name;
      this.description = description;
      this.classpath = classpath;
      this.jvmArgs = jvmArgs;
      this.mainAndArgs = mainAndArgs;
      this.cdsArchive = cdsArchive;
    }

    List<Double> values(int metric) {
      List<Double> out = new ArrayList<>();
      for (Run r : runs) {
        out.add(r.metric(metric));
      }
      return out;
    }
  }

  /** One measured process. */
  static final class Run {
    final int round;
    final double jvmToReturnMs;
    final double launchToReturnMs;
    final double processMs;
    final double firstCallMs;
    final int posts;
    final int spans;
    final double cpuMs;
    final double classes;

    Run(int round, double jvmToReturnMs, double launchToReturnMs, double processMs, double firstCallMs, int posts,
        int spans, double cpuMs, double classes) {
      this.round = round;
      this.jvmToReturnMs = jvmToReturnMs;
      this.launchToReturnMs = launchToReturnMs;
      this.processMs = processMs;
      this.firstCallMs = firstCallMs;
      this.posts = posts;
      this.spans = spans;
      this.cpuMs = cpuMs;
      this.classes = classes;
    }

    double metric(int m) {
      switch (m) {
        case 0: return jvmToReturnMs;
        case 1: return launchToReturnMs;
        case 2: return processMs;
        case 3: return firstCallMs;
        case 4: return posts;
        case 5: return spans;
        case 6: return cpuMs;
        default: return classes;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ColdStartDriver <config.properties> <runs> <report-file> [variant,...]");
      System.exit(2);
    }
    Properties config = new Properties();
    try (InputStream in = new FileInputStream(args[0])) {
      config.load(in);
    }
    int runs = Integer.parseInt(args[1]);
    List<String> only = args.length > 3 ? Arrays.asList(args[3].split(",")) : null;
    ColdStartDriver driver = new ColdStartDriver(config);
    String report = driver.series(runs, only);
    try (Writer w = new OutputStreamWriter(new java.io.FileOutputStream(args[2]), StandardCharsets.UTF_8)) {
      w.write(report);
    }
    System.out.print(report);
  }

  private List<Variant> variants() {
    String agentJar = config.getProperty("agent.jar");
    List<String> agentArgs =
        new ArrayList<>(Arrays.asList(
            "-javaagent:" + agentJar,
            "-Dotel.service.name=coldstart-bench",
            "-Dotel.traces.exporter=otlp",
            "-Dotel.exporter.otlp.protocol=http/protobuf",
            "-Dotel.exporter.otlp.traces.endpoint=" + baseUrl() + "/v1/traces",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none"));
    List<String> agentTrimmed = new ArrayList<>(agentArgs);
    agentTrimmed.addAll(Arrays.asList(
        "-Dotel.instrumentation.common.default-enabled=false",
        "-Dotel.instrumentation.opentelemetry-instrumentation-annotations.enabled=true",
        "-Dotel.instrumentation.opentelemetry-api.enabled=true"));
    List<Variant> all = new ArrayList<>();
    all.add(new Variant("A", "plain javac, no tracing", config.getProperty("cp.plain"),
        Collections.<String>emptyList(), Arrays.asList(INVOKER, HANDLER), null));
    all.add(new Variant("B", "woven, fc-tracing, first call exports", config.getProperty("cp.woven"),
        Collections.<String>emptyList(), Arrays.asList(INVOKER, HANDLER), null));
    all.add(new Variant("C", "OTel javaagent 2.21, @WithSpan, OTLP", config.getProperty("cp.agent"),
        agentArgs, Arrays.asList(INVOKER, AGENT_HANDLER), null));
    all.add(new Variant("Cmin", "agent, annotations+API instr. only", config.getProperty("cp.agent"),
        agentTrimmed, Arrays.asList(INVOKER, AGENT_HANDLER), null));
    all.add(new Variant("D", "hand-built SDK, 1 span, 1 POST", config.getProperty("cp.floor"),
        Collections.<String>emptyList(), Arrays.asList(FLOOR, HANDLER, "default"), null));
    all.add(new Variant("Dlean", "D, empty resource, noop meters", config.getProperty("cp.floor"),
        Collections.<String>emptyList(), Arrays.asList(FLOOR, HANDLER, "lean"), null));
    all.add(new Variant("Dbatch", "D with a BatchSpanProcessor, flushed", config.getProperty("cp.floor"),
        Collections.<String>emptyList(), Arrays.asList(FLOOR, HANDLER, "batch"), null));
    String reference = config.getProperty("cp.woven.ref");
    if (reference != null && !reference.isEmpty()) {
      all.add(new Variant("Bref", "B on the reference tracing-aspects jar", reference,
          Collections.<String>emptyList(), Arrays.asList(INVOKER, HANDLER), null));
    }
    all.add(new Variant("A+cds", "A with its dynamic CDS archive", config.getProperty("cp.plain"),
        Collections.<String>emptyList(), Arrays.asList(INVOKER, HANDLER), new File(workDir, "plain.jsa")));
    all.add(new Variant("B+cds", "B with its dynamic CDS archive", config.getProperty("cp.woven"),
        Collections.<String>emptyList(), Arrays.asList(INVOKER, HANDLER), new File(workDir, "woven.jsa")));
    if (only == null) {
      return all;
    }
    List<Variant> chosen = new ArrayList<>();
    for (Variant v : all) {
      if (only.contains(v.name)) {
        chosen.add(v);
      }
    }
    return chosen;
  }

  private List<String> only;

  private String series(int runs, List<String> only) throws Exception {
    this.only = only;
    startCollector();
    try {
      List<Variant> variants = variants();
      for (Variant v : variants) {
        if (v.cdsArchive != null) {
          train(v);
        }
      }
      int rounds = runs + 1; // round 0 is a discarded warm-up
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < variants.size(); i++) {
          Variant v = variants.get((i + round) % variants.size());
          Run r = runOnce(v, round, null);
          if (round > 0) {
            v.runs.add(r);
          }
        }
        System.err.println("round " + round + "/" + runs + " done");
      }
      return report(variants, runs);
    } finally {
      stopCollector();
    }
  }

  // ------------------------------------------------------------------------------------------------ collector

  private void startCollector() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(config.getProperty("java"), "-cp", config.getProperty("cp.collector"),
        CollectorMain.class.getName());
    pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog));
    collector = pb.start();
    collectorIn = new BufferedWriter(new OutputStreamWriter(collector.getOutputStream(), StandardCharsets.UTF_8));
    collectorOut = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
    String line = collectorOut.readLine();
    if (line == null || !line.startsWith("ENDPOINT ")) {
      throw new IllegalStateException("collector did not start: " + line);
    }
    endpoint = line.substring("ENDPOINT ".length()).trim();
    System.err.println("collector at " + endpoint.replaceAll("/adapt_[^/]*", "/adapt_***"));
  }

  private String baseUrl() {
    int slash = endpoint.indexOf('/', "http://".length());
    return endpoint.substring(0, slash);
  }

  /** {posts, spans} received by the collector so far. */
  private int[] collectorStats() throws IOException {
    collectorIn.write("stats\n");
    collectorIn.flush();
    String line;
    while ((line = collectorOut.readLine()) != null) {
      if (line.startsWith("STATS ")) {
        Map<String, String> kv = keyValues(line.substring(6));
        return new int[] {Integer.parseInt(kv.get("posts")), Integer.parseInt(kv.get("spans"))};
      }
    }
    throw new IllegalStateException("collector exited");
  }

  private void stopCollector() throws InterruptedException {
    if (collector == null) {
      return;
    }
    try {
      collectorIn.close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!collector.waitFor(10, TimeUnit.SECONDS)) {
      collector.destroy();
    }
  }

  // ------------------------------------------------------------------------------------------------ children

  private void train(Variant v) throws Exception {
    if (v.cdsArchive.exists() && !v.cdsArchive.delete()) {
      throw new IOException("cannot delete " + v.cdsArchive);
    }
    runOnce(v, -1, "-XX:ArchiveClassesAtExit=" + v.cdsArchive.getPath());
    if (!v.cdsArchive.isFile()) {
      throw new IllegalStateException("training run did not write " + v.cdsArchive);
    }
    System.err.println("trained " + v.cdsArchive.getName() + " (" + v.cdsArchive.length() + " bytes)");
  }

  private Run runOnce(Variant v, int round, String trainingFlag) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(config.getProperty("java"));
    if (trainingFlag != null) {
      cmd.add(trainingFlag);
    } else if (v.cdsArchive != null) {
      cmd.add("-XX:SharedArchiveFile=" + v.cdsArchive.getPath());
    }
    cmd.addAll(v.jvmArgs);
    cmd.add("-cp");
    cmd.add(v.classpath);
    cmd.add("-Dbench.endpoint=" + endpoint);
    cmd.add("-Dbench.workMillis=" + config.getProperty("work.millis", "0"));
    cmd.add("-Dbench.spanContext=" + String.format(Locale.ROOT, "%016x:%016x:0:1", random.nextLong(),
        random.nextLong()));
    cmd.addAll(v.mainAndArgs);

    int[] before = collectorStats();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog));
    long launchMs = System.currentTimeMillis();
    long n0 = System.nanoTime();
    Process p = pb.start();
    String coldLine = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        all.append(line).append('\n');
        if (line.startsWith("COLDSTART ")) {
          coldLine = line;
        }
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(v.name + " did not exit");
    }
    long n1 = System.nanoTime();
    int exit = p.exitValue();
    if (exit != 0 || coldLine == null) {
      throw new IllegalStateException(v.name + " failed (exit " + exit + "); command " + cmd + "\n" + all
          + "see " + stderrLog);
    }
    int[] after = collectorStats();
    Map<String, String> kv = keyValues(coldLine.substring("COLDSTART ".length()));
    long jvmStart = Long.parseLong(kv.get("jvmStartMs"));
    long ret = Long.parseLong(kv.get("returnMs"));
    return new Run(round, ret - jvmStart, ret - launchMs, (n1 - n0) / 1e6,
        Long.parseLong(kv.get("invokeNs")) / 1e6, after[0] - before[0], after[1] - before[1],
        Long.parseLong(kv.get("cpuNs")) / 1e6, Long.parseLong(kv.get("classes")));
  }

  private static Map<String, String> keyValues(String s) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : s.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return kv;
  }

  // ------------------------------------------------------------------------------------------------ report

  private static Variant find(List<Variant> variants, String name) {
    for (Variant v : variants) {
      if (v.name.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Median over rounds of (x - base) in the same round: the noise-robust added time. */
  private static double pairedAdded(Variant x, Variant base, int metric) {
    Map<Integer, Double> baseByRound = new LinkedHashMap<>();
    for (Run r : base.runs) {
      baseByRound.put(r.round, r.metric(metric));
    }
    List<Double> diffs = new ArrayList<>();
    for (Run r : x.runs) {
      Double b = baseByRound.get(r.round);
      if (b != null) {
        diffs.add(r.metric(metric) - b);
      }
    }
    return Stats.median(diffs);
  }

  private String report(List<Variant> variants, int runs) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    Variant a = find(variants, "A");
    String work = config.getProperty("work.millis", "0");
    out.println("Cold start: fresh JVM -> first handleRequest returned (" + runs
        + " interleaved rounds after 1 warm-up round; medians in ms)"
        + ("0".equals(work) ? "" : "; the handler waits " + work + " ms (WORK_MS) like a call to a database"));
    out.println("  jvm->ret    = wall clock at handler return - RuntimeMXBean.getStartTime()  [primary]");
    out.println("  launch->ret = wall clock at handler return - driver's clock just before starting the process");
    out.println("  process     = whole process, start to exit (driver's nanoTime)");
    out.println("  first-call  = in the child: load handler class + first handleRequest (nanoTime)");
    out.println("  classes     = in the child: classes loaded by the JVM at handler return (ClassLoadingMXBean)");
    out.println("  cpu         = in the child: CPU time of its live Java threads at handler return (ThreadMXBean; not JIT/GC)");
    out.println("  added       = median(variant) - median(A) on jvm->ret; paired = median over rounds of "
        + "(variant - A) in the same round; +cpu = median(cpu) - median(cpu of A)");
    out.println();
    out.println(Stats.pad("variant", 8) + Stats.pad("what", 38) + Stats.lpad("n", 3) + Stats.lpad("jvm->ret", 10)
        + Stats.lpad("p25..p75", 12) + Stats.lpad("launch->ret", 12) + Stats.lpad("process", 9)
        + Stats.lpad("first-call", 11) + Stats.lpad("cpu", 7) + Stats.lpad("added", 8) + Stats.lpad("paired", 8)
        + Stats.lpad("+cpu", 7) + Stats.lpad("classes", 8)
        + Stats.lpad("posts", 6) + Stats.lpad("spans", 6));
    for (Variant v : variants) {
      List<Double> primary = v.values(0);
      String added = a == null ? "" : Stats.fmt(Stats.median(primary) - Stats.median(a.values(0)));
      String paired = a == null ? "" : Stats.fmt(pairedAdded(v, a, 0));
      out.println(Stats.pad(v.name, 8) + Stats.pad(v.description, 38) + Stats.lpad("" + v.runs.size(), 3)
          + Stats.lpad(Stats.fmt(Stats.median(primary)), 10)
          + Stats.lpad(Stats.fmt(Stats.quantile(primary, 0.25)) + ".." + Stats.fmt(Stats.quantile(primary, 0.75)), 12)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(1))), 12)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(2))), 9)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(3))), 11)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(6))), 7)
          + Stats.lpad(added, 8) + Stats.lpad(paired, 8)
          + Stats.lpad(a == null ? "" : Stats.fmt(Stats.median(v.values(6)) - Stats.median(a.values(6))), 7)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(7))), 8)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(4))), 6)
          + Stats.lpad(Stats.fmt(Stats.median(v.values(5))), 6));
    }
    out.println();
    Variant b = find(variants, "B");
    Variant c = find(variants, "C");
    Variant cmin = find(variants, "Cmin");
    Variant d = find(variants, "D");
    Variant dlean = find(variants, "Dlean");
    Variant dbatch = find(variants, "Dbatch");
    if (a != null && b != null) {
      double addB = added(b, a);
      out.println("Added over A (median - median, jvm->ret): B " + Stats.fmt(addB) + " ms"
          + addedText(" | C ", c, a) + addedText(" | Cmin ", cmin, a) + addedText(" | D ", d, a)
          + addedText(" | Dlean ", dlean, a) + addedText(" | Dbatch ", dbatch, a));
      if (d != null) {
        double addD = added(d, a);
        out.println("B/D  (added B / added D)    = " + Stats.fmt2(addB / addD)
            + "   goal <= 1.00: " + (addB <= addD ? "MET" : "NOT MET")
            + "   [paired: " + Stats.fmt2(pairedAdded(b, a, 0) / pairedAdded(d, a, 0)) + "]");
      }
      if (dlean != null) {
        out.println("B/Dlean                     = " + Stats.fmt2(addB / added(dlean, a)));
      }
      if (dbatch != null) {
        double addDbatch = added(dbatch, a);
        out.println("B/Dbatch (the floor as the issue words it: batch processor) = " + Stats.fmt2(addB / addDbatch)
            + "   goal <= 1.00: " + (addB <= addDbatch ? "MET" : "NOT MET")
            + "   [paired: " + Stats.fmt2(pairedAdded(b, a, 0) / pairedAdded(dbatch, a, 0)) + "]");
      }
      if (c != null) {
        double addC = added(c, a);
        out.println("B/C  (added B / added C)    = " + Stats.fmt2(addB / addC) + " ("
            + Stats.fmt2(100 * addB / addC) + "%)   goal <= 5%: " + (addB <= 0.05 * addC ? "MET" : "NOT MET"));
      }
      if (cmin != null) {
        double addCmin = added(cmin, a);
        out.println("B/Cmin                      = " + Stats.fmt2(addB / addCmin) + " ("
            + Stats.fmt2(100 * addB / addCmin) + "%)");
      }
      Variant bref = find(variants, "Bref");
      if (bref != null) {
        out.println("B vs Bref (reference jar): added " + Stats.fmt(addB) + " vs " + Stats.fmt(added(bref, a))
            + " ms; paired median (B - Bref) = " + Stats.fmt(pairedAdded(b, bref, 0)) + " ms wall, "
            + Stats.fmt(pairedAdded(b, bref, 6)) + " ms cpu (median cpu " + Stats.fmt(Stats.median(b.values(6)))
            + " vs " + Stats.fmt(Stats.median(bref.values(6))) + "); classes loaded "
            + Stats.fmt(Stats.median(b.values(7))) + " vs " + Stats.fmt(Stats.median(bref.values(7))));
      }
      Variant bcds = find(variants, "B+cds");
      Variant acds = find(variants, "A+cds");
      if (bcds != null) {
        out.println("CDS: B+cds added over A = " + Stats.fmt(added(bcds, a)) + " ms (B without CDS: "
            + Stats.fmt(addB) + " ms)" + (acds != null ? "; B+cds over A+cds = " + Stats.fmt(added(bcds, acds))
            + " ms; A+cds - A = " + Stats.fmt(added(acds, a)) + " ms" : ""));
      }
    }
    out.println();
    out.println("Per-run values (jvm->ret/launch->ret/process/first-call/cpu ms):");
    for (Variant v : variants) {
      StringBuilder line = new StringBuilder(Stats.pad(v.name, 8));
      for (Run r : v.runs) {
        line.append(' ').append((long) r.jvmToReturnMs).append('/').append((long) r.launchToReturnMs).append('/')
            .append((long) r.processMs).append('/').append(Stats.fmt(r.firstCallMs)).append('/')
            .append((long) r.cpuMs);
      }
      out.println(line);
    }
    out.flush();
    return text.toString();
  }

  private static double added(Variant x, Variant base) {
    return Stats.median(x.values(0)) - Stats.median(base.values(0));
  }

  private static String addedText(String label, Variant x, Variant base) {
    return x == null ? "" : label + Stats.fmt(added(x, base)) + " ms";
  }
}
