package dev.fctracing.testing;

import io.jaegertracing.thriftjava.Batch;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;

/**
 * Reference Jaeger Thrift codec for tests: encodes and decodes a {@link Batch} with libthrift's
 * {@code TBinaryProtocol} and the {@code io.jaegertracing:jaeger-thrift} model, exactly what a Jaeger
 * collector expects in the body of {@code POST /api/traces}. Use it to check a hand-written encoder
 * byte for byte, or to decode a captured body without going through HTTP.
 */
public final class JaegerThriftReference {

    private JaegerThriftReference() {}

    /** Serializes {@code batch} as a bare TBinaryProtocol struct (no RPC envelope), as libthrift would. */
    public static byte[] serialize(Batch batch) {
        try {
            return new TSerializer(new TBinaryProtocol.Factory()).serialize(batch);
        } catch (TException e) {
            throw new IllegalArgumentException("cannot serialize Batch: " + e, e);
        }
    }

    /**
     * Decodes a body with {@code new TDeserializer(new TBinaryProtocol.Factory())} into a {@link Batch}.
     * Stricter than a collector in one way: bytes left over after the struct's STOP field are an error
     * (they mean the encoder wrote something it should not have).
     *
     * @throws IllegalArgumentException with a readable reason when the bytes are not one valid Batch
     */
    public static Batch deserialize(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("empty body");
        }
        Batch batch = new Batch();
        try {
            new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, body);
        } catch (TException | RuntimeException e) {
            throw new IllegalArgumentException("not a TBinaryProtocol Batch (" + body.length + " bytes): " + e, e);
        }
        int consumed = consumedBytes(body);
        if (consumed != body.length) {
            throw new IllegalArgumentException((body.length - consumed) + " trailing byte(s) after the Batch struct ("
                    + consumed + " of " + body.length + " bytes decoded)");
        }
        return batch;
    }

    /** Same read as TDeserializer does, on a transport that tells how many bytes the struct used. */
    private static int consumedBytes(byte[] body) {
        try {
            TMemoryInputTransport transport = new TMemoryInputTransport(body);
            new Batch().read(new TBinaryProtocol.Factory().getProtocol(transport));
            return body.length - transport.getBytesRemainingInBuffer();
        } catch (TException e) {
            throw new IllegalArgumentException("not a TBinaryProtocol Batch: " + e, e);
        }
    }
}
