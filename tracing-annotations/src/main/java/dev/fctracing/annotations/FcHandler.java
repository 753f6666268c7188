package dev.fctracing.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Function Compute handler class whose entry points are traced.
 *
 * <p>Around {@code handleRequest} (of {@code StreamRequestHandler}, {@code PojoRequestHandler} or
 * {@code HttpRequestHandler}), {@code initialize}, {@code preFreeze} and {@code preStop} declared in the annotated
 * class, the woven code reads the invocation's {@code Context.getTracing()}, starts a handler span as a child of
 * FC's own span for the request, makes it current for the duration of the call, and exports every span the
 * invocation finished before the call returns (FC may freeze the instance right after). {@code preStop} also shuts
 * tracing down. The annotation is not inherited: put it on the class that declares the entry methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FcHandler {}
