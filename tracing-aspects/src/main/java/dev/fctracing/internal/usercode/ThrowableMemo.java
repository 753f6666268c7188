package dev.fctracing.internal.usercode;

/**
 * What one invocation has already rendered: each distinct {@link Throwable} (by identity) gets its stack trace
 * rendered once; a span that fails with it again (every {@code @Traced} frame an exception passes through) carries
 * its type and message only, the same strings. Holds at most {@value #CAPACITY} throwables; past that, new ones are
 * rendered without a stack trace, so an invocation never holds more than {@value #CAPACITY} rendered traces.
 * Dropped with the invocation. Thread-safe (an invocation's wrapped tasks run on other threads).
 */
public final class ThrowableMemo {

    static final int CAPACITY = 64;

    private final Throwable[] seen = new Throwable[CAPACITY];
    private final ThrowableText[] texts = new ThrowableText[CAPACITY];
    private int size;
    private final RenderBudget budget = RenderBudget.perInvocation();

    /** A memo for one invocation. */
    public static ThrowableMemo forInvocation() {
        return new ThrowableMemo();
    }

    /**
     * The text for {@code t}: rendered (with its stack trace) the first time, its type and message afterwards. {@code
     * null} memo: rendered every time, as for spans outside an invocation.
     */
    static ThrowableText textFor(ThrowableMemo memo, Throwable t, int maxLength) {
        if (memo == null) {
            return ThrowableRenderer.render(t, maxLength, RenderBudget.perInvocation());
        }
        return memo.textFor(t, maxLength);
    }

    private ThrowableText textFor(Throwable t, int maxLength) {
        synchronized (this) {
            for (int i = 0; i < size; i++) {
                if (seen[i] == t) {
                    return texts[i].withoutStackTrace();
                }
            }
        }
        boolean remember;
        synchronized (this) {
            remember = size < CAPACITY;
        }
        ThrowableText text = ThrowableRenderer.render(t, maxLength, budget);
        if (!remember) {
            return text.withoutStackTrace();
        }
        synchronized (this) {
            if (size < CAPACITY) {
                seen[size] = t;
                texts[size] = text;
                size++;
            }
        }
        return text;
    }

    /** The invocation's time budget for user code that renders text (shared with captured values). */
    public RenderBudget budget() {
        return budget;
    }

    /** Forgets everything (the invocation ended): the user's throwables are not kept past it. */
    public void clear() {
        synchronized (this) {
            for (int i = 0; i < size; i++) {
                seen[i] = null;
                texts[i] = null;
            }
            size = 0;
        }
    }
}
