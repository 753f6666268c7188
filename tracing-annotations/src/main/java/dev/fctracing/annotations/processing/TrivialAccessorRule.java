package dev.fctracing.annotations.processing;

import java.util.Collections;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;

/**
 * Warning: {@code @Traced} on a trivial accessor, where a span costs far more than the work it measures.
 *
 * <ul>
 *   <li>{@code toString()}, {@code hashCode()} and {@code equals(Object)}: by name and signature alone; they are
 *       called implicitly and often (logging, string concatenation, hash collections).
 *   <li>A getter ({@code getX()} or {@code isX()}, no parameters, not void) or a setter ({@code setX(..)}, one
 *       parameter, void), where the letter after the prefix is not lower case: when javac's Tree API shows the
 *       body ({@link MethodBodies#available()}), only if the body is a single statement that calls and creates
 *       nothing ({@link MethodBodies.Shape#TRIVIAL}), so that a one-line {@code getOrder()} that queries a
 *       database is not flagged; when the body cannot be seen (another compiler, or a wrapped processing
 *       environment), by the naming and arity rule alone.
 * </ul>
 */
final class TrivialAccessorRule implements TracedMethodRule {

    @Override
    public List<Finding> check(TracedElement traced) {
        ExecutableElement method = traced.method;
        String why;
        if (isObjectMethod(traced)) {
            why = " is called implicitly and often (logging, string concatenation, hash collections), so a span here"
                    + " floods the trace";
        } else if (isAccessorShaped(method)) {
            switch (traced.environment.bodies.shapeOf(method)) {
                case TRIVIAL:
                    why = " is a trivial accessor (a single statement that only reads or writes a field)";
                    break;
                case UNKNOWN:
                    why = " is named and shaped like a getter or setter";
                    break;
                default:
                    return Collections.emptyList();
            }
        } else {
            return Collections.emptyList();
        }
        return Collections.singletonList(Finding.warning(
                method,
                traced.where()
                        + traced.name()
                        + why
                        + "; a span costs more than the work it measures — remove @Traced"));
    }

    private static boolean isObjectMethod(TracedElement traced) {
        ExecutableElement method = traced.method;
        int arity = method.getParameters().size();
        switch (traced.name()) {
            case "toString":
            case "hashCode":
                return arity == 0;
            case "equals":
                return arity == 1
                        && "java.lang.Object"
                                .equals(FcTypes.qualifiedName(
                                        method.getParameters().get(0).asType(), traced.environment.types));
            default:
                return false;
        }
    }

    static boolean isAccessorShaped(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        int arity = method.getParameters().size();
        boolean isVoid = method.getReturnType().getKind() == TypeKind.VOID;
        if (hasPrefix(name, "get") || hasPrefix(name, "is")) {
            return arity == 0 && !isVoid;
        }
        return hasPrefix(name, "set") && arity == 1 && isVoid;
    }

    /** {@code getName} has the prefix {@code get}; {@code get}, {@code getaway} and {@code issue} do not. */
    private static boolean hasPrefix(String name, String prefix) {
        return name.length() > prefix.length()
                && name.startsWith(prefix)
                && !Character.isLowerCase(name.charAt(prefix.length()));
    }
}
