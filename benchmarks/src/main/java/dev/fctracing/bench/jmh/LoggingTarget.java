package dev.fctracing.bench.jmh;

import dev.fctracing.annotations.Traced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log correlation's benchmark target, woven like {@link TracedTarget}: a {@code @Traced} method that logs one line
 * through SLF4J (Logback), the same method un-annotated, and a {@code @Traced} method that does not log.
 */
public class LoggingTarget {

    /** The logger {@link LogCorrelationBenchmark} writes through its pattern layout. */
    public static final String LOGGER = "bench.correlation";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Traced("bench.logging")
    public long tracedLogging(long x) {
        LOG.info("order {} stored", x);
        return x + 1;
    }

    public long plainLogging(long x) {
        LOG.info("order {} stored", x);
        return x + 1;
    }

    @Traced("bench.quiet")
    public long tracedQuiet(long x) {
        return x * 0x9E3779B97F4A7C15L + 1;
    }

    /** A debug line: below the logger's INFO level, so not logged. */
    public long plainDebug(long x) {
        LOG.debug("order {} looked up", x);
        return x + 1;
    }
}
