package dev.fctracing.internal.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.weaving.WeavingReport;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-time cost of the self-check on an index of 200 {@code @Traced} methods in 20 woven classes plus a
 * handler, with none of those classes loaded yet (the check loads them, without initialising them). Printed for
 * the record; the bound only catches a gross regression.
 */
class WeavingSelfCheckCostTest {

    static final int CLASSES = 20;
    static final int METHODS_PER_CLASS = 10;

    @TempDir
    Path tmp;

    /** 20 classes of 10 {@code @Traced} methods each, with a few overloads, and an {@code @FcHandler}. */
    static List<Path> generate(Path src) {
        List<Path> sources = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            StringBuilder text = new StringBuilder("package cost;\nimport dev.fctracing.annotations.Traced;\n")
                    .append("public class Service")
                    .append(c)
                    .append(" {\n");
            for (int m = 0; m < METHODS_PER_CLASS; m++) {
                // Every other method overloads the previous name with an extra parameter.
                String name = "op" + (m / 2);
                String parameters = m % 2 == 0 ? "String in" : "String in, int times";
                text.append("  @Traced public String ")
                        .append(name)
                        .append('(')
                        .append(parameters)
                        .append(") { return in + ")
                        .append(m)
                        .append("; }\n");
            }
            text.append("}\n");
            sources.add(DemoBuild.writeSource(src, "cost.Service" + c, text.toString()));
        }
        sources.add(DemoBuild.writeSource(
                src,
                "cost.Handler",
                "package cost;\n"
                        + "import com.aliyun.fc.runtime.*;\n"
                        + "@dev.fctracing.annotations.FcHandler\n"
                        + "public class Handler implements PojoRequestHandler<String, String> {\n"
                        + "  public String handleRequest(String in, Context context) { return new Service0().op0(in); }\n"
                        + "}\n"));
        return sources;
    }

    @Test
    void twoHundredWovenMethodsAreCheckedOnceInLittleTime() throws Exception {
        Path out = tmp.resolve("classes");
        DemoBuild.wovenBuild(out, generate(tmp.resolve("src")));

        try (URLClassLoader cold = DemoBuild.loader(out);
                URLClassLoader warm = DemoBuild.loader(out)) {
            long start = System.nanoTime();
            WeavingReport report = WeavingSelfCheck.run(cold);
            long coldNanos = System.nanoTime() - start;
            WeavingSelfCheck.run(warm);
            start = System.nanoTime();
            WeavingSelfCheck.run(warm);
            long warmNanos = System.nanoTime() - start;

            assertThat(report.isClean()).as("%s", report).isTrue();
            assertThat(report.checkedMethods())
                    .as("@Traced methods, the entry point, the two added lifecycle hooks")
                    .isEqualTo(CLASSES * METHODS_PER_CLASS + 3);
            assertThat(report.checkedClasses()).isEqualTo(CLASSES + 1);
            System.out.printf(
                    "weaving self-check, %d methods in %d classes: %.1f ms loading them, %.1f ms once loaded%n",
                    report.checkedMethods(), report.checkedClasses(), coldNanos / 1e6, warmNanos / 1e6);
            assertThat(coldNanos / 1_000_000).as("ms").isLessThan(2_000);
        }
    }
}
