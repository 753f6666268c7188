package dev.fctracing.bench.process;

import com.aliyun.fc.runtime.PreFreezeHandler;
import dev.fctracing.internal.TestSupport;
import dev.fctracing.internal.config.Environment;
import dev.fctracing.testing.FakeFcContext;
import dev.fctracing.testing.LoopbackJaegerCollector;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm invocation latency that tracing adds, by export mode (issue 14): {@link LatencyHandler} (20 spans) invoked in a
 * warm JVM against a loopback Jaeger collector answering after 0, 5 or 50 ms, and against a dead one (accepts, never
 * answers), as {@code untraced} (no endpoint from FC), {@code sync} ({@code FCTRACING_EXPORT=sync}: spans leave
 * before the invocation returns) and {@code deferred} ({@code FCTRACING_EXPORT=deferred}: they leave in {@code
 * preFreeze}, called after every {@value #FREEZE_EVERY} invocations as FC does when the instance goes idle, and not
 * timed: FC does not count it in the request's latency). Per invocation: the wall time of {@code handleRequest}.
 * Modes are interleaved in rounds (a fresh instance state each block, its first {@value #WARMUP} invocations not
 * counted); p50 and p99 per mode, and added = mode minus untraced at the same percentile.
 *
 * <p>Usage: {@code LatencyBench <report-file> [invocationsPerMode]}.
 */
public final class LatencyBench {

    static final int FREEZE_EVERY = 10;
    static final int WARMUP = 50;
    static final int ROUNDS = 4;
    /** Flush budget against the dead collector, so that the sync series ends in minutes, not an hour. */
    static final String DEAD_BUDGET_MS = "100";

    private LatencyBench() {}

    public static void main(String[] args) throws Exception {
        int perMode = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                "Warm invocation latency, %d invocations per mode and collector (in %d interleaved"
                        + " rounds), 20 spans each; microseconds.%n",
                perMode, ROUNDS));
        report.append(String.format(
                "deferred: preFreeze after every %d invocations, not timed. Dead collector: accepts,"
                        + " never answers; FCTRACING_FLUSH_TIMEOUT_MS=FCTRACING_HOOK_TIMEOUT_MS=%s for it.%n%n",
                FREEZE_EVERY, DEAD_BUDGET_MS));
        report.append(String.format(
                "%-10s %-9s %10s %10s %14s %14s%n", "collector", "mode", "p50", "p99", "added p50", "added p99"));
        try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start();
                ServerSocket dead = new ServerSocket()) {
            dead.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            Thread acceptor = blackhole(dead);
            String deadEndpoint = "http://127.0.0.1:" + dead.getLocalPort() + collector.tracesPath();
            for (String latency : new String[] {"0", "5", "50", "dead"}) {
                boolean isDead = latency.equals("dead");
                if (!isDead) {
                    collector.faults().delayMillis(Long.parseLong(latency));
                }
                String endpoint = isDead ? deadEndpoint : collector.endpoint();
                Map<String, List<Double>> micros = new HashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (String mode : new String[] {"untraced", "sync", "deferred"}) {
                        micros.computeIfAbsent(mode, m -> new ArrayList<>())
                                .addAll(block(mode, endpoint, isDead, perMode / ROUNDS));
                    }
                }
                double baseP50 = Stats.quantile(micros.get("untraced"), 0.5);
                double baseP99 = Stats.quantile(micros.get("untraced"), 0.99);
                for (String mode : new String[] {"untraced", "sync", "deferred"}) {
                    double p50 = Stats.quantile(micros.get(mode), 0.5);
                    double p99 = Stats.quantile(micros.get(mode), 0.99);
                    report.append(String.format(
                            "%-10s %-9s %10s %10s %14s %14s%n",
                            isDead ? "dead" : latency + " ms",
                            mode,
                            Stats.fmt(p50),
                            Stats.fmt(p99),
                            mode.equals("untraced") ? "" : Stats.fmt(p50 - baseP50),
                            mode.equals("untraced") ? "" : Stats.fmt(p99 - baseP99)));
                }
            }
            acceptor.interrupt();
        }
        System.out.print(report);
        try (Writer out = new OutputStreamWriter(Files.newOutputStream(Paths.get(args[0])), StandardCharsets.UTF_8)) {
            out.write(report.toString());
        }
        System.exit(0); // the blackhole's sockets and the exporters' daemon threads
    }

    /** One block of one mode on a fresh instance state; the wall time of each counted invocation, in microseconds. */
    private static List<Double> block(String mode, String endpoint, boolean dead, int invocations) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("FCTRACING_EXPORT", mode.equals("deferred") ? "deferred" : "sync");
        if (dead) {
            env.put("FCTRACING_FLUSH_TIMEOUT_MS", DEAD_BUDGET_MS);
            env.put("FCTRACING_HOOK_TIMEOUT_MS", DEAD_BUDGET_MS);
        }
        TestSupport.newInstance(Environment.of(env));
        LatencyHandler handler = new LatencyHandler();
        PreFreezeHandler hooks = (PreFreezeHandler) (Object) handler;
        FakeFcContext hookContext = FakeFcContext.builder().noTracing().build();
        List<Double> micros = new ArrayList<>(invocations);
        for (int i = 0; i < WARMUP + invocations; i++) {
            FakeFcContext context = mode.equals("untraced")
                    ? FakeFcContext.builder().functionName("fn").noTracing().build()
                    : FakeFcContext.builder()
                            .functionName("fn")
                            .spanContext(FakeFcContext.randomJaegerSpanContext(true))
                            .jaegerEndpoint(endpoint)
                            .build();
            long start = System.nanoTime();
            handler.handleRequest("payload", context);
            long elapsed = System.nanoTime() - start;
            if (i >= WARMUP) {
                micros.add(elapsed / 1000.0);
            }
            if (mode.equals("deferred") && (i + 1) % FREEZE_EVERY == 0) {
                hooks.preFreeze(hookContext);
            }
        }
        return micros;
    }

    /** Accepts connections and never reads nor answers. */
    private static Thread blackhole(final ServerSocket server) {
        Thread t = new Thread(
                () -> {
                    List<Socket> held = new ArrayList<>();
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            held.add(server.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "latency-blackhole");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
