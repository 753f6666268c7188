package dev.fctracing.bench.jmh;

import dev.fctracing.internal.export.jaeger.JaegerReferenceMapping;
import dev.fctracing.internal.export.jaeger.JaegerThriftEncoder;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one Jaeger {@code Batch} (TBinaryProtocol, the body FC's endpoint takes) from the SDK's {@link SpanData}:
 *
 * <ul>
 *   <li>{@code ours}: {@link JaegerThriftEncoder#encode} — SpanData straight to bytes (two passes: size, write).
 *   <li>{@code libthriftMapAndSerialize}: map SpanData to the {@code jaeger-thrift} model
 *       ({@link JaegerReferenceMapping}) then libthrift's {@link TSerializer} — the like-for-like alternative, the goal's
 *       comparison.
 *   <li>{@code libthriftSerializeOnly}: {@link TSerializer} on a model mapped once in setup — libthrift's lower bound,
 *       not something an exporter can do (it gets SpanData).
 * </ul>
 *
 * <p>One {@link TSerializer} is reused (its best case); ours allocates its exact-size array per call. Setup checks that
 * both sides produce the same bytes. Throughput; the aux counters {@code spans} and {@code bytes} are per second.
 */
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class JaegerEncodeBenchmark {

    @Param({"1", "20", "512"})
    public int batchSize;

    List<SpanData> spans;
    Batch mapped;
    TSerializer serializer;
    int encodedBytes;

    @Setup(Level.Trial)
    public void setUp() throws TException {
        spans = RealisticSpans.batch(batchSize);
        mapped = JaegerReferenceMapping.toBatch(spans);
        serializer = new TSerializer(new TBinaryProtocol.Factory());
        byte[] ours = JaegerThriftEncoder.encode(spans).get(0).toByteArray();
        byte[] reference = serializer.serialize(mapped);
        if (!Arrays.equals(ours, reference)) {
            throw new IllegalStateException("encoder and libthrift disagree (" + ours.length + " vs " + reference.length
                    + " bytes): the comparison would not be like for like");
        }
        encodedBytes = ours.length;
    }

    /** Spans and bytes encoded, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Encoded {
        public long spans;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            spans = 0;
            bytes = 0;
        }

        void add(int spanCount, int byteCount) {
            spans += spanCount;
            bytes += byteCount;
        }
    }

    /** What the exporter does: one batch per resource (here one), its bytes posted from the buffer as they are. */
    @Benchmark
    public Object ours(Encoded counters) {
        List<?> bodies = JaegerThriftEncoder.encode(spans);
        counters.add(batchSize, encodedBytes);
        return bodies;
    }

    @Benchmark
    public byte[] libthriftMapAndSerialize(Encoded counters) throws TException {
        byte[] body = serializer.serialize(JaegerReferenceMapping.toBatch(spans));
        counters.add(batchSize, body.length);
        return body;
    }

    @Benchmark
    public byte[] libthriftSerializeOnly(Encoded counters) throws TException {
        byte[] body = serializer.serialize(mapped);
        counters.add(batchSize, body.length);
        return body;
    }
}
