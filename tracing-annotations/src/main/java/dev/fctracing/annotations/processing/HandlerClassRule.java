package dev.fctracing.annotations.processing;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * {@code @FcHandler} belongs on a concrete class that FC instantiates and invokes: not on an interface, enum,
 * annotation type or abstract class, and not on a class that implements none of FC's entry interfaces
 * ({@link FcTypes#ENTRY_INTERFACES}, directly or through supertypes). Each case is an error with its own message.
 */
final class HandlerClassRule {

    private HandlerClassRule() {}

    /** The error for {@code type}, or null when {@code @FcHandler} is in the right place. */
    static Finding check(TypeElement type) {
        String where = "@FcHandler on " + type.getQualifiedName() + ": " + type.getSimpleName();
        ElementKind kind = type.getKind();
        if (kind == ElementKind.INTERFACE) {
            return Finding.error(
                    type,
                    where
                            + " is an interface, and FC invokes a concrete class; remove @FcHandler here and put it on the"
                            + " implementing class that FC invokes");
        }
        if (kind == ElementKind.ANNOTATION_TYPE) {
            return Finding.error(
                    type,
                    where
                            + " is an annotation type, and @FcHandler does not work as a meta-annotation; put @FcHandler"
                            + " directly on the class that FC invokes");
        }
        if (kind == ElementKind.ENUM) {
            return Finding.error(
                    type,
                    where
                            + " is an enum, which FC cannot instantiate; put @FcHandler on a concrete class that implements "
                            + FcTypes.ENTRY_INTERFACE_LIST);
        }
        if (!kind.isClass()) {
            return null;
        }
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            return Finding.error(
                    type,
                    where
                            + " is abstract, which FC cannot instantiate, and @FcHandler is not inherited; put @FcHandler on"
                            + " the concrete subclass that FC invokes");
        }
        if (FcTypes.entryInterfaceOf(type) == FcTypes.Implements.NO) {
            return Finding.error(
                    type,
                    where
                            + " implements no Function Compute entry interface ("
                            + FcTypes.ENTRY_INTERFACE_LIST
                            + "); put @FcHandler on the class that FC invokes");
        }
        return null;
    }

    /** Whether {@code element} carries {@code @FcHandler} itself (the annotation is not inherited). */
    static boolean isAnnotated(Element element) {
        return Annotations.find(element, Annotations.FC_HANDLER) != null;
    }
}
