package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MissingFcHandlerRuleTest {

    @TempDir
    Path tmp;

    /** A class with a {@code @Traced} method and nothing else: the compilation "has {@code @Traced} methods". */
    static final Source SERVICE = Source.of(
            "com.x.Service",
            "package com.x;",
            "public class Service {",
            "  @dev.fctracing.annotations.Traced",
            "  public String load(String id) { return id.trim() + id.length(); }",
            "}");

    static String message(String className, String simpleName, String iface) {
        return "@FcHandler missing on " + className + ": " + simpleName + " implements " + iface
                + ", so FC may invoke it,"
                + " but without @FcHandler its invocations are not traced and the @Traced methods they call record no spans"
                + " — add @FcHandler to the class (or @SuppressWarnings(\"fc-tracing\") if FC never invokes it)";
    }

    @Test
    void handlerWithoutFcHandlerInACompilationWithTracedMethodsIsAWarning() {
        Source handler = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Handler implements PojoRequestHandler<String, String> {",
                "  public String handleRequest(String in, Context c) { return new Service().load(in); }",
                "}");

        TestCompiler.compile(tmp, handler, SERVICE)
                .assertOnly(
                        WARNING,
                        message("com.x.Handler", "Handler", "PojoRequestHandler"),
                        handler,
                        handler.line("public class Handler"));
    }

    @Test
    void tracedMethodInTheHandlerItselfCountsToo() {
        Source handler = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "import dev.fctracing.annotations.Traced;",
                "public class Handler implements StreamRequestHandler {",
                "  public void handleRequest(java.io.InputStream i, java.io.OutputStream o, Context c) { work(c); }",
                "  @Traced void work(Context c) { c.getRequestId(); }",
                "}");

        TestCompiler.compile(tmp, handler)
                .assertOnly(
                        WARNING,
                        message("com.x.Handler", "Handler", "StreamRequestHandler"),
                        handler,
                        handler.line("public class Handler"));
    }

    @Test
    void withoutTracedMethodsThereIsNoWarning() {
        // An @FcHandler class makes the processor run; no @Traced method anywhere: nothing records spans either way.
        Source plain = Source.of(
                "com.x.Plain",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Plain implements PojoRequestHandler<String, String> {",
                "  public String handleRequest(String in, Context c) { return in; }",
                "}");
        Source traced = Source.of(
                "com.x.Traced",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@dev.fctracing.annotations.FcHandler",
                "public class Traced implements PojoRequestHandler<String, String> {",
                "  public String handleRequest(String in, Context c) { return in; }",
                "}");

        TestCompiler.compile(tmp, plain, traced).assertClean();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "implements StreamRequestHandler { public void handleRequest(java.io.InputStream i,"
                        + " java.io.OutputStream o, Context c) {} } | StreamRequestHandler",
                "implements PojoRequestHandler<String, Integer> { public Integer handleRequest(String s, Context c) {"
                        + " return 1; } } | PojoRequestHandler",
                "implements HttpRequestHandler { public void handleRequest(javax.servlet.http.HttpServletRequest q,"
                        + " javax.servlet.http.HttpServletResponse r, Context c) {} } | HttpRequestHandler",
                "implements FunctionInitializer { public void initialize(Context c) {} } | FunctionInitializer",
                "implements PreStopHandler, FunctionInitializer { public void initialize(Context c) {}"
                        + " public void preStop(Context c) {} } | FunctionInitializer",
                "extends com.x.BaseHandler {} | StreamRequestHandler",
                "implements com.x.MyEntry { public void initialize(Context c) {} } | FunctionInitializer",
            })
    void everyInvokedInterfaceDirectlyOrIndirectlyIsNamed(String rest, String named) {
        Source base = Source.of(
                "com.x.BaseHandler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public abstract class BaseHandler implements StreamRequestHandler {",
                "  public void handleRequest(java.io.InputStream i, java.io.OutputStream o, Context c) {}",
                "}");
        Source entry = Source.of(
                "com.x.MyEntry",
                "package com.x;",
                "public interface MyEntry extends com.aliyun.fc.runtime.FunctionInitializer {}");
        Source handler = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public final class Handler " + rest);

        TestCompiler.compile(tmp, base, entry, handler, SERVICE)
                .assertOnly(
                        WARNING,
                        message("com.x.Handler", "Handler", named),
                        handler,
                        handler.line("public final class"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // the lifecycle hooks alone: FC calls them between invocations, on the class the configuration names
                "public class C implements PreStopHandler, PreFreezeHandler {"
                        + " public void preStop(Context c) {} public void preFreeze(Context c) {} }",
                // what FC cannot instantiate: the concrete subclass is judged
                "public abstract class C implements StreamRequestHandler {}",
                "public interface C extends PojoRequestHandler<String, String> {}",
                "class C implements FunctionInitializer { public void initialize(Context c) {} }",
                "public class C implements FunctionInitializer { public C(String config) {}"
                        + " public void initialize(Context c) {} }",
                "public class C implements FunctionInitializer { private C() {} public void initialize(Context c) {} }",
                "public class C { public class Inner implements FunctionInitializer { public void initialize(Context c) {} } }",
                "public enum C implements FunctionInitializer { ON; public void initialize(Context c) {} }",
                // no FC interface at all
                "public class C implements Runnable { public void run() {} }",
                // a supertype that does not resolve: javac reports it, the rule stays quiet
                "public class C implements com.aliyun.fc.runtime.MissingHandler {}",
            })
    void classesFcDoesNotInvokeAreNotWarnedAbout(String declaration) {
        Source source = Source.of("com.x.C", "package com.x;", "import com.aliyun.fc.runtime.*;", declaration);

        TestCompiler.Result result = TestCompiler.compile(tmp, source, SERVICE);

        assertThat(result.reported())
                .as(result.describe())
                .noneMatch(d -> d.getMessage(java.util.Locale.ROOT).contains("@FcHandler missing"));
    }

    @Test
    void publicStaticMemberClassIsWarnedAboutByItsCanonicalName() {
        Source outer = Source.of(
                "com.x.Outer",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Outer {",
                "  public static class Inner implements FunctionInitializer {",
                "    public void initialize(Context c) {}",
                "  }",
                "}");

        TestCompiler.compile(tmp, outer, SERVICE)
                .assertOnly(
                        WARNING,
                        message("com.x.Outer.Inner", "Inner", "FunctionInitializer"),
                        outer,
                        outer.line("public static class Inner"));
    }

    @Test
    void warningIsSuppressibleOnTheClassOrAnEnclosingClass() {
        Source onClass = Source.of(
                "com.x.A",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@SuppressWarnings({\"unchecked\", \"fc-tracing\"})",
                "public class A implements FunctionInitializer { public void initialize(Context c) {} }");
        Source onOuter = Source.of(
                "com.x.B",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@SuppressWarnings(\"fc-tracing\")",
                "public class B {",
                "  public static class Inner implements FunctionInitializer { public void initialize(Context c) {} }",
                "}");

        TestCompiler.compile(tmp, onClass, onOuter, SERVICE).assertClean();
    }

    @Test
    void handlerFromAnEarlierRoundIsWarnedAboutOnceTracedMethodsArrive() {
        // Round 1: the handler and an @FcHandler class (so that the processor runs); round 2: a generated class with
        // the first @Traced method. The warning still points at the handler's source line.
        Source handler = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Handler implements FunctionInitializer { public void initialize(Context c) {} }");
        Source annotated = Source.of(
                "com.x.Annotated",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@dev.fctracing.annotations.FcHandler",
                "public class Annotated implements FunctionInitializer { public void initialize(Context c) {} }");
        Generator generator = new Generator(
                "com.x.Generated",
                "package com.x;\n"
                        + "public class Generated {\n"
                        + "  @dev.fctracing.annotations.Traced public String load(String id) { return id.trim() + id; }\n"
                        + "}\n");

        TestCompiler.compileWith(tmp, Arrays.asList(generator, new TracingAnnotationProcessor()), handler, annotated)
                .assertOnly(
                        WARNING,
                        message("com.x.Handler", "Handler", "FunctionInitializer"),
                        handler,
                        handler.line("public class Handler"));
    }

    @Test
    void handlerFromALaterRoundIsWarnedAboutToo() {
        Generator generator = new Generator(
                "com.x.GeneratedHandler",
                "package com.x;\n"
                        + "public class GeneratedHandler implements com.aliyun.fc.runtime.FunctionInitializer {\n"
                        + "  public void initialize(com.aliyun.fc.runtime.Context c) {}\n"
                        + "}\n");

        TestCompiler.Result result =
                TestCompiler.compileWith(tmp, Arrays.asList(generator, new TracingAnnotationProcessor()), SERVICE);

        assertThat(result.reported()).as(result.describe()).hasSize(1);
        assertThat(result.reported().get(0).getKind()).isEqualTo(WARNING);
        assertThat(result.reported().get(0).getMessage(java.util.Locale.ROOT))
                .isEqualTo(message("com.x.GeneratedHandler", "GeneratedHandler", "FunctionInitializer"));
    }

    @Test
    void eachClassIsWarnedAboutOnce() {
        Source handler = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Handler implements FunctionInitializer { public void initialize(Context c) {} }");
        Generator generator = new Generator(
                "com.x.Generated",
                "package com.x;\n"
                        + "public class Generated {\n"
                        + "  @dev.fctracing.annotations.Traced public String load(String id) { return id.trim() + id; }\n"
                        + "}\n");

        // @Traced in round 1 (SERVICE) and again in round 2 (Generated): the handler is reported in round 1 only.
        TestCompiler.compileWith(tmp, Arrays.asList(generator, new TracingAnnotationProcessor()), handler, SERVICE)
                .assertOnly(
                        WARNING,
                        message("com.x.Handler", "Handler", "FunctionInitializer"),
                        handler,
                        handler.line("public class Handler"));
    }

    /** Another processor that generates one source file in the first round, as code generators do. */
    static final class Generator extends AbstractProcessor {
        private final String className;
        private final String text;
        private boolean done;

        Generator(String className, String text) {
            this.className = className;
            this.text = text;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Collections.singleton("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer out =
                        processingEnv.getFiler().createSourceFile(className).openWriter()) {
                    out.write(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
