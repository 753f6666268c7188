package dev.fctracing.bench.process.target;

/**
 * The realistic workload's business exception: a checked exception class of the function's own (so fc-tracing does
 * not trust it as it trusts the JDK's, and checks once whether it overrides {@code getMessage()} and the like).
 */
public class InvalidOrderException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidOrderException(String message) {
        super(message);
    }
}
