package dev.fctracing.annotations.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A realistic function: correct use of both annotations gives no diagnostics at all. */
class CleanCodeTest {

    @TempDir
    Path tmp;

    static final Source HANDLER = Source.of(
            "com.example.orders.OrderHandler",
            "package com.example.orders;",
            "",
            "import com.aliyun.fc.runtime.Context;",
            "import com.aliyun.fc.runtime.FunctionInitializer;",
            "import com.aliyun.fc.runtime.PreStopHandler;",
            "import com.aliyun.fc.runtime.StreamRequestHandler;",
            "import dev.fctracing.annotations.FcHandler;",
            "import dev.fctracing.annotations.Traced;",
            "import java.io.ByteArrayOutputStream;",
            "import java.io.IOException;",
            "import java.io.InputStream;",
            "import java.io.OutputStream;",
            "import java.nio.charset.StandardCharsets;",
            "import java.util.List;",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.ExecutorService;",
            "import java.util.concurrent.Executors;",
            "",
            "@FcHandler",
            "public final class OrderHandler implements StreamRequestHandler, FunctionInitializer, PreStopHandler {",
            "  private final OrderRepository repository = new OrderRepository();",
            "  private ExecutorService pool;",
            "",
            "  @Override",
            "  public void initialize(Context context) {",
            "    pool = Executors.newFixedThreadPool(2);",
            "  }",
            "",
            "  @Override",
            "  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {",
            "    Order order = repository.load(readId(in));",
            "    out.write(render(order).getBytes(StandardCharsets.UTF_8));",
            "  }",
            "",
            "  @Override",
            "  public void preStop(Context context) {",
            "    pool.shutdown();",
            "  }",
            "",
            "  @Traced(\"orders.parse\")",
            "  String readId(InputStream in) throws IOException {",
            "    ByteArrayOutputStream buffer = new ByteArrayOutputStream();",
            "    for (int b = in.read(); b != -1; b = in.read()) {",
            "      buffer.write(b);",
            "    }",
            "    return new String(buffer.toByteArray(), StandardCharsets.UTF_8).trim();",
            "  }",
            "",
            "  @Traced(value = \"orders.render\", kind = Traced.Kind.INTERNAL)",
            "  static String render(Order order) {",
            "    return \"{\\\"id\\\":\\\"\" + order.id + \"\\\"}\";",
            "  }",
            "",
            "  Runnable audit(final String id) {",
            "    return new Runnable() {",
            "      @Traced(\"orders.audit\")",
            "      @Override",
            "      public void run() {",
            "        System.out.println(id);",
            "      }",
            "    };",
            "  }",
            "",
            "  Callable<Integer> count(List<String> items) {",
            "    class Counter implements Callable<Integer> {",
            "      @Traced(\"orders.count\")",
            "      @Override",
            "      public Integer call() {",
            "        return (int) items.stream().filter(s -> !s.isEmpty()).count();",
            "      }",
            "    }",
            "    return new Counter();",
            "  }",
            "}");

    static final Source REPOSITORY = Source.of(
            "com.example.orders.OrderRepository",
            "package com.example.orders;",
            "",
            "import dev.fctracing.annotations.Traced;",
            "",
            "class OrderRepository {",
            "  @Traced(value = \"rds.query orders\", kind = Traced.Kind.CLIENT)",
            "  Order load(String id) {",
            "    return new Order(id);",
            "  }",
            "}");

    static final Source ORDER = Source.of(
            "com.example.orders.Order",
            "package com.example.orders;",
            "",
            "final class Order {",
            "  final String id;",
            "",
            "  Order(String id) {",
            "    this.id = id;",
            "  }",
            "}");

    @Test
    void realisticHandlerGivesNoDiagnostics() {
        TestCompiler.Result result = TestCompiler.compile(
                tmp,
                new TracingAnnotationProcessor(),
                Arrays.asList("--release", "8", "-Xlint:all", "-Xlint:-options"),
                HANDLER,
                REPOSITORY,
                ORDER);

        result.assertClean();
    }

    @Test
    void methodsOfAnonymousAndLocalClassesAreAcceptedButNotIndexed() {
        TestCompiler.Result result = TestCompiler.compile(tmp, HANDLER, REPOSITORY, ORDER);

        result.assertClean();
        assertThat(result.indexLines())
                .containsExactly(
                        "H com.example.orders.OrderHandler",
                        "T com.example.orders.OrderHandler readId(java.io.InputStream)",
                        "T com.example.orders.OrderHandler render(com.example.orders.Order)",
                        "T com.example.orders.OrderRepository load(java.lang.String)");
    }
}
