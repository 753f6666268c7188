package dev.fctracing.internal.sdk;

import dev.fctracing.internal.export.Route;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span in {@link InvocationSpanProcessor}'s queue whose route is not the first one. The queue holds a bare
 * {@link SpanData} for spans of the first route (the usual case: one endpoint per instance) and this pair otherwise,
 * so that the usual case allocates nothing more.
 */
final class RoutedSpan {
    final SpanData data;
    final Route route;

    RoutedSpan(SpanData data, Route route) {
        this.data = data;
        this.route = route;
    }

    /** The data of a queued element: a {@link SpanData} or a {@link RoutedSpan}. */
    static SpanData dataOf(Object queued) {
        return queued instanceof RoutedSpan ? ((RoutedSpan) queued).data : (SpanData) queued;
    }

    /** The batch's spans per route, in order; one entry when all are of {@code first} (the usual case). */
    static Map<Route, List<SpanData>> byRoute(List<Object> batch, Route first) {
        Map<Route, List<SpanData>> groups = new LinkedHashMap<>(2);
        for (Object span : batch) {
            Route route = span instanceof RoutedSpan ? ((RoutedSpan) span).route : first;
            List<SpanData> group = groups.get(route);
            if (group == null) {
                group = new ArrayList<>(batch.size());
                groups.put(route, group);
            }
            group.add(dataOf(span));
        }
        return groups;
    }
}
