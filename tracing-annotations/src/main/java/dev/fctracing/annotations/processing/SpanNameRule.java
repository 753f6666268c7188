package dev.fctracing.annotations.processing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.AnnotationValue;

/**
 * Errors about an explicit span name ({@code @Traced("...")}): it must not be blank, must not contain control
 * characters, and must be at most {@value #MAX_LENGTH} characters (code points) long. The empty string is the
 * default and means {@code SimpleClassName.methodName}, so it is fine. Findings point at the value itself.
 */
final class SpanNameRule implements TracedMethodRule {

    static final int MAX_LENGTH = 256;

    @Override
    public List<Finding> check(TracedElement traced) {
        AnnotationValue value = Annotations.explicitValue(traced.traced, "value");
        if (value == null || !(value.getValue() instanceof String)) {
            return Collections.emptyList();
        }
        String name = (String) value.getValue();
        if (name.isEmpty()) {
            return Collections.emptyList();
        }
        if (isBlank(name)) {
            return Collections.singletonList(Finding.errorAt(
                    traced.method,
                    traced.traced,
                    value,
                    traced.where()
                            + "the span name is blank; leave the value out to get the default name ("
                            + Describe.defaultSpanName(traced.method)
                            + ") or give a meaningful name"));
        }
        List<Finding> findings = new ArrayList<>(2);
        int control = firstControlCharacter(name);
        if (control >= 0) {
            findings.add(Finding.errorAt(
                    traced.method,
                    traced.traced,
                    value,
                    traced.where()
                            + String.format(
                                    "the span name contains the control character U+%04X at index %d; span names must be"
                                            + " printable text — remove it",
                                    (int) name.charAt(control), control)));
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            findings.add(Finding.errorAt(
                    traced.method,
                    traced.traced,
                    value,
                    traced.where()
                            + "the span name is "
                            + length
                            + " characters long, over the limit of "
                            + MAX_LENGTH
                            + "; use a short, low-cardinality name and put the details in span attributes"));
        }
        return findings;
    }

    static boolean isBlank(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first ISO control character (U+0000..U+001F, U+007F..U+009F), or -1. */
    static int firstControlCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
