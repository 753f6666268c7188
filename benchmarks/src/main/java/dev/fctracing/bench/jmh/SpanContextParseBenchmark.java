package dev.fctracing.bench.jmh;

import dev.fctracing.internal.fc.FcSpanContextParser;
import dev.fctracing.internal.fc.ParsedSpanContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FcSpanContextParser#parse} on what FC sends (once per invocation): valid 64- and 128-bit trace ids, and the
 * invalid shapes it must reject cheaply (wrong number of parts, a non-hex digit, text over the 256-char cap).
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SpanContextParseBenchmark {

    @Param({"valid16", "valid32", "invalidParts", "invalidNonHex", "invalidTooLong"})
    public String input;

    String text;

    @Setup(Level.Trial)
    public void setUp() {
        text = text(input);
        ParsedSpanContext parsed = FcSpanContextParser.parse(text);
        if (parsed.isValid() != input.startsWith("valid")) {
            throw new IllegalStateException(input + " parsed as " + parsed);
        }
    }

    static String text(String input) {
        switch (input) {
            case "valid16":
                return "124ed43254b54966:124ed43254b54966:0:1";
            case "valid32":
                return "5af7183fb1d4cf5f124ed43254b54966:124ed43254b54966:0:1";
            case "invalidParts":
                return "124ed43254b54966:124ed43254b54966:1";
            case "invalidNonHex":
                return "124ed43254b5496g:124ed43254b54966:0:1";
            case "invalidTooLong":
                StringBuilder s = new StringBuilder("124ed43254b54966:124ed43254b54966:0:1");
                while (s.length() <= 300) {
                    s.append('0');
                }
                return s.toString();
            default:
                throw new IllegalArgumentException(input);
        }
    }

    @Benchmark
    public ParsedSpanContext parse() {
        return FcSpanContextParser.parse(text);
    }
}
