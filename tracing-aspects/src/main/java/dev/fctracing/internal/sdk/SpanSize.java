package dev.fctracing.internal.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A rough estimate of the heap an ended span holds until it is exported, for the cap on memory held by spans waiting
 * for export: fixed overheads plus two bytes per char of every string. Not exact, and need not be: it bounds what a
 * flood of large attributes or events can hold, proportionally. A span without attributes or events costs no work
 * beyond its name.
 */
final class SpanSize {

    /** The span data, its context and ids, status, resource and scope references. */
    static final long SPAN_OVERHEAD = 320;

    static final long EVENT_OVERHEAD = 64;
    static final long LINK_OVERHEAD = 128;
    static final long ATTRIBUTE_OVERHEAD = 48;
    static final long STRING_OVERHEAD = 40;

    private SpanSize() {}

    static long estimate(SpanData span) {
        long bytes = SPAN_OVERHEAD + chars(span.getName());
        bytes += attributes(span.getAttributes());
        List<EventData> events = span.getEvents();
        for (int i = 0; i < events.size(); i++) {
            EventData event = events.get(i);
            bytes += EVENT_OVERHEAD + chars(event.getName()) + attributes(event.getAttributes());
        }
        List<LinkData> links = span.getLinks();
        for (int i = 0; i < links.size(); i++) {
            bytes += LINK_OVERHEAD + attributes(links.get(i).getAttributes());
        }
        return bytes;
    }

    private static long attributes(Attributes attributes) {
        if (attributes.isEmpty()) {
            return 0;
        }
        Sum sum = new Sum();
        attributes.forEach(sum);
        return sum.bytes;
    }

    private static long chars(String s) {
        return s == null ? 0 : STRING_OVERHEAD + 2L * s.length();
    }

    private static final class Sum implements BiConsumer<AttributeKey<?>, Object> {
        long bytes;

        @Override
        public void accept(AttributeKey<?> key, Object value) {
            bytes += ATTRIBUTE_OVERHEAD + chars(key.getKey()) + valueBytes(value);
        }

        private static long valueBytes(Object value) {
            if (value instanceof String) {
                return chars((String) value);
            }
            if (value instanceof List) {
                long total = 16;
                for (Object element : (List<?>) value) {
                    total += element instanceof String ? chars((String) element) : 16;
                }
                return total;
            }
            return 16;
        }
    }
}
