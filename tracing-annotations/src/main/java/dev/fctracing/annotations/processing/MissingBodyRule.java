package dev.fctracing.annotations.processing;

import java.util.Collections;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Error: {@code @Traced} on a method without a body, that is an abstract method of a class, a method of an
 * interface that is neither {@code default} nor {@code static}, or a {@code native} method. Nothing would be
 * woven, and annotations on an overridden method are not inherited by its implementations.
 */
final class MissingBodyRule implements TracedMethodRule {

    static final String NOT_INHERITED =
            " has no body, so there is nothing to trace; annotations on interface/abstract methods are not"
                    + " inherited — put @Traced on the implementing method";

    @Override
    public List<Finding> check(TracedElement traced) {
        if (traced.method.getModifiers().contains(Modifier.NATIVE)) {
            return Collections.singletonList(Finding.error(
                    traced.method,
                    traced.where()
                            + "the native method has no Java body, so there is nothing to trace; put @Traced on the"
                            + " Java method that calls it"));
        }
        if (!traced.method.getModifiers().contains(Modifier.ABSTRACT)) {
            return Collections.emptyList();
        }
        String what =
                traced.owner.getKind() == ElementKind.INTERFACE || traced.owner.getKind() == ElementKind.ANNOTATION_TYPE
                        ? "the interface method"
                        : "the abstract method";
        return Collections.singletonList(Finding.error(traced.method, traced.where() + what + NOT_INHERITED));
    }
}
