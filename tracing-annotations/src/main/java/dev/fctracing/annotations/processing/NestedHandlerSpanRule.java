package dev.fctracing.annotations.processing;

import java.util.Collections;
import java.util.List;

/**
 * Warning: {@code @Traced} on an FC entry point ({@link FcTypes#isEntryPoint}) declared in an {@code @FcHandler}
 * class. The handler aspect already wraps that method in the handler span, so {@code @Traced} adds a second span
 * nested inside it, with the same extent.
 */
final class NestedHandlerSpanRule implements TracedMethodRule {

    @Override
    public List<Finding> check(TracedElement traced) {
        if (!HandlerClassRule.isAnnotated(traced.owner)
                || !FcTypes.isEntryPoint(traced.method, traced.environment.types)) {
            return Collections.emptyList();
        }
        return Collections.singletonList(Finding.warning(
                traced.method,
                traced.where()
                        + "this FC entry point of an @FcHandler class is already traced as the handler span;"
                        + " @Traced here makes a second, nested span — remove @Traced"));
    }
}
