package dev.fctracing.internal.config;

import java.util.Map;

/**
 * Stand-in for tracing-aspects' {@code Environment}, with the same static factories, which the kit calls by name
 * (tracing-aspects cannot be on this module's test class path: it depends on this module). The kit against the real
 * one is tested in tracing-aspects.
 */
public interface Environment {

    String get(String name);

    static Environment system() {
        return SYSTEM;
    }

    static Environment of(Map<String, String> values) {
        return new Environment() {
            @Override
            public String get(String name) {
                return values.get(name);
            }

            @Override
            public String toString() {
                return "Environment.of" + values;
            }
        };
    }

    Environment SYSTEM = new Environment() {
        @Override
        public String get(String name) {
            return System.getenv(name);
        }

        @Override
        public String toString() {
            return "Environment.system()";
        }
    };
}
