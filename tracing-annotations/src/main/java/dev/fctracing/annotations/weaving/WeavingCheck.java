package dev.fctracing.annotations.weaving;

import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what should be woven with what was: either every entry of a {@link WeavingIndex} (the run-time
 * self-check, {@code WeavingAssertions.assertWovenAll}) or the {@code @Traced} methods and {@code @FcHandler}
 * entry points of given classes ({@code WeavingAssertions.assertWoven}). Reflection only, once per class, through
 * {@link WeavingDetector}; never initialises a class and never throws for a class that fails to load (it is
 * reported instead). The index check reads no annotation of a woven method, since the index already says which
 * methods carry {@code @Traced}: on a cold JVM, parsing annotations costs more than the rest of the check.
 */
public final class WeavingCheck {

    private final SortedSet<String> unwovenTraced = new TreeSet<>();
    private final SortedSet<String> unwovenEntryPoints = new TreeSet<>();
    private final SortedSet<String> handlersWithoutEntryPoints = new TreeSet<>();
    private final SortedSet<String> unchecked = new TreeSet<>();
    private int checkedMethods;
    private int checkedClasses;

    private WeavingCheck() {}

    /**
     * Checks every entry of {@code index}, loading each class through {@code loader} without initialising it
     * ({@code Class.forName(name, false, loader)}). An empty index gives a clean, empty report.
     */
    public static WeavingReport ofIndex(WeavingIndex index, ClassLoader loader) {
        WeavingCheck check = new WeavingCheck();
        SortedMap<String, List<String>> tracedByClass = new TreeMap<>();
        for (String handler : index.handlerClasses()) {
            tracedByClass.put(handler, new ArrayList<>());
        }
        for (String method : index.tracedMethods()) {
            String className = method.substring(0, method.indexOf('#'));
            List<String> methods = tracedByClass.get(className);
            if (methods == null) {
                methods = new ArrayList<>();
                tracedByClass.put(className, methods);
            }
            methods.add(method);
        }
        for (Map.Entry<String, List<String>> entry : tracedByClass.entrySet()) {
            String className = entry.getKey();
            Class<?> type;
            WeavingDetector detector;
            try {
                type = Class.forName(className, false, loader);
                detector = WeavingDetector.of(type);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                check.unchecked.add(className + " (" + describe(e) + ")");
                continue;
            }
            check.checkedClasses++;
            if (index.handlerClasses().contains(className)) {
                check.handler(detector);
            }
            if (!entry.getValue().isEmpty()) {
                // Matched by key, not by reading @Traced: parsing annotations would cost more than all the rest.
                Map<String, Method> declared = new HashMap<>();
                for (Method method : detector.declaredMethods()) {
                    declared.put(WeavingIndex.key(method), method);
                }
                for (String key : entry.getValue()) {
                    Method method = declared.get(key);
                    if (method == null) {
                        check.unchecked.add(key + " (no such @Traced method)");
                    } else {
                        check.checkedMethods++;
                        if (!detector.wovenBy(method, WeavingDetector.TRACED_ASPECT)) {
                            // Rare: only now is the annotation read, to tell a stale index from a missing weave.
                            if (method.isAnnotationPresent(Traced.class)) {
                                check.unwovenTraced.add(key);
                            } else {
                                check.unchecked.add(key + " (no such @Traced method)");
                            }
                        }
                    }
                }
            }
        }
        return check.report();
    }

    /**
     * Checks {@code classes} and the member classes they declare (recursively, not local or anonymous ones): each
     * {@code @Traced} method they declare, and the entry points of those that carry {@code @FcHandler}. Needs no
     * index.
     */
    public static WeavingReport ofClasses(Class<?>... classes) {
        WeavingCheck check = new WeavingCheck();
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> type : classes) {
            if (type == null) {
                throw new NullPointerException("classes");
            }
            pending.add(type);
        }
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            WeavingDetector detector;
            try {
                detector = WeavingDetector.of(type);
                Collections.addAll(pending, type.getDeclaredClasses());
            } catch (LinkageError | SecurityException e) {
                check.unchecked.add(type.getName() + " (" + describe(e) + ")");
                continue;
            }
            check.checkedClasses++;
            if (type.isAnnotationPresent(FcHandler.class)) {
                check.handler(detector);
            }
            for (Method method : detector.tracedMethods()) {
                check.traced(detector, method);
            }
        }
        return check.report();
    }

    private void handler(WeavingDetector detector) {
        List<Method> entries = detector.entryPoints();
        if (entries.isEmpty()) {
            handlersWithoutEntryPoints.add(detector.type().getName());
        }
        for (Method entry : entries) {
            checkedMethods++;
            if (!detector.entryPointWoven(entry)) {
                unwovenEntryPoints.add(WeavingIndex.key(entry));
            }
        }
    }

    private void traced(WeavingDetector detector, Method method) {
        checkedMethods++;
        if (!detector.tracedWoven(method)) {
            unwovenTraced.add(WeavingIndex.key(method));
        }
    }

    private WeavingReport report() {
        return new WeavingReport(
                unwovenTraced,
                unwovenEntryPoints,
                handlersWithoutEntryPoints,
                unchecked,
                checkedMethods,
                checkedClasses);
    }

    private static String describe(Throwable e) {
        if (e instanceof ClassNotFoundException) {
            return "class not found";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }
}
