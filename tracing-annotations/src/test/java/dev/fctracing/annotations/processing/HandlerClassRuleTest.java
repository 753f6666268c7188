package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.ERROR;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerClassRuleTest {

    @TempDir
    Path tmp;

    @Test
    void classWithoutEntryInterfaceIsAnError() {
        Source source = Source.of(
                "com.x.Foo",
                "package com.x;",
                "import dev.fctracing.annotations.FcHandler;",
                "@FcHandler",
                "public class Foo implements Runnable {",
                "  public void run() {}",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.Foo: Foo implements no Function Compute entry interface (StreamRequestHandler,"
                                + " PojoRequestHandler, HttpRequestHandler, FunctionInitializer, PreFreezeHandler, PreStopHandler);"
                                + " put @FcHandler on the class that FC invokes",
                        source,
                        source.line("public class Foo"));
    }

    @Test
    void lifecycleHooksAloneAreAnEntryInterface() {
        // FC calls preStop/preFreeze on the class configured as the lifecycle handler: the entry aspect wraps them, the
        // weaving detector checks them, so the processor accepts such a class too (one table: FcEntryPoint).
        Source source = Source.of(
                "com.x.Hooks",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@dev.fctracing.annotations.FcHandler",
                "public class Hooks implements PreStopHandler, PreFreezeHandler {",
                "  public void preStop(Context context) {}",
                "  public void preFreeze(Context context) {}",
                "}");

        TestCompiler.compile(tmp, source).assertClean();
    }

    @Test
    void interfaceIsAnError() {
        Source source = Source.of(
                "com.x.Api",
                "package com.x;",
                "@dev.fctracing.annotations.FcHandler",
                "public interface Api extends com.aliyun.fc.runtime.StreamRequestHandler {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.Api: Api is an interface, and FC invokes a concrete class; remove @FcHandler"
                                + " here and put it on the implementing class that FC invokes",
                        source,
                        source.line("public interface Api"));
    }

    @Test
    void enumIsAnError() {
        Source source = Source.of(
                "com.x.Mode",
                "package com.x;",
                "@dev.fctracing.annotations.FcHandler",
                "public enum Mode implements com.aliyun.fc.runtime.FunctionInitializer {",
                "  ON;",
                "  public void initialize(com.aliyun.fc.runtime.Context context) {}",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.Mode: Mode is an enum, which FC cannot instantiate; put @FcHandler on a concrete"
                                + " class that implements StreamRequestHandler, PojoRequestHandler, HttpRequestHandler,"
                                + " FunctionInitializer",
                        source,
                        source.line("public enum Mode"));
    }

    @Test
    void abstractClassIsAnError() {
        Source source = Source.of(
                "com.x.Base",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "@dev.fctracing.annotations.FcHandler",
                "public abstract class Base implements PojoRequestHandler<String, String> {",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.Base: Base is abstract, which FC cannot instantiate, and @FcHandler is not"
                                + " inherited; put @FcHandler on the concrete subclass that FC invokes",
                        source,
                        source.line("public abstract class Base"));
    }

    @Test
    void annotationTypeIsAnError() {
        Source source = Source.of(
                "com.x.MyHandler",
                "package com.x;",
                "@dev.fctracing.annotations.FcHandler",
                "public @interface MyHandler {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.MyHandler: MyHandler is an annotation type, and @FcHandler does not work as a"
                                + " meta-annotation; put @FcHandler directly on the class that FC invokes",
                        source,
                        source.line("public @interface MyHandler"));
    }

    @Test
    void nestedClassIsNamedCanonicallyInTheMessage() {
        Source source = Source.of(
                "com.x.Outer",
                "package com.x;",
                "public class Outer {",
                "  @dev.fctracing.annotations.FcHandler",
                "  public static class Inner {}",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@FcHandler on com.x.Outer.Inner: Inner implements no Function Compute entry interface",
                        source,
                        source.line("public static class Inner"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "implements StreamRequestHandler { public void handleRequest(java.io.InputStream i,"
                        + " java.io.OutputStream o, Context c) {} }",
                "implements PojoRequestHandler<String, Integer> { public Integer handleRequest(String s, Context c) {"
                        + " return 1; } }",
                "implements HttpRequestHandler { public void handleRequest(javax.servlet.http.HttpServletRequest q,"
                        + " javax.servlet.http.HttpServletResponse r, Context c) {} }",
                "implements FunctionInitializer { public void initialize(Context c) {} }",
                "extends com.x.BaseHandler {}",
                "implements com.x.MyEntry { public void initialize(Context c) {} }",
            })
    void concreteClassImplementingAnEntryInterfaceDirectlyOrIndirectlyIsFine(String rest) {
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
                "@dev.fctracing.annotations.FcHandler",
                "public final class Handler " + rest);

        TestCompiler.compile(tmp, base, entry, handler).assertClean();
    }

    @Test
    void unresolvedSupertypeLeavesTheErrorToJavac() {
        Source source = Source.of(
                "com.x.Handler",
                "package com.x;",
                "@dev.fctracing.annotations.FcHandler",
                "public class Handler implements com.aliyun.fc.runtime.MissingHandler {}");

        TestCompiler.Result result = TestCompiler.compile(tmp, source);

        org.assertj.core.api.Assertions.assertThat(result.reported())
                .as(result.describe())
                .noneMatch(d -> d.getMessage(java.util.Locale.ROOT).contains("@FcHandler"));
        org.assertj.core.api.Assertions.assertThat(result.success).isFalse();
    }
}
