package dev.fctracing.internal.traced;

import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.trace.SpanKind;
import java.lang.reflect.Method;

/**
 * What a {@code @Traced} method's spans look like — name and kind — worked out once per method from its
 * annotation.
 */
final class TracedMethod {

  final String spanName;
  final SpanKind kind;

  TracedMethod(String spanName, SpanKind kind) {
    this.spanName = spanName;
    this.kind = kind;
  }

  /** Reads {@code method}'s {@code @Traced}; a method without one (cannot happen when woven) gets the defaults. */
  static TracedMethod of(Method method) {
    Traced traced = method.getAnnotation(Traced.class);
    String name = traced == null ? "" : traced.value().trim();
    if (name.isEmpty()) {
      name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
    return new TracedMethod(name, traced == null ? SpanKind.INTERNAL : kindOf(traced.kind()));
  }

  static SpanKind kindOf(Traced.Kind kind) {
    switch (kind) {
      case SERVER:
        return SpanKind.SERVER;
      case CLIENT:
        return SpanKind.CLIENT;
      case PRODUCER:
        return SpanKind.PRODUCER;
      case CONSUMER:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }
}
