package dev.fctracing.annotations.processing;

import static javax.tools.Diagnostic.Kind.WARNING;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrivialAccessorRuleTest {

    @TempDir
    Path tmp;

    private static Source bean(String tracedMember) {
        return Source.of(
                "com.x.Bean",
                "package com.x;",
                "import dev.fctracing.annotations.Traced;",
                "public class Bean {",
                "  private String name; private boolean ready; private int count; static final int LIMIT = 3;",
                "  private final java.util.Map<String, String> cache = new java.util.HashMap<>();",
                "  @Traced " + tracedMember,
                "}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "public String toString() { return name + count + cache; } | com.x.Bean.toString()",
                "public int hashCode() { return java.util.Objects.hash(name, count); } | com.x.Bean.hashCode()",
                "public boolean equals(Object o) { return o instanceof Bean && ((Bean) o).count == count; }"
                        + " | com.x.Bean.equals(Object)",
            })
    void objectMethodsAreAWarningWhateverTheirBody(String member, String described) {
        Source source = bean(member);
        String name = described.substring("com.x.Bean.".length(), described.indexOf('('));

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        WARNING,
                        "@Traced on "
                                + described
                                + ": "
                                + name
                                + " is called implicitly and often (logging, string concatenation, hash collections), so a span"
                                + " here floods the trace; a span costs more than the work it measures — remove @Traced",
                        source,
                        source.line("@Traced "));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "public String getName() { return name; } | com.x.Bean.getName()",
                "public String getName() { return this.name; } | com.x.Bean.getName()",
                "public boolean isReady() { return !ready; } | com.x.Bean.isReady()",
                "public boolean isFull() { return (count >= LIMIT); } | com.x.Bean.isFull()",
                "public int getLimit() { return Bean.LIMIT; } | com.x.Bean.getLimit()",
                "public void setName(String name) { this.name = name; } | com.x.Bean.setName(String)",
                "public void setCount(int c) { count = c; } | com.x.Bean.setCount(int)",
                "public static String getDefault() { return \"none\"; } | com.x.Bean.getDefault()",
            })
    void singleStatementGettersAndSettersAreAWarning(String member, String described) {
        Source source = bean(member);
        String name = described.substring("com.x.Bean.".length(), described.indexOf('('));

        TestCompiler.compile(tmp, source)
                .assertOnly(
                        WARNING,
                        "@Traced on "
                                + described
                                + ": "
                                + name
                                + " is a trivial accessor (a single statement that only reads or writes a field); a span costs"
                                + " more than the work it measures — remove @Traced",
                        source,
                        source.line("@Traced "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "public String getName() { return cache.computeIfAbsent(name, k -> k.trim()); }",
                "public String getName() { String n = name.trim(); return n; }",
                "public void setName(String name) { this.name = name.trim(); }",
                "public java.util.List<String> getKeys() { return new java.util.ArrayList<>(cache.keySet()); }",
                "public boolean equals(Bean other) { return other.count == count; }",
                "public String toString(int indent) { return name; }",
                "public String getaway() { return name; }",
                "public String get() { return name; }",
                "public String getName(String prefix) { return prefix + name; }",
                "public void isReady() { ready = true; }",
                "public String setName(String name) { return this.name = name; }",
            })
    void methodsThatDoWorkOrAreNoAccessorsAreFine(String member) {
        TestCompiler.compile(tmp, bean(member)).assertClean();
    }

    @Test
    void withoutTheTreeApiTheNamingAndArityRuleAloneApplies() {
        Source source = bean("public String getName() { return cache.computeIfAbsent(name, k -> k.trim()); }");

        TestCompiler.compile(tmp, new TracingAnnotationProcessor(false), source)
                .assertOnly(
                        WARNING,
                        "@Traced on com.x.Bean.getName(): getName is named and shaped like a getter or setter; a span costs"
                                + " more than the work it measures — remove @Traced",
                        source,
                        source.line("@Traced "));
    }

    @Test
    void warningIsSuppressible() {
        TestCompiler.compile(tmp, bean("@SuppressWarnings(\"fc-tracing\") public String getName() { return name; }"))
                .assertClean();
    }
}
