package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.WARNING;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NestedHandlerSpanRuleTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "StreamRequestHandler | |"
                        + " void handleRequest(java.io.InputStream in, java.io.OutputStream out, Context c) {}"
                        + " | com.x.Handler.handleRequest(InputStream, OutputStream, Context)",
                "PojoRequestHandler<String, String> | | String handleRequest(String in, Context c) { return in; }"
                        + " | com.x.Handler.handleRequest(String, Context)",
                "HttpRequestHandler | | void handleRequest(javax.servlet.http.HttpServletRequest req,"
                        + " javax.servlet.http.HttpServletResponse resp, Context c) {}"
                        + " | com.x.Handler.handleRequest(HttpServletRequest, HttpServletResponse, Context)",
                "FunctionInitializer | | void initialize(Context c) {} | com.x.Handler.initialize(Context)",
                "FunctionInitializer, PreFreezeHandler | public void initialize(Context c) {}"
                        + " | void preFreeze(Context c) {} | com.x.Handler.preFreeze(Context)",
                "FunctionInitializer, PreStopHandler | public void initialize(Context c) {}"
                        + " | void preStop(Context c) {} | com.x.Handler.preStop(Context)",
            })
    void tracedEntryPointOfAHandlerClassIsAWarning(
            String interfaces, String otherMethods, String tracedMethod, String described) {
        Source source = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "import dev.fctracing.annotations.*;",
                "@FcHandler",
                "public class Handler implements " + interfaces + " {",
                "  " + (otherMethods == null ? "" : otherMethods),
                "  @Traced",
                "  public " + tracedMethod,
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        WARNING,
                        "@Traced on "
                                + described
                                + ": this FC entry point of an @FcHandler class is already traced as the handler span; @Traced"
                                + " here makes a second, nested span — remove @Traced",
                        source,
                        source.line("  public " + tracedMethod));
    }

    @Test
    void sameMethodWithoutFcHandlerIsNoNestedSpan() {
        // Without @FcHandler there is no handler span to nest in; what is missing is @FcHandler itself.
        Source source = Source.of(
                "com.x.Plain",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "public class Plain implements PojoRequestHandler<String, String> {",
                "  @dev.fctracing.annotations.Traced",
                "  public String handleRequest(String in, Context c) { return in; }",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(WARNING, "@FcHandler missing on com.x.Plain", source, source.line("public class Plain"));
    }

    @Test
    void overloadsThatAreNoEntryPointsAreFine() {
        Source source = Source.of(
                "com.x.Handler",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "import dev.fctracing.annotations.*;",
                "@FcHandler",
                "public class Handler implements PojoRequestHandler<String, String> {",
                "  public String handleRequest(String in, Context c) { return handleRequest(in); }",
                "  @Traced String handleRequest(String in) { return in.trim() + in.length(); }",
                "  @Traced void initialize(String config) { config.trim(); }",
                "  @Traced void preStop(Context c, int code) { c.getRequestId(); }",
                "}");

        TestCompiler.compile(tmp, source).assertClean();
    }

    @Test
    void warningIsSuppressibleOnTheMethodOrTheClass() {
        Source onMethod = Source.of(
                "com.x.A",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "import dev.fctracing.annotations.*;",
                "@FcHandler",
                "public class A implements FunctionInitializer {",
                "  @SuppressWarnings(\"fc-tracing\") @Traced public void initialize(Context c) {}",
                "}");
        Source onClass = Source.of(
                "com.x.B",
                "package com.x;",
                "import com.aliyun.fc.runtime.*;",
                "import dev.fctracing.annotations.*;",
                "@FcHandler @SuppressWarnings({\"unchecked\", \"fc-tracing\"})",
                "public class B implements FunctionInitializer {",
                "  @Traced public void initialize(Context c) {}",
                "}");

        TestCompiler.compile(tmp, onMethod, onClass).assertClean();
    }
}
