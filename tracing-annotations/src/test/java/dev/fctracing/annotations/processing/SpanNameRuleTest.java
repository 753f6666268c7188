package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpanNameRuleTest {

    @TempDir
    Path tmp;

    /** A class with one {@code @Traced(<literal>)} method; the literal is Java source, escapes and all. */
    private static Source tracedWith(String literal) {
        return Source.of(
                "com.x.Names",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public class Names {",
                "  @Traced(kind = Traced.Kind.CLIENT,",
                "      value = " + literal + ")",
                "  public void call() {}",
                "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\" \"", "\"\\t\"", "\"  \\n \"", "\"\\u00a0\""})
    void blankNameIsAnError(String literal) {
        Source source = tracedWith(literal);

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Names.call(): the span name is blank; leave the value out to get the default name"
                                + " (Names.call) or give a meaningful name",
                        source,
                        source.line("value = "));
    }

    @Test
    void controlCharacterIsAnError() {
        Source source = tracedWith("\"orders\\u0001load\"");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Names.call(): the span name contains the control character U+0001 at index 6;"
                                + " span names must be printable text — remove it",
                        source,
                        source.line("value = "));
    }

    @Test
    void tabInsideANameIsAControlCharacter() {
        Source source = tracedWith("\"orders\\tload\"");

        TestCompiler.compile(tmp, source)
                .assertOnly(ERROR, "control character U+0009 at index 6", source, source.line("value = "));
    }

    @Test
    void nameLongerThan256CharactersIsAnError() {
        Source source = tracedWith("\"" + String.join("", Collections.nCopies(257, "x")) + "\"");

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        ERROR,
                        "@Traced on com.x.Names.call(): the span name is 257 characters long, over the limit of 256; use a"
                                + " short, low-cardinality name and put the details in span attributes",
                        source,
                        source.line("value = "));
    }

    @Test
    void nameOfExactly256CharactersIsFine() {
        TestCompiler.compile(tmp, tracedWith("\"" + String.join("", Collections.nCopies(256, "x")) + "\""))
                .assertClean();
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        // 200 emoji: 400 UTF-16 units, 200 characters.
        TestCompiler.compile(tmp, tracedWith("\"" + String.join("", Collections.nCopies(200, "\\uD83D\\uDE80")) + "\""))
                .assertClean();
    }

    @Test
    void longNameWithControlCharacterGetsBothErrors() {
        Source source = tracedWith("\"\\u0007" + String.join("", Collections.nCopies(300, "y")) + "\"");

        TestCompiler.Result result = TestCompiler.compile(tmp, source);

        assertThat(result.reported()).as(result.describe()).hasSize(2);
        TestCompiler.assertDiagnostic(
                result.reported().get(0),
                ERROR,
                "control character U+0007 at index 0",
                source,
                source.line("value = "));
        TestCompiler.assertDiagnostic(
                result.reported().get(1),
                ERROR,
                "the span name is 301 characters long",
                source,
                source.line("value = "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"orders.load\"", "\" padded \"", "\"GET /orders/{id}\"", "\"订单.加载\""})
    void ordinaryNamesAndTheDefaultAreFine(String literal) {
        TestCompiler.compile(tmp, tracedWith(literal)).assertClean();
    }

    @Test
    void constantExpressionsAreCheckedByValue() {
        Source source = Source.of(
                "com.x.Constants",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public class Constants {",
                "  static final String SPACE = \" \";",
                "  @Traced(SPACE + SPACE)",
                "  public void call() {}",
                "}");

        TestCompiler.compile(tmp, source)
                .assertOnly(ERROR, "the span name is blank", source, source.line("@Traced(SPACE"));
    }
}
