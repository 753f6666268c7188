/**
 * Whether fc-tracing's aspects were actually woven: {@link dev.fctracing.annotations.weaving.WeavingDetector}
 * recognises, by reflection, the marks ajc leaves in a class whose methods it wove;
 * {@link dev.fctracing.annotations.weaving.WeavingCheck} compares the weaving index (or given classes) with those
 * marks; {@link dev.fctracing.annotations.weaving.WeavingReport} holds the result and the explanation.
 *
 * <p>Used by {@code tracing-aspects} (the one-time self-check on a function's first invocation) and by
 * {@code tracing-testing} ({@code WeavingAssertions}). It lives here because both depend on this module and this
 * module depends on nothing: plain reflection, no AspectJ, the aspects named as strings.
 */
package dev.fctracing.annotations.weaving;
