package dev.fctracing.internal.fc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fctracing.internal.log.ThrottledLog;
import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FcSpanContextParserTest {

    /** The example FC documents. */
    private static final String FC_SAMPLE = "124ed43254b54966:124ed43254b54966:0:1";

    private static final String FC_TRACE_32 = "0000000000000000124ed43254b54966";
    private static final String FC_SPAN = "124ed43254b54966";
    private static final String W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String W3C_SPAN = "00f067aa0ba902b7";

    private static final String LOG_PREFIX = "FC span context ignored, spans will start a new trace: ";

    // ---------------------------------------------------------------------------------------------------------------
    // Valid input

    static Stream<Arguments> validCases() {
        return Stream.of(
                valid("FC sample, 16-char trace id", FC_SAMPLE, FC_TRACE_32, FC_SPAN, true),
                valid("32-char trace id kept exactly", W3C_TRACE + ":" + W3C_SPAN + ":0:1", W3C_TRACE, W3C_SPAN, true),
                valid("1-char trace and span id", "1:2:0:1", zeros(31) + "1", zeros(15) + "2", true),
                valid(
                        "15-char trace id (leading zero dropped)",
                        "24ed43254b54966:" + FC_SPAN + ":0:1",
                        "00000000000000000" + "24ed43254b54966",
                        FC_SPAN,
                        true),
                valid(
                        "17-char trace id",
                        "a124ed43254b54966:" + FC_SPAN + ":0:1",
                        "000000000000000a124ed43254b54966",
                        FC_SPAN,
                        true),
                valid(
                        "31-char trace id (leading zero dropped)",
                        W3C_TRACE.substring(1) + ":" + W3C_SPAN + ":0:1",
                        "0" + W3C_TRACE.substring(1),
                        W3C_SPAN,
                        true),
                valid(
                        "32-char trace id with leading zeros",
                        "00000000000000000000000000000abc:" + FC_SPAN + ":0:1",
                        zeros(29) + "abc",
                        FC_SPAN,
                        true),
                valid(
                        "15-char span id (leading zero dropped)",
                        FC_SAMPLE.substring(0, 17) + "f067aa0ba902b7:0:1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid(
                        "span id with leading zeros kept",
                        FC_SPAN + ":" + W3C_SPAN + ":0:1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid("max span id", FC_SPAN + ":ffffffffffffffff:0:1", FC_TRACE_32, "ffffffffffffffff", true),
                valid(
                        "upper case lower-cased",
                        "124ED43254B54966:ABCDEF0123456789:0:1",
                        FC_TRACE_32,
                        "abcdef0123456789",
                        true),
                valid("mixed case", "4Bf92F3577b34dA6a3CE929d0E0e4736:00F067aA0bA902B7:0:1", W3C_TRACE, W3C_SPAN, true),
                valid(
                        "parent span id non-zero (ignored)",
                        FC_SPAN + ":" + W3C_SPAN + ":" + FC_SPAN + ":1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid(
                        "parent span id 16 zeros (ignored)",
                        FC_SPAN + ":" + W3C_SPAN + ":0000000000000000:1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid(
                        "parent span id 17 hex chars (ignored, as both peers do)",
                        FC_SPAN + ":" + W3C_SPAN + ":a" + FC_SPAN + ":1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid(
                        "parent span id 40 hex chars (ignored)",
                        FC_SPAN + ":" + W3C_SPAN + ":" + W3C_TRACE + "01234567:1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid(
                        "parent span id upper case (ignored)",
                        FC_SPAN + ":" + W3C_SPAN + ":ABC:1",
                        FC_TRACE_32,
                        W3C_SPAN,
                        true),
                valid("flags 0: unsampled", FC_SPAN + ":" + FC_SPAN + ":0:0", FC_TRACE_32, FC_SPAN, false),
                valid("flags 00: unsampled", FC_SPAN + ":" + FC_SPAN + ":0:00", FC_TRACE_32, FC_SPAN, false),
                valid("flags 01: sampled", FC_SPAN + ":" + FC_SPAN + ":0:01", FC_TRACE_32, FC_SPAN, true),
                valid(
                        "flags 2: debug alone is unsampled, as jaeger-client and OpenTelemetry read it",
                        FC_SPAN + ":" + FC_SPAN + ":0:2",
                        FC_TRACE_32,
                        FC_SPAN,
                        false),
                valid("flags 3: debug + sampled", FC_SPAN + ":" + FC_SPAN + ":0:3", FC_TRACE_32, FC_SPAN, true),
                valid(
                        "flags 8: firehose alone is unsampled",
                        FC_SPAN + ":" + FC_SPAN + ":0:8",
                        FC_TRACE_32,
                        FC_SPAN,
                        false),
                valid("flags 9: firehose + sampled", FC_SPAN + ":" + FC_SPAN + ":0:9", FC_TRACE_32, FC_SPAN, true),
                valid(
                        "flags 0a: debug + firehose, unsampled",
                        FC_SPAN + ":" + FC_SPAN + ":0:0a",
                        FC_TRACE_32,
                        FC_SPAN,
                        false),
                valid(
                        "flags 0b are hex (decimal would reject them): sampled",
                        FC_SPAN + ":" + FC_SPAN + ":0:0b",
                        FC_TRACE_32,
                        FC_SPAN,
                        true),
                valid("flags 11 hex 0x11: sampled", FC_SPAN + ":" + FC_SPAN + ":0:11", FC_TRACE_32, FC_SPAN, true),
                valid("flags 10 are hex: no low bits", FC_SPAN + ":" + FC_SPAN + ":0:10", FC_TRACE_32, FC_SPAN, false),
                valid("flags FF upper case", FC_SPAN + ":" + FC_SPAN + ":0:FF", FC_TRACE_32, FC_SPAN, true),
                valid("spaces around", "   " + FC_SAMPLE + "  ", FC_TRACE_32, FC_SPAN, true),
                valid("tabs and CRLF around", "\t" + FC_SAMPLE + "\r\n", FC_TRACE_32, FC_SPAN, true),
                valid(
                        "%3A upper-case encoded separators",
                        "124ed43254b54966%3A124ed43254b54966%3A0%3A1", FC_TRACE_32, FC_SPAN, true),
                valid(
                        "%3a lower-case encoded separators",
                        "124ed43254b54966%3a124ed43254b54966%3a0%3a1", FC_TRACE_32, FC_SPAN, true),
                valid("%3A and %3a mixed", "124ed43254b54966%3A124ed43254b54966%3a0%3A0", FC_TRACE_32, FC_SPAN, false),
                valid(
                        "encoded with whitespace around",
                        " " + W3C_TRACE + "%3A" + W3C_SPAN + "%3A0%3A1\t",
                        W3C_TRACE,
                        W3C_SPAN,
                        true),
                valid(
                        "exactly 256 chars (padded)",
                        spaces(256 - FC_SAMPLE.length()) + FC_SAMPLE,
                        FC_TRACE_32,
                        FC_SPAN,
                        true));
    }

    private static Arguments valid(String name, String input, String traceId, String spanId, boolean sampled) {
        return Arguments.of(name, input, traceId, spanId, sampled);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validCases")
    void parsesValidInput(String name, String input, String traceId, String spanId, boolean sampled) {
        ParsedSpanContext parsed = FcSpanContextParser.parse(input);

        assertThat(parsed.isValid()).as("valid: %s", parsed).isTrue();
        assertThat(parsed.problem()).isNull();
        SpanContext context = parsed.spanContext();
        assertThat(context.isValid()).isTrue();
        assertThat(context.isRemote()).isTrue();
        assertThat(context.getTraceId()).isEqualTo(traceId).hasSize(32);
        assertThat(context.getSpanId()).isEqualTo(spanId).hasSize(16);
        assertThat(context.isSampled()).isEqualTo(sampled);
        assertThat(context.getTraceState().isEmpty()).isTrue();
        assertThat(FcSpanContextParser.parseOrLog(input)).isEqualTo(context);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid input

    static Stream<Arguments> invalidCases() {
        return Stream.of(
                invalid("null", null, "span context is null"),
                invalid("empty", "", "span context is empty"),
                invalid("spaces only", "   ", "span context is empty"),
                invalid("tabs and newlines only", "\t\r\n\t", "span context is empty"),
                invalid("1 part", FC_SPAN, "span context has 1 part, expected 4 (traceId:spanId:parentSpanId:flags)"),
                invalid(
                        "3 parts",
                        FC_SPAN + ":" + FC_SPAN + ":1",
                        "span context has 3 parts, expected 4 (traceId:spanId:parentSpanId:flags)"),
                invalid("5 parts", FC_SAMPLE + ":1", "span context has 5 parts, expected 4"),
                invalid("trailing colon", FC_SAMPLE + ":", "span context has 5 parts"),
                invalid("leading colon", ":" + FC_SAMPLE, "span context has 5 parts"),
                invalid("separators only", ":::", "trace id is empty"),
                invalid("empty trace id", "::0:1", "trace id is empty"),
                invalid("empty span id", "a::0:1", "span id is empty"),
                invalid("empty parent span id", "a:b::1", "parent span id is empty"),
                invalid("empty flags", "a:b:0:", "flags are empty"),
                invalid("zero trace id", "0:" + FC_SPAN + ":0:1", "trace id is all zeros"),
                invalid("32 zeros trace id", zeros(32) + ":" + FC_SPAN + ":0:1", "trace id is all zeros"),
                invalid("zero span id", FC_SPAN + ":0000000000000000:0:1", "span id is all zeros"),
                invalid(
                        "trace id 33 chars",
                        "a" + W3C_TRACE + ":" + FC_SPAN + ":0:1",
                        "trace id is 33 hex chars, at most 32"),
                invalid(
                        "trace id 33 chars, leading zero",
                        "0" + W3C_TRACE + ":" + FC_SPAN + ":0:1",
                        "trace id is 33 hex chars, at most 32"),
                invalid("span id 17 chars", FC_SPAN + ":0" + FC_SPAN + ":0:1", "span id is 17 hex chars, at most 16"),
                invalid("flags 3 chars", FC_SPAN + ":" + FC_SPAN + ":0:001", "flags are 3 hex chars, at most 2"),
                invalid("non-hex trace id", "xyz:" + FC_SPAN + ":0:1", "trace id 'xyz' is not hex"),
                invalid("'g' in span id", FC_SPAN + ":124ed43254b5496g:0:1", "span id '124ed43254b5496g' is not hex"),
                invalid("'-' sign", "-1:" + FC_SPAN + ":0:1", "trace id '-1' is not hex"),
                invalid("'+' sign", FC_SPAN + ":+1:0:1", "span id '+1' is not hex"),
                invalid("0x prefix", "0x1:" + FC_SPAN + ":0:1", "trace id '0x1' is not hex"),
                invalid("non-hex parent", FC_SPAN + ":" + FC_SPAN + ":z:1", "parent span id 'z' is not hex"),
                invalid("non-hex flags", FC_SPAN + ":" + FC_SPAN + ":0:x", "flags 'x' are not hex"),
                invalid(
                        "space inside trace id",
                        "124ed 43254b54966:" + FC_SPAN + ":0:1",
                        "trace id '124ed 43254b54966' is not hex"),
                invalid(
                        "spaces around separator",
                        FC_SPAN + " : " + FC_SPAN + ":0:1",
                        "trace id '124ed43254b54966 ' is not hex"),
                invalid(
                        "tab inside, quoted as '?'",
                        "124ed\t43254b54966:" + FC_SPAN + ":0:1",
                        "trace id '124ed?43254b54966' is not hex"),
                invalid(
                        "newline inside, quoted as '?'",
                        FC_SPAN + ":" + FC_SPAN + ":0\n:1",
                        "parent span id '0?' is not hex"),
                invalid("NUL flags, quoted as '?'", FC_SPAN + ":" + FC_SPAN + ":0:\u0000", "flags '?' are not hex"),
                invalid("unicode letter", "\u00e9" + FC_SPAN.substring(1) + ":" + FC_SPAN + ":0:1", "trace id '\u00e9"),
                invalid("full-width digits", "\uff11\uff12:" + FC_SPAN + ":0:1", "is not hex"),
                invalid("Arabic-Indic digit", FC_SPAN + ":\u0661:0:1", "span id '\u0661' is not hex"),
                invalid("mixed ':' and %3A", FC_SPAN + ":" + FC_SPAN + "%3A0:1", "span context has 3 parts"),
                invalid("%3A then ':'", FC_SPAN + "%3A" + FC_SPAN + ":0:1", "span context has 3 parts"),
                invalid("%3B is not a separator", FC_SPAN + "%3B" + FC_SPAN + "%3B0%3B1", "span context has 1 part"),
                invalid("other escape stays", FC_SPAN + "%3A" + FC_SPAN + "%3A0%3A%31", "flags '%31' are not hex"),
                invalid("encoded, 5 parts", FC_SPAN + "%3A" + FC_SPAN + "%3A0%3A1%3A", "span context has 5 parts"),
                invalid(
                        "257 chars",
                        spaces(257 - FC_SAMPLE.length()) + FC_SAMPLE,
                        "span context is 257 chars, at most 256"),
                invalid("huge", repeat('a', 1_000_000), "span context is 1000000 chars, at most 256"));
    }

    private static Arguments invalid(String name, String input, String problemFragment) {
        return Arguments.of(name, input, problemFragment);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidCases")
    void rejectsInvalidInput(String name, String input, String problemFragment) {
        ParsedSpanContext parsed = FcSpanContextParser.parse(input);

        assertThat(parsed.isValid()).as("invalid: %s", parsed).isFalse();
        assertThat(parsed.spanContext()).isEqualTo(SpanContext.getInvalid());
        assertThat(parsed.problem()).contains(problemFragment);
        assertSafeProblem(parsed.problem());
    }

    @Test
    void quotedInputIsCappedAt40Chars() {
        String longTrace = repeat('x', 200);
        String problem = FcSpanContextParser.parse(longTrace + ":1:0:1").problem();
        assertThat(problem).isEqualTo("trace id '" + repeat('x', 37) + "...' is not hex");

        String forty = repeat('q', 40);
        assertThat(FcSpanContextParser.parse(forty + ":1:0:1").problem())
                .isEqualTo("trace id '" + forty + "' is not hex");
    }

    @Test
    void quoteNeverSplitsOrLeaksUnsafeCharacters() {
        String emoji = "\ud83d\ude00";
        // A surrogate pair straddling the cut becomes '?', never half a character.
        String straddling = repeat('a', 36) + emoji + repeat('b', 10);
        assertThat(FcSpanContextParser.quote(straddling, 0, straddling.length()))
                .isEqualTo(repeat('a', 36) + "?...");
        // A whole pair inside the limit is kept.
        assertThat(FcSpanContextParser.quote("a" + emoji + "b", 0, 4)).isEqualTo("a" + emoji + "b");
        // Lone surrogates, bidi overrides, line separators, DEL and C1 controls are all replaced.
        assertThat(FcSpanContextParser.quote("\ud83d|\u202e|\u2028|\u007f|\u0085|\u001b", 0, 11))
                .isEqualTo("?|?|?|?|?|?");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parseOrLog

    /** Held strongly so that the handler is attached to the same logger instance that InternalLog uses. */
    private static final Logger FC_LOGGER = Logger.getLogger("dev.fctracing");

    static Stream<Arguments> logCases() {
        return Stream.of(
                Arguments.of("null: tracing not enabled", null, 0),
                Arguments.of("empty: tracing not enabled", "", 0),
                Arguments.of("valid", FC_SAMPLE, 0),
                Arguments.of("valid, encoded and padded", " 1%3A2%3A0%3A1 ", 0),
                Arguments.of("whitespace only", "   ", 1),
                Arguments.of("3 parts", "a:b:0", 1),
                Arguments.of("non-hex", "xyz:1:0:1", 1),
                Arguments.of("zero trace id", "0:1:0:1", 1),
                Arguments.of("control characters", "a\nb\r\u0000:1:0:1", 1),
                Arguments.of("huge", repeat(':', 100_000), 1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("logCases")
    void parseOrLogWarnsOnceForInvalidTextOnly(String name, String input, int expectedWarnings) {
        final List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        Level oldLevel = FC_LOGGER.getLevel();
        boolean oldUseParent = FC_LOGGER.getUseParentHandlers();
        FC_LOGGER.setLevel(Level.ALL);
        FC_LOGGER.setUseParentHandlers(false);
        FC_LOGGER.addHandler(handler);
        SpanContext result;
        try {
            ThrottledLog.install(new ThrottledLog(ThrottledLog.SYSTEM_CLOCK, 0));
            result = FcSpanContextParser.parseOrLog(input);
        } finally {
            FC_LOGGER.removeHandler(handler);
            FC_LOGGER.setUseParentHandlers(oldUseParent);
            FC_LOGGER.setLevel(oldLevel);
        }

        List<LogRecord> warnings = new ArrayList<>();
        for (LogRecord record : records) {
            if (record.getLevel() == Level.WARNING) {
                warnings.add(record);
            }
        }
        assertThat(warnings).hasSize(expectedWarnings);
        if (expectedWarnings == 0) {
            // Not even a debug line: a function without tracing must not start the JUL LogManager for us.
            assertThat(records).isEmpty();
            assertThat(result.isValid()).isEqualTo(input != null && !input.isEmpty());
        } else {
            assertThat(records).hasSize(1);
            assertThat(result).isEqualTo(SpanContext.getInvalid());
            String message = warnings.get(0).getMessage();
            assertThat(message)
                    .startsWith(LOG_PREFIX)
                    .isEqualTo(LOG_PREFIX + FcSpanContextParser.parse(input).problem());
            assertSafeProblem(message);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Random input

    @Test
    void randomStringsNeverThrowAndValidResultsAreWellFormed() {
        Random random = new Random(0xFC5EEDL);
        String alphabet = ":%3Aa0fF \t\u00e9";
        for (int n = 0; n < 10_000; n++) {
            int length = random.nextInt(301);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(
                        random.nextBoolean()
                                ? alphabet.charAt(random.nextInt(alphabet.length()))
                                : (char) random.nextInt(128));
            }
            checkWellFormed(text.toString());
        }
    }

    /**
     * Near-valid random input (right shape, occasional noise, both separator styles), checked against a straightforward
     * regex-based reference implementation of the rules in {@link FcSpanContextParser}'s Javadoc.
     */
    @Test
    void nearValidRandomStringsAgreeWithReferenceParser() {
        Random random = new Random(42L);
        int valid = 0;
        int invalid = 0;
        for (int n = 0; n < 10_000; n++) {
            String input = nearValid(random);
            ParsedSpanContext parsed = checkWellFormed(input);
            String[] expected = referenceParse(input);
            if (expected == null) {
                invalid++;
                assertThat(parsed.isValid())
                        .as("should be invalid: \"%s\" -> %s", input, parsed)
                        .isFalse();
            } else {
                valid++;
                assertThat(parsed.isValid())
                        .as("should be valid: \"%s\" -> %s", input, parsed)
                        .isTrue();
                SpanContext context = parsed.spanContext();
                assertThat(context.getTraceId()).as(input).isEqualTo(expected[0]);
                assertThat(context.getSpanId()).as(input).isEqualTo(expected[1]);
                assertThat(context.isSampled()).as(input).isEqualTo(Boolean.parseBoolean(expected[2]));
            }
        }
        // The generator must exercise both outcomes substantially.
        assertThat(valid).isGreaterThan(2_000);
        assertThat(invalid).isGreaterThan(2_000);
    }

    private static ParsedSpanContext checkWellFormed(String input) {
        ParsedSpanContext parsed;
        try {
            parsed = FcSpanContextParser.parse(input);
        } catch (RuntimeException e) {
            throw new AssertionError("parse threw for \"" + input + "\"", e);
        }
        assertThat(parsed).isNotNull();
        SpanContext context = parsed.spanContext();
        assertThat(context).isNotNull();
        if (parsed.isValid()) {
            assertThat(parsed.problem()).isNull();
            assertThat(context.isValid()).isTrue();
            assertThat(context.isRemote()).isTrue();
            assertThat(context.getTraceId()).as(input).matches("[0-9a-f]{32}").isNotEqualTo(zeros(32));
            assertThat(context.getSpanId()).as(input).matches("[0-9a-f]{16}").isNotEqualTo(zeros(16));
        } else {
            assertThat(context).isEqualTo(SpanContext.getInvalid());
            assertSafeProblem(parsed.problem());
        }
        return parsed;
    }

    private static void assertSafeProblem(String problem) {
        assertThat(problem).isNotEmpty();
        assertThat(problem.length()).as(problem).isLessThanOrEqualTo(LOG_PREFIX.length() + 100);
        for (int i = 0; i < problem.length(); i++) {
            char c = problem.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                            && i + 1 < problem.length()
                            && Character.isLowSurrogate(problem.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(problem.charAt(i - 1));
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired) {
                fail("unsafe character U+%04X in problem \"%s\"", (int) c, problem);
            }
        }
    }

    private static final String NOISE = " \tg-+%:\u00e9x\u0000";

    private static String nearValid(Random random) {
        String[] separators = {":", "%3A", "%3a"};
        int separatorStyle = random.nextInt(4); // 0..2 one style throughout, 3 mixed
        int parts = random.nextInt(5) == 0 ? 1 + random.nextInt(6) : 4;
        int[] typicalLength = {32, 16, 16, 2};
        StringBuilder text = new StringBuilder();
        if (random.nextInt(8) == 0) {
            text.append(random.nextBoolean() ? " " : "\t");
        }
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                text.append(separators[separatorStyle == 3 ? random.nextInt(3) : separatorStyle]);
            }
            int max = p < 4 ? typicalLength[p] : 4;
            int length = random.nextInt(12) == 0 ? random.nextInt(max + 3) : 1 + random.nextInt(max);
            boolean zero = random.nextInt(10) == 0;
            for (int i = 0; i < length; i++) {
                if (random.nextInt(200) == 0) {
                    text.append(NOISE.charAt(random.nextInt(NOISE.length())));
                } else if (zero) {
                    text.append('0');
                } else {
                    text.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
                }
            }
        }
        if (random.nextInt(8) == 0) {
            text.append(random.nextBoolean() ? "\r\n" : "  ");
        }
        return text.toString();
    }

    /** Reference implementation with regex and split: {traceId, spanId, sampled} or null when invalid. */
    private static String[] referenceParse(String input) {
        if (input == null || input.length() > 256) {
            return null;
        }
        String text = input.replaceAll("^[ \\t\\n\\r\\f\\x0B]+|[ \\t\\n\\r\\f\\x0B]+$", "");
        if (text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            text = text.replaceAll("%3[Aa]", ":");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4
                || !parts[0].matches("[0-9a-fA-F]{1,32}")
                || !parts[1].matches("[0-9a-fA-F]{1,16}")
                || !parts[2].matches("[0-9a-fA-F]+")
                || !parts[3].matches("[0-9a-fA-F]{1,2}")
                || parts[0].matches("0+")
                || parts[1].matches("0+")) {
            return null;
        }
        String traceId = zeros(32 - parts[0].length()) + parts[0].toLowerCase(Locale.ROOT);
        String spanId = zeros(16 - parts[1].length()) + parts[1].toLowerCase(Locale.ROOT);
        boolean sampled = (Integer.parseInt(parts[3], 16) & 0x1) != 0;
        return new String[] {traceId, spanId, Boolean.toString(sampled)};
    }

    private static String zeros(int n) {
        return repeat('0', n);
    }

    private static String spaces(int n) {
        return repeat(' ', n);
    }

    private static String repeat(char c, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(c);
        }
        return out.toString();
    }
}
