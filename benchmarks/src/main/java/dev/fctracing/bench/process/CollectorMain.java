package dev.fctracing.bench.process;

import dev.fctracing.testing.LoopbackJaegerCollector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A loopback Jaeger collector in its own JVM, for whole-process harnesses: prints {@code ENDPOINT <url>}, then
 * answers each {@code stats} line on standard input with
 * {@code STATS posts=<all POSTs> batches=<accepted batches> spans=<accepted spans>}, and exits when standard input
 * closes.
 */
public final class CollectorMain {

    private CollectorMain() {}

    public static void main(String[] args) throws Exception {
        try (LoopbackJaegerCollector collector = LoopbackJaegerCollector.start()) {
            System.out.println("ENDPOINT " + collector.endpoint());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stats")) {
                    System.out.println("STATS posts=" + collector.postCount()
                            + " batches=" + collector.batches().size()
                            + " spans=" + collector.spans().size());
                    System.out.flush();
                }
            }
        }
    }
}
