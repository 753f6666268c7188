package dev.fctracing.bench.process;

import static dev.fctracing.bench.process.ColdStartRun.CLASSES;
import static dev.fctracing.bench.process.ColdStartRun.CPU;
import static dev.fctracing.bench.process.ColdStartRun.FIRST_REQUEST;
import static dev.fctracing.bench.process.ColdStartRun.INIT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text report of a cold-start series ({@link ColdStartDriver}): the table, the ratios, the per-run values. */
final class ColdStartReport {

    private ColdStartReport() {}

    static ColdStartVariant find(List<ColdStartVariant> variants, String name) {
        for (ColdStartVariant v : variants) {
            if (v.name.equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** Median over rounds of (x - base) in the same round: the noise-robust added time. */
    private static double pairedAdded(ColdStartVariant x, ColdStartVariant base, int metric) {
        Map<Integer, Double> baseByRound = new LinkedHashMap<>();
        for (ColdStartRun r : base.runs) {
            baseByRound.put(r.round, r.metric(metric));
        }
        List<Double> diffs = new ArrayList<>();
        for (ColdStartRun r : x.runs) {
            Double b = baseByRound.get(r.round);
            if (b != null) {
                diffs.add(r.metric(metric) - b);
            }
        }
        return Stats.median(diffs);
    }

    /** The report of {@code runs} rounds; {@code mismatches}: runs whose collector counts were wrong. */
    static String report(List<ColdStartVariant> variants, int runs, String work, List<String> mismatches) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        ColdStartVariant a = find(variants, "A");
        out.println("Cold start: fresh JVM -> first handleRequest returned (" + runs
                + " interleaved rounds after 1 warm-up round; medians in ms)"
                + ("0".equals(work) ? "" : "; the handler waits " + work + " ms (WORK_MS) like a call to a database"));
        out.println("  jvm->ret    = wall clock at handler return - RuntimeMXBean.getStartTime()  [primary]");
        out.println("  launch->ret = wall clock at handler return - driver's clock just before starting the process");
        out.println("  process     = whole process, start to exit (driver's nanoTime)");
        out.println("  first-call  = in the child: load handler class + first handleRequest (nanoTime)");
        out.println(
                "  1st-req     = in the child: the first handleRequest call alone (after initialize, when the handler has one;"
                        + " the floor: its span, the handler and the flush)");
        out.println("  classes     = in the child: classes loaded by the JVM at handler return (ClassLoadingMXBean)");
        out.println(
                "  cpu         = in the child: CPU time of its live Java threads at handler return (ThreadMXBean; not JIT/GC)");
        out.println(
                "  added       = median(variant) - median(base) on jvm->ret, base = the untraced run of the same workload"
                        + " (A; Areal, Ainit); paired = median over rounds of (variant - base) in the same round; +cpu likewise on cpu");
        out.println();
        out.println(Stats.pad("variant", 8)
                + Stats.pad("what", 38)
                + Stats.lpad("n", 3)
                + Stats.lpad("jvm->ret", 10)
                + Stats.lpad("p25..p75", 12)
                + Stats.lpad("launch->ret", 12)
                + Stats.lpad("process", 9)
                + Stats.lpad("first-call", 11)
                + Stats.lpad("1st-req", 8)
                + Stats.lpad("cpu", 7)
                + Stats.lpad("base", 6)
                + Stats.lpad("added", 8)
                + Stats.lpad("paired", 8)
                + Stats.lpad("+cpu", 7)
                + Stats.lpad("classes", 8)
                + Stats.lpad("posts", 6)
                + Stats.lpad("spans", 6));
        for (ColdStartVariant v : variants) {
            List<Double> primary = v.values(0);
            ColdStartVariant base = find(variants, v.baseline);
            String added = base == null ? "" : Stats.fmt(Stats.median(primary) - Stats.median(base.values(0)));
            String paired = base == null ? "" : Stats.fmt(pairedAdded(v, base, 0));
            out.println(Stats.pad(v.name, 8)
                    + Stats.pad(v.description, 38)
                    + Stats.lpad("" + v.runs.size(), 3)
                    + Stats.lpad(Stats.fmt(Stats.median(primary)), 10)
                    + Stats.lpad(
                            Stats.fmt(Stats.quantile(primary, 0.25)) + ".." + Stats.fmt(Stats.quantile(primary, 0.75)),
                            12)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(1))), 12)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(2))), 9)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(3))), 11)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(FIRST_REQUEST))), 8)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(6))), 7)
                    + Stats.lpad(base == null ? "-" : base.name, 6)
                    + Stats.lpad(added, 8)
                    + Stats.lpad(paired, 8)
                    + Stats.lpad(
                            base == null ? "" : Stats.fmt(Stats.median(v.values(6)) - Stats.median(base.values(6))), 7)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(7))), 8)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(4))), 6)
                    + Stats.lpad(Stats.fmt(Stats.median(v.values(5))), 6));
        }
        out.println();
        ColdStartVariant b = find(variants, "B");
        ColdStartVariant c = find(variants, "C");
        ColdStartVariant cmin = find(variants, "Cmin");
        ColdStartVariant d = find(variants, "D");
        ColdStartVariant dlean = find(variants, "Dlean");
        ColdStartVariant dbatch = find(variants, "Dbatch");
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
                out.println(
                        "B/Dbatch (the floor as the issue words it: batch processor) = " + Stats.fmt2(addB / addDbatch)
                                + "   goal <= 1.00: " + (addB <= addDbatch ? "MET" : "NOT MET")
                                + "   [paired: " + Stats.fmt2(pairedAdded(b, a, 0) / pairedAdded(dbatch, a, 0)) + "]");
            }
            if (c != null) {
                double addC = added(c, a);
                out.println("B/C  (added B / added C)    = " + Stats.fmt2(addB / addC) + " ("
                        + Stats.fmt2(100 * addB / addC) + "%)   goal <= 5%: "
                        + (addB <= 0.05 * addC ? "MET" : "NOT MET"));
            }
            if (cmin != null) {
                double addCmin = added(cmin, a);
                out.println("B/Cmin                      = " + Stats.fmt2(addB / addCmin) + " ("
                        + Stats.fmt2(100 * addB / addCmin) + "%)");
            }
            ColdStartVariant bref = find(variants, "Bref");
            if (bref != null) {
                out.println("B vs Bref (reference jar): added " + Stats.fmt(addB) + " vs " + Stats.fmt(added(bref, a))
                        + " ms; paired median (B - Bref) = " + Stats.fmt(pairedAdded(b, bref, 0)) + " ms wall, "
                        + Stats.fmt(pairedAdded(b, bref, 6)) + " ms cpu (median cpu "
                        + Stats.fmt(Stats.median(b.values(6)))
                        + " vs " + Stats.fmt(Stats.median(bref.values(6))) + "); classes loaded "
                        + Stats.fmt(Stats.median(b.values(7))) + " vs " + Stats.fmt(Stats.median(bref.values(7))));
            }
            ColdStartVariant bcds = find(variants, "B+cds");
            ColdStartVariant acds = find(variants, "A+cds");
            if (bcds != null) {
                out.println("CDS: B+cds added over A = " + Stats.fmt(added(bcds, a)) + " ms (B without CDS: "
                        + Stats.fmt(addB) + " ms)"
                        + (acds != null
                                ? "; B+cds over A+cds = " + Stats.fmt(added(bcds, acds)) + " ms; A+cds - A = "
                                        + Stats.fmt(added(acds, a)) + " ms"
                                : ""));
            }
        }
        reportRealWorkload(out, variants);
        reportInitialize(out, variants);
        if (!mismatches.isEmpty()) {
            out.println();
            out.println(
                    "COLLECTOR COUNTS WRONG in " + mismatches.size() + " run(s) (these runs measured something else):");
            for (String m : mismatches) {
                out.println("  " + m);
            }
        }
        out.println();
        out.println("Per-run values (jvm->ret/launch->ret/process/first-call/cpu/1st-req ms):");
        for (ColdStartVariant v : variants) {
            StringBuilder line = new StringBuilder(Stats.pad(v.name, 8));
            for (ColdStartRun r : v.runs) {
                line.append(' ')
                        .append((long) r.jvmToReturnMs)
                        .append('/')
                        .append((long) r.launchToReturnMs)
                        .append('/')
                        .append((long) r.processMs)
                        .append('/')
                        .append(Stats.fmt(r.firstCallMs))
                        .append('/')
                        .append((long) r.cpuMs)
                        .append('/')
                        .append(Stats.fmt(r.firstRequestMs));
            }
            out.println(line);
        }
        out.flush();
        return text.toString();
    }

    /** The realistic workload: Breal's added time over Areal against the floor's (Dreal), and against Brealref. */
    private static void reportRealWorkload(PrintWriter out, List<ColdStartVariant> variants) {
        ColdStartVariant areal = find(variants, "Areal");
        ColdStartVariant breal = find(variants, "Breal");
        ColdStartVariant dreal = find(variants, "Dreal");
        ColdStartVariant brealref = find(variants, "Brealref");
        if (areal == null || breal == null) {
            return;
        }
        out.println();
        double addB = added(breal, areal);
        out.println("Realistic workload, added over Areal (median - median, jvm->ret): Breal " + Stats.fmt(addB) + " ms"
                + addedText(" | Dreal ", dreal, areal) + addedText(" | Brealref ", brealref, areal));
        if (dreal != null) {
            double ratio = addB / added(dreal, areal);
            double paired = pairedAdded(breal, areal, 0) / pairedAdded(dreal, areal, 0);
            out.println("Breal/Dreal (the same work on an SDK built by hand) = " + Stats.fmt2(ratio)
                    + "   goal <= 1.10: " + (ratio <= 1.10 ? "MET" : "NOT MET") + "   [paired: " + Stats.fmt2(paired)
                    + "]"
                    + "   cpu: +" + Stats.fmt(Stats.median(breal.values(CPU)) - Stats.median(areal.values(CPU)))
                    + " vs +"
                    + Stats.fmt(Stats.median(dreal.values(CPU)) - Stats.median(areal.values(CPU))) + " ms");
        }
        if (brealref != null) {
            out.println("Breal vs Brealref (reference jar): paired median (Breal - Brealref) = "
                    + Stats.fmt(pairedAdded(breal, brealref, 0)) + " ms wall, "
                    + Stats.fmt(pairedAdded(breal, brealref, CPU))
                    + " ms cpu; first-request " + Stats.fmt(Stats.median(breal.values(FIRST_REQUEST))) + " vs "
                    + Stats.fmt(Stats.median(brealref.values(FIRST_REQUEST))) + " ms; classes loaded "
                    + Stats.fmt(Stats.median(breal.values(CLASSES))) + " vs "
                    + Stats.fmt(Stats.median(brealref.values(CLASSES))));
            if (dreal != null) {
                out.println(
                        "Brealref/Dreal = " + Stats.fmt2(added(brealref, areal) / added(dreal, areal)) + "   [paired: "
                                + Stats.fmt2(pairedAdded(brealref, areal, 0) / pairedAdded(dreal, areal, 0)) + "]");
            }
        }
    }

    /** The first request with and without an initialize hook. */
    private static void reportInitialize(PrintWriter out, List<ColdStartVariant> variants) {
        ColdStartVariant b = find(variants, "B");
        ColdStartVariant binit = find(variants, "Binit");
        if (binit == null) {
            return;
        }
        out.println();
        StringBuilder line = new StringBuilder("First request (median of the first handleRequest call alone): ");
        for (String name : new String[] {"A", "B", "Ainit", "Binit", "Binitref"}) {
            ColdStartVariant v = find(variants, name);
            if (v != null) {
                line.append(name)
                        .append(' ')
                        .append(Stats.fmt(Stats.median(v.values(FIRST_REQUEST))))
                        .append(" ms | ");
            }
        }
        line.append("Binit's initialize ")
                .append(Stats.fmt(Stats.median(binit.values(INIT))))
                .append(" ms");
        out.println(line);
        if (b != null) {
            out.println("B - Binit, first request: "
                    + Stats.fmt(Stats.median(b.values(FIRST_REQUEST)) - Stats.median(binit.values(FIRST_REQUEST)))
                    + " ms (paired: "
                    + Stats.fmt(pairedAdded(b, binit, FIRST_REQUEST)) + " ms); jvm->ret B "
                    + Stats.fmt(Stats.median(b.values(0)))
                    + " vs Binit " + Stats.fmt(Stats.median(binit.values(0)))
                    + " ms (Binit's includes its initialize)");
        }
        ColdStartVariant binitref = find(variants, "Binitref");
        if (binitref != null) {
            out.println("Binit vs Binitref (reference jar), first request: paired median (Binit - Binitref) = "
                    + Stats.fmt(pairedAdded(binit, binitref, FIRST_REQUEST)) + " ms");
        }
    }

    private static double added(ColdStartVariant x, ColdStartVariant base) {
        return Stats.median(x.values(0)) - Stats.median(base.values(0));
    }

    private static String addedText(String label, ColdStartVariant x, ColdStartVariant base) {
        return x == null ? "" : label + Stats.fmt(added(x, base)) + " ms";
    }
}
