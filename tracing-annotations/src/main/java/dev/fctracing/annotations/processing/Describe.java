package dev.fctracing.annotations.processing;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Names of elements: readable ones for messages, and reflection-compatible ones for the weaving index. */
final class Describe {

    private Describe() {}

    /** {@code com.example.Orders.load(String, int[])}: canonical class name, simple parameter type names. */
    static String method(ExecutableElement method, Types types) {
        StringBuilder out = new StringBuilder();
        Element owner = method.getEnclosingElement();
        if (owner instanceof TypeElement) {
            out.append(((TypeElement) owner).getQualifiedName()).append('.');
        }
        out.append(method.getSimpleName()).append('(');
        List<? extends VariableElement> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(simpleTypeName(types.erasure(parameters.get(i).asType())));
        }
        return out.append(')').toString();
    }

    /** The span name {@code @Traced} uses when its value is empty: {@code SimpleClassName.methodName}. */
    static String defaultSpanName(ExecutableElement method) {
        return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
    }

    /**
     * {@code name(java.lang.String,int[],java.util.Map$Entry)}: the method name and its erased parameter types as
     * {@link Class#getTypeName()} prints them (binary names, {@code []} for arrays and varargs), so that the run
     * time can rebuild the same text from a {@link java.lang.reflect.Method}.
     */
    static String indexMethod(ExecutableElement method, Elements elements, Types types) {
        StringBuilder out = new StringBuilder().append(method.getSimpleName()).append('(');
        List<? extends VariableElement> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(typeName(types.erasure(parameters.get(i).asType()), elements));
        }
        return out.append(')').toString();
    }

    private static String typeName(TypeMirror erased, Elements elements) {
        if (erased.getKind() == TypeKind.ARRAY) {
            return typeName(((ArrayType) erased).getComponentType(), elements) + "[]";
        }
        if (erased.getKind() == TypeKind.DECLARED) {
            Element element = ((DeclaredType) erased).asElement();
            if (element instanceof TypeElement) {
                return elements.getBinaryName((TypeElement) element).toString();
            }
        }
        return erased.toString();
    }

    private static String simpleTypeName(TypeMirror erased) {
        if (erased.getKind() == TypeKind.ARRAY) {
            return simpleTypeName(((ArrayType) erased).getComponentType()) + "[]";
        }
        if (erased.getKind() == TypeKind.DECLARED) {
            return ((DeclaredType) erased).asElement().getSimpleName().toString();
        }
        return erased.toString();
    }
}
