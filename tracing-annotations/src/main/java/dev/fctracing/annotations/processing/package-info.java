/**
 * Compile-time checks for {@code @Traced} and {@code @FcHandler}, and the weaving index.
 *
 * <p>{@link dev.fctracing.annotations.processing.TracingAnnotationProcessor} turns misuse of the annotations into
 * compile errors and warnings attached to the offending element, and writes
 * {@value dev.fctracing.annotations.weaving.WeavingIndex#RESOURCE} into the class output;
 * {@link dev.fctracing.annotations.weaving.WeavingIndex} reads every such index on a class path back. Only the
 * JDK's {@code javax.annotation.processing} and {@code javax.lang.model} are used, so the processor adds no
 * dependency to a function.
 *
 * <p>javac runs the processor from the class path by itself up to JDK 22 (JDK 21 and 22 print a note saying so).
 * From JDK 23 on it must be asked to: with maven-compiler-plugin 3.13.0 or later, set
 * {@code <proc>full</proc>}, or list {@code tracing-annotations} under {@code <annotationProcessorPaths>};
 * with plain javac, pass {@code -proc:full} (JDK 21+, and back-ported to later updates of older JDKs, such as
 * 17.0.15) or {@code -processorpath}. ajc (aspectj-maven-plugin) runs it only when named with
 * {@code -processor dev.fctracing.annotations.processing.TracingAnnotationProcessor}, and there judges accessors
 * by name alone.
 */
package dev.fctracing.annotations.processing;
