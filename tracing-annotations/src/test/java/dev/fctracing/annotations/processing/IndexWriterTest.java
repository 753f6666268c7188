package dev.fctracing.annotations.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.annotations.weaving.WeavingIndex;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weaving index the processor writes into the class output. */
class IndexWriterTest {

    @TempDir
    Path tmp;

    static final Source NESTED = Source.of(
            "a.B",
            "package a;",
            "import com.aliyun.fc.runtime.*;",
            "import dev.fctracing.annotations.*;",
            "import java.util.*;",
            "public class B<T extends CharSequence> {",
            "  @Traced void zeta() {}",
            "  @Traced void alpha(T text, int count, long[][] grid, String... rest) {}",
            "  @Traced <X extends Number> void generic(X x, List<X>[] lists, Map.Entry<String, X> entry) {}",
            "  @Traced void grüßen(char c) {}",
            "  public static class C {",
            "    @Traced public void run(Map<String, Integer> m) {}",
            "    @Traced public void run(byte[] data, C next) {}",
            "  }",
            "  public interface Api {",
            "    @Traced default void call(Thread.State state) {}",
            "  }",
            "  @FcHandler",
            "  public static class Handler implements PojoRequestHandler<String, String> {",
            "    public String handleRequest(String in, Context c) { return in; }",
            "  }",
            "}");

    @Test
    void indexListsHandlersAndTracedMethodsWithBinaryNamesSorted() throws Exception {
        TestCompiler.Result result = TestCompiler.compile(tmp, NESTED);
        result.assertClean();

        List<String> expected = Arrays.asList(
                "H a.B$Handler",
                "T a.B alpha(java.lang.CharSequence,int,long[][],java.lang.String[])",
                "T a.B generic(java.lang.Number,java.util.List[],java.util.Map$Entry)",
                "T a.B grüßen(char)",
                "T a.B zeta()",
                "T a.B$Api call(java.lang.Thread$State)",
                "T a.B$C run(byte[],a.B$C)",
                "T a.B$C run(java.util.Map)");
        byte[] bytes = Files.readAllBytes(result.index());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(String.join("\n", expected) + "\n");
        List<String> sorted = new ArrayList<>(expected);
        Collections.sort(sorted);
        assertThat(expected).isEqualTo(sorted);
    }

    @Test
    void indexMatchesTheCompiledMethodsAsReflectionSeesThem() throws Exception {
        TestCompiler.Result result = TestCompiler.compile(tmp, NESTED);
        result.assertClean();

        URL[] path = {
            result.classes.toUri().toURL(),
            Paths.get(TestCompiler.annotationsClasspath()).toUri().toURL()
        };
        try (URLClassLoader loader = new URLClassLoader(path, null)) {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> traced =
                    (Class<? extends Annotation>) Class.forName("dev.fctracing.annotations.Traced", false, loader);
            Set<String> reflected = new TreeSet<>();
            for (String name : Arrays.asList("a.B", "a.B$C", "a.B$Api", "a.B$Handler")) {
                for (Method method : Class.forName(name, false, loader).getDeclaredMethods()) {
                    if (method.isAnnotationPresent(traced)) {
                        reflected.add(WeavingIndex.key(method));
                    }
                }
            }

            WeavingIndex index = WeavingIndex.load(loader);
            assertThat(reflected).hasSize(7);
            assertThat(index.tracedMethods()).isEqualTo(reflected);
            assertThat(index.handlerClasses()).containsExactly("a.B$Handler");
        }
    }

    @Test
    void nothingIsWrittenWithoutAnnotations() {
        Source plain = Source.of("a.Plain", "package a;", "public class Plain { void run() {} }");

        TestCompiler.Result result = TestCompiler.compile(tmp, plain);

        result.assertClean();
        assertThat(result.index()).doesNotExist();
        assertThat(result.classes.resolve("META-INF")).doesNotExist();
    }

    @Test
    void indexIsWrittenOnceWithWhatEveryRoundFound() {
        Source handler = Source.of(
                "a.H",
                "package a;",
                "@dev.fctracing.annotations.FcHandler",
                "public class H implements com.aliyun.fc.runtime.FunctionInitializer {",
                "  public void initialize(com.aliyun.fc.runtime.Context c) {}",
                "}");

        TestCompiler.Result result = TestCompiler.compileWith(
                tmp, Arrays.asList(new GeneratingProcessor(), new TracingAnnotationProcessor()), handler);

        result.assertClean();
        assertThat(result.indexLines()).containsExactly("H a.H", "T gen.Generated work(int)");
    }

    @Test
    void processorOnlyModeWritesTheIndexToo() {
        TestCompiler.Result result = TestCompiler.compile(
                tmp, new TracingAnnotationProcessor(), Collections.singletonList("-proc:only"), NESTED);

        result.assertClean();
        assertThat(result.indexLines()).hasSize(8).startsWith("H a.B$Handler");
        assertThat(result.classes.resolve("a/B.class")).doesNotExist();
    }

    /** In its first round, generates a class with a {@code @Traced} method, to be seen in the second round. */
    @SupportedAnnotationTypes("dev.fctracing.annotations.FcHandler")
    static final class GeneratingProcessor extends AbstractProcessor {
        private boolean generated;

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!generated && !annotations.isEmpty()) {
                generated = true;
                try {
                    JavaFileObject file = processingEnv.getFiler().createSourceFile("gen.Generated");
                    try (java.io.Writer out = file.openWriter()) {
                        out.write("package gen;\npublic class Generated {\n");
                        out.write("  @dev.fctracing.annotations.Traced(\"gen.work\") void work(int n) {}\n}\n");
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
