package dev.fctracing.internal.log;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A {@code java.util.logging} filter on the few loggers that see the exporters' requests and are not the toolkit's:
 * it masks the {@linkplain LogSecrets registered secrets} in every record before anything else sees it, drops the
 * records that repeat an export failure the toolkit has already reported, then asks the filter that was there before
 * (the function's own, if any).
 *
 * <p>The JDK's HTTP client logs request lines (the endpoint's path, so FC's token) and request headers (OTLP
 * credentials) at FINE through the JUL logger {@value #JDK_HTTP_LOGGER}, on JDK 8 and on later JDKs alike (there
 * the JDK's platform logger resolves to the JUL logger of the same name). A DEBUG-level logging bridge turns that on.
 *
 * <p>Installed by the exporters' sending threads before each request, so it is in place before the JDK can log
 * anything about it; by then OpenTelemetry's SDK has started JUL's {@code LogManager} (its classes hold static JUL
 * loggers), so installing it starts nothing. Levels and handlers are left as they are. The loggers are held
 * strongly (JUL holds them weakly, and a collected logger would come back without the filter); a filter survives
 * {@code LogManager.reset()} and {@code readConfiguration()}. Should the function set a filter of its own later, the
 * next request wraps it again.
 */
public final class SecretLogFilter implements Filter {

    /** The JDK's {@code HttpURLConnection} logger (both exporters send with {@code HttpURLConnection}). */
    public static final String JDK_HTTP_LOGGER = "sun.net.www.protocol.http.HttpURLConnection";
    /**
     * OpenTelemetry's OTLP/HTTP exporter logs each failed export, which the OTLP sender has reported already: its
     * logger in 1.65 ({@code exporter-otlp}) and the name it had before ({@code exporter-common}).
     */
    public static final String[] OTEL_HTTP_EXPORTER_LOGGERS = {
        "io.opentelemetry.exporter.otlp.internal.HttpExporter", "io.opentelemetry.exporter.internal.http.HttpExporter"
    };

    /** How deep causes and suppressed exceptions are followed. */
    private static final int MAX_DEPTH = 16;

    private static final Map<String, Logger> GUARDED = new ConcurrentHashMap<>();

    private final Filter next;

    private SecretLogFilter(Filter next) {
        this.next = next;
    }

    /** Puts the filter on logger {@code name} unless it is there already. Cheap when it is; never throws. */
    public static void protect(String name) {
        try {
            Logger logger = GUARDED.get(name);
            if (logger == null) {
                logger = Logger.getLogger(name);
                GUARDED.put(name, logger);
            }
            if (logger.getFilter() instanceof SecretLogFilter) {
                return;
            }
            synchronized (SecretLogFilter.class) {
                Filter current = logger.getFilter();
                if (!(current instanceof SecretLogFilter)) {
                    logger.setFilter(new SecretLogFilter(current));
                }
            }
        } catch (RuntimeException e) {
            // A security manager that denies LoggingPermission("control"): nothing this toolkit may do about it.
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        try {
            if (record.getThrown() instanceof ReportedExportFailure) {
                return false;
            }
            scrub(record);
        } catch (RuntimeException e) {
            return false; // when the record cannot be checked, it is not let through
        }
        return next == null || next.isLoggable(record);
    }

    /**
     * Masks the registered secrets in {@code record} in place: its message, its parameters (as their strings) and its
     * thrown exception (replaced, when any message in its chain holds a secret, by a {@link ScrubbedThrowable} copy).
     */
    static void scrub(LogRecord record) {
        if (LogSecrets.none()) {
            return;
        }
        String message = record.getMessage();
        String scrubbed = LogSecrets.scrub(message);
        if (scrubbed != message) {
            record.setMessage(scrubbed);
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            Object[] copy = null;
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p == null || p instanceof Number || p instanceof Boolean) {
                    continue;
                }
                String text = String.valueOf(p);
                String clean = LogSecrets.scrub(text);
                if (clean != text) {
                    copy = copy == null ? parameters.clone() : copy;
                    copy[i] = clean;
                }
            }
            if (copy != null) {
                record.setParameters(copy);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && holdsSecret(thrown, 0, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            record.setThrown(copy(thrown, 0));
        }
    }

    private static boolean holdsSecret(Throwable t, int depth, Set<Throwable> seen) {
        if (t == null || depth > MAX_DEPTH || !seen.add(t)) {
            return false;
        }
        String text = t.toString();
        if (LogSecrets.scrub(text) != text) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (holdsSecret(suppressed, depth + 1, seen)) {
                return true;
            }
        }
        return holdsSecret(t.getCause(), depth + 1, seen);
    }

    /** A copy of {@code t} (and its causes and suppressed exceptions) whose texts are scrubbed; same stack traces. */
    private static Throwable copy(Throwable t, int depth) {
        ScrubbedThrowable copy = new ScrubbedThrowable(LogSecrets.scrub(t.toString()), t.getStackTrace());
        if (depth < MAX_DEPTH) {
            Throwable cause = t.getCause();
            if (cause != null && cause != t) {
                copy.initCause(copy(cause, depth + 1));
            }
            for (Throwable suppressed : t.getSuppressed()) {
                copy.addSuppressed(copy(suppressed, depth + 1));
            }
        }
        return copy;
    }

    /**
     * Stands in for an exception whose message held a secret: prints as the original did ({@code type: message}),
     * with the secret masked, the original's stack trace, and likewise scrubbed causes and suppressed exceptions.
     */
    static final class ScrubbedThrowable extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String text;

        ScrubbedThrowable(String text, StackTraceElement[] stack) {
            super(text);
            this.text = text;
            setStackTrace(stack);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
