package dev.fctracing.reliability;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A woven stream handler: writes {@code "echo:" + INPUT}; input {@code "checked"} throws {@link #CHECKED}. */
@FcHandler
public class StreamEchoHandler implements StreamRequestHandler {

    static final IOException CHECKED = new IOException("user stream failure");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String request = readAll(input);
        if (request.equals("checked")) {
            throw CHECKED;
        }
        output.write(("echo:" + upper(request)).getBytes(StandardCharsets.UTF_8));
    }

    @Traced("upper")
    String upper(String request) {
        return request.toUpperCase(Locale.ROOT);
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
