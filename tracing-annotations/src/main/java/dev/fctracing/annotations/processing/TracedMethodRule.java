package dev.fctracing.annotations.processing;

import java.util.List;

/**
 * One check of one {@code @Traced} method. {@link TracedMethodRules#STANDARD} lists the rules the processor runs,
 * in order; every rule sees every {@code @Traced} method the processor is shown and returns its findings (empty
 * when the method is fine). Rules keep no state, so each can be tested on its own.
 *
 * <p>Parameter names: {@link SpanAttributeRule} checks {@code @SpanAttribute}. Unnamed attributes take the
 * parameter's source name, which ajc records in the woven join point whether or not the code was compiled with
 * {@code -parameters}, so no rule about that flag is needed. A future rule that must know javac's own flags can
 * read a processor option from {@link RuleEnvironment#options()} (declared by overriding
 * {@code getSupportedOptions()} in {@link TracingAnnotationProcessor}).
 */
interface TracedMethodRule {

    /** The findings about {@code method}; empty when there is nothing to say. */
    List<Finding> check(TracedElement method);
}
