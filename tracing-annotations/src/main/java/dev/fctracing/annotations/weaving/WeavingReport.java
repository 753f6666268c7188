package dev.fctracing.annotations.weaving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a {@link WeavingCheck} found: the {@code @Traced} methods and {@code @FcHandler} entry points that were not
 * woven, {@code @FcHandler} classes that declare no entry point, and what could not be checked, with the one
 * explanation that both the run-time warning and {@code WeavingAssertions} give.
 */
public final class WeavingReport {

    /** How many names the run-time warning lists, at most. */
    public static final int RUNTIME_NAMES = 5;

    /** The advice every "not woven" explanation ends with. */
    public static final String WEAVE_HINT =
            "check that aspectj-maven-plugin lists tracing-aspects under aspectLibraries and runs its compile goal in"
                    + " every module that declares them (compiled by javac alone, the annotations do nothing)";

    static final String INHERITANCE_HINT =
            "@FcHandler is not inherited and wraps only the entry points the annotated class declares itself: override"
                    + " handleRequest (or initialize, preFreeze, preStop) in it, or annotate the class that declares them";

    static final String STALE_HINT =
            "rebuild if the weaving index is stale, and check that these classes are in the deployed jar";

    private final SortedSet<String> unwovenTraced;
    private final SortedSet<String> unwovenEntryPoints;
    private final SortedSet<String> handlersWithoutEntryPoints;
    private final SortedSet<String> unchecked;
    private final int checkedMethods;
    private final int checkedClasses;

    WeavingReport(
            SortedSet<String> unwovenTraced,
            SortedSet<String> unwovenEntryPoints,
            SortedSet<String> handlersWithoutEntryPoints,
            SortedSet<String> unchecked,
            int checkedMethods,
            int checkedClasses) {
        this.unwovenTraced = Collections.unmodifiableSortedSet(new TreeSet<>(unwovenTraced));
        this.unwovenEntryPoints = Collections.unmodifiableSortedSet(new TreeSet<>(unwovenEntryPoints));
        this.handlersWithoutEntryPoints = Collections.unmodifiableSortedSet(new TreeSet<>(handlersWithoutEntryPoints));
        this.unchecked = Collections.unmodifiableSortedSet(new TreeSet<>(unchecked));
        this.checkedMethods = checkedMethods;
        this.checkedClasses = checkedClasses;
    }

    /** Whether everything checked was woven, and everything could be checked. */
    public boolean isClean() {
        return unwovenTraced.isEmpty()
                && unwovenEntryPoints.isEmpty()
                && handlersWithoutEntryPoints.isEmpty()
                && unchecked.isEmpty();
    }

    /** {@code @Traced} methods without the {@code @Traced} aspect, as {@code a.B#c(int)}; sorted. */
    public SortedSet<String> unwovenTracedMethods() {
        return unwovenTraced;
    }

    /** Entry points of {@code @FcHandler} classes without the entry aspect, as {@code a.B#handleRequest(...)}. */
    public SortedSet<String> unwovenEntryPoints() {
        return unwovenEntryPoints;
    }

    /** {@code @FcHandler} classes that declare no FC entry point themselves, so that nothing is wrapped. */
    public SortedSet<String> handlersWithoutEntryPoints() {
        return handlersWithoutEntryPoints;
    }

    /**
     * Index entries that could not be checked, each with the reason in parentheses: a class that does not load, a
     * method the index names that the class does not declare with {@code @Traced}.
     */
    public SortedSet<String> unchecked() {
        return unchecked;
    }

    /** {@code @Traced} methods and entry points checked. */
    public int checkedMethods() {
        return checkedMethods;
    }

    /** Classes checked. */
    public int checkedClasses() {
        return checkedClasses;
    }

    /** {@link #explanation(int)} naming every problem. */
    public String explanation() {
        return explanation(Integer.MAX_VALUE);
    }

    /**
     * One line saying what is not woven and what to do, naming at most {@code maxNames} methods or classes in all
     * (at least one per kind of problem found), for example {@code 2 @Traced methods are not woven: a.B#c(),
     * a.B#d(int) — check that aspectj-maven-plugin lists tracing-aspects under aspectLibraries ...}. Empty when
     * {@link #isClean()}.
     */
    public String explanation(int maxNames) {
        if (isClean()) {
            return "";
        }
        List<Part> parts = new ArrayList<>();
        if (!unwovenEntryPoints.isEmpty()) {
            parts.add(new Part(
                    unwovenEntryPoints,
                    "@FcHandler entry point is not woven",
                    "@FcHandler entry points are not woven",
                    null));
        }
        if (!unwovenTraced.isEmpty()) {
            parts.add(new Part(unwovenTraced, "@Traced method is not woven", "@Traced methods are not woven", null));
        }
        if (!parts.isEmpty()) {
            parts.get(parts.size() - 1).hint = WEAVE_HINT;
        }
        if (!handlersWithoutEntryPoints.isEmpty()) {
            parts.add(new Part(
                    handlersWithoutEntryPoints,
                    "@FcHandler class declares no FC entry point",
                    "@FcHandler classes declare no FC entry point",
                    INHERITANCE_HINT));
        }
        if (!unchecked.isEmpty()) {
            parts.add(new Part(
                    unchecked,
                    "indexed class or method could not be checked",
                    "indexed classes or methods could not be checked",
                    STALE_HINT));
        }
        allot(parts, Math.max(maxNames, parts.size()));

        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (out.length() > 0) {
                out.append("; ");
            }
            part.appendTo(out);
            if (part.hint != null) {
                out.append(" \u2014 ").append(part.hint);
            }
        }
        return out.toString();
    }

    /** Gives each part one name, then the rest of the budget in order. */
    private static void allot(List<Part> parts, int budget) {
        int left = budget;
        for (Part part : parts) {
            part.shown = 1;
            left--;
        }
        for (Part part : parts) {
            int more = Math.min(left, part.names.size() - part.shown);
            part.shown += more;
            left -= more;
        }
    }

    private static final class Part {
        final SortedSet<String> names;
        final String singular;
        final String plural;
        String hint;
        int shown;

        Part(SortedSet<String> names, String singular, String plural, String hint) {
            this.names = names;
            this.singular = singular;
            this.plural = plural;
            this.hint = hint;
        }

        void appendTo(StringBuilder out) {
            out.append(names.size())
                    .append(' ')
                    .append(names.size() == 1 ? singular : plural)
                    .append(": ");
            int n = 0;
            for (String name : names) {
                if (n == shown) {
                    break;
                }
                if (n > 0) {
                    out.append(", ");
                }
                out.append(name);
                n++;
            }
            if (names.size() > shown) {
                out.append(" and ").append(names.size() - shown).append(" more");
            }
        }
    }

    @Override
    public String toString() {
        return isClean()
                ? "WeavingReport{clean: " + checkedMethods + " methods in " + checkedClasses + " classes}"
                : "WeavingReport{" + explanation() + "}";
    }
}
