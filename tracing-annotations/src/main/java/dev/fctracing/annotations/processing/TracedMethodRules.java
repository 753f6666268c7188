package dev.fctracing.annotations.processing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/** The rules run on every {@code @Traced} method, and the suppression of their warnings. */
final class TracedMethodRules {

    /**
     * Run in this order; errors first. Append new rules here.
     */
    static final List<TracedMethodRule> STANDARD = Collections.unmodifiableList(Arrays.<TracedMethodRule>asList(
            new MissingBodyRule(),
            new SpanNameRule(),
            new SpanAttributeRule(),
            new NestedHandlerSpanRule(),
            new TrivialAccessorRule()));

    /**
     * The {@code @SuppressWarnings} token that silences this processor's warnings on the annotated element and
     * everything inside it. Errors cannot be suppressed.
     */
    static final String SUPPRESSION = "fc-tracing";

    private TracedMethodRules() {}

    /** Every finding of {@code rules} about {@code method}, less suppressed warnings. */
    static List<Finding> check(List<TracedMethodRule> rules, ExecutableElement method, RuleEnvironment environment) {
        AnnotationMirror traced = Annotations.find(method, Annotations.TRACED);
        if (traced == null) {
            return Collections.emptyList();
        }
        TracedElement target = new TracedElement(method, traced, environment);
        List<Finding> findings = new ArrayList<>();
        for (TracedMethodRule rule : rules) {
            for (Finding finding : rule.check(target)) {
                if (finding.kind != Diagnostic.Kind.WARNING || !isSuppressed(method)) {
                    findings.add(finding);
                }
            }
        }
        return findings;
    }

    /** Whether {@code element} or an enclosing element has {@code @SuppressWarnings("fc-tracing")}. */
    static boolean isSuppressed(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && Arrays.asList(suppress.value()).contains(SUPPRESSION)) {
                return true;
            }
        }
        return false;
    }
}
