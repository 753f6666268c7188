package dev.fctracing.internal.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function with neither Logback nor Log4j 2: the toolkit's classes and OpenTelemetry's API alone in a class
 * loader of their own. Turning correlation on costs one failed lookup of Logback's {@code LoggerContext}; no class of
 * Logback, SLF4J or Log4j is loaded, nor the filter that would need them, and nothing throws.
 */
class LogCorrelationWithoutLibrariesTest {

    /** Records every class it is asked for. */
    static final class RecordingLoader extends URLClassLoader {
        final List<String> requested = Collections.synchronizedList(new ArrayList<>());

        RecordingLoader(URL... urls) {
            super(urls, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    private static URL codeOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void noLoggingLibraryIsLoadedAndNothingThrows() throws Exception {
        try (RecordingLoader loader =
                new RecordingLoader(codeOf(LogCorrelation.class), codeOf(Span.class), codeOf(Context.class))) {
            Class<?> correlation = Class.forName(LogCorrelation.class.getName(), true, loader);
            correlation.getMethod("start", boolean.class).invoke(null, true);
            correlation.getMethod("scopeClosed").invoke(null);

            assertThat(correlation.getMethod("enabled").invoke(null)).isEqualTo(true);
            List<String> logging = new ArrayList<>();
            for (String name : new ArrayList<>(loader.requested)) {
                if (name.startsWith("ch.qos.logback.")
                        || name.startsWith("org.slf4j.")
                        || name.startsWith("org.apache.logging.")
                        || name.endsWith("LogbackTraceIds")
                        || name.endsWith("Log4j2TraceIds")) {
                    logging.add(name);
                }
            }
            assertThat(logging).containsExactly("ch.qos.logback.classic.LoggerContext");
            assertThat(loader.loaded("ch.qos.logback.classic.LoggerContext")).isFalse();
        }
    }
}
