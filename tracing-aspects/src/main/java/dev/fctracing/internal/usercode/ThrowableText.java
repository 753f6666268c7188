package dev.fctracing.internal.usercode;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The text OpenTelemetry's {@code exception} event carries for one {@link Throwable}: its type, message and a stack
 * trace in {@code printStackTrace} form, each cut to a length limit. Rendering calls only the throwable's own methods
 * ({@code getMessage}, {@code getCause}, {@code getStackTrace}, {@code getSuppressed}), never {@code toString} or
 * {@code hashCode}; a method that throws or returns {@code null} is rendered as such, cycles in the cause chain are
 * cut, and the trace keeps at most {@value #MAX_FRAMES} frames of the throwable itself, {@value #MAX_NESTED_FRAMES}
 * of each cause or suppressed exception and {@value #MAX_NESTED} of those.
 *
 * <p>Whether it is safe to call those methods on the caller's thread is {@link ThrowableRenderer}'s decision.
 */
final class ThrowableText {

    static final int MAX_FRAMES = 64;
    static final int MAX_NESTED_FRAMES = 16;
    static final int MAX_NESTED = 8;

    final String type;
    /** {@code null} when the throwable has no message. */
    final String message;
    /** {@code null} when not rendered (the throwable was rendered before in the same invocation). */
    final String stackTrace;

    ThrowableText(String type, String message, String stackTrace) {
        this.type = type;
        this.message = message;
        this.stackTrace = stackTrace;
    }

    /** Renders {@code t}, each text at most {@code maxLength} chars. Calls {@code t}'s methods: see the class doc. */
    static ThrowableText of(Throwable t, int maxLength) {
        String message = cut(messageOf(t), maxLength);
        Writer out = new Writer(maxLength);
        out.throwable(t, message, "", null, MAX_FRAMES);
        return new ThrowableText(t.getClass().getName(), message, out.toString());
    }

    /** Only the type: for a throwable whose methods may not be called. */
    static ThrowableText typeOnly(Throwable t, String why) {
        return new ThrowableText(t.getClass().getName(), why, null);
    }

    /** The same throwable seen again: its type and message, no second stack trace. */
    ThrowableText withoutStackTrace() {
        return stackTrace == null ? this : new ThrowableText(type, message, null);
    }

    private static String messageOf(Throwable t) {
        try {
            return t.getMessage();
        } catch (Throwable failed) {
            return "(getMessage() threw " + failed.getClass().getName() + ")";
        }
    }

    static String cut(String s, int maxLength) {
        return s == null || s.length() <= maxLength ? s : s.substring(0, maxLength);
    }

    /** Writes the trace, stopping at the length limit. */
    private static final class Writer {
        private final StringBuilder out;
        private final int maxLength;
        private final Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        private int nested;

        Writer(int maxLength) {
            this.maxLength = maxLength;
            this.out = new StringBuilder(Math.min(maxLength, 1024));
        }

        void throwable(Throwable t, String message, String prefix, StackTraceElement[] enclosing, int maxFrames) {
            if (full()) {
                return;
            }
            seen.put(t, Boolean.TRUE);
            append(t.getClass().getName());
            if (message != null) {
                append(": ");
                append(message);
            }
            append("\n");
            StackTraceElement[] frames = framesOf(t);
            int common = enclosing == null ? 0 : commonTail(frames, enclosing);
            int shown = Math.min(frames.length - common, maxFrames);
            for (int i = 0; i < shown && !full(); i++) {
                append(prefix);
                append("\tat ");
                append(String.valueOf(frames[i]));
                append("\n");
            }
            int hidden = frames.length - shown;
            if (hidden > 0) {
                append(prefix);
                append("\t... ");
                append(Integer.toString(hidden));
                append(" more\n");
            }
            for (Throwable suppressed : suppressedOf(t)) {
                nestedThrowable(suppressed, prefix + "\t", "Suppressed: ", frames);
            }
            nestedThrowable(causeOf(t), prefix, "Caused by: ", frames);
        }

        private void nestedThrowable(Throwable t, String prefix, String caption, StackTraceElement[] enclosing) {
            if (t == null || full()) {
                return;
            }
            if (seen.containsKey(t)) {
                append(prefix);
                append(caption);
                append("[CIRCULAR REFERENCE: ");
                append(t.getClass().getName());
                append("]\n");
                return;
            }
            if (++nested > MAX_NESTED) {
                append(prefix);
                append(caption);
                append("... (more causes not shown)\n");
                return;
            }
            append(prefix);
            append(caption);
            throwable(t, cut(messageOf(t), maxLength), prefix, enclosing, MAX_NESTED_FRAMES);
        }

        private static StackTraceElement[] framesOf(Throwable t) {
            try {
                StackTraceElement[] frames = t.getStackTrace();
                return frames == null ? new StackTraceElement[0] : frames;
            } catch (Throwable failed) {
                return new StackTraceElement[0];
            }
        }

        private static Throwable causeOf(Throwable t) {
            try {
                return t.getCause();
            } catch (Throwable failed) {
                return null;
            }
        }

        private static Throwable[] suppressedOf(Throwable t) {
            try {
                return t.getSuppressed();
            } catch (Throwable failed) {
                return new Throwable[0];
            }
        }

        private static int commonTail(StackTraceElement[] frames, StackTraceElement[] enclosing) {
            int m = frames.length - 1;
            int n = enclosing.length - 1;
            int common = 0;
            while (m >= 0 && n >= 0 && frames[m] != null && frames[m].equals(enclosing[n])) {
                m--;
                n--;
                common++;
            }
            return common;
        }

        private boolean full() {
            return out.length() >= maxLength;
        }

        private void append(String s) {
            int room = maxLength - out.length();
            if (room <= 0) {
                return;
            }
            out.append(s, 0, Math.min(room, s.length()));
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
