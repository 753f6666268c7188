package dev.fctracing.internal.export.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exporter's own HTTP/1.1 client (plain {@code http}, no proxy), against a scripted server that answers each
 * request with exactly the bytes a test gives it: request format, keep-alive, answer framings, stale connections,
 * and the fall-back to {@link java.net.HttpURLConnection} when a proxy is configured.
 */
class PlainHttpClientTest {

  static final String PATH = "/adapt_" + EndpointMaskingTest.TOKEN + "/api/traces";
  static final Logger LOGGER = Logger.getLogger("dev.fctracing");
  static final String ACCEPTED = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";

  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final List<JaegerThriftHttpExporter> exporters = new ArrayList<>();
  ScriptedServer server;

  @BeforeEach
  void setUp() throws IOException {
    LOGGER.addHandler(handler);
    server = new ScriptedServer();
  }

  @AfterEach
  void tearDown() {
    LOGGER.removeHandler(handler);
    for (JaegerThriftHttpExporter e : exporters) {
      e.shutdown();
    }
    server.close();
  }

  JaegerThriftHttpExporter exporter(String url) {
    JaegerThriftHttpExporter e = JaegerThriftHttpExporter.create(2000);
    exporters.add(e);
    assertThat(e.setEndpoint(url)).isTrue();
    return e;
  }

  static boolean export(JaegerThriftHttpExporter exporter, int spans) {
    CompletableResultCode result = exporter.export(JaegerThriftHttpExporterTest.spans(spans));
    return result.join(5, TimeUnit.SECONDS).isSuccess();
  }

  List<String> warnings() {
    return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  @Test
  void sendsAPlainHttp11PostWithTheEncodedBatch() throws Exception {
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH + "?format=jaeger.thrift"));
    List<SpanData> spans = JaegerThriftHttpExporterTest.spans(2);

    assertThat(exporter.export(spans).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();

    Request r = server.requests.get(0);
    assertThat(r.requestLine).isEqualTo("POST " + PATH + "?format=jaeger.thrift HTTP/1.1");
    assertThat(r.headers.get("host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(r.headers.get("content-type")).isEqualTo("application/x-thrift");
    assertThat(r.headers.get("content-length")).isEqualTo(String.valueOf(r.body.length));
    assertThat(r.body).isEqualTo(JaegerThriftEncoder.encode(spans));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void consecutiveBatchesShareOneKeptAliveConnection() throws Exception {
    server.answer(ACCEPTED);
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    server.answer("HTTP/1.1 204 No Content\r\n\r\n");
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    for (int i = 0; i < 4; i++) {
      assertThat(export(exporter, 1)).as("batch %s", i).isTrue();
    }

    assertThat(server.requests).hasSize(4);
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void chunkedAnswersAreReadToTheEndAndKeepTheConnection() throws Exception {
    server.answer("HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n");
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 1)).isTrue();
    assertThat(export(exporter, 1)).isTrue();
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    server.answer("HTTP/1.1 100 Continue\r\n\r\n" + ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));
    assertThat(export(exporter, 1)).isTrue();
  }

  @Test
  void answersWithoutLengthOrWithConnectionCloseEndTheConnection() throws Exception {
    server.answerAndClose("HTTP/1.0 200 OK\r\n\r\nbody until the end");
    server.answer("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 1)).isTrue();
    assertThat(export(exporter, 1)).isTrue();
    assertThat(export(exporter, 1)).isTrue();

    assertThat(server.requests).hasSize(3);
    assertThat(server.connections.get()).isEqualTo(3);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aKeptConnectionTheServerClosedIsReplacedOnce() throws Exception {
    server.answerAndClose(ACCEPTED); // no "Connection: close": the client keeps it, the server has closed it
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 1)).isTrue();
    server.awaitClosed(1);
    assertThat(export(exporter, 2)).isTrue();

    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(1).body).isEqualTo(JaegerThriftEncoder.encode(JaegerThriftHttpExporterTest.spans(2)));
    assertThat(server.connections.get()).isEqualTo(2);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aNewConnectionClosedWithoutAnswerFailsWithoutRetrying() throws Exception {
    server.closeWithoutAnswer();
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 3)).isFalse();

