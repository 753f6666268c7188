package dev.fctracing.internal.fc;

import io.opentelemetry.api.trace.SpanContext;

/**
 * The immutable outcome of {@link FcSpanContextParser#parse(String)}: either a valid remote {@link SpanContext} (the
 * FC system span our spans become children of), or {@link SpanContext#getInvalid()} plus one short sentence saying
 * what was wrong with the text.
 */
public final class ParsedSpanContext {

    private final SpanContext spanContext;
    private final String problem;

    private ParsedSpanContext(SpanContext spanContext, String problem) {
        this.spanContext = spanContext;
        this.problem = problem;
    }

    static ParsedSpanContext valid(SpanContext spanContext) {
        return new ParsedSpanContext(spanContext, null);
    }

    static ParsedSpanContext invalid(String problem) {
        return new ParsedSpanContext(SpanContext.getInvalid(), problem);
    }

    /** The parsed remote span context, or {@link SpanContext#getInvalid()} when the text was not usable. */
    public SpanContext spanContext() {
        return spanContext;
    }

    /** Whether the text gave a usable span context; when false, {@link #problem()} says why. */
    public boolean isValid() {
        return problem == null;
    }

    /**
     * Null when valid; otherwise one short human sentence naming what was wrong. It is safe to log: any quoted input is
     * capped at 40 characters and control characters are replaced with {@code '?'}.
     */
    public String problem() {
        return problem;
    }

    /** For test failure messages and debugging only. */
    @Override
    public String toString() {
        return problem == null
                ? "ParsedSpanContext{valid, " + spanContext + "}"
                : "ParsedSpanContext{invalid, " + problem + "}";
    }
}
