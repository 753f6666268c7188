package dev.fctracing.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.fctracing.FcTracing;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.reliability.W3cBaggageGrammar.Member;
import dev.fctracing.reliability.W3cBaggageGrammar.Property;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Outgoing W3C {@code baggage} headers, from {@link FcTracing#injectHeaders} and from the propagators of
 * {@link FcTracing#openTelemetry()}: whatever the keys, values and metadata, the header matches the spec's grammar
 * (read by {@link W3cBaggageGrammar}, written from the ABNF), and each entry either arrives exactly — key, decoded
 * value, properties — or is left out because its key is not an RFC 7230 token or its value has no UTF-8 form (an
 * unpaired surrogate). No entry splits into two or merges with another, and nothing throws.
 */
class BaggageInjectionTest {

    static final long SEED = 0xba66a6eL;
    static final String TCHARS = "abcXYZ019!#$%&'*+-.^_`|~";
    static final String SEPARATORS = "=,; \t\"\\()/:<>?@[]{}\u00e9\u0000\u007f\r\n";
    static final SpanContext PARENT = SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

    private LoopbackJaegerCollector collector;
    private LogCapture logs;

    @BeforeAll
    static void handlerIsWoven() {
        Reliability.assertWoven(OutboundHeadersHandler.class);
    }

    @BeforeEach
    void startTracing() {
        TestSupport.newInstance(Reliability.env());
        logs = LogCapture.start();
        collector = LoopbackJaegerCollector.start();
        // The first invocation starts the runtime, so that FcTracing.openTelemetry() is the toolkit's own.
        assertThat(new OutboundHeadersHandler().handleRequest("start", Reliability.fc(collector.endpoint())))
                .isEqualTo("injected");
    }

    @AfterEach
    void tearDown() {
        TestSupport.newInstance(Environment.system());
        collector.close();
        logs.close();
    }

    @Test
    void fcBaggageKeysWithSeparatorsAreLeftOutAndNoEntrySplitsOrMerges() {
        Map<String, String> fcBaggage = new LinkedHashMap<>();
        fcBaggage.put("tenant", "acme");
        fcBaggage.put("a=b", "split-me");
        fcBaggage.put("x,y", "1");
        fcBaggage.put("semi;colon", "2");
        fcBaggage.put("sp ace", "3");
        fcBaggage.put("quote\"d", "4");
        fcBaggage.put("k\u00e9y", "5");
        fcBaggage.put("values", "a=b,c;d e%20\"q\"\\ \u00e9\u4e2d\ud83d\ude00");

        Map<String, String> expected = new HashMap<>();
        expected.put("tenant", "acme");
        expected.put("values", "a=b,c;d e%20\"q\"\\ \u00e9\u4e2d\ud83d\ude00");
        assertOutgoingBaggage(fcBaggage, expected);
    }

    @Test
    void aValueWithAnUnpairedSurrogateIsLeftOutInsteadOfThrowingIntoTheFunction() {
        Map<String, String> fcBaggage = new LinkedHashMap<>();
        fcBaggage.put("tenant", "acme");
        fcBaggage.put("lone", "x\ud800y");

        assertOutgoingBaggage(fcBaggage, Collections.singletonMap("tenant", "acme"));
    }

    /** One woven invocation with {@code fcBaggage}: both ways of writing headers send exactly {@code expected}. */
    private void assertOutgoingBaggage(Map<String, String> fcBaggage, Map<String, String> expected) {
        FakeFcContext context = FakeFcContext.builder()
                .functionName("fn")
                .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                .baggage(fcBaggage)
                .jaegerEndpoint(collector.endpoint())
                .build();

        assertThat(new OutboundHeadersHandler().handleRequest("x", context)).isEqualTo("injected");

        for (Map<String, String> headers : Arrays.asList(
                OutboundHeadersHandler.viaInjectHeaders.get(), OutboundHeadersHandler.viaPropagators.get())) {
            Map<String, String> received = new HashMap<>();
            for (Member member : W3cBaggageGrammar.parse(headers.get("baggage"))) {
                assertThat(received.put(member.key, member.value))
                        .as("key written twice: %s", member.key)
                        .isNull();
            }
            assertThat(received).as(headers.get("baggage")).isEqualTo(expected);
        }
        logs.assertNoUncaughtExceptions();
    }

    @Test
    void generatedBaggageArrivesExactlyOrIsLeftOutForItsKey() {
        TextMapPropagator propagators =
                FcTracing.openTelemetry().getPropagators().getTextMapPropagator();
        qt().withFixedSeed(SEED)
                .withExamples(3000)
                .forAll(lists().of(entries()).ofSizeBetween(0, 12))
                .checkAssert(entries -> {
                    Baggage baggage = baggageOf(entries);
                    String header = headerBothWays(baggage, propagators);
                    List<Member> members =
                            header == null ? Collections.<Member>emptyList() : W3cBaggageGrammar.parse(header);
                    Map<String, Member> received = byKey(members, header);
                    baggage.forEach((key, entry) -> {
                        Member member = received.get(key);
                        if (!W3cBaggageGrammar.isToken(key) || !hasUtf8Form(entry.getValue())) {
                            assertThat(member)
                                    .as("%s: left out (key not a token, or value without UTF-8 form)", header)
                                    .isNull();
                            return;
                        }
                        assertThat(member).as("%s: entry %s", header, key).isNotNull();
                        assertThat(member.value)
                                .as("%s: value of %s", header, key)
                                .isEqualTo(entry.getValue());
                        assertThat(member.properties)
                                .as("%s: properties of %s", header, key)
                                .isEqualTo(
                                        expectedProperties(entry.getMetadata().getValue()));
                    });
                    assertThat(baggage.asMap().keySet()).as(header).containsAll(received.keySet());
                    assertOpenTelemetryReadsTheSameValues(header, received);
                });
    }

    @Test
    void generatedLargeBaggageStaysWithinTheW3cLimitsAndOnlyWhatDoesNotFitIsLeftOut() {
        TextMapPropagator propagators =
                FcTracing.openTelemetry().getPropagators().getTextMapPropagator();
        Gen<Entry> large = strings()
                .basicLatinAlphabet()
                .ofLengthBetween(1, 6)
                .zip(
                        Generate.oneOf(
                                strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 90),
                                chars(TCHARS + SEPARATORS, 0, 40)),
                        (k, v) -> new Entry(k, v, ""));
        qt().withFixedSeed(SEED)
                .withExamples(300)
                .forAll(lists().of(large).ofSizeBetween(100, 400))
                .checkAssert(entries -> {
                    Baggage baggage = baggageOf(entries);
                    String header = headerBothWays(baggage, propagators);
                    assertThat(header).isNotNull();
                    assertThat(header.getBytes(StandardCharsets.UTF_8))
                            .as("bytes")
                            .hasSizeLessThanOrEqualTo(8192);
                    assertThat(header.length())
                            .as("ASCII only")
                            .isEqualTo(header.getBytes(StandardCharsets.UTF_8).length);
                    List<Member> members = W3cBaggageGrammar.parse(header);
                    assertThat(members.size()).isLessThanOrEqualTo(180);
                    Map<String, Member> received = byKey(members, header);
                    baggage.forEach((key, entry) -> {
                        Member member = received.get(key);
                        boolean exact = W3cBaggageGrammar.isToken(key) && hasUtf8Form(entry.getValue());
                        if (member != null) {
                            assertThat(exact).as("%s written", key).isTrue();
                            assertThat(member.value).isEqualTo(entry.getValue());
                        } else if (exact && members.size() < 180) {
                            assertThat(header.length() + 1 + key.length() + 1 + 3 * utf8Length(entry.getValue()))
                                    .as("%s left out although it fits", key)
                                    .isGreaterThan(8192);
                        }
                    });
                });
    }

    @Test
    void theLimitsAre180EntriesAnd8192Bytes() {
        TextMapPropagator propagators =
                FcTracing.openTelemetry().getPropagators().getTextMapPropagator();
        BaggageBuilder many = Baggage.builder();
        for (int i = 0; i < 200; i++) {
            many.put(String.format("k%03d", i), "v");
        }
        assertThat(W3cBaggageGrammar.parse(headerBothWays(many.build(), propagators)))
                .hasSize(180);

        char[] big = new char[4000];
        Arrays.fill(big, 'v');
        Baggage large = Baggage.builder()
                .put("a", new String(big))
                .put("b", new String(big))
                .put("c", new String(big))
                .put("d", "small")
                .build();
        List<Member> members = W3cBaggageGrammar.parse(headerBothWays(large, propagators));
        assertThat(members).extracting(m -> m.key).containsExactly("a", "b", "d");
    }

    // ------------------------------------------------------------------------------------------------- generators

    /** One generated baggage entry: key, value, metadata text. */
    static final class Entry {
        final String key;
        final String value;
        final String metadata;

        Entry(String key, String value, String metadata) {
            this.key = key;
            this.value = value;
            this.metadata = metadata;
        }

        @Override
        public String toString() {
            return escape(key) + " = " + escape(value) + " ; " + escape(metadata);
        }
    }

    static Gen<Entry> entries() {
        Gen<String> keys = Generate.oneOf(
                chars(TCHARS, 1, 8),
                chars(TCHARS + SEPARATORS, 0, 8),
                strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 4));
        Gen<String> values = Generate.oneOf(
                chars(TCHARS + SEPARATORS, 0, 12),
                strings().allPossible().ofLengthBetween(0, 6),
                strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 6),
                chars("%4AzZ1f", 0, 8));
        Gen<String> metadata = Generate.oneOf(
                Generate.constant(""),
                chars("kv=; \t,%()@:\u00e9\"", 0, 16),
                chars(TCHARS + "=;", 0, 16),
                strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 5));
        return keys.zip(values, metadata, Entry::new);
    }

    /** Strings of {@code min}..{@code max} characters picked from {@code alphabet}. */
    static Gen<String> chars(String alphabet, int min, int max) {
        List<Character> letters = new ArrayList<>();
        for (char c : alphabet.toCharArray()) {
            letters.add(c);
        }
        return lists().of(Generate.pick(letters)).ofSizeBetween(min, max).map(list -> {
            StringBuilder out = new StringBuilder();
            list.forEach(out::append);
            return out.toString();
        });
    }

    // ------------------------------------------------------------------------------------------------- the oracle

    static Baggage baggageOf(List<Entry> entries) {
        BaggageBuilder builder = Baggage.builder();
        for (Entry entry : entries) {
            builder.put(entry.key, entry.value, BaggageEntryMetadata.create(entry.metadata));
        }
        return builder.build();
    }

    /**
     * The {@code baggage} header written by {@link FcTracing#injectHeaders} in a context holding {@code baggage}
     * (and, given {@code propagators}, checked equal to theirs); {@code null} if neither wrote one. Neither may throw.
     */
    static String headerBothWays(Baggage baggage, TextMapPropagator propagators) {
        Context context = Context.root().with(Span.wrap(PARENT)).with(baggage);
        Map<String, String> injected = new HashMap<>();
        try (Scope ignored = context.makeCurrent()) {
            FcTracing.injectHeaders(injected::put);
        }
        if (propagators != null) {
            Map<String, String> propagated = new HashMap<>();
            propagators.inject(context, propagated, Map::put);
            assertThat(propagated.get("baggage")).as("the propagators' header").isEqualTo(injected.get("baggage"));
        }
        return injected.get("baggage");
    }

    static Map<String, Member> byKey(List<Member> members, String header) {
        Map<String, Member> byKey = new HashMap<>();
        for (Member member : members) {
            if (byKey.put(member.key, member) != null) {
                fail("key %s written twice in %s", member.key, header);
            }
        }
        return byKey;
    }

    /** The metadata read as the spec's property list ({@code k1=v1;k2}), keeping the properties that can be sent. */
    static List<Property> expectedProperties(String metadata) {
        List<Property> properties = new ArrayList<>();
        for (String piece : metadata.split(";", -1)) {
            String property = trimOws(piece);
            if (property.isEmpty()) {
                continue;
            }
            int equals = property.indexOf('=');
            String key = trimOws(equals < 0 ? property : property.substring(0, equals));
            String value = equals < 0 ? null : trimOws(property.substring(equals + 1));
            // A '%' in a property key is a token character, but OpenTelemetry's reader decodes the property list and
            // drops the whole entry on an escape that is not one: such properties are not sent.
            if (W3cBaggageGrammar.isToken(key) && key.indexOf('%') < 0 && (value == null || hasUtf8Form(value))) {
                properties.add(new Property(key, value));
            }
        }
        return properties;
    }

    /** OpenTelemetry's own reader gets the same values from the header (what a Java service downstream sees). */
    static void assertOpenTelemetryReadsTheSameValues(String header, Map<String, Member> received) {
        if (header == null) {
            return;
        }
        Baggage read = Baggage.fromContext(W3CBaggagePropagator.getInstance()
                .extract(Context.root(), Collections.singletonMap("baggage", header), MAP_GETTER));
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, BaggageEntry> entry : read.asMap().entrySet()) {
            values.put(entry.getKey(), entry.getValue().getValue());
        }
        Map<String, String> sent = new HashMap<>();
        received.forEach((key, member) -> sent.put(key, member.value));
        assertThat(values).as("OpenTelemetry's reading of %s", header).isEqualTo(sent);
    }

    static boolean hasUtf8Form(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static String trimOws(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return text.substring(from, to);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<Map<String, String>>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
        }
    };
}
