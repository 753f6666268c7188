package dev.fctracing.internal;

import dev.fctracing.internal.config.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in for tracing-aspects' {@code TestSupport}, with the same signatures, recording what the kit asks of it: the
 * kit's own tests check the calls, tracing-aspects' tests check the effect on the real instance.
 */
public final class TestSupport {

    /** Every call, in order: {@code newInstance <env>} or {@code awaitWeavingCheck <millis>}. */
    public static final List<String> CALLS = new ArrayList<>();
    /** The environment of the current stand-in instance. */
    public static volatile Environment current = Environment.system();
    /** Counts the invocations of the current stand-in instance: a fresh instance starts at 0. */
    public static int invocations;

    private TestSupport() {}

    public static synchronized void newInstance(Environment env) {
        CALLS.add("newInstance " + env);
        current = env;
        invocations = 0;
    }

    public static synchronized void awaitWeavingCheck(long timeoutMillis) throws InterruptedException {
        CALLS.add("awaitWeavingCheck " + timeoutMillis);
    }

    public static synchronized List<String> calls() {
        return new ArrayList<>(CALLS);
    }

    public static synchronized void clear() {
        CALLS.clear();
    }
}
