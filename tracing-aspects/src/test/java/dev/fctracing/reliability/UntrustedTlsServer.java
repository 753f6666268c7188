package dev.fctracing.reliability;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS collector on {@code 127.0.0.1} whose certificate is self-signed, made at test time with the running JDK's
 * {@code keytool} (an EC key: quick to generate): no JVM trusts it. It answers 202 to any request it gets; a client
 * that verifies certificates gets none through.
 */
final class UntrustedTlsServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final HttpsServer server;
    private final ExecutorService executor;
    private final AtomicInteger handled = new AtomicInteger();

    private UntrustedTlsServer(SSLContext ssl) throws IOException {
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "untrusted-tls");
            t.setDaemon(true);
            return t;
        });
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            handled.incrementAndGet();
            try (InputStream body = exchange.getRequestBody()) {
                byte[] buffer = new byte[8192];
                while (body.read(buffer) >= 0) {
                    // discard
                }
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Generates a self-signed certificate for 127.0.0.1 in {@code dir} and serves with it. */
    static UntrustedTlsServer start(Path dir) throws Exception {
        Path keystore = dir.resolve("self-signed.p12");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = Arrays.asList(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "collector",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD),
                "-noprompt");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60 s");
        }
        if (process.exitValue() != 0 || !Files.exists(keystore)) {
            throw new IllegalStateException("keytool failed (" + process.exitValue() + "): "
                    + new String(Files.readAllBytes(dir.resolve("keytool.log")), StandardCharsets.UTF_8));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys.getKeyManagers(), null, null);
        return new UntrustedTlsServer(ssl);
    }

    /** {@code https://127.0.0.1:<port>} plus the loopback collector's secret-bearing path. */
    String endpoint() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + Reliability.TRACES_PATH;
    }

    /** HTTP requests that got through the handshake. */
    int handledRequests() {
        return handled.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
