package dev.fctracing.internal.aspect;

/**
 * Rethrows a caught {@link Throwable} unchanged (same object, checked or not) from advice whose signature cannot
 * declare it.
 */
public final class Rethrow {

    private Rethrow() {}

    /**
     * Throws {@code t}. Declared to return an exception so that call sites can write {@code throw Rethrow.sneaky(t)}
     * and the compiler sees the branch end.
     */
    public static RuntimeException sneaky(Throwable t) {
        throw Rethrow.<RuntimeException>uncheckedCast(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T uncheckedCast(Throwable t) throws T {
        throw (T) t;
    }
}
