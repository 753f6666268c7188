package ${package};

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The function's entry point. {@code @FcHandler} makes every invocation a span, a child of FC's own span for the
 * request; each {@code @Traced} method called from it becomes a child span. The weave also gives the class FC's
 * {@code preFreeze} and {@code preStop} hooks, which {@code s.yaml} configures: once FC calls {@code preFreeze}, spans
 * are sent there, after the response, instead of before {@code handleRequest} returns.
 */
@FcHandler
public class FunctionHandler implements StreamRequestHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String name = readName(input);
    output.write(greet(name).getBytes(StandardCharsets.UTF_8));
  }

  /** The request body as the name to greet; "world" when it is empty. */
  @Traced("read-name")
  String readName(InputStream input) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int read = input.read(buffer); read != -1; read = input.read(buffer)) {
      body.write(buffer, 0, read);
    }
    String name = new String(body.toByteArray(), StandardCharsets.UTF_8).trim();
    return name.isEmpty() ? "world" : name;
  }

  @Traced("greet")
  String greet(String name) {
    return "hello " + name;
  }
}
