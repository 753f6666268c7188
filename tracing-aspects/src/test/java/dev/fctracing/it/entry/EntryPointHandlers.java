package dev.fctracing.it.entry;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.HttpRequestHandler;
import com.aliyun.fc.runtime.PojoRequestHandler;
import com.aliyun.fc.runtime.PreFreezeHandler;
import com.aliyun.fc.runtime.PreStopHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import java.io.InputStream;
import java.io.OutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One woven {@code @FcHandler} class per row of {@code FcEntryPoint}, each implementing only that interface, plus
 * look-alike methods that are not entry points: what {@code EntryPointTableTest} checks the entry aspect's pointcut
 * against.
 */
final class EntryPointHandlers {

    private EntryPointHandlers() {}

    @FcHandler
    static class Stream implements StreamRequestHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {}

        /** Same name, other parameters: not an entry point. */
        public void handleRequest(String input, String output, Context context) {}
    }

    @FcHandler
    static class Pojo implements PojoRequestHandler<String, String> {
        @Override
        public String handleRequest(String input, Context context) {
            return input;
        }
    }

    @FcHandler
    static class Http implements HttpRequestHandler {
        @Override
        public void handleRequest(HttpServletRequest request, HttpServletResponse response, Context context) {}
    }

    @FcHandler
    static class Initializer implements FunctionInitializer {
        @Override
        public void initialize(Context context) {}

        /** Same name, not FC's signature: not an entry point. */
        public void initialize(String name) {}
    }

    @FcHandler
    static class Freeze implements PreFreezeHandler {
        @Override
        public void preFreeze(Context context) {}
    }

    @FcHandler
    static class Stop implements PreStopHandler {
        @Override
        public void preStop(Context context) {}
    }
}
