package dev.fctracing.internal.correlation;

import dev.fctracing.internal.log.InternalLog;

/**
 * Trace ids in the function's log lines, for the logging libraries the function has (detected once, nothing forced
 * on a function that has none): Logback through {@link LogbackTraceIds}, installed here when tracing starts; Log4j 2
 * through {@link Log4j2TraceIds}, which Log4j loads by itself. {@code FCTRACING_LOG_CORRELATION=false} turns both off.
 */
public final class LogCorrelation {

  private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

  private LogCorrelation() {}

  /** Installs what applies to this function's class path. Never throws. */
  public static void install(ClassLoader loader) {
    try {
      if (present(LOGBACK_CONTEXT, loader) && present("org.slf4j.LoggerFactory", loader)) {
        Logback.install();
      }
    } catch (Throwable cannotInstall) {
      InternalLog.debug("trace ids are not added to Logback's MDC: " + cannotInstall.getClass().getName());
    }
  }

  private static boolean present(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }

  /** Loaded only when Logback is on the class path. */
  private static final class Logback {
    static void install() {
      Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
      if (factory instanceof ch.qos.logback.classic.LoggerContext) {
        LogbackTraceIds.installOn((ch.qos.logback.classic.LoggerContext) factory);
      }
    }
  }
}
