package dev.fctracing.annotations.processing;

import dev.fctracing.annotations.fc.FcEntryPoint;
import dev.fctracing.annotations.fc.FcRole;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Function Compute's Java types, matched by qualified name so that the processor needs no FC jar on its path.
 */
final class FcTypes {

    /** The interfaces through which FC calls a function ({@link FcEntryPoint}); a handler class implements one. */
    static final List<String> ENTRY_INTERFACES = FcEntryPoint.interfaceNames();

    /** Simple names of {@link #ENTRY_INTERFACES}, as listed in messages. */
    static final String ENTRY_INTERFACE_LIST = FcEntryPoint.interfaceList();

    /**
     * The interfaces through which FC starts work in a function: the three request handlers and {@code
     * FunctionInitializer} ({@link FcRole#REQUEST}, {@link FcRole#INITIALIZE}). Not the lifecycle hooks: FC calls
     * {@code preFreeze} and {@code preStop} between invocations, on the class the function's lifecycle configuration
     * names.
     */
    static final List<String> INVOKED_INTERFACES = invokedInterfaces();

    private FcTypes() {}

    /** What {@link #entryInterfaceOf} found. */
    enum Implements {
        YES,
        NO,
        /** A supertype did not resolve; javac reports that itself, so rules stay quiet. */
        UNKNOWN
    }

    /**
     * Whether {@code type} implements one of {@link #ENTRY_INTERFACES}, directly or through any superclass or
     * superinterface.
     */
    static Implements entryInterfaceOf(TypeElement type) {
        return firstInterfaceOf(type, ENTRY_INTERFACES).implemented;
    }

    /** What {@link #firstInterfaceOf} found: whether, and which interface (its qualified name) when it did. */
    static final class Found {
        final Implements implemented;
        /** The qualified name of the interface found, or null. */
        final String name;

        Found(Implements implemented, String name) {
            this.implemented = implemented;
            this.name = name;
        }
    }

    /**
     * The first of {@code interfaces} (qualified names) that {@code type} implements, directly or through any superclass
     * or superinterface, nearest supertypes first.
     */
    static Found firstInterfaceOf(TypeElement type, List<String> interfaces) {
        Deque<TypeElement> pending = new ArrayDeque<>();
        pending.add(type);
        Set<String> seen = new HashSet<>();
        boolean unresolved = false;
        while (!pending.isEmpty()) {
            TypeElement current = pending.poll();
            List<TypeMirror> supertypes = new ArrayList<>(current.getInterfaces());
            supertypes.add(current.getSuperclass());
            for (TypeMirror supertype : supertypes) {
                if (supertype.getKind() == TypeKind.ERROR) {
                    unresolved = true;
                } else if (supertype.getKind() == TypeKind.DECLARED) {
                    TypeElement element = (TypeElement) ((DeclaredType) supertype).asElement();
                    String name = element.getQualifiedName().toString();
                    if (interfaces.contains(name)) {
                        return new Found(Implements.YES, name);
                    }
                    if (seen.add(name)) {
                        pending.add(element);
                    }
                }
            }
        }
        return new Found(unresolved ? Implements.UNKNOWN : Implements.NO, null);
    }

    private static List<String> invokedInterfaces() {
        List<String> names = new ArrayList<>();
        for (FcEntryPoint entry : FcEntryPoint.values()) {
            if (entry.role() == FcRole.REQUEST || entry.role() == FcRole.INITIALIZE) {
                names.add(entry.interfaceName());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Whether {@code method} has the shape of an FC entry point ({@link FcEntryPoint}) that {@code @FcHandler} already
     * wraps in the handler span.
     */
    static boolean isEntryPoint(ExecutableElement method, Types types) {
        List<String> parameters = new ArrayList<>();
        for (Element parameter : method.getParameters()) {
            String name = qualifiedName(parameter.asType(), types);
            parameters.add(name == null ? "" : name);
        }
        String name = method.getSimpleName().toString();
        for (FcEntryPoint entry : FcEntryPoint.values()) {
            if (entry.matches(name, parameters)) {
                return true;
            }
        }
        return false;
    }

    /** The qualified name of a declared type's erasure, or null for any other kind of type. */
    static String qualifiedName(TypeMirror type, Types types) {
        TypeMirror erased = types.erasure(type);
        if (erased.getKind() != TypeKind.DECLARED) {
            return null;
        }
        Element element = ((DeclaredType) erased).asElement();
        return element instanceof TypeElement
                ? ((TypeElement) element).getQualifiedName().toString()
                : null;
    }
}
