package dev.fctracing.internal.config;

/** Reads environment variables, letting a system property of the lower-case dotted name win. */
enum SystemEnvironment implements Environment {
    INSTANCE;

    @Override
    public String get(String name) {
        String property =
                System.getProperty(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        return property != null ? property : System.getenv(name);
    }
}
