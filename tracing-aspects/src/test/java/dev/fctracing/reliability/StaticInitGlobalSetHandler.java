package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.sdk.OpenTelemetrySdk;

/**
 * A woven handler that registers its own SDK in its static initialiser, with
 * {@code GlobalOpenTelemetry.set(sdk)}, and calls an instrumentation library from a {@code @Traced} method
 * ({@code "late-"} spans). A class of its own: a static initialiser runs once per JVM. Answers
 * {@code "found:" + input}.
 */
@FcHandler
public class StaticInitGlobalSetHandler implements PojoRequestHandler<String, String> {

    static final UserSdk USER_SDK = new UserSdk();
    static final OpenTelemetrySdk REGISTERED = USER_SDK.register(UserSdk.How.GLOBAL_SET);

    @Override
    public String handleRequest(String input, Context context) {
        return lookup(input);
    }

    @Traced("lookup")
    String lookup(String input) {
        new GlobalTracerLibrary().query("late-" + input);
        return "found:" + input;
    }
}
