package dev.fctracing.internal;

import java.lang.reflect.Method;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.aspectj.runtime.reflect.Factory;

/**
 * Test helper: the {@code JoinPoint.StaticPart} ajc would pass for the execution of a method, built with AspectJ's
 * own runtime factory (as woven code does in its static initialiser), so that the aspects' hand-off classes can be
 * called without weaving. Each call makes a new static part, as a separately woven method would have.
 */
public final class JoinPoints {

    private JoinPoints() {}

    /** The execution of {@code type}'s declared method {@code name(parameterTypes)}. */
    public static JoinPoint.StaticPart execution(Class<?> type, String name, Class<?>... parameterTypes) {
        try {
            return execution(type.getDeclaredMethod(name, parameterTypes));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The execution of {@code method}; {@code sourceNames}, if given, are the parameter names ajc recorded (else the
     * reflected ones).
     */
    public static JoinPoint.StaticPart execution(Method method, String... sourceNames) {
        Class<?> type = method.getDeclaringClass();
        String[] names = sourceNames.length > 0 ? sourceNames : new String[method.getParameterCount()];
        if (sourceNames.length == 0) {
            for (int i = 0; i < names.length; i++) {
                names[i] = method.getParameters()[i].getName();
            }
        }
        Factory factory = new Factory(type.getSimpleName() + ".java", type);
        MethodSignature signature = factory.makeMethodSig(
                method.getModifiers(),
                method.getName(),
                type,
                method.getParameterTypes(),
                names,
                method.getExceptionTypes(),
                method.getReturnType());
        return factory.makeSJP(JoinPoint.METHOD_EXECUTION, signature, 1);
    }
}
