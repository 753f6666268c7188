package dev.fctracing.internal.log;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The toolkit's own log: {@code java.util.logging} under the logger name {@code dev.fctracing}, created only when the
 * first line is written, so that a healthy cold start never pays for starting the JUL {@code LogManager}.
 *
 * <p>Callers never pass secrets: endpoint URLs go through {@code EndpointMasking} first. As a second line, every
 * message is scrubbed of the exporters' registered secrets ({@link LogSecrets}) before it is logged, so that an
 * exception text quoted in a message (one that names the endpoint) cannot carry a token either.
 */
public final class InternalLog {

    private InternalLog() {}

    /** Holder idiom: the JUL logger (and LogManager) is initialised on first use. */
    private static final class Holder {
        static final Logger LOGGER = Logger.getLogger("dev.fctracing");
    }

    /** Something is wrong and tracing is degraded, but the function keeps working. */
    public static void warn(String message) {
        Holder.LOGGER.log(Level.WARNING, LogSecrets.scrub(message));
    }

    /** Something the user may want to know once (configuration, first binding). */
    public static void info(String message) {
        Holder.LOGGER.log(Level.INFO, LogSecrets.scrub(message));
    }

    /** Detail for debugging; cheap when disabled only after the logger exists, so keep it off hot paths. */
    public static void debug(String message) {
        if (Holder.LOGGER.isLoggable(Level.FINE)) {
            Holder.LOGGER.log(Level.FINE, LogSecrets.scrub(message));
        }
    }
}
