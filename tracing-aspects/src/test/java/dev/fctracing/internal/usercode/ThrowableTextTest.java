package dev.fctracing.internal.usercode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ThrowableTextTest {

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void aShortTraceReadsLikePrintStackTrace() {
        IllegalStateException cause = new IllegalStateException("inner");
        cause.setStackTrace(new StackTraceElement[] {frame("C", 3), frame("B", 2), frame("A", 1)});
        IOException top = new IOException("outer", cause);
        top.setStackTrace(new StackTraceElement[] {frame("B", 2), frame("A", 1)});
        IllegalArgumentException suppressed = new IllegalArgumentException("closing");
        suppressed.setStackTrace(new StackTraceElement[] {frame("D", 4), frame("A", 1)});
        top.addSuppressed(suppressed);

        ThrowableText text = ThrowableText.of(top, 100_000);

        assertThat(text.type).isEqualTo("java.io.IOException");
        assertThat(text.message).isEqualTo("outer");
        assertThat(text.stackTrace).isEqualTo(printed(top));
    }

    @Test
    void everyTextIsCutToTheLimit() {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            huge.append('x');
        }
        ThrowableText text = ThrowableText.of(new RuntimeException(huge.toString()), 1000);

        assertThat(text.message).hasSize(1000);
        assertThat(text.stackTrace).hasSize(1000).startsWith("java.lang.RuntimeException: xxx");
    }

    @Test
    void framesAreCappedAndCountedAsMore() {
        RuntimeException deep = new RuntimeException("deep");
        deep.setStackTrace(frames(500));

        String trace = ThrowableText.of(deep, 1_000_000).stackTrace;

        assertThat(trace.split("\n\tat ", -1)).hasSize(ThrowableText.MAX_FRAMES + 1);
        assertThat(trace).endsWith("\t... " + (500 - ThrowableText.MAX_FRAMES) + " more\n");
    }

    @Test
    void aCycleOfCausesEndsAndLongChainsAreCut() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(ThrowableText.of(a, 1_000_000).stackTrace).contains("[CIRCULAR REFERENCE: java.lang.Exception]");

        Throwable chain = new RuntimeException("0");
        for (int i = 1; i < 50; i++) {
            chain = new RuntimeException(String.valueOf(i), chain);
        }
        String trace = ThrowableText.of(chain, 1_000_000).stackTrace;
        assertThat(trace.split("Caused by: ", -1)).hasSize(ThrowableText.MAX_NESTED + 2);
        assertThat(trace).contains("(more causes not shown)");
    }

    @Test
    void methodsThatThrowOrReturnNullAreRenderedAsSuch() {
        RuntimeException hostile = new RuntimeException("never read") {
            @Override
            public String getMessage() {
                throw new IllegalStateException("boom");
            }

            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("boom");
            }

            @Override
            public StackTraceElement[] getStackTrace() {
                return null;
            }
        };

        ThrowableText text = ThrowableText.of(hostile, 1000);

        assertThat(text.message).isEqualTo("(getMessage() threw java.lang.IllegalStateException)");
        assertThat(text.stackTrace).isEqualTo(hostile.getClass().getName() + ": " + text.message + "\n");
    }

    private static StackTraceElement frame(String type, int line) {
        return new StackTraceElement("a." + type, "m", type + ".java", line);
    }

    private static StackTraceElement[] frames(int n) {
        StackTraceElement[] frames = new StackTraceElement[n];
        for (int i = 0; i < n; i++) {
            frames[i] = new StackTraceElement("a.B", "m" + i, "B.java", i);
        }
        return frames;
    }
}
