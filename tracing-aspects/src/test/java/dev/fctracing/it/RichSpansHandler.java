package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.SpanAttribute;
import dev.fctracing.annotations.Traced;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/** A woven handler exercising attributes, captured returns, detached spans and asynchronous methods. */
@FcHandler
public class RichSpansHandler implements PojoRequestHandler<String, String> {

    /** Completed by the test to finish the pending asynchronous step. */
    static volatile CompletableFuture<String> pending;
    /** What the caller of {@code asyncStep()} got in the last {@code "async"} invocation. */
    static volatile CompletionStage<String> returned;
    /** Opened when the asynchronous step has been started. */
    static volatile CountDownLatch started = new CountDownLatch(1);

    static final IllegalArgumentException ASYNC_FAILURE = new IllegalArgumentException("async failure");

    /** An argument whose toString() throws. */
    static final Object HOSTILE = new Object() {
        @Override
        public String toString() {
            throw new IllegalStateException("hostile toString");
        }
    };

    @Override
    public String handleRequest(String input, Context context) {
        switch (input) {
            case "attributes":
                return attributes(
                        "u-42",
                        7,
                        true,
                        0.5,
                        new long[] {1, 2},
                        new String[] {"a", "b"},
                        new StringBuilder("sb"),
                        HOSTILE,
                        "secret",
                        repeat('x', 1000));
            case "return":
                return returning();
            case "detached":
                detached();
                return "ok";
            case "primitives":
                return clientCall() + "/" + counted() + "/" + detachedFlag();
            case "async":
                pending = new CompletableFuture<>();
                CompletionStage<String> stage = asyncStep();
                returned = stage;
                started.countDown();
                return stage == pending ? "same stage" : "different stage";
            default:
                return input;
        }
    }

    @Traced
    String attributes(
            @SpanAttribute("user.id") String user,
            @SpanAttribute int count,
            @SpanAttribute boolean flag,
            @SpanAttribute double ratio,
            @SpanAttribute long[] ids,
            @SpanAttribute String[] tags,
            @SpanAttribute Object builder,
            @SpanAttribute("hostile") Object hostile,
            String notCaptured,
            @SpanAttribute("long") String longText) {
        return "attributes";
    }

    @Traced(captureReturn = true)
    String returning() {
        return "the result";
    }

    @Traced(inheritContext = false)
    void detached() {}

    /** Plain: name and kind bound at weave time, trimmed here at run time; a {@code long} result, not boxed. */
    @Traced(value = "  padded name ", kind = Traced.Kind.CLIENT)
    long clientCall() {
        return 42L;
    }

    /** Not plain: described from the annotation, its {@code int} result boxed and captured. */
    @Traced(captureReturn = true)
    int counted() {
        return 7;
    }

    /** Not plain: a new trace, its kind read from the annotation. */
    @Traced(inheritContext = false, kind = Traced.Kind.PRODUCER)
    boolean detachedFlag() {
        return true;
    }

    @Traced("async-step")
    CompletionStage<String> asyncStep() {
        return pending;
    }

    private static String repeat(char c, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(c);
        }
        return text.toString();
    }
}
