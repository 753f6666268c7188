package dev.fctracing.it;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.PreFreezeHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A woven stream handler exercising every entry point and every kind of @Traced method. */
@FcHandler
public class StreamHandler implements StreamRequestHandler, FunctionInitializer, PreFreezeHandler, PreStopHandler {

    /** Thrown by {@link #failing()}: tests check the caller gets this very object. */
    static final IllegalStateException USER_FAILURE = new IllegalStateException("user failure");
    /** Thrown by the handler for input "checked". */
    static final IOException CHECKED_FAILURE = new IOException("checked failure");

    /** What the handler saw of FC's baggage, per invocation thread. */
    static final ThreadLocal<String> seenBaggage = new ThreadLocal<>();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        seenBaggage.set(Baggage.current().getEntryValue("tenant"));
        String request = readAll(input);
        if (request.equals("fail")) {
            failing();
        }
        if (request.equals("checked")) {
            throw CHECKED_FAILURE;
        }
        if (request.equals("manual")) {
            Span manual = FcTracing.tracer("test").spanBuilder("manual").startSpan();
            manual.end();
        }
        output.write(outer(request).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void initialize(Context context) {
        inner();
    }

    @Override
    public void preFreeze(Context context) {}

    @Override
    public void preStop(Context context) {}

    @Traced("outer")
    String outer(String request) {
        return "hello " + privateInnerInstance(staticMiddle(request));
    }

    @Traced
    private static String staticMiddle(String request) {
        return privateInner(request);
    }

    @Traced(value = "instance-client", kind = Traced.Kind.CLIENT)
    private String privateInnerInstance(String request) {
        return request;
    }

    @Traced("private-inner")
    private static String privateInner(String request) {
        return request.toUpperCase();
    }

    @Traced("inner")
    void inner() {}

    @Traced("failing")
    void failing() {
        throw USER_FAILURE;
    }

    private static String readAll(InputStream input) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[256];
        int n;
        while ((n = input.read(buffer)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
