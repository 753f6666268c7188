package dev.fctracing.bench.process;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** One way of running the handler. */
final class ColdStartVariant {
    final String name;
    final String description;
    final String classpath;
    final List<String> jvmArgs;
    final List<String> mainAndArgs;
    /** Dynamic CDS archive this variant runs with (trained before the series), or null. */
    final File cdsArchive;
    /** The untraced variant its "added" figures are measured from: A, or Areal / Ainit for those workloads. */
    String baseline = "A";
    /** POSTs and spans the collector must receive per run; -1: not checked. */
    int expectedPosts = -1;

    int expectedSpans = -1;
    final List<ColdStartRun> runs = new ArrayList<>();

    ColdStartVariant(
            String name,
            String description,
            String classpath,
            List<String> jvmArgs,
            List<String> mainAndArgs,
            File cdsArchive) {
        this.name = name;
        this.description = description;
        this.classpath = classpath;
        this.jvmArgs = jvmArgs;
        this.mainAndArgs = mainAndArgs;
        this.cdsArchive = cdsArchive;
    }

    ColdStartVariant baseline(String name) {
        this.baseline = name;
        return this;
    }

    ColdStartVariant expects(int posts, int spans) {
        this.expectedPosts = posts;
        this.expectedSpans = spans;
        return this;
    }

    List<Double> values(int metric) {
        List<Double> out = new ArrayList<>();
        for (ColdStartRun r : runs) {
            out.add(r.metric(metric));
        }
        return out;
    }
}
