package dev.fctracing.annotations.processing;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** A method annotated with {@code @Traced}, with what rules need to judge it. */
final class TracedElement {

    final ExecutableElement method;
    /** The {@code @Traced} annotation on {@link #method}. */
    final AnnotationMirror traced;
    /** The class or interface that declares {@link #method}. */
    final TypeElement owner;

    final RuleEnvironment environment;

    TracedElement(ExecutableElement method, AnnotationMirror traced, RuleEnvironment environment) {
        this.method = method;
        this.traced = traced;
        this.owner = (TypeElement) method.getEnclosingElement();
        this.environment = environment;
    }

    /** {@code com.example.Orders.load(String)}, for messages. */
    String describe() {
        return Describe.method(method, environment.types);
    }

    /** The start of every message about this method: {@code @Traced on com.example.Orders.load(String): }. */
    String where() {
        return "@Traced on " + describe() + ": ";
    }

    String name() {
        return method.getSimpleName().toString();
    }
}
