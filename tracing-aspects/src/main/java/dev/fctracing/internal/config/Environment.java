package dev.fctracing.internal.config;

import java.util.Map;

/**
 * Where configuration comes from: a system property wins over an environment variable. Behind an interface so tests
 * can vary the environment without touching the process's.
 */
public interface Environment {

    /** The raw value of {@code name}, or {@code null} when it is not set. */
    String get(String name);

    /** The process's environment variables and system properties. */
    static Environment system() {
        return SystemEnvironment.INSTANCE;
    }

    /** A fixed map, for tests. */
    static Environment of(Map<String, String> values) {
        return values::get;
    }
}
