package dev.fctracing.testing;

import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.fc.FcEntryPoint;
import dev.fctracing.annotations.weaving.WeavingCheck;
import dev.fctracing.annotations.weaving.WeavingDetector;
import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.annotations.weaving.WeavingReport;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assertions, for a function's own unit tests, that fc-tracing's aspects were woven into its classes — the check that
 * catches a build in which {@code @Traced} and {@code @FcHandler} silently do nothing:
 *
 * <pre>{@code
 * @Test
 * void tracingIsWoven() {
 *   WeavingAssertions.assertWoven(MyHandler.class, OrderRepository.class);
 *   WeavingAssertions.assertWovenAll();
 * }
 * }</pre>
 *
 * <p>Failures are {@link AssertionError}s carrying the same explanation as the warning the woven function logs at run
 * time, naming every unwoven method, for example {@code 2 @Traced methods are not woven:
 * com.example.Repo#load(java.lang.String), com.example.Repo#save(com.example.Order) — check that aspectj-maven-plugin
 * lists tracing-aspects under aspectLibraries ...}. A class that FC invokes (it implements one of FC's entry
 * interfaces, {@link FcEntryPoint}) but that is not annotated {@code @FcHandler} fails too: its invocations would make
 * no handler span, and its {@code @Traced} spans would not join FC's trace.
 *
 * <p>Run them on the classes the weave produced ({@code target/classes}, which is what Maven's test class path holds
 * after {@code aspectj-maven-plugin:compile}); an IDE that compiles with plain javac makes them fail, rightly.
 */
public final class WeavingAssertions {

    private WeavingAssertions() {}

