package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.sdk.OpenTelemetrySdk;

/**
 * A woven handler that registers its own OpenTelemetry SDK globally in its constructor, lazily in its first
 * invocation or in its third (or never), and calls an instrumentation library from a {@code @Traced} method twice
 * per invocation: once through a library object created at the start of its first invocation ({@code "early-"}
 * spans), once through one created in that call ({@code "late-"} spans). Answers {@code "found:" + input}.
 */
@FcHandler
public class OwnSdkHandler implements PojoRequestHandler<String, String> {

    /** When the handler registers its SDK. */
    enum When {
        NEVER,
        CONSTRUCTOR,
        FIRST_INVOCATION,
        THIRD_INVOCATION
    }

    final UserSdk userSdk = new UserSdk();
    private final When when;
    private final UserSdk.How how;
    private int invocations;
    private GlobalTracerLibrary early;
    private volatile OpenTelemetrySdk registered;

    OwnSdkHandler(When when, UserSdk.How how) {
        this.when = when;
        this.how = how;
        if (when == When.CONSTRUCTOR) {
            registered = userSdk.register(how);
        }
    }

    @Override
    public String handleRequest(String input, Context context) {
        invocations++;
        if (early == null) {
            early = new GlobalTracerLibrary();
        }
        if ((when == When.FIRST_INVOCATION && invocations == 1)
                || (when == When.THIRD_INVOCATION && invocations == 3)) {
            registered = userSdk.register(how);
        }
        return lookup(input);
    }

    /** The SDK registered so far, or {@code null}. */
    OpenTelemetrySdk registered() {
        return registered;
    }

    @Traced("lookup")
    String lookup(String input) {
        early.query("early-" + input);
        new GlobalTracerLibrary().query("late-" + input);
        return "found:" + input;
    }
}
