package dev.fctracing.annotations.processing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Checks the {@code @SpanAttribute} parameters and {@code captureReturn} of a {@code @Traced} method: an explicit
 * attribute name must not be blank or contain control characters (errors, at the value); two parameters recording
 * under the same key, and {@code captureReturn} on a {@code void} method, are warnings.
 *
 * <p>Unnamed {@code @SpanAttribute} parameters take the parameter's source name: ajc records it in the woven join
 * point whether or not the code was compiled with {@code -parameters}, so no flag is needed.
 */
final class SpanAttributeRule implements TracedMethodRule {

    static final String SPAN_ATTRIBUTE = "dev.fctracing.annotations.SpanAttribute";

    @Override
    public List<Finding> check(TracedElement traced) {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> keys = new HashMap<>();
        for (VariableElement parameter : traced.method.getParameters()) {
            AnnotationMirror attribute = Annotations.find(parameter, SPAN_ATTRIBUTE);
            if (attribute == null) {
                continue;
            }
            String key = parameter.getSimpleName().toString();
            AnnotationValue value = Annotations.explicitValue(attribute, "value");
            if (value != null && value.getValue() instanceof String && !((String) value.getValue()).isEmpty()) {
                String name = (String) value.getValue();
                if (name.trim().isEmpty()) {
                    findings.add(Finding.errorAt(
                            parameter,
                            attribute,
                            value,
                            traced.where() + "the @SpanAttribute name of" + " parameter " + key
                                    + " is blank; leave it out to use the parameter name, or give a key"));
                    continue;
                }
                if (SpanNameRule.firstControlCharacter(name) >= 0) {
                    findings.add(Finding.errorAt(
                            parameter,
                            attribute,
                            value,
                            traced.where() + "the @SpanAttribute name of" + " parameter " + key
                                    + " contains a control character; attribute keys must be printable text"));
                    continue;
                }
                key = name.trim();
            }
            String previous = keys.put(key, parameter.getSimpleName().toString());
            if (previous != null) {
                findings.add(Finding.warning(
                        traced.method,
                        traced.where() + "parameters " + previous + " and "
                                + parameter.getSimpleName() + " both record attribute '" + key
                                + "'; the last one wins — give them"
                                + " distinct @SpanAttribute names"));
            }
        }
        AnnotationValue captureReturn = Annotations.explicitValue(traced.traced, "captureReturn");
        if (captureReturn != null
                && Boolean.TRUE.equals(captureReturn.getValue())
                && traced.method.getReturnType().getKind() == TypeKind.VOID) {
            findings.add(Finding.warning(
                    traced.method,
                    traced.where() + "captureReturn is set but the method returns"
                            + " void, so there is nothing to capture — remove captureReturn"));
        }
        return findings;
    }
}
