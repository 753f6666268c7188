package dev.fctracing.internal.usercode;

/**
 * Renders a {@link Throwable} for a span's {@code exception} event without letting the user's exception class hurt
 * the function. {@code Throwable}'s own {@code getMessage}, {@code getCause} and {@code getStackTrace} only read
 * fields, so a throwable whose class keeps them (every class the JDK defines, and most user exceptions) is rendered
 * on the calling thread. A class that overrides one of them runs user code that might block, so it is rendered by
 * {@link OffThreadRendering} with a bounded wait; if that gives nothing, the event carries the type only.
 *
 * <p>The check is one reflective look per exception class, cached.
 */
final class ThrowableRenderer {

    private static final ClassValue<Boolean> CALLS_USER_CODE = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return overridesRendering(type);
        }
    };

    private ThrowableRenderer() {}

    /**
     * Renders {@code t} with texts of at most {@code maxLength} chars, waiting at most {@code budget}'s remaining time
     * for code of the throwable's class. Never throws.
     */
    static ThrowableText render(final Throwable t, final int maxLength, RenderBudget budget) {
        try {
            if (!callsUserCode(t)) {
                return ThrowableText.of(t, maxLength);
            }
            Object text = OffThreadRendering.run(new RenderJob(t, maxLength), budget);
            return text instanceof ThrowableText
                    ? (ThrowableText) text
                    : ThrowableText.typeOnly(t, "(message not read: its class's code did not answer in time)");
        } catch (Throwable failed) {
            return ThrowableText.typeOnly(t, null);
        }
    }

    /** Renders one throwable on the helper thread. */
    private static final class RenderJob extends OffThreadRendering.Job {
        private final Throwable throwable;
        private final int maxLength;

        RenderJob(Throwable throwable, int maxLength) {
            this.throwable = throwable;
            this.maxLength = maxLength;
        }

        @Override
        Object compute() {
            return ThrowableText.of(throwable, maxLength);
        }
    }

    /**
     * Whether rendering {@code t} would run a method some class in its chain overrides: {@code t}, its causes and its
     * suppressed exceptions, as far as rendering goes ({@link ThrowableText#MAX_NESTED}). Only methods of trusted
     * classes are called while looking.
     */
    static boolean callsUserCode(Throwable t) {
        return callsUserCode(t, 0);
    }

    private static boolean callsUserCode(Throwable t, int depth) {
        for (Throwable current = t; current != null; current = current.getCause()) {
            if (depth++ > ThrowableText.MAX_NESTED || CALLS_USER_CODE.get(current.getClass())) {
                return true; // too deep to look further is treated as untrusted: the helper thread renders it
            }
            for (Throwable suppressed : current.getSuppressed()) {
                if (callsUserCode(suppressed, depth)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Classes the JDK defines are trusted; any other class is, unless it overrides a method rendering calls. */
    private static boolean overridesRendering(Class<?> type) {
        if (type.getClassLoader() == null) {
            return false;
        }
        try {
            return type.getMethod("getMessage").getDeclaringClass() != Throwable.class
                    || type.getMethod("getLocalizedMessage").getDeclaringClass() != Throwable.class
                    || type.getMethod("getCause").getDeclaringClass() != Throwable.class
                    || type.getMethod("getStackTrace").getDeclaringClass() != Throwable.class;
        } catch (Throwable cannotTell) {
            return true;
        }
    }
}