    /**
     * Asserts that every {@code @Traced} method declared by {@code classes} (and by the member classes they declare)
     * carries the {@code @Traced} aspect, that every FC entry point of those that are {@code @FcHandler} carries the
     * entry aspect, and that every concrete class among them that FC can invoke (it implements {@code
     * StreamRequestHandler}, {@code PojoRequestHandler}, {@code HttpRequestHandler}, {@code FunctionInitializer},
     * {@code PreFreezeHandler} or {@code PreStopHandler}) gets its entry points from an {@code @FcHandler} class. Works
     * from the classes alone, with or without a weaving index.
     *
     * @param classes the classes to check, with their member classes
     * @throws AssertionError when something is not woven, when an FC handler class lacks {@code @FcHandler}, when an
     *     {@code @FcHandler} class declares no entry point, or when none of the classes has anything to weave (a test
     *     that would check nothing)
     * @throws IllegalArgumentException when no class is given
     */
    public static void assertWoven(Class<?>... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("assertWoven needs at least one class");
        }
        String unannotated = unannotatedHandlers(withMemberClasses(classes));
        WeavingReport report = WeavingCheck.ofClasses(classes);
        if (!report.isClean()) {
            throw new AssertionError(
                    unannotated.isEmpty() ? report.explanation() : unannotated + "; " + report.explanation());
        }
        if (!unannotated.isEmpty()) {
            throw new AssertionError(unannotated);
        }
        if (report.checkedMethods() == 0) {
            throw new AssertionError(
                    "nothing to check: no @Traced method and no @FcHandler entry point in " + names(classes));
        }
    }

    /**
     * Asserts that everything in the weaving index is woven: every {@code @Traced} method and {@code @FcHandler} class
     * that the annotation processor recorded in any {@value WeavingIndex#RESOURCE} visible to the current thread's
     * context class loader (else this class's loader). Classes of the index that FC can invoke must be
     * {@code @FcHandler} too (see {@link #assertWoven}).
     *
     * @throws AssertionError when something is not woven or cannot be checked, or when there is no index at all
     */
    public static void assertWovenAll() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        assertWovenAll(loader != null ? loader : WeavingAssertions.class.getClassLoader());
    }

    /**
     * {@link #assertWovenAll()} for the indexes and classes of {@code loader}.
     *
     * @param loader where to read the indexes and load the classes from
     */
    public static void assertWovenAll(ClassLoader loader) {
        WeavingIndex index = WeavingIndex.load(loader);
        if (index.isEmpty()) {
            throw new AssertionError(
                    "no fc-tracing weaving index (" + WeavingIndex.RESOURCE + ") on the class path: javac did not run"
                            + " the annotation processor of tracing-annotations (on JDK 23 and later add"
                            + " <proc>full</proc> to maven-compiler-plugin), or no class declares @Traced or"
                            + " @FcHandler; assertWoven(classes...) checks given classes without an index");
        }
        WeavingReport report = WeavingCheck.ofIndex(index, loader);
        Set<Class<?>> indexed = new LinkedHashSet<>();
        for (String method : index.tracedMethods()) {
            Class<?> type = loadQuietly(method.substring(0, method.indexOf('#')), loader);
            if (type != null) {
                indexed.add(type);
            }
        }
        String unannotated = unannotatedHandlers(indexed);
        if (!report.isClean()) {
            throw new AssertionError(
                    unannotated.isEmpty() ? report.explanation() : unannotated + "; " + report.explanation());
        }
        if (!unannotated.isEmpty()) {
            throw new AssertionError(unannotated);
        }
    }

    /**
     * The FC entry points of concrete {@code classes} whose declaring class is not {@code @FcHandler}, explained with
     * the fix; empty when there are none. Entry points are found through {@link WeavingDetector}, which reads FC's
     * interfaces and methods from {@link FcEntryPoint}; an inherited entry point counts where it is declared, as the
     * entry aspect wraps it there.
     */
    static String unannotatedHandlers(Iterable<Class<?>> classes) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !invokedByFc(type)) {
                continue;
            }
            List<String> unwrapped = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
                List<Method> entries;
                try {
                    entries = WeavingDetector.of(at).entryPoints();
                } catch (LinkageError | SecurityException e) {
                    break; // WeavingCheck reports classes that cannot be read
                }
                for (Method entry : entries) {
                    // The most derived declaration is the one FC calls.
                    if (seen.add(entry.getName() + signature(entry)) && !at.isAnnotationPresent(FcHandler.class)) {
                        unwrapped.add(WeavingIndex.key(entry));
                    }
                }
            }
            if (!unwrapped.isEmpty()) {
                byClass.put(type.getName(), unwrapped);
            }
        }
        if (byClass.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : byClass.entrySet()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            String className = entry.getKey();
            List<String> methods = entry.getValue();
            Set<String> declaring = new LinkedHashSet<>();
            for (String method : methods) {
                declaring.add(method.substring(0, method.indexOf('#')));
            }
            String toAnnotate = String.join(" and ", declaring);
            out.append(className)
                    .append(" is invoked by FC (it implements ")
                    .append(fcInterfaces(className, classes))
                    .append(") but ")
                    .append(
                            toAnnotate.equals(className)
                                    ? "is not annotated @FcHandler"
                                    : "inherits its entry points from " + toAnnotate + ", not annotated @FcHandler")
                    .append(": ")
                    .append(String.join(", ", methods))
                    .append(methods.size() == 1 ? " makes" : " make")
                    .append(" no handler span and no span of it joins FC's trace; add @FcHandler")
                    .append(" (dev.fctracing.annotations.FcHandler) to ")
                    .append(toAnnotate)
                    .append(" and build it with aspectj-maven-plugin");
        }
        return out.toString();
    }

    private static boolean invokedByFc(Class<?> type) {
        return !fcInterfaceNames(type).isEmpty();
    }

    private static String fcInterfaces(String className, Iterable<Class<?>> classes) {
        for (Class<?> type : classes) {
            if (type.getName().equals(className)) {
                return String.join(", ", fcInterfaceNames(type));
            }
        }
        return "";
    }

    /** Simple names of the FC entry interfaces {@code type} implements, in {@link FcEntryPoint} order. */
    private static List<String> fcInterfaceNames(Class<?> type) {
        Set<String> supertypes = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
            for (Class<?> implemented : current.getInterfaces()) {
                if (supertypes.add(implemented.getName())) {
                    pending.add(implemented);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (FcEntryPoint entry : FcEntryPoint.values()) {
            if (supertypes.contains(entry.interfaceName())) {
                names.add(entry.simpleInterfaceName());
            }
        }
        return names;
    }

    private static String signature(Method method) {
        StringBuilder out = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) {
            out.append(parameter.getName()).append(',');
        }
        return out.append(')').toString();
    }

    /** {@code classes} and, recursively, the member classes they declare (as {@link WeavingCheck#ofClasses} reads). */
    private static Set<Class<?>> withMemberClasses(Class<?>[] classes) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> type : classes) {
            if (type == null) {
                throw new NullPointerException("classes");
            }
            pending.add(type);
        }
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (all.add(type)) {
                try {
                    Collections.addAll(pending, type.getDeclaredClasses());
                } catch (LinkageError | SecurityException e) {
                    // WeavingCheck reports it.
                }
            }
        }
        return all;
    }

    private static Class<?> loadQuietly(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null; // WeavingCheck reports it
        }
    }

    private static String names(Class<?>[] classes) {
        StringBuilder out = new StringBuilder();
        for (Class<?> type : classes) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(type.getName());
        }
        return out.toString();
    }
}
