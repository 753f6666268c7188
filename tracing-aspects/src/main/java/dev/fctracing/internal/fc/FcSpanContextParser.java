package dev.fctracing.internal.fc;

import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * Parses the Jaeger "uber-trace-id" text that Function Compute hands a function
 * ({@code context.getTracing().getSpanContext()}, or the {@code x-fc-tracing-opentracing-span-context} header) into an
 * OpenTelemetry remote {@link SpanContext}. The span id in that text is FC's own system span for the invocation; the
 * spans this library creates become its children.
 *
 * <p>Accepted shape: {@code traceId:spanId:parentSpanId:flags}, e.g. {@code 124ed43254b54966:124ed43254b54966:0:1}.
 *
 * <ul>
 *   <li>The whole text may be at most 256 characters (checked before anything else) and is trimmed of leading and
 *       trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
 *   <li>When the text contains no {@code ':'}, the separators may be URL-encoded as {@code %3A} or {@code %3a} (an
 *       encoded header value). Only that escape is recognised; any other {@code %} stays and fails as non-hex.
 *   <li>Exactly four non-empty parts. Trace id: 1&ndash;32 hex digits, left-padded with zeros to 32 (so 16- and
 *       32-digit ids are kept exactly, and a short id whose leading zeros were dropped gets them back); not all zeros.
 *       Span id: 1&ndash;16 hex digits, padded to 16; not all zeros. Parent span id: one or more hex digits of any
 *       length (within the 256-character limit), otherwise ignored: the parent of our spans is the span id. Flags:
 *       1&ndash;2 hex digits. Upper case is accepted; the ids produced are lower case.
 *   <li>Flags: the context is sampled exactly when bit {@code 0x1} (sampled) is set; {@code 0x2} (debug),
 *       {@code 0x8} (firehose) and other bits are ignored.
 * </ul>
 *
 * <p>Three decisions, taken with the peers in view (jaeger-client-java 1.8.1 {@code TextMapCodec} and
 * {@code JaegerSpanContext}; OpenTelemetry's {@code JaegerPropagator} in
 * {@code opentelemetry-extension-trace-propagators} 1.65.0, 1.67.0 and 1.68.0, read in their sources):
 *
 * <ul>
 *   <li><b>A debug-only flag ({@code 2}, {@code 0a}) is not sampled.</b> jaeger-client reads the flags as hex and
 *       samples on bit 0 alone ({@code isSampled() = (flags & 1) == 1}); a child inherits its parent's flags, so under
 *       {@code 2} nothing is reported. It never sets debug without sampled ({@code 3} on a {@code jaeger-debug-id} or
 *       {@code sampling.priority > 0}); a debug-only value arises when {@code sampling.priority = 0} clears the
 *       sampled bit of a debug span, an explicit "do not sample". OpenTelemetry also keeps only bit 0. A sender with
 *       these semantics did not record its own span under such flags, so spans recorded here would hang under a
 *       parent that never arrives.
 *   <li><b>The flags are hex.</b> {@code JaegerPropagator} up to 1.67.0 reads them with {@code Integer.parseInt(flags)}
 *       (decimal: {@code 0a} or {@code ff} make the whole context invalid); from 1.68.0 with
 *       {@code Integer.parseInt(flags, 16)}, as jaeger-client does. The two readings agree on the sampled bit for
 *       every value written with digits 0&ndash;9 only (a number's parity is its last digit's in base 10 and 16
 *       alike); they differ only where a&ndash;f appear, which 1.65.0 (the version fc-tracing builds on) rejects and
 *       this parser, like 1.68.0 and jaeger-client, reads.
 *   <li><b>An over-long parent span id (17 or more hex digits) is accepted.</b> Neither peer rejects it:
 *       {@code JaegerPropagator} ignores the parent field entirely (any text, even empty), jaeger-client parses it as
 *       hex with no length check (the high digits shift out). The field carries nothing this library uses, so
 *       refusing the whole context over it would cut the invocation off FC's trace for no gain. Empty or non-hex
 *       parent fields stay invalid, as in jaeger-client: they mean the text is not what a Jaeger sender writes.
 * </ul>
 *
 * <p>Anything else gives {@link SpanContext#getInvalid()} and a one-sentence {@linkplain ParsedSpanContext#problem()
 * problem}: the function still runs, its spans just start a new trace. {@link #parse(String)} never throws, uses no
 * regex and no exceptions, and on the normal path allocates only one scratch buffer, the two id strings and the
 * result.
 */
public final class FcSpanContextParser {

    /** Longer input is rejected before any other work: a real value is at most 32+16+16+2 digits and 3 separators. */
    static final int MAX_TEXT_LENGTH = 256;

    /** At most this many characters of the input are quoted in a problem sentence. */
    static final int MAX_QUOTED_LENGTH = 40;

    private static final int TRACE_ID_HEX_LENGTH = 32;
    private static final int SPAN_ID_HEX_LENGTH = 16;
    private static final int FLAGS_MAX_LENGTH = 2;

    private static final int FLAG_SAMPLED = 0x1;

    private static final String LOG_PREFIX = "FC span context ignored, spans will start a new trace: ";

    /** {@link #scanHex} result: every character is a hex digit and at least one is not zero. */
    private static final int HEX_NONZERO = -1;

    /** {@link #scanHex} result: every character is the digit zero (or the range is empty). */
    private static final int HEX_ALL_ZERO = -2;

    private FcSpanContextParser() {}

    /**
     * Parses FC's span context text. Never throws: null, blank or malformed text gives an invalid result whose
     * {@link ParsedSpanContext#problem()} names what was wrong.
     */
    public static ParsedSpanContext parse(String text) {
        if (text == null) {
            return ParsedSpanContext.invalid("span context is null");
        }
        int length = text.length();
        if (length > MAX_TEXT_LENGTH) {
            return ParsedSpanContext.invalid("span context is " + length + " chars, at most " + MAX_TEXT_LENGTH);
        }
        int start = 0;
        int end = length;
        while (start < end && isAsciiWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return ParsedSpanContext.invalid("span context is empty");
        }

        // Like OpenTelemetry: only when there is no ':' at all may the separators be URL-encoded.
        int colon = text.indexOf(':', start);
        boolean encoded = colon < 0 || colon >= end;
        int separatorLength = encoded ? 3 : 1;

        int sep1 = nextSeparator(text, start, end, encoded);
        int sep2 = sep1 < 0 ? -1 : nextSeparator(text, sep1 + separatorLength, end, encoded);
        int sep3 = sep2 < 0 ? -1 : nextSeparator(text, sep2 + separatorLength, end, encoded);
        if (sep3 < 0 || nextSeparator(text, sep3 + separatorLength, end, encoded) >= 0) {
            int parts = countParts(text, start, end, encoded);
            return ParsedSpanContext.invalid("span context has " + parts + (parts == 1 ? " part" : " parts")
                    + ", expected 4 (traceId:spanId:parentSpanId:flags)");
        }
        int traceFrom = start;
        int traceTo = sep1;
        int spanFrom = sep1 + separatorLength;
        int spanTo = sep2;
        int parentFrom = sep2 + separatorLength;
        int parentTo = sep3;
        int flagsFrom = sep3 + separatorLength;
        int flagsTo = end;

        String problem = fieldProblem("trace id", "is", text, traceFrom, traceTo, TRACE_ID_HEX_LENGTH, true);
        if (problem == null) {
            problem = fieldProblem("span id", "is", text, spanFrom, spanTo, SPAN_ID_HEX_LENGTH, true);
        }
        if (problem == null) {
            problem = fieldProblem("parent span id", "is", text, parentFrom, parentTo, MAX_TEXT_LENGTH, false);
        }
        if (problem == null) {
            problem = fieldProblem("flags", "are", text, flagsFrom, flagsTo, FLAGS_MAX_LENGTH, false);
        }
        if (problem != null) {
            return ParsedSpanContext.invalid(problem);
        }

        char[] buffer = new char[TRACE_ID_HEX_LENGTH];
        padLowerHex(text, traceFrom, traceTo, buffer, TRACE_ID_HEX_LENGTH);
        String traceId = new String(buffer, 0, TRACE_ID_HEX_LENGTH);
        padLowerHex(text, spanFrom, spanTo, buffer, SPAN_ID_HEX_LENGTH);
        String spanId = new String(buffer, 0, SPAN_ID_HEX_LENGTH);

        int flags = 0;
        for (int i = flagsFrom; i < flagsTo; i++) {
            flags = (flags << 4) | hexValue(text.charAt(i));
        }
        boolean sampled = (flags & FLAG_SAMPLED) != 0;

        return ParsedSpanContext.valid(SpanContext.createFromRemoteParent(
                traceId, spanId, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()));
    }

    /**
     * Parses FC's span context text for use as the parent of the invocation's spans. Invalid text is logged as exactly
     * one warning line and gives {@link SpanContext#getInvalid()}. Null or empty text means tracing is not enabled for
     * the function: not an error, and nothing is logged (so a function without tracing never starts the JUL
     * {@code LogManager}).
     */
    public static SpanContext parseOrLog(String text) {
        if (text == null || text.isEmpty()) {
            return SpanContext.getInvalid();
        }
        ParsedSpanContext parsed = parse(text);
        if (!parsed.isValid()) {
            ThrottledLog.warn("malformed span context", LOG_PREFIX + parsed.problem());
        }
        return parsed.spanContext();
    }

    /** The index of the next separator in [from, end), or -1. */
    private static int nextSeparator(String text, int from, int end, boolean encoded) {
        if (!encoded) {
            int index = text.indexOf(':', from);
            return index >= 0 && index < end ? index : -1;
        }
        for (int i = from; i + 2 < end; i++) {
            if (text.charAt(i) == '%' && text.charAt(i + 1) == '3') {
                char c = text.charAt(i + 2);
                if (c == 'A' || c == 'a') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int countParts(String text, int start, int end, boolean encoded) {
        int separatorLength = encoded ? 3 : 1;
        int parts = 1;
        int index = nextSeparator(text, start, end, encoded);
        while (index >= 0) {
            parts++;
            index = nextSeparator(text, index + separatorLength, end, encoded);
        }
        return parts;
    }

    /** Null when [from, to) is a good field, else the sentence describing what is wrong with it. */
    private static String fieldProblem(
            String name, String verb, String text, int from, int to, int maxLength, boolean rejectAllZero) {
        if (from == to) {
            return name + " " + verb + " empty";
        }
        int scan = scanHex(text, from, to);
        if (scan >= 0) {
            return name + " '" + quote(text, from, to) + "' " + verb + " not hex";
        }
        int length = to - from;
        if (length > maxLength) {
            return name + " " + verb + " " + length + " hex chars, at most " + maxLength;
        }
        if (rejectAllZero && scan == HEX_ALL_ZERO) {
            return name + " " + verb + " all zeros";
        }
        return null;
    }

    /**
     * Returns the index of the first character in [from, to) that is not a hex digit, else {@link #HEX_NONZERO} or
     * {@link #HEX_ALL_ZERO}.
     */
    private static int scanHex(String text, int from, int to) {
        boolean allZero = true;
        for (int i = from; i < to; i++) {
            int value = hexValue(text.charAt(i));
            if (value < 0) {
                return i;
            }
            if (value != 0) {
                allZero = false;
            }
        }
        return allZero ? HEX_ALL_ZERO : HEX_NONZERO;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Writes the validated hex digits of [from, to) into buffer[0, width), lower-cased and left-padded with '0'. */
    private static void padLowerHex(String text, int from, int to, char[] buffer, int width) {
        int pad = width - (to - from);
        for (int i = 0; i < pad; i++) {
            buffer[i] = '0';
        }
        for (int i = from, j = pad; i < to; i++, j++) {
            char c = text.charAt(i);
            buffer[j] = c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
        }
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /**
     * Input text made safe to put in a one-line log message: at most {@link #MAX_QUOTED_LENGTH} characters (a longer
     * text is cut and ends in "..."), with control, format and line/paragraph separator characters and unpaired
     * surrogates replaced by '?'.
     */
    static String quote(String text, int from, int to) {
        boolean cut = to - from > MAX_QUOTED_LENGTH;
        int stop = cut ? from + MAX_QUOTED_LENGTH - 3 : to;
        StringBuilder out = new StringBuilder(stop - from + 3);
        for (int i = from; i < stop; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < stop && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i++;
            } else if (isUnsafeInLog(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        if (cut) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean isUnsafeInLog(char c) {
        if (Character.isISOControl(c) || Character.isSurrogate(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
