package dev.fctracing.internal.export;

import dev.fctracing.internal.log.EndpointMasking;
import dev.fctracing.internal.log.InternalLog;
import java.util.HashMap;
import java.util.Map;

/**
 * The routes of one instance ({@link Route}), one per distinct endpoint FC passed, kept for the instance's life: an
 * invocation's endpoint is looked up, not parsed again. An endpoint that is not acceptable is refused with one
 * masked warning per distinct value. At most {@value #MAX_ROUTES} routes (an FC instance sees one endpoint; more than
 * a few means something is wrong): past that, new endpoints are refused and said so once.
 */
public final class Routes {

    static final int MAX_ROUTES = 16;
    private static final int MAX_REMEMBERED_REFUSALS = 16;

    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, Boolean> refused = new HashMap<>();
    private volatile Route last;
    private boolean fullLogged;

    /**
     * The route to FC's endpoint {@code url}, or {@code null} if it is refused (logged once per distinct value). Cheap
     * when {@code url} is the endpoint of the previous call, as every invocation of an instance normally passes.
     */
    public Route to(String url) {
        Route previous = last;
        if (previous != null && previous.url().equals(url)) {
            return previous;
        }
        synchronized (this) {
            Route known = routes.get(url);
            if (known != null) {
                last = known;
                return known;
            }
            if (refused.containsKey(url)) {
                return null;
            }
            String problem = Route.problem(url);
            Route route = problem == null ? Route.to(url) : null;
            if (route == null) {
                refuse(url, problem != null ? problem : "endpoint is not a valid URL");
                return null;
            }
            if (routes.size() >= MAX_ROUTES) {
                if (!fullLogged) {
                    fullLogged = true;
                    InternalLog.warn("fc-tracing: this instance was passed more than " + MAX_ROUTES
                            + " different Jaeger" + " endpoints; spans of invocations with a new one are not exported");
                }
                return null;
            }
            routes.put(url, route);
            last = route;
            return route;
        }
    }

    private void refuse(String url, String problem) {
        if (refused.size() >= MAX_REMEMBERED_REFUSALS) {
            refused.clear();
        }
        refused.put(url, Boolean.TRUE);
        InternalLog.warn("fc-tracing: Jaeger endpoint " + EndpointMasking.mask(url) + " refused: " + problem
                + "; spans will not be exported to it");
    }
}
