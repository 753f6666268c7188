package dev.fctracing.annotations.processing;

import java.util.Collections;
import java.util.Map;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** What rules may consult besides the element itself. Immutable; one per processor. */
final class RuleEnvironment {

    final Types types;
    final Elements elements;
    /** Method bodies, where the compiler lets the processor see them. */
    final MethodBodies bodies;

    private final Map<String, String> options;

    RuleEnvironment(Types types, Elements elements, MethodBodies bodies, Map<String, String> options) {
        this.types = types;
        this.elements = elements;
        this.bodies = bodies;
        this.options = Collections.unmodifiableMap(options);
    }

    /**
     * The processor options ({@code -Akey=value}) of this compilation. No current rule reads any; see
     * {@link TracedMethodRule} for the rule that will.
     */
    Map<String, String> options() {
        return options;
    }
}
