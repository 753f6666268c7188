package dev.fctracing.annotations.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WeavingReportTest {

    private static final String HINT =
            "check that aspectj-maven-plugin lists tracing-aspects under aspectLibraries and runs its compile goal in"
                    + " every module that declares them (compiled by javac alone, the annotations do nothing)";

    private static SortedSet<String> set(String... names) {
        return new TreeSet<>(Arrays.asList(names));
    }

    private static WeavingReport report(
            SortedSet<String> traced,
            SortedSet<String> entries,
            SortedSet<String> noEntry,
            SortedSet<String> unchecked) {
        return new WeavingReport(traced, entries, noEntry, unchecked, 10, 3);
    }

    @Test
    void aCleanReportExplainsNothing() {
        WeavingReport clean = report(set(), set(), set(), set());

        assertThat(clean.isClean()).isTrue();
        assertThat(clean.explanation()).isEmpty();
        assertThat(clean.explanation(WeavingReport.RUNTIME_NAMES)).isEmpty();
        assertThat(clean).hasToString("WeavingReport{clean: 10 methods in 3 classes}");
    }

    @Test
    void oneUnwovenMethod() {
        WeavingReport report = report(set("a.B#c()"), set(), set(), set());

        assertThat(report.isClean()).isFalse();
        assertThat(report.explanation()).isEqualTo("1 @Traced method is not woven: a.B#c() \u2014 " + HINT);
        assertThat(WeavingReport.WEAVE_HINT).isEqualTo(HINT);
    }

    @Test
    void theRunTimeWarningNamesFiveAndCountsTheRest() {
        WeavingReport report = report(
                set("a.B#g()", "a.B#f()", "a.B#e()", "a.B#d()", "a.B#c()", "a.B#b()", "a.B#a(int)"),
                set(),
                set(),
                set());

        assertThat(report.explanation(WeavingReport.RUNTIME_NAMES))
                .isEqualTo("7 @Traced methods are not woven: a.B#a(int), a.B#b(), a.B#c(), a.B#d(), a.B#e() and 2 more"
                        + " \u2014 " + HINT);
        assertThat(report.explanation())
                .as("assertions name all")
                .startsWith("7 @Traced methods are not woven: a.B#a(int), a.B#b(), a.B#c(), a.B#d(), a.B#e(), a.B#f(),"
                        + " a.B#g() \u2014 ");
    }

    @Test
    void everyKindOfProblemIsNamedAtLeastOnceWithinTheBudget() {
        WeavingReport report = report(
                set("t.A#a()", "t.A#b()", "t.A#c()", "t.A#d()"),
                set("h.H#handleRequest(x)", "h.I#handleRequest(x)", "h.J#initialize(x)"),
                set("h.Sub"),
                set("gone.X (class not found)", "t.A#old() (no such @Traced method)"));

        assertThat(report.explanation(5))
                .isEqualTo(
                        "3 @FcHandler entry points are not woven: h.H#handleRequest(x), h.I#handleRequest(x) and 1 more; "
                                + "4 @Traced methods are not woven: t.A#a() and 3 more \u2014 " + HINT + "; "
                                + "1 @FcHandler class declares no FC entry point: h.Sub \u2014 "
                                + WeavingReport.INHERITANCE_HINT
                                + "; 2 indexed classes or methods could not be checked: gone.X (class not found) and 1 more"
                                + " \u2014 " + WeavingReport.STALE_HINT);
    }

    @Test
    void anUnwovenEntryPointAloneCarriesTheWeaveHint() {
        assertThat(report(set(), set("h.H#preStop(c)"), set(), set()).explanation())
                .isEqualTo("1 @FcHandler entry point is not woven: h.H#preStop(c) \u2014 " + HINT);
    }

    @Test
    void problemsThatAreNotAboutTheWeaveDoNotBlameThePlugin() {
        String explanation = report(set(), set(), set("h.A", "h.B"), set()).explanation();

        assertThat(explanation)
                .isEqualTo("2 @FcHandler classes declare no FC entry point: h.A, h.B \u2014 "
                        + WeavingReport.INHERITANCE_HINT)
                .doesNotContain("aspectLibraries");
    }
}
