package dev.fctracing.internal.context;

import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.usercode.ThrowableMemo;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * What one traced invocation carries in its OpenTelemetry {@link Context}, under one key so that the contexts of its
 * {@code @Traced} calls stay small: the fact that an invocation is current (a nested entry point is not traced
 * twice), the route its spans take to their collector, and the exceptions its spans have rendered. Reaches every thread the context is propagated to.
 */
public final class InvocationState {

    private static final ContextKey<InvocationState> KEY = ContextKey.named("dev.fctracing.invocation");

    private final ThrowableMemo throwables = ThrowableMemo.forInvocation();
    private final Route route;

    /** @param route where the invocation's spans go */
    public InvocationState(Route route) {
        this.route = route;
    }

    /** The state of the invocation {@code context} belongs to, or {@code null} outside an invocation. */
    public static InvocationState of(Context context) {
        return context.get(KEY);
    }

    /** {@code context} with this state. */
    public Context storeIn(Context context) {
        return context.with(KEY, this);
    }

    /** Where the invocation's spans go. */
    public Route route() {
        return route;
    }

    /** The exceptions rendered so far in this invocation. */
    public ThrowableMemo throwables() {
        return throwables;
    }

    /** The invocation ended: drop what it held of the user's objects. */
    public void end() {
        throwables.clear();
    }
}
