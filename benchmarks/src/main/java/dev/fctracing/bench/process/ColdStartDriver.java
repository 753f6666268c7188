package dev.fctracing.bench.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
        if (driver.countsMismatched()) {
            System.exit(4);
        }
    }

    /** Runs whose collector counts were not what the variant must produce. */
    private final List<String> mismatches = new ArrayList<>();

    /** Whether any run's collector counts were wrong (the series measured something else). */
    boolean countsMismatched() {
        return !mismatches.isEmpty();
    }

    private String series(int runs, List<String> only) throws Exception {
        startCollector();
        try {
            List<ColdStartVariant> variants = ColdStartVariants.of(config, workDir, baseUrl(), only);
            for (ColdStartVariant v : variants) {
                if (v.cdsArchive != null) {
                    train(v);
                }
            }
            int rounds = runs + 1; // round 0 is a discarded warm-up
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    ColdStartVariant v = variants.get((i + round) % variants.size());
                    ColdStartRun r = runOnce(v, round, null);
                    if (round > 0) {
                        v.runs.add(r);
                    }
                }
                System.err.println("round " + round + "/" + runs + " done");
            }
            return ColdStartReport.report(variants, runs, config.getProperty("work.millis", "0"), mismatches);
        } finally {
            stopCollector();
        }
    }

    // ------------------------------------------------------------------------------------------------ collector

    private void startCollector() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                config.getProperty("java"), "-cp", config.getProperty("cp.collector"), CollectorMain.class.getName());
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

    private void train(ColdStartVariant v) throws Exception {
        if (v.cdsArchive.exists() && !v.cdsArchive.delete()) {
            throw new IOException("cannot delete " + v.cdsArchive);
        }
        runOnce(v, -1, "-XX:ArchiveClassesAtExit=" + v.cdsArchive.getPath());
        if (!v.cdsArchive.isFile()) {
            throw new IllegalStateException("training run did not write " + v.cdsArchive);
        }
        System.err.println("trained " + v.cdsArchive.getName() + " (" + v.cdsArchive.length() + " bytes)");
    }

    private ColdStartRun runOnce(ColdStartVariant v, int round, String trainingFlag) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.getProperty("java"));
        if (trainingFlag != null) {
            cmd.add(trainingFlag);
        } else if (v.cdsArchive != null) {
            cmd.add("-XX:SharedArchiveFile=" + v.cdsArchive.getPath());
        }
        cmd.addAll(v.jvmArgs);
        String profiler = config.getProperty("profiler.agent", "");
        if (!profiler.isEmpty() && round > 0) {
            // PROFILE=1: wall-clock samples of every thread, written as collapsed stacks when the JVM exits.
            File dir = new File(workDir, "profile");
            if (!dir.isDirectory() && !dir.mkdirs()) {
                throw new IOException("cannot create " + dir);
            }
            cmd.add("-agentpath:" + profiler + "=start,event=" + config.getProperty("profiler.event", "wall")
                    + ",interval=" + config.getProperty("profiler.interval", "200us") + ",threads,collapsed,file="
                    + new File(dir, v.name + "-" + round + ".collapsed").getPath());
        }
        cmd.add("-cp");
        cmd.add(v.classpath);
        cmd.add("-Dbench.endpoint=" + endpoint);
        cmd.add("-Dbench.workMillis=" + config.getProperty("work.millis", "0"));
        cmd.add("-Dbench.spanContext="
                + String.format(Locale.ROOT, "%016x:%016x:0:1", random.nextLong(), random.nextLong()));
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
            throw new IllegalStateException(
                    v.name + " failed (exit " + exit + "); command " + cmd + "\n" + all + "see " + stderrLog);
        }
        int[] after = collectorStats();
        Map<String, String> kv = keyValues(coldLine.substring("COLDSTART ".length()));
        long jvmStart = Long.parseLong(kv.get("jvmStartMs"));
        long ret = Long.parseLong(kv.get("returnMs"));
        int posts = after[0] - before[0];
        int spans = after[1] - before[1];
        if (round >= 0 && v.expectedSpans >= 0 && (posts != v.expectedPosts || spans != v.expectedSpans)) {
            String mismatch = v.name + " round " + round + ": the collector received " + posts + " POST(s), " + spans
                    + " span(s); expected " + v.expectedPosts + " and " + v.expectedSpans;
            mismatches.add(mismatch);
            System.err.println("COUNT MISMATCH " + mismatch);
        }
        return new ColdStartRun(
                round,
                ret - jvmStart,
                ret - launchMs,
                (n1 - n0) / 1e6,
                Long.parseLong(kv.get("invokeNs")) / 1e6,
                posts,
                spans,
                Long.parseLong(kv.get("cpuNs")) / 1e6,
                Long.parseLong(kv.get("classes")),
                Long.parseLong(kv.get("firstRequestNs")) / 1e6,
                Long.parseLong(kv.get("initNs")) / 1e6);
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
}
