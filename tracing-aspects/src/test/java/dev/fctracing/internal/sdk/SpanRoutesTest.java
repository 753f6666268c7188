package dev.fctracing.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.context.InvocationState;
import dev.fctracing.internal.export.Route;
import dev.fctracing.internal.export.Routes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpanRoutes}: with one route bound nothing is recorded per span and every span takes it; once a second route
 * is bound, each span takes the route of the invocation it started in (or the route bound last, outside any
 * invocation), and spans started before that keep the first route.
 */
class SpanRoutesTest {

    private final Routes routes = new Routes();
    private final Route a = routes.to("http://a.example/api/traces");
    private final Route b = routes.to("http://b.example/api/traces");
    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final SpanRoutes spanRoutes = new SpanRoutes();

    @AfterEach
    void close() {
        provider.close();
    }

    /** A span started (and recorded as started) in {@code parent}. */
    private ReadableSpan started(Context parent) {
        ReadableSpan span = (ReadableSpan)
                provider.get("t").spanBuilder("s").setParent(parent).startSpan();
        spanRoutes.onStart(parent, span);
        return span;
    }

    private static Context in(Route route) {
        return new InvocationState(route).storeIn(Context.root());
    }

    /** The route {@code span} is exported along, as the processor resolves it when the span ends. */
    private Route routeOf(ReadableSpan span) {
        Route route = spanRoutes.onEnd(span);
        return route == null ? spanRoutes.first() : route;
    }

    @Test
    void beforeAnyRouteIsBoundSpansTakeTheNoneRoute() {
        assertThat(spanRoutes.first()).isSameAs(Route.NONE);
        assertThat(spanRoutes.recording()).isFalse();
    }

    @Test
    void withOneRouteEverySpanTakesItAndNothingIsRecorded() {
        spanRoutes.bound(a);
        spanRoutes.bound(a);

        ReadableSpan inInvocation = started(in(a));
        ReadableSpan outside = started(Context.root());

        assertThat(spanRoutes.recording()).isFalse();
        assertThat(spanRoutes.onEnd(inInvocation)).as("null: the first route").isNull();
        assertThat(spanRoutes.onEnd(outside)).isNull();
        assertThat(spanRoutes.first()).isSameAs(a);
    }

    @Test
    void onceASecondRouteIsBoundEachSpanTakesItsInvocationsRoute() {
        spanRoutes.bound(a);
        spanRoutes.bound(b);
        assertThat(spanRoutes.recording()).isTrue();

        ReadableSpan ofA = started(in(a));
        ReadableSpan ofB = started(in(b));
        spanRoutes.bound(a); // a later invocation of A: no effect on spans already started
        ReadableSpan ofB2 = started(in(b));

        assertThat(routeOf(ofA)).isSameAs(a);
        assertThat(routeOf(ofB)).isSameAs(b);
        assertThat(routeOf(ofB2)).isSameAs(b);
        assertThat(spanRoutes.first()).isSameAs(a);
    }

    @Test
    void inMixedModeASpanOutsideAnyInvocationTakesTheRouteBoundLast() {
        spanRoutes.bound(a);
        spanRoutes.bound(b);
        ReadableSpan afterB = started(Context.root());
        spanRoutes.bound(a);
        ReadableSpan afterA = started(Context.root());
        spanRoutes.bound(b);
        ReadableSpan stateWithoutRoute = started(in(null));

        assertThat(routeOf(afterB)).isSameAs(b);
        assertThat(routeOf(afterA)).isSameAs(a);
        assertThat(routeOf(stateWithoutRoute)).isSameAs(b);
    }

    @Test
    void spansStartedBeforeTheSecondRouteKeepTheFirst() {
        spanRoutes.bound(a);
        ReadableSpan early = started(in(a));
        ReadableSpan earlyOutside = started(Context.root());
        // Cannot happen in a real run (b is not bound yet); shows that nothing was recorded at its start.
        ReadableSpan claimingB = started(in(b));

        spanRoutes.bound(b);

        assertThat(routeOf(early)).isSameAs(a);
        assertThat(routeOf(earlyOutside)).isSameAs(a);
        assertThat(routeOf(claimingB)).isSameAs(a);
    }

    @Test
    void aSpansRouteIsForgottenWhenItEnds() {
        spanRoutes.bound(a);
        spanRoutes.bound(b);
        ReadableSpan ofB = started(in(b));

        assertThat(spanRoutes.onEnd(ofB)).isSameAs(b);
        assertThat(spanRoutes.onEnd(ofB))
                .as("a second end finds nothing recorded")
                .isNull();
    }

    @Test
    void theFirstRouteMayBeTheNoneRoute() {
        spanRoutes.bound(Route.NONE);
        ReadableSpan unrouted = started(in(Route.NONE));
        spanRoutes.bound(a);
        ReadableSpan ofNone = started(in(Route.NONE));
        ReadableSpan ofA = started(in(a));

        assertThat(routeOf(unrouted)).isSameAs(Route.NONE);
        assertThat(routeOf(ofNone)).isSameAs(Route.NONE);
        assertThat(routeOf(ofA)).isSameAs(a);
    }
}
