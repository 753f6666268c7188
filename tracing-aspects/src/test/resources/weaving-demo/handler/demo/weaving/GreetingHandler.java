package demo.weaving;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.StreamRequestHandler;
import demo.weaving.lib.Library;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The demo function's handler module: compiled by WeavingBothDirectionsTest with and without ajc. */
@FcHandler
public class GreetingHandler implements StreamRequestHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(greet(new Library().lookup(" world ")).getBytes(StandardCharsets.UTF_8));
  }

  @Traced("greet")
  String greet(String name) {
    return "hello " + name;
  }
}
