package dev.fctracing.annotations.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeavingCheckTest {

    private static final String IMPORTS =
            "import dev.fctracing.annotations.*; import dev.fctracing.internal.aspect.*; import com.aliyun.fc.runtime.*;\n";

    private static final String HANDLER = "package c;\n" + IMPORTS
            + "@FcHandler public class Handler implements PojoRequestHandler<String, String> {\n"
            + "  public String handleRequest(String s, Context c) { return s; }\n"
            + "  private static final String handleRequest_aroundBody0(Handler h, String s, Context c) { return s; }\n"
            + "  private static final Object handleRequest_aroundBody1$advice(Handler h, String s, Context c,"
            + " FcHandlerAspect a, Context bound, Object closure, Object tjp) { return null; }\n"
            + "  @Traced void woven() {}\n"
            + "  private static final void woven_aroundBody2(Handler h) {}\n"
            + "  private static final Object woven_aroundBody3$advice(Handler h, TracedAspect a, Object closure,"
            + " Object tjp) { return null; }\n"
            + "  @Traced void unwoven(int[] a, String... b) {}\n"
            + "  public static class Member { @Traced void x() {} class Deeper { @Traced void y() {} } }\n"
            + "}\n";

    /** Unwoven, and fails when initialised: the checks must only load it. */
    private static final String EXPLODES = "package c;\n" + IMPORTS
            + "public class Explodes {\n"
            + "  static { if (true) throw new IllegalStateException(\"initialised\"); }\n"
            + "  @Traced void run() {}\n"
            + "}\n";

    /** A method signature mentions c.Gone, whose class file is deleted after compiling. */
    private static final String BROKEN =
            "package c;\n" + IMPORTS + "public class Broken { @Traced void run(Gone gone) {} }\n";

    private static final String GONE = "package c; public class Gone {}\n";

    private static final String INHERITS =
            "package c;\n" + IMPORTS + "@FcHandler public class Inherits extends Handler {}\n";

    private static final String INDEX = "H c.Handler\n"
            + "H c.Inherits\n"
            + "T c.Handler woven()\n"
            + "T c.Handler unwoven(int[],java.lang.String[])\n"
            + "T c.Handler removed()\n"
            + "T c.Handler$Member x()\n"
            + "T c.Explodes run()\n"
            + "T c.Broken run(c.Gone)\n"
            + "T gone.Missing run()\n";

    @TempDir
    static Path tmp;

    private static Path classes;
    private static URLClassLoader loader;

    @BeforeAll
    static void compile() throws Exception {
        classes = Mimics.compile(
                tmp.resolve("classes"),
                "c.Handler",
                HANDLER,
                "c.Explodes",
                EXPLODES,
                "c.Broken",
                BROKEN,
                "c.Gone",
                GONE,
                "c.Inherits",
                INHERITS);
        Files.delete(classes.resolve("c/Gone.class"));
        Path index = classes.resolve(WeavingIndex.RESOURCE);
        Files.createDirectories(index.getParent());
        Files.write(index, INDEX.getBytes(StandardCharsets.UTF_8));
        loader = Mimics.loader(classes);
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    /** The index of the mimics' directory alone, not the test class path's. */
    private static WeavingIndex index() throws Exception {
        try (URLClassLoader indexOnly =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            return WeavingIndex.load(indexOnly);
        }
    }

    @Test
    void theIndexIsComparedWithTheClassesAndWhatCannotBeCheckedIsReported() throws Exception {
        WeavingReport report = WeavingCheck.ofIndex(index(), loader);

        assertThat(report.unwovenTracedMethods())
                .containsExactly(
                        "c.Explodes#run()", "c.Handler#unwoven(int[],java.lang.String[])", "c.Handler$Member#x()");
        assertThat(report.unwovenEntryPoints()).isEmpty();
        assertThat(report.handlersWithoutEntryPoints()).containsExactly("c.Inherits");
        assertThat(report.unchecked())
                .containsExactly(
                        "c.Broken (NoClassDefFoundError: c/Gone)",
                        "c.Handler#removed() (no such @Traced method)",
                        "gone.Missing (class not found)");
        assertThat(report.checkedClasses()).isEqualTo(4);
        assertThat(report.checkedMethods()).as("1 entry point, 4 @Traced").isEqualTo(5);
    }

    @Test
    void noClassIsInitialised() throws Exception {
        WeavingCheck.ofIndex(index(), loader);
        WeavingCheck.ofClasses(Class.forName("c.Explodes", false, loader));

        // Initialising it now throws: it had not been initialised before.
        Throwable initialisation = null;
        try {
            Class.forName("c.Explodes", true, loader);
        } catch (ExceptionInInitializerError e) {
            initialisation = e;
        }
        assertThat(initialisation).isNotNull();
    }

    @Test
    void givenClassesAreCheckedWithTheirMemberClassesAndNoIndex() throws Exception {
        WeavingReport report = WeavingCheck.ofClasses(Class.forName("c.Handler", false, loader));

        assertThat(report.unwovenTracedMethods())
                .containsExactly(
                        "c.Handler#unwoven(int[],java.lang.String[])",
                        "c.Handler$Member#x()",
                        "c.Handler$Member$Deeper#y()");
        assertThat(report.unwovenEntryPoints()).isEmpty();
        assertThat(report.checkedClasses()).isEqualTo(3);
        assertThat(report.checkedMethods()).isEqualTo(5);
    }

    @Test
    void aClassWhoseMethodsDoNotResolveIsReportedNotThrown() throws Exception {
        WeavingReport report = WeavingCheck.ofClasses(Class.forName("c.Broken", false, loader));

        assertThat(report.unchecked()).containsExactly("c.Broken (NoClassDefFoundError: c/Gone)");
        assertThat(report.isClean()).isFalse();
    }

    @Test
    void anEmptyIndexIsClean() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            WeavingReport report = WeavingCheck.ofIndex(WeavingIndex.load(empty), empty);

            assertThat(report.isClean()).isTrue();
            assertThat(report.checkedMethods()).isZero();
        }
    }
}
