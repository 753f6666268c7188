package dev.fctracing.reliability;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket HTTP peer on {@code 127.0.0.1} for the faults an {@code HttpServer} cannot produce. Every loop is
 * bounded: at most {@value #MAX_CONNECTIONS} connections, {@value #MAX_REQUESTS_PER_CONNECTION} requests per
 * connection, and nothing is written after {@value #MAX_LIFETIME_MS} ms.
 */
final class FaultServer implements AutoCloseable {

    enum Mode {
        /** Accepts the connection (with a small receive buffer), then never reads nor answers. */
        BLACKHOLE,
        /** Reads the request headers, then resets the connection (RST) before reading the body or answering. */
        RESET_MID_REQUEST,
        /** Answers {@code 202 Accepted} with 4 KiB of random bytes as the body (keep-alive). */
        GARBAGE_202,
        /** Answers {@code 202 Accepted} with a chunked body of random bytes that never ends (a chunk every 20 ms). */
        ENDLESS_GARBAGE_202,
        /** Answers a redirect ({@code 307} unless told otherwise) with a {@code Location} pointing elsewhere. */
        REDIRECT,
        /**
         * Not a fault: answers {@code 202} with no body at once, keep-alive, without decoding (a cheap sink that takes any
         * request target, even one an {@code HttpServer} refuses); keeps the bodies if asked ({@link #keepBodies()}).
         */
        ACCEPT_202
    }

    static final int MAX_CONNECTIONS = 200;
    static final int MAX_REQUESTS_PER_CONNECTION = 1_000_000;
    static final long MAX_LIFETIME_MS = 120_000;

    private final Mode mode;
    private final String location;
    private final int redirectStatus;
    private final ServerSocket server;
    private final Thread acceptor;
    private final long startNanos = System.nanoTime();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final List<byte[]> bodies = new ArrayList<>();
    private volatile boolean keepBodies;
    private volatile boolean closed;

    private FaultServer(Mode mode, String location, int redirectStatus, String host) throws IOException {
        this.mode = mode;
        this.location = location;
        this.redirectStatus = redirectStatus;
        this.server = new ServerSocket();
        if (mode == Mode.BLACKHOLE) {
            server.setReceiveBufferSize(4096); // inherited by accepted sockets: a writer fills it at once
        }
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
        this.acceptor = new Thread(this::acceptLoop, "fault-server-" + mode);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FaultServer start(Mode mode) throws IOException {
        return new FaultServer(mode, null, 0, "127.0.0.1");
    }

    /** As {@link #start(Mode)}, listening on another loopback address ({@code 127.0.0.2}: another host). */
    static FaultServer startOn(String host, Mode mode) throws IOException {
        return new FaultServer(mode, null, 0, host);
    }

    static FaultServer redirectingTo(String location) throws IOException {
        return redirectingTo(location, 307);
    }

    /** Answers every request with {@code status} (a 3xx) and {@code Location: location}. */
    static FaultServer redirectingTo(String location, int status) throws IOException {
        return new FaultServer(Mode.REDIRECT, location, status, "127.0.0.1");
    }

    /** {@code http://<host>:<port>}, for building other paths. */
    String baseUrl() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** From now on, keeps the bodies of the requests it answers ({@link Mode#ACCEPT_202} only). */
    FaultServer keepBodies() {
        keepBodies = true;
        return this;
    }

    /** Bodies of the requests answered since {@link #keepBodies()}. */
    List<byte[]> bodies() {
        synchronized (bodies) {
            return new ArrayList<>(bodies);
        }
    }

    /** {@code http://127.0.0.1:<port>} plus the loopback collector's secret-bearing path. */
    String endpoint() {
        return baseUrl() + Reliability.TRACES_PATH;
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Declared body bytes of the requests whose headers were read so far. */
    long bodyBytes() {
        return bodyBytes.get();
    }

    /** Requests whose headers were read so far. */
    int requests() {
        return requests.get();
    }

    private boolean expired() {
        return closed || System.nanoTime() - startNanos > TimeUnit.MILLISECONDS.toNanos(MAX_LIFETIME_MS);
    }

    private void acceptLoop() {
        while (!closed && connections.get() < MAX_CONNECTIONS) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            synchronized (sockets) {
                sockets.add(socket);
            }
            if (mode == Mode.BLACKHOLE) {
                continue; // hold it open, never read
            }
            Thread worker = new Thread(() -> serve(socket), "fault-server-" + mode + "-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            // Buffered: each answer leaves in one segment (no Nagle / delayed-ACK stall between headers and body).
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            for (int i = 0; i < MAX_REQUESTS_PER_CONNECTION && !expired(); i++) {
                String headers = readHeaders(in);
                if (headers == null) {
                    return;
                }
                requests.incrementAndGet();
                bodyBytes.addAndGet(contentLength(headers));
                if (mode == Mode.RESET_MID_REQUEST) {
                    socket.setSoLinger(true, 0);
                    socket.close(); // RST, with the body unread
                    return;
                }
                byte[] body = keepBodies ? read(in, contentLength(headers)) : skip(in, contentLength(headers));
                switch (mode) {
                    case GARBAGE_202:
                        byte[] garbage = random(4096);
                        out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/x-thrift\r\nContent-Length: "
                                        + garbage.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(garbage);
                        out.flush();
                        break;
                    case ENDLESS_GARBAGE_202:
                        out.write(
                                "HTTP/1.1 202 Accepted\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                        while (!expired()) {
                            out.write("40\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.write(random(64));
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            Thread.sleep(20);
                        }
                        return;
                    case ACCEPT_202:
                        if (body != null) {
                            synchronized (bodies) {
                                bodies.add(body);
                            }
                        }
                        out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    case REDIRECT:
                        out.write(("HTTP/1.1 " + redirectStatus + " Redirect\r\nLocation: " + location
                                        + "\r\nContent-Length: 0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        break;
                    default:
                        return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or we are closing
        } finally {
            if (mode != Mode.RESET_MID_REQUEST) {
                closeQuietly(socket);
            }
        }
    }

    /** The request line and headers, or null at end of stream; at most 64 KiB. */
    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (head.size() < 65536) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2))
                    ? state + 1
                    : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return new String(head.toByteArray(), StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("headers too long");
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    /** Discards the body; null. */
    private static byte[] skip(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[8192];
        int left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body cut short");
            }
            left -= n;
        }
        return null;
    }

    private static byte[] read(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(body, done, length - done);
            if (n < 0) {
                throw new IOException("body cut short");
            }
            done += n;
        }
        return body;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (sockets) {
            for (Socket socket : sockets) {
                closeQuietly(socket);
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
