package dev.fctracing.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;

/**
 * Reaches fc-tracing's one test entry, {@code dev.fctracing.internal.TestSupport} in tracing-aspects, by name: the kit
 * has no compile-time dependency on tracing-aspects (whose own tests use this kit), and a function's tests need no
 * {@code internal} import.
 */
final class InstanceControl {

    static final String TEST_SUPPORT = "dev.fctracing.internal.TestSupport";
    static final String ENVIRONMENT = "dev.fctracing.internal.config.Environment";

    private final Method newInstance;
    private final Method environmentOf;
    private final Method environmentSystem;
    private final Method awaitWeavingCheck;

    private InstanceControl(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> testSupport = Class.forName(TEST_SUPPORT, true, loader);
        Class<?> environment = Class.forName(ENVIRONMENT, true, loader);
        this.newInstance = testSupport.getMethod("newInstance", environment);
        this.awaitWeavingCheck = testSupport.getMethod("awaitWeavingCheck", long.class);
        this.environmentOf = environment.getMethod("of", Map.class);
        this.environmentSystem = environment.getMethod("system");
    }

    /**
     * The control for the tracing-aspects that the kit's class loader (else the thread's context loader) sees.
     *
     * @throws IllegalStateException when tracing-aspects is not on the class path, or is a version without this entry
     */
    static InstanceControl find() {
        ReflectiveOperationException failure = null;
        for (ClassLoader loader : loaders()) {
            try {
                return new InstanceControl(loader);
            } catch (ReflectiveOperationException e) {
                failure = e;
            }
        }
        throw new IllegalStateException(
                "fc-tracing's tracing-aspects is not on the class path (or is not the version of this test kit): the kit"
                        + " gives each test a fresh tracing instance through " + TEST_SUPPORT
                        + ", and needs tracing-aspects"
                        + " beside it, as a function's own dependency",
                failure);
    }

    private static ClassLoader[] loaders() {
        ClassLoader own = InstanceControl.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == own) {
            return new ClassLoader[] {own};
        }
        return new ClassLoader[] {own, context};
    }

    /**
     * Stops the current instance's SDK and replaces the instance with a fresh one reading only {@code env}, as a new FC
     * instance with those environment variables would start.
     */
    void newInstance(Map<String, String> env) {
        call(newInstance, call(environmentOf, Collections.unmodifiableMap(env)));
    }

    /** Replaces the instance with one reading the process's environment, as it is before any test. */
    void newSystemInstance() {
        call(newInstance, call(environmentSystem));
    }

    /** Waits (bounded) for the instance's weaving self-check, so that its warning lands in the test that caused it. */
    void awaitWeavingCheck(long timeoutMillis) {
        call(awaitWeavingCheck, timeoutMillis);
    }

    private static Object call(Method method, Object... arguments) {
        try {
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(method + " failed", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }
}
