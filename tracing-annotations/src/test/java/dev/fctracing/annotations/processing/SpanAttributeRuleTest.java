package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.ERROR;
import static javax.tools.Diagnostic.Kind.WARNING;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanAttributeRuleTest {

    @TempDir
    Path tmp;

    private static Source orders(String... body) {
        String[] lines = new String[body.length + 5];
        lines[0] = "package com.x;";
        lines[1] = "import dev.fctracing.annotations.SpanAttribute;";
        lines[2] = "import dev.fctracing.annotations.Traced;";
        lines[3] = "public class Orders {";
        System.arraycopy(body, 0, lines, 4, body.length);
        lines[lines.length - 1] = "}";
        return Source.of("com.x.Orders", lines);
    }

    @Test
    void spanAttributeOnAMethodThatIsNotTracedIsAnError() {
        Source source = orders("  public void load(@SpanAttribute String id) {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@SpanAttribute on parameter id of com.x.Orders.load(String) has no effect: the method"
                                + " is not @Traced — add @Traced to the method or remove @SpanAttribute",
                        source,
                        source.line("load("));
    }

    @Test
    void aBlankAttributeNameIsAnError() {
        Source source = orders("  @Traced", "  public void load(", "      @SpanAttribute(\" \") String id) {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Orders.load(String): the @SpanAttribute name of parameter id is blank",
                        source,
                        source.line("@SpanAttribute(\" \")"));
    }

    @Test
    void aControlCharacterInAnAttributeNameIsAnError() {
        Source source =
                orders("  @Traced", "  public void load(", "      @SpanAttribute(\"order\\nid\") String id) {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "the @SpanAttribute name of parameter id contains a control character",
                        source,
                        source.line("@SpanAttribute(\"order"));
    }

    @Test
    void twoParametersRecordingTheSameKeyIsAWarning() {
        Source source = orders(
                "  @Traced", "  public void load(@SpanAttribute(\"id\") String orderId, @SpanAttribute String id) {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        WARNING,
                        "parameters orderId and id both record attribute 'id'; the last one wins",
                        source,
                        source.line("public void load("));
    }

    @Test
    void captureReturnOnAVoidMethodIsAWarning() {
        Source source = orders("  @Traced(captureReturn = true)", "  public void save() {}");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        WARNING,
                        "@Traced on com.x.Orders.save(): captureReturn is set but the method returns void",
                        source,
                        source.line("public void save()"));
    }

    @Test
    void wellNamedAttributesAndCapturedReturnsAreClean() {
        TestCompiler.compile(
                        tmp,
                        orders(
                                "  @Traced(captureReturn = true)",
                                "  public int load(@SpanAttribute(\"order.id\") String id, @SpanAttribute int count, long other) {",
                                "    return count;",
                                "  }"))
                .assertClean();
    }
}
