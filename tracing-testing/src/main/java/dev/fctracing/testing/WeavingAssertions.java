package dev.fctracing.testing;

import dev.fctracing.annotations.weaving.WeavingIndex;
import dev.fctracing.annotations.weaving.WeavingCheck;
import dev.fctracing.annotations.weaving.WeavingReport;

/**
 * Assertions, for a function's own unit tests, that fc-tracing's aspects were woven into its classes — the check
 * that catches a build in which {@code @Traced} and {@code @FcHandler} silently do nothing:
 *
 * <pre>{@code
 * @Test
 * void tracingIsWoven() {
 *     WeavingAssertions.assertWoven(MyHandler.class, OrderRepository.class);
 *     WeavingAssertions.assertWovenAll();
 * }
 * }</pre>
 *
 * <p>Failures are {@link AssertionError}s carrying the same explanation as the warning the woven function logs at
 * run time, naming every unwoven method, for example {@code 2 @Traced methods are not woven:
 * com.example.Repo#load(java.lang.String), com.example.Repo#save(com.example.Order) — check that
 * aspectj-maven-plugin lists tracing-aspects under aspectLibraries ...}.
 *
 * <p>Run them on the classes the weave produced ({@code target/classes}, which is what Maven's test class path
 * holds after {@code aspectj-maven-plugin:compile}); an IDE that compiles with plain javac makes them fail, rightly.
 */
public final class WeavingAssertions {

    private WeavingAssertions() {}

    /**
     * Asserts that every {@code @Traced} method declared by {@code classes} (and by the member classes they declare)
     * carries the {@code @Traced} aspect, and that every FC entry point of those that are {@code @FcHandler} carries
     * the entry aspect. Works from the classes alone, with or without a weaving index.
     *
     * @throws AssertionError when something is not woven, when an {@code @FcHandler} class declares no entry point,
     *     or when none of the classes has anything to weave (a test that would check nothing)
     * @throws IllegalArgumentException when no class is given
     */
    public static void assertWoven(Class<?>... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("assertWoven needs at least one class");
        }
        WeavingReport report = WeavingCheck.ofClasses(classes);
        if (!report.isClean()) {
            throw new AssertionError(report.explanation());
        }
        if (report.checkedMethods() == 0) {
            throw new AssertionError(
                    "nothing to check: no @Traced method and no @FcHandler entry point in " + names(classes));
        }
    }

    /**
     * Asserts that everything in the weaving index is woven: every {@code @Traced} method and {@code @FcHandler}
     * class that the annotation processor recorded in any {@value WeavingIndex#RESOURCE} visible to the current
     * thread's context class loader (else this class's loader).
     *
     * @throws AssertionError when something is not woven or cannot be checked, or when there is no index at all
     */
    public static void assertWovenAll() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        assertWovenAll(loader != null ? loader : WeavingAssertions.class.getClassLoader());
    }

    /** {@link #assertWovenAll()} for the indexes and classes of {@code loader}. */
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
        if (!report.isClean()) {
            throw new AssertionError(report.explanation());
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
