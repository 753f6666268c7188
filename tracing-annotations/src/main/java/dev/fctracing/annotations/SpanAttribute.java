package dev.fctracing.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a parameter of a {@link Traced} method as an attribute of the method's span.
 *
 * <p>{@code String}, {@code boolean}, integral and floating-point values (and arrays of them) keep their type;
 * anything else is recorded as its {@code String.valueOf}, cut to {@code FCTRACING_CAPTURE_MAX_LENGTH} chars (a
 * {@code toString()} that throws skips the attribute). {@code null} records nothing. Only parameters marked with
 * this annotation are read, and only when the call is traced.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SpanAttribute {

    /**
     * Attribute key; empty (the default) means the parameter's name as the compiler recorded it (ajc records source
     * names; with plain javac, compile with {@code -parameters}), else {@code argN}.
     */
    String value() default "";
}
