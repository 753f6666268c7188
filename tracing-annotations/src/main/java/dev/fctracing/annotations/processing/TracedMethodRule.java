package dev.fctracing.annotations.processing;

import java.util.List;

/**
 * One check of one {@code @Traced} method. {@link TracedMethodRules#STANDARD} lists the rules the processor runs,
 * in order; every rule sees every {@code @Traced} method the processor is shown and returns its findings (empty
 * when the method is fine). Rules keep no state, so each can be tested on its own.
 *
 * <h2>Extension point: parameter-name-based features</h2>
 *
 * <p>A feature that reads parameter <em>names</em> at run time (for example span attributes named after the
 * traced method's parameters) only works when the class was compiled with {@code -parameters}; without it,
 * reflection reports {@code arg0}, {@code arg1}, ... A check for that plugs in here, as one more rule appended to
 * {@link TracedMethodRules#STANDARD}:
 *
 * <ul>
 *   <li>it recognises the feature from the {@code @Traced} mirror ({@link TracedMethod#traced}) or from other
 *       annotations on {@link TracedMethod#method} and its parameters;
 *   <li>it learns whether the build keeps parameter names from {@link RuleEnvironment#options()}: the standard
 *       processing API does not expose javac's own flags, so the build passes a processor option (declared by
 *       overriding {@code getSupportedOptions()} in {@link TracingAnnotationProcessor}); an unset option means
 *       "unknown", and the rule then says nothing rather than guess;
 *   <li>it returns {@link Finding#warning} on the method (or {@link Finding#errorAt} on the offending annotation
 *       value), naming {@code -parameters} ({@code <parameters>true</parameters>} for maven-compiler-plugin and
 *       aspectj-maven-plugin) as the fix.
 * </ul>
 *
 * <p>Alternatively that feature can avoid the flag altogether: the processor sees source parameter names
 * ({@code VariableElement#getSimpleName()}) regardless of {@code -parameters}, so {@link IndexCollector} could
 * record them in the weaving index for the run time to read.
 */
interface TracedMethodRule {

  /** The findings about {@code method}; empty when there is nothing to say. */
  List<Finding> check(TracedMethod method);
}
