package dev.fctracing.annotations.processing;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One problem a rule found: what to say, how loudly, and where. Rules return findings instead of printing them so
 * that each rule stays a pure function of the element it looks at.
 */
final class Finding {

    final Diagnostic.Kind kind;
    final String message;
    final Element element;
    /** The annotation the finding is about, or null to point at the element itself. */
    final AnnotationMirror annotation;
    /** One value of {@link #annotation}, or null to point at the whole annotation (or the element). */
    final AnnotationValue value;

    private Finding(
            Diagnostic.Kind kind, String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        this.kind = kind;
        this.message = message;
        this.element = element;
        this.annotation = annotation;
        this.value = value;
    }

    static Finding error(Element element, String message) {
        return new Finding(Diagnostic.Kind.ERROR, message, element, null, null);
    }

    static Finding warning(Element element, String message) {
        return new Finding(Diagnostic.Kind.WARNING, message, element, null, null);
    }

    /** An error reported at one value of an annotation on {@code element} (javac points at the value's line). */
    static Finding errorAt(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        return new Finding(Diagnostic.Kind.ERROR, message, element, annotation, value);
    }

    void reportTo(Messager messager) {
        if (annotation == null) {
            messager.printMessage(kind, message, element);
        } else if (value == null) {
            messager.printMessage(kind, message, element, annotation);
        } else {
            messager.printMessage(kind, message, element, annotation, value);
        }
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
