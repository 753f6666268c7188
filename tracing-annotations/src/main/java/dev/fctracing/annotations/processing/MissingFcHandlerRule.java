package dev.fctracing.annotations.processing;

import dev.fctracing.annotations.fc.FcEntryPoint;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Warning: a class FC could invoke — public, concrete, top-level or a static member class, with a public
 * no-argument constructor, implementing a request handler or {@code FunctionInitializer} ({@link
 * FcTypes#INVOKED_INTERFACES}, directly or through supertypes) — that is not {@code @FcHandler}, in a compilation with
 * {@code @Traced} methods. FC's calls of such a class bind no invocation, so the {@code @Traced} methods it reaches
 * record no spans, and nothing else says so.
 *
 * <p>Not warned about: abstract classes and interfaces (FC instantiates neither; the concrete subclass is judged),
 * classes FC cannot instantiate (not public, inner, no public no-argument constructor: helpers and delegates), and
 * classes that implement only {@code PreFreezeHandler} or {@code PreStopHandler}: FC calls those hooks between
 * invocations, not as one, and fc-tracing gives every {@code @FcHandler} class both hooks, so a function's lifecycle
 * configuration names its {@code @FcHandler} class. The processor decides whether the compilation has
 * {@code @Traced} methods (they may be declared in any class of any round); this rule judges the class alone.
 */
final class MissingFcHandlerRule {

    private MissingFcHandlerRule() {}

    /** The warning for {@code type}, or null when FC cannot invoke it, it is {@code @FcHandler}, or it is suppressed. */
    static Finding check(TypeElement type) {
        if (type.getKind() != ElementKind.CLASS
                || HandlerClassRule.isAnnotated(type)
                || !instantiableByFc(type)
                || TracedMethodRules.isSuppressed(type)) {
            return null;
        }
        FcTypes.Found found = FcTypes.firstInterfaceOf(type, FcTypes.INVOKED_INTERFACES);
        if (found.implemented != FcTypes.Implements.YES) {
            return null;
        }
        return Finding.warning(
                type,
                "@FcHandler missing on " + type.getQualifiedName() + ": " + type.getSimpleName() + " implements "
                        + found.name.substring(FcEntryPoint.PACKAGE.length())
                        + ", so FC may invoke it, but without @FcHandler its invocations are not traced and the @Traced methods"
                        + " they call record no spans — add @FcHandler to the class (or @SuppressWarnings(\""
                        + TracedMethodRules.SUPPRESSION + "\") if FC never invokes it)");
    }

    /** Public, not abstract, top-level or static member, with a public constructor that takes no arguments. */
    private static boolean instantiableByFc(TypeElement type) {
        if (!type.getModifiers().contains(Modifier.PUBLIC)
                || type.getModifiers().contains(Modifier.ABSTRACT)) {
            return false;
        }
        NestingKind nesting = type.getNestingKind();
        if (nesting != NestingKind.TOP_LEVEL
                && !(nesting == NestingKind.MEMBER && type.getModifiers().contains(Modifier.STATIC))) {
            return false;
        }
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.CONSTRUCTOR
                    && member.getModifiers().contains(Modifier.PUBLIC)
                    && ((ExecutableElement) member).getParameters().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** {@code type} and its member classes, at any depth: where this rule looks in a round's root elements. */
    static void collect(Element element, List<TypeElement> into) {
        for (TypeElement type : ElementFilter.typesIn(Collections.singletonList(element))) {
            into.add(type);
            for (Element member : type.getEnclosedElements()) {
                collect(member, into);
            }
        }
    }
}
