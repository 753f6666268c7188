package dev.fctracing.bench.process;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/** The cold-start harness's variants: the process each runs (class path, JVM options, main class and arguments). */
final class ColdStartVariants {

    private static final String INVOKER = "dev.fctracing.bench.process.target.ColdStartInvoker";
    private static final String FLOOR = "dev.fctracing.bench.process.target.FloorInvoker";
    private static final String HANDLER = "dev.fctracing.bench.process.target.ColdHandler";
    private static final String AGENT_HANDLER = "dev.fctracing.bench.process.target.AgentColdHandler";
    private static final String REAL_HANDLER = "dev.fctracing.bench.process.target.RealHandler";
    private static final String FLOOR_REAL_HANDLER = "dev.fctracing.bench.process.target.FloorRealHandler";
    private static final String INIT_HANDLER = "dev.fctracing.bench.process.target.InitColdHandler";

    private ColdStartVariants() {}

    /**
     * The variants {@code only} names (the original set when it is null: the realistic and initialize workloads are
     * named, or chosen by {@code WORKLOAD=...}); {@code collectorUrl} is the collector's base URL.
     */
    static List<ColdStartVariant> of(Properties config, File workDir, String collectorUrl, List<String> only) {
        String agentJar = config.getProperty("agent.jar");
        List<String> agentArgs = new ArrayList<>(Arrays.asList(
                "-javaagent:" + agentJar,
                "-Dotel.service.name=coldstart-bench",
                "-Dotel.traces.exporter=otlp",
                "-Dotel.exporter.otlp.protocol=http/protobuf",
                "-Dotel.exporter.otlp.traces.endpoint=" + collectorUrl + "/v1/traces",
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none"));
        List<String> agentTrimmed = new ArrayList<>(agentArgs);
        agentTrimmed.addAll(Arrays.asList(
                "-Dotel.instrumentation.common.default-enabled=false",
                "-Dotel.instrumentation.opentelemetry-instrumentation-annotations.enabled=true",
                "-Dotel.instrumentation.opentelemetry-api.enabled=true"));
        List<ColdStartVariant> all = new ArrayList<>();
        all.add(new ColdStartVariant(
                "A",
                "plain javac, no tracing",
                config.getProperty("cp.plain"),
                Collections.<String>emptyList(),
                Arrays.asList(INVOKER, HANDLER),
                null));
        all.add(new ColdStartVariant(
                        "B",
                        "woven, fc-tracing, first call exports",
                        config.getProperty("cp.woven"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, HANDLER),
                        null)
                .expects(1, 3));
        all.add(new ColdStartVariant(
                "C",
                "OTel javaagent 2.21, @WithSpan, OTLP",
                config.getProperty("cp.agent"),
                agentArgs,
                Arrays.asList(INVOKER, AGENT_HANDLER),
                null));
        all.add(new ColdStartVariant(
                "Cmin",
                "agent, annotations+API instr. only",
                config.getProperty("cp.agent"),
                agentTrimmed,
                Arrays.asList(INVOKER, AGENT_HANDLER),
                null));
        all.add(new ColdStartVariant(
                "D",
                "hand-built SDK, 1 span, 1 POST",
                config.getProperty("cp.floor"),
                Collections.<String>emptyList(),
                Arrays.asList(FLOOR, HANDLER, "default"),
                null));
        all.add(new ColdStartVariant(
                "Dlean",
                "D, empty resource, noop meters",
                config.getProperty("cp.floor"),
                Collections.<String>emptyList(),
                Arrays.asList(FLOOR, HANDLER, "lean"),
                null));
        all.add(new ColdStartVariant(
                "Dbatch",
                "D with a BatchSpanProcessor, flushed",
                config.getProperty("cp.floor"),
                Collections.<String>emptyList(),
                Arrays.asList(FLOOR, HANDLER, "batch"),
                null));
        String reference = config.getProperty("cp.woven.ref");
        boolean hasReference = reference != null && !reference.isEmpty();
        if (hasReference) {
            all.add(new ColdStartVariant(
                            "Bref",
                            "B on the reference tracing-aspects jar",
                            reference,
                            Collections.<String>emptyList(),
                            Arrays.asList(INVOKER, HANDLER),
                            null)
                    .expects(1, 3));
        }
        // The realistic workload (WORKLOAD=real): six @Traced spans, one caught exception recorded.
        all.add(new ColdStartVariant(
                        "Areal",
                        "RealHandler, plain javac, no tracing",
                        config.getProperty("cp.plain.real"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, REAL_HANDLER),
                        null)
                .baseline("Areal"));
        all.add(new ColdStartVariant(
                        "Breal",
                        "RealHandler woven, 7 spans, 1 exception",
                        config.getProperty("cp.woven.real"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, REAL_HANDLER),
                        null)
                .baseline("Areal")
                .expects(1, 7));
        all.add(new ColdStartVariant(
                        "Dreal",
                        "same work by hand, batch SDK, 1 POST",
                        config.getProperty("cp.floor.real"),
                        Collections.<String>emptyList(),
                        Arrays.asList(FLOOR, FLOOR_REAL_HANDLER, "real"),
                        null)
                .baseline("Areal")
                .expects(1, 7));
        if (hasReference) {
            all.add(new ColdStartVariant(
                            "Brealref",
                            "Breal on the reference jar",
                            config.getProperty("cp.woven.real.ref"),
                            Collections.<String>emptyList(),
                            Arrays.asList(INVOKER, REAL_HANDLER),
                            null)
                    .baseline("Areal")
                    .expects(1, 7));
        }
        // With an initialize hook (WORKLOAD=init): the invoker calls initialize, then times handleRequest alone.
        all.add(new ColdStartVariant(
                        "Ainit",
                        "InitColdHandler, plain javac",
                        config.getProperty("cp.plain.init"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, INIT_HANDLER),
                        null)
                .baseline("Ainit"));
        all.add(new ColdStartVariant(
                        "Binit",
                        "woven, initialize hook, then request",
                        config.getProperty("cp.woven.init"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, INIT_HANDLER),
                        null)
                .baseline("Ainit")
                .expects(2, 4));
        if (hasReference) {
            all.add(new ColdStartVariant(
                            "Binitref",
                            "Binit on the reference jar",
                            config.getProperty("cp.woven.init.ref"),
                            Collections.<String>emptyList(),
                            Arrays.asList(INVOKER, INIT_HANDLER),
                            null)
                    .baseline("Ainit")
                    .expects(2, 4));
        }
        all.add(new ColdStartVariant(
                "A+cds",
                "A with its dynamic CDS archive",
                config.getProperty("cp.plain"),
                Collections.<String>emptyList(),
                Arrays.asList(INVOKER, HANDLER),
                new File(workDir, "plain.jsa")));
        all.add(new ColdStartVariant(
                        "B+cds",
                        "B with its dynamic CDS archive",
                        config.getProperty("cp.woven"),
                        Collections.<String>emptyList(),
                        Arrays.asList(INVOKER, HANDLER),
                        new File(workDir, "woven.jsa"))
                .expects(1, 3));
        if (only == null) {
            // Without VARIANTS: the original set (the realistic and initialize workloads are named, or WORKLOAD=...).
            List<ColdStartVariant> original = new ArrayList<>();
            for (ColdStartVariant v : all) {
                if (!v.name.contains("real") && !v.name.contains("init")) {
                    original.add(v);
                }
            }
            return original;
        }
        List<ColdStartVariant> chosen = new ArrayList<>();
        for (String name : only) {
            ColdStartVariant v = ColdStartReport.find(all, name.trim());
            if (v == null) {
                throw new IllegalArgumentException(
                        "unknown variant " + name + " (the *ref variants need REF_ASPECTS_JAR)");
            }
            chosen.add(v);
        }
        return chosen;
    }
}
