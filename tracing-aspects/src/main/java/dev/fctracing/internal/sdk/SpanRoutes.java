package dev.fctracing.internal.sdk;

import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.export.Route;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which {@link Route} each span takes: the route of the invocation in whose context it started (a span started
 * outside any invocation takes the route bound last before it started).
 *
 * <p>An instance normally sees one endpoint, and then nothing is recorded per span: every span takes the first route
 * bound. Only once a second route is bound does it record each span's route when the span starts (a weak,
 * synchronised map, so that a span never ended costs nothing once it is garbage), and look it up when the span ends;
 * a span started before that took the first route. Spans are never sent along another invocation's route.
 */
final class SpanRoutes {

    /** The first route bound; the route of every span while {@link #mixed} is false. */
    private volatile Route first;
    /** The route bound last, for spans started outside an invocation. */
    private volatile Route latest;
    /** Whether a second route was bound: from then on, spans' routes are recorded. */
    private volatile boolean mixed;

    private final Map<ReadableSpan, Route> started =
            Collections.synchronizedMap(new WeakHashMap<ReadableSpan, Route>());

    /** An invocation was bound to {@code route}; call before it starts any span. */
    void bound(Route route) {
        latest = route;
        Route sole = first;
        if (sole == null) {
            synchronized (this) {
                if (first == null) {
                    first = route;
                    return;
                }
                sole = first;
            }
        }
        if (route != sole && !mixed) {
            mixed = true;
        }
    }

    /** Whether spans' starts must be seen ({@link #onStart}). */
    boolean recording() {
        return mixed;
    }

    void onStart(Context parent, ReadableSpan span) {
        if (!mixed) {
            return;
        }
        InvocationState invocation = InvocationState.of(parent);
        Route route = invocation != null && invocation.route() != null ? invocation.route() : latest;
        if (route != null) {
            started.put(span, route);
        }
    }

    /** The route of {@code span}, which is ending; {@code null} means the first route ({@link #first()}). */
    Route onEnd(ReadableSpan span) {
        if (!mixed) {
            return null;
        }
        Route route = started.remove(span);
        return route == first ? null : route;
    }

    /** The route of spans for which {@link #onEnd} said {@code null}. */
    Route first() {
        Route sole = first;
        return sole != null ? sole : Route.NONE;
    }
}