    assertThat(server.requests).hasSize(1);
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0)).contains("3 span(s) lost").contains("IOException")
        .contains("/adap***/api/traces");
    EndpointMaskingTest.assertNoTokenPart(warnings().get(0));
  }

  @Test
  void malformedAnswersFailTheBatchAndCloseTheConnection() throws Exception {
    server.answer("SPDY/3 200 OK\r\n\r\n");
    server.answer("HTTP/1.1 2x2 Accepted\r\n\r\n");
    server.answer("HTTP/1.1 202 Accepted\r\nContent-Length: many\r\n\r\n");
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 1)).isFalse();
    assertThat(export(exporter, 1)).isFalse();
    assertThat(export(exporter, 1)).isFalse();
    assertThat(export(exporter, 1)).isTrue();
    assertThat(server.connections.get()).isEqualTo(4);
  }

  @Test
  void errorStatusesFailAndKeepTheConnection() throws Exception {
    server.answer("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
    server.answer(ACCEPTED);
    JaegerThriftHttpExporter exporter = exporter(server.url(PATH));

    assertThat(export(exporter, 1)).isFalse();
    assertThat(export(exporter, 1)).isTrue();
    assertThat(server.connections.get()).isEqualTo(1);
    assertThat(warnings()).hasSize(1).allMatch(w -> w.contains("HTTP 503"));
  }

  @Test
  void aConfiguredProxyIsHonouredThroughHttpUrlConnection() throws Exception {
    server.answer(ACCEPTED);
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return uri.getHost().equals("collector.invalid")
            ? Collections.singletonList(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.port())))
            : Collections.singletonList(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
    try {
      JaegerThriftHttpExporter exporter = exporter("http://collector.invalid:14268" + PATH);
      assertThat(export(exporter, 1)).isTrue();
    } finally {
      ProxySelector.setDefault(previous);
    }
    // Through a proxy the request line carries the absolute URL: HttpURLConnection sent it, via the proxy.
    assertThat(server.requests.get(0).requestLine).isEqualTo("POST http://collector.invalid:14268" + PATH + " HTTP/1.1");
  }

  // ------------------------------------------------------------------------------------------------- test server

  static final class Request {
    final String requestLine;
    final Map<String, String> headers;
    final byte[] body;

    Request(String requestLine, Map<String, String> headers, byte[] body) {
      this.requestLine = requestLine;
      this.headers = headers;
      this.body = body;
    }
  }

  /** What the server does with the next request: write these bytes (null: write nothing), then maybe close. */
  static final class Action {
    final String answer;
    final boolean close;

    Action(String answer, boolean close) {
      this.answer = answer;
      this.close = close;
    }
  }

  /** Answers each request, in arrival order, with the next scripted action; records requests and connections. */
  static final class ScriptedServer implements AutoCloseable {
    final ServerSocket socket;
    final BlockingQueue<Action> script = new LinkedBlockingQueue<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    ScriptedServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      acceptor = new Thread(this::acceptLoop, "scripted-http-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    String url(String path) {
      return "http://127.0.0.1:" + port() + path;
    }

    void answer(String answer) {
      script.add(new Action(answer, false));
    }

    void answerAndClose(String answer) {
      script.add(new Action(answer, true));
    }

    void closeWithoutAnswer() {
      script.add(new Action(null, true));
    }

    void awaitClosed(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (closedByServer.get() < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50); // let the FIN reach the client's side
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          accepted.add(s);
          Thread t = new Thread(() -> serve(s), "scripted-http-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (Socket conn = s) {
        InputStream in = conn.getInputStream();
        OutputStream out = conn.getOutputStream();
        while (true) {
          String requestLine = readLine(in);
          if (requestLine == null) {
            return;
          }
          Map<String, String> headers = new LinkedHashMap<>();
          String line;
          while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
          }
          int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
          byte[] body = new byte[length];
          int read = 0;
          while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
              return;
            }
            read += n;
          }
          requests.add(new Request(requestLine, headers, body));
          Action action = script.poll(5, TimeUnit.SECONDS);
          if (action == null) {
            return;
          }
          if (action.answer != null) {
            out.write(action.answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
          if (action.close) {
            closedByServer.incrementAndGet();
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // connection gone
      }
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          byte[] bytes = line.toByteArray();
          int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
        line.write(c);
      }
      return null;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
      for (Socket s : accepted) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }
}
